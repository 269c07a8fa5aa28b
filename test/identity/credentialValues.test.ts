// The values every sign-in depends on, asserted as literals (not through the library's own constants, which a bug
// would change too): GitHub's issuer, Azure's audience, the flexible credential's expression, and Entra's limit of
// 20 federated credentials per identity at both boundaries.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { GitHubOidcIdentity } from "../../sdk/src";
import { MAX_FEDERATED_CREDENTIALS } from "../../sdk/src/identity/credentials";
import { FLEET_RG } from "../fixtures";
import { attempt as attemptProgram } from "../harness";

const ISSUER = "https://token.actions.githubusercontent.com"; // docs.github.com, "About security hardening with OpenID Connect"
const AUDIENCE = "api://AzureADTokenExchange"; // learn.microsoft.com, workload identity federation (public cloud)
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const APP_FIC = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const FLEX = "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential";

async function attempt(args: ConstructorParameters<typeof GitHubOidcIdentity>[1]) {
    const { error, resources } = await attemptProgram(() => new GitHubOidcIdentity("deployer", args));
    return { error, resources };
}

describe("identity credentials: the exact values Entra matches a GitHub token against", () => {
    it("managed identity: every credential has GitHub's issuer and Azure's audience, exactly", async () => {
        const { resources } = await attempt({ repository: "contoso/web", branches: ["main"], environments: ["prod"], resourceGroupId: FLEET_RG });
        const fics = resources.filter((r) => r.type === FIC);
        assert.strictEqual(fics.length, 4, "two spellings for each of two triggers");
        for (const f of fics) {
            assert.strictEqual(f.inputs.issuer, ISSUER, f.name);
            assert.deepStrictEqual(f.inputs.audiences, [AUDIENCE], f.name);
        }
    });

    it("Entra application: every credential has GitHub's issuer and Azure's audience, exactly", async () => {
        const { resources } = await attempt({ repository: "contoso/web", branches: ["main"], kind: "application" });
        const fics = resources.filter((r) => r.type === APP_FIC);
        assert.strictEqual(fics.length, 2);
        for (const f of fics) {
            assert.strictEqual(f.inputs.issuer, ISSUER, f.name);
            assert.deepStrictEqual(f.inputs.audiences, [AUDIENCE], f.name);
        }
    });

    it("flexible credential: GitHub's issuer, Azure's audience, and a sub expression per spelling", async () => {
        const { resources } = await attempt({ repository: "contoso/web", branchPatterns: ["release/*"], kind: "application", subjectFormat: "legacy" });
        const flex = resources.filter((r) => r.type === FLEX);
        assert.strictEqual(flex.length, 1);
        assert.strictEqual(flex[0].inputs.issuer, ISSUER);
        assert.strictEqual(flex[0].inputs.audience, AUDIENCE);
        assert.strictEqual(flex[0].inputs.claimsMatchingExpression, "claims['sub'] matches 'repo:contoso/web:ref:refs/heads/release/*'");
    });
});

describe("identity credentials: Entra's limit of 20 per identity, at both boundaries", () => {
    const branches = (n: number) => Array.from({ length: n }, (_, i) => `b${i}`);

    it("the limit is Entra's 20", () => assert.strictEqual(MAX_FEDERATED_CREDENTIALS, 20));

    it("exactly 20 credentials are accepted, and all 20 are created", async () => {
        const { error, resources } = await attempt({ repository: "contoso/web", branches: branches(20), subjectFormat: "legacy", resourceGroupId: FLEET_RG });
        assert.strictEqual(error, undefined, String(error));
        assert.strictEqual(resources.filter((r) => r.type === FIC).length, 20);
    });

    it("21 credentials are refused under branches, registering nothing", async () => {
        const { error, resources } = await attempt({ repository: "contoso/web", branches: branches(21), subjectFormat: "legacy", resourceGroupId: FLEET_RG });
        assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
        assert.deepStrictEqual(
            error.errors.map((e: any) => e.propertyPath),
            ["branches"],
        );
        assert.deepStrictEqual(resources, []);
    });

    it("two spellings per trigger: 10 branches (20 credentials) pass, 11 (22) do not", async () => {
        assert.strictEqual((await attempt({ repository: "contoso/web", branches: branches(10), resourceGroupId: FLEET_RG })).error, undefined);
        const over = await attempt({ repository: "contoso/web", branches: branches(11), resourceGroupId: FLEET_RG });
        assert.deepStrictEqual(
            over.error?.errors?.map((e: any) => e.propertyPath),
            ["branches"],
        );
    });

    it("flexible credentials count too: 19 exact + 1 pattern pass, 20 + 1 do not", async () => {
        const app = (n: number) => attempt({ repository: "contoso/web", branches: branches(n), branchPatterns: ["release/*"], kind: "application", subjectFormat: "legacy" });
        assert.strictEqual((await app(19)).error, undefined);
        assert.deepStrictEqual(
            (await app(20)).error?.errors?.map((e: any) => e.propertyPath),
            ["branches"],
        );
    });
});
