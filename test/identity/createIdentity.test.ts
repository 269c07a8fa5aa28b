// What the identity registers (identity/githubOidcIdentity.ts, createIdentity): the Entra application and its service
// principal, each federated credential's name and parent, what the workflow's commit waits for, which GitHub lookups a
// subject spelling needs, and the component's outputs.
import * as assert from "node:assert";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, GitHubOidcIdentity, GitHubOidcIdentityArgs } from "../../sdk/src";
import { FLEET, FLEET_RG, REGISTRY } from "../fixtures";
import { defaultInvokes, guidOf, ofType, run, RunOptions, refusal } from "../harness";

const APP = "azuread:index/application:Application";
const SP = "azuread:index/servicePrincipal:ServicePrincipal";
const APP_FIC = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const FLEX = "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const FILE = "github:index/repositoryFile:RepositoryFile";
const REPO_TEMPLATE = "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate";
const ORG_TEMPLATE = "github:index/getActionsOrganizationOidcSubjectClaimCustomizationTemplate:getActionsOrganizationOidcSubjectClaimCustomizationTemplate";
const LOOKUPS = ["github:index/getRepository:getRepository", "github:index/getUser:getUser"];

const identity = (args: Partial<GitHubOidcIdentityArgs>, options?: RunOptions) =>
    run(() => new GitHubOidcIdentity("deployer", { repository: "contoso/web", ...args } as GitHubOidcIdentityArgs), options);
const lookups = (invokes: { token: string }[]) => invokes.map((i) => i.token).filter((t) => t.startsWith("github:"));

describe("identity/createIdentity: an Entra application", () => {
    it("an application for this repository only, and its service principal, both under the component", async () => {
        const { resources } = await identity({ kind: "application", branches: ["main"], identityName: "gh-web" });
        const component = resources.find((r) => r.name === "deployer")!;
        const [app] = ofType(resources, APP);
        const [sp] = ofType(resources, SP);
        assert.deepStrictEqual(app.inputs, {
            displayName: "gh-web",
            description: "GitHub Actions OIDC identity for contoso/web (fleet-autodeploy)",
            signInAudience: "AzureADMyOrg",
            owners: [guidOf("caller-object")],
        });
        assert.strictEqual(sp.inputs.clientId, guidOf("client:deployer-app"), "the service principal of this application");
        for (const r of [app, sp, ...ofType(resources, APP_FIC)]) assert.strictEqual(r.parent, component.urn, r.name);
    });

    it("the caller owns the application and its service principal, so Application.ReadWrite.OwnedBy can manage both", async () => {
        const { resources, invokes } = await identity({ kind: "application", branches: ["main"] });
        assert.ok(
            invokes.some((i) => i.token === "azuread:index/getClientConfig:getClientConfig"),
            "the caller is looked up",
        );
        for (const r of [...ofType(resources, APP), ...ofType(resources, SP)]) {
            // Without it the azuread provider removes the caller after creating (removeCallerOwner).
            assert.deepStrictEqual(r.inputs.owners, [guidOf("caller-object")], r.name);
            // Another caller's `up`, or owners added by a platform team, are not undone.
            assert.deepStrictEqual(r.ignoreChanges, ["owners"], r.name);
        }
        const managed = await identity({ branches: ["main"], resourceGroupId: FLEET_RG });
        assert.ok(!managed.invokes.some((i) => i.token.startsWith("azuread:")), "a managed identity asks Entra nothing");
    });

    it("each credential is named after its trigger and spelling", async () => {
        const { resources } = await identity({ kind: "application", branches: ["main"], branchPatterns: ["release/*"] });
        assert.deepStrictEqual(
            ofType(resources, APP_FIC).map((r) => [r.name, r.inputs.displayName]),
            [
                ["deployer-fic-branch-main", "github-branch-main"],
                ["deployer-fic-branch-main-immutable", "github-branch-main-immutable"],
            ],
        );
        const flex = ofType(resources, FLEX);
        assert.deepStrictEqual(
            flex.map((r) => [r.name, r.inputs.displayName]),
            [
                ["deployer-ffic-release", "github-branches-release"],
                ["deployer-ffic-release-immutable", "github-branches-release-immutable"],
            ],
        );
        const component = resources.find((r) => r.name === "deployer")!;
        for (const r of flex) assert.strictEqual(r.parent, component.urn, r.name);
    });

    it("a long branch pattern's credential keeps Entra's 120-character name limit", async () => {
        const pattern = `${"a".repeat(150)}/*`;
        const { resources } = await identity({ kind: "application", subjectFormat: "legacy", branchPatterns: [pattern] });
        assert.deepStrictEqual(
            ofType(resources, FLEX).map((r) => r.inputs.displayName),
            [`github-branches-${"a".repeat(150)}`.slice(0, 120)],
        );
    });

    it("the workflow's commit waits for the service principal and every credential", async () => {
        const { resources } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    repository: "contoso/web",
                    fleetId: FLEET,
                    registryId: REGISTRY,
                    identityKind: "application",
                    branchPatterns: ["release/*"],
                } as FleetAutomatedDeploymentArgs),
        );
        const [workflow] = ofType(resources, FILE).filter((f) => f.inputs.file.startsWith(".github/workflows/"));
        for (const r of [...ofType(resources, SP), ...ofType(resources, APP_FIC), ...ofType(resources, FLEX)]) {
            assert.ok(workflow.dependencies.includes(r.urn), `${workflow.inputs.file} waits for ${r.name}`);
        }
    });
});

describe("identity/createIdentity: a managed identity", () => {
    it("the workflow's commit waits for every federated credential, each created after the one before", async () => {
        const { resources } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    repository: "contoso/web",
                    fleetId: FLEET,
                    registryId: REGISTRY,
                    environment: { name: "prod" },
                    extraBranches: ["release"],
                } as FleetAutomatedDeploymentArgs),
        );
        const fics = ofType(resources, FIC);
        assert.ok(fics.length >= 2);
        const [workflow] = ofType(resources, FILE).filter((f) => f.inputs.file.startsWith(".github/workflows/"));
        for (const f of fics) assert.ok(workflow.dependencies.includes(f.urn), `${workflow.inputs.file} waits for ${f.name}`);
        fics.slice(1).forEach((f, i) => assert.deepStrictEqual(f.dependencies, [fics[i].urn], f.name));
        assert.deepStrictEqual(fics[0].dependencies, []);
    });
});

describe("identity/createIdentity: GitHub lookups, only those a subject needs", () => {
    it("legacy subjects and legacy branch patterns need no numeric ids", async () => {
        assert.deepStrictEqual(lookups((await identity({ kind: "application", subjectFormat: "legacy", branchPatterns: ["release/*"] })).invokes), []);
    });

    it("immutable branch patterns need the ids, and spell them into the expression", async () => {
        const { invokes, resources } = await identity({ kind: "application", subjectFormat: "immutable", branchPatterns: ["release/*"] });
        assert.deepStrictEqual(lookups(invokes).sort(), [...LOOKUPS].sort());
        assert.deepStrictEqual(
            ofType(resources, FLEX).map((r) => r.inputs.claimsMatchingExpression),
            ["claims['sub'] matches 'repo:contoso@4711/web@123456789:ref:refs/heads/release/*'"],
        );
    });

    it("a custom template needs the ids only when it has an *_id claim, and is read from GitHub only when not given", async () => {
        const given = await identity({ branches: ["main"], subjectFormat: "custom", subjectClaimKeys: ["repository", "context"], resourceGroupId: FLEET_RG });
        assert.deepStrictEqual(lookups(given.invokes), []);
        assert.deepStrictEqual(
            ofType(given.resources, FIC).map((r) => r.inputs.subject),
            ["repository:contoso/web:ref:refs/heads/main"],
        );
        const ids = await identity({ branches: ["main"], subjectFormat: "custom", subjectClaimKeys: ["repository_owner_id", "context"], resourceGroupId: FLEET_RG });
        assert.deepStrictEqual(lookups(ids.invokes).sort(), [...LOOKUPS].sort());
        assert.deepStrictEqual(
            ofType(ids.resources, FIC).map((r) => r.inputs.subject),
            ["repository_owner_id:4711:ref:refs/heads/main"],
        );
        const read = await identity({ branches: ["main"], subjectFormat: "custom", resourceGroupId: FLEET_RG });
        assert.deepStrictEqual(lookups(read.invokes).sort(), [...LOOKUPS, REPO_TEMPLATE].sort(), "read from GitHub: it may have `repo`, so the ids are needed");
    });

    it("a custom template with `repo` trusts both spellings of it: GitHub writes the ids into `repo` on an immutable-subject repository", async () => {
        const { resources, invokes } = await identity({ branches: ["main"], subjectFormat: "custom", subjectClaimKeys: ["repo", "context"], resourceGroupId: FLEET_RG });
        assert.deepStrictEqual(lookups(invokes).sort(), [...LOOKUPS].sort());
        assert.deepStrictEqual(
            ofType(resources, FIC).map((r) => [r.name, r.inputs.subject]),
            [
                ["deployer-fic-branch-main-custom", "repo:contoso/web:ref:refs/heads/main"],
                ["deployer-fic-branch-main-custom-immutable", "repo:contoso@4711/web@123456789:ref:refs/heads/main"],
            ],
        );
    });

    it("a template read from GitHub without `repo` is refused at preview, with the keys to give so one credential per trigger is planned", async () => {
        await assert.rejects(
            identity(
                { branches: ["main"], subjectFormat: "custom", resourceGroupId: FLEET_RG },
                {
                    invokes: { ...defaultInvokes, [REPO_TEMPLATE]: () => ({ useDefault: false, includeClaimKeys: ["repository_id", "context"] }) },
                },
            ),
            (e: Error) => e.message.includes('give subjectClaimKeys ["repository_id","context"]'),
        );
    });

    it("a repository deferring to an organization without keys uses the default template: refused with what to choose", async () => {
        await assert.rejects(
            identity(
                { branches: ["main"], subjectFormat: "custom", resourceGroupId: FLEET_RG },
                {
                    invokes: { ...defaultInvokes, [REPO_TEMPLATE]: () => ({ useDefault: false, includeClaimKeys: [] }), [ORG_TEMPLATE]: () => ({ includeClaimKeys: [] }) },
                },
            ),
            (e: Error) => e.message.endsWith('contoso/web uses GitHub\'s default subject template, not a custom one: set subjectFormat "legacyAndImmutable" (or "legacy"/"immutable").'),
        );
    });
});

describe("identity/GitHubOidcIdentity: the component", () => {
    it("records its client, principal, tenant and subjects as outputs", async () => {
        const { outputs, resources } = await identity({ branches: ["main"], subjectFormat: "legacy", resourceGroupId: FLEET_RG });
        const recorded = outputs.get(resources.find((r) => r.name === "deployer")!.urn) as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(recorded).sort(), ["clientId", "principalId", "subjects", "tenantId"]);
        assert.deepStrictEqual(recorded.subjects, ["repo:contoso/web:ref:refs/heads/main"]);
        assert.match(String(recorded.clientId), /^[0-9a-f-]{36}$/);
    });

    it("refuses bad arguments under its own name", async () => {
        const error = await refusal(() => new GitHubOidcIdentity("deployer", { repository: "contoso/web", resourceGroupId: FLEET_RG }));
        assert.ok(error?.message.startsWith('GitHubOidcIdentity "deployer" has an invalid argument:'), String(error));
    });
});
