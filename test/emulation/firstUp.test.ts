// The emulated first `pulumi up` of the root sample and of every example, from an empty cloud (only what the user has
// beforehand: resource groups, fleet, members, registry, repositories, and what a program adopts: WORLD_OF), then the
// diff fixture's day 2. Each planted violation of a fake's rule fails the up with the service's own refusal.
import * as assert from "node:assert";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as sdk from "../../sdk/src";
import { diffPlans } from "../../sdk/src/plan/diff";
import { Cloud } from "./cloud";
import { Program, programAt, up, UpResult } from "./engine";
import { contosoWorld, EASTUS_KUBELET, SUB } from "./worlds";
import { FLEET, inline, programDirs, REGISTRY, WORLD_OF, yamlProgram } from "./programs";
import { WorldSpec } from "./world";

const ACR_PULL = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`;

const fresh = (tweak?: (w: WorldSpec) => void) => {
    const w = contosoWorld();
    tweak?.(w);
    return new Cloud(w);
};

/**
 * Every step of a first up is a create, one per resource a fake serves, except that a resource registered with Pulumi's
 * `import` option (an adopted object, which the world holds) is an import, possibly followed by an update, and never
 * replaced; a second up of the same program changes nothing.
 */
async function assertFirstUp(cloud: Cloud, program: Program): Promise<UpResult> {
    const first = await up(cloud, program);
    assert.deepStrictEqual(first.errors, []);
    const served = first.planned.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    assert.ok(served.length > 0);
    const ops = (urn: string) =>
        first.steps
            .filter((s) => s.urn === urn)
            .map((s) => s.op)
            .join(",");
    for (const r of served) {
        if (r.options.import) assert.ok(["import", "import,update"].includes(ops(r.urn)), `${r.urn}: ${ops(r.urn)}`);
        else assert.strictEqual(ops(r.urn), "create", r.urn);
    }
    assert.strictEqual(first.steps.filter((s) => s.op !== "update").length, served.length);
    const second = await up(cloud, program, first.state);
    assert.deepStrictEqual(second.errors, []);
    assert.deepStrictEqual([...new Set(second.steps.map((s) => s.op))], ["same"]);
    return first;
}

describe("emulated first up: every program from an empty cloud", function () {
    this.timeout(300000);

    it("finds the root sample and every example with a program", () => {
        const dirs = programDirs();
        for (const d of [
            ".",
            "examples/quickstart",
            "examples/platform",
            "examples/monorepo",
            "examples/managed-namespace",
            "examples/existing-namespace-helm",
            "examples/multi-stack/platform",
            "examples/multi-stack/team-a",
            "examples/multi-stack/team-b",
        ])
            assert.ok(dirs.includes(d), d);
    });

    for (const dir of programDirs()) {
        it(dir === "." ? "the root sample (Pulumi.sample.yaml)" : dir, async () => {
            const cloud = fresh(WORLD_OF[dir]);
            const result = await assertFirstUp(cloud, programAt(dir));
            // What the clouds hold afterwards is what the program said: e.g. every identity's credentials, one at a time.
            const identities = result.planned.filter((r) => r.type === "azure-native:managedidentity:UserAssignedIdentity");
            for (const i of identities) {
                const id = cloud.arm.identityId(String(i.inputs.resourceGroupName), String(i.inputs.resourceName));
                const expected = result.planned.filter((r) => r.type === "azure-native:managedidentity:FederatedIdentityCredential" && r.inputs.resourceName === i.inputs.resourceName).length;
                assert.strictEqual(cloud.arm.credentials.get(id.toLowerCase())?.size ?? 0, expected, id);
            }
        });
    }

    it("examples/yaml: its components constructed from the YAML, config filled with the world's ids", async () => {
        await assertFirstUp(fresh(), yamlProgram());
    });

    it("an application identity (Entra app, service principal, federated and flexible credentials) with the caller as owner", async () => {
        // Graph 403 on every credential if the library left the caller out of owners (the provider then removes it).
        await assertFirstUp(
            fresh(),
            inline(
                () =>
                    new sdk.GitHubOidcIdentity("app", {
                        repository: "contoso/web",
                        kind: "application",
                        branches: ["main"],
                        environments: ["production"],
                        branchPatterns: ["release/*"],
                    }),
            ),
        );
    });
});

describe("emulated first up: planted violations fail it", function () {
    this.timeout(300000);
    const messages = (r: UpResult) => r.errors.map((e) => e.message).join("\n");

    it("a member's AcrPull made by `az aks update --attach-acr` under another name: 409 RoleAssignmentExists", async () => {
        const planted = (w: WorldSpec) => void (w.roleAssignments = [{ scope: REGISTRY, principalId: EASTUS_KUBELET, roleDefinitionId: ACR_PULL, name: "7b3bd3b2-52f8-4ae6-9d9d-2f1f3c1c1a11" }]);
        const r = await up(fresh(planted), programAt("examples/quickstart"));
        assert.match(messages(r), /ARM 409 RoleAssignmentExists/);
        // Without the member the program grants nothing there, and the up succeeds next to the existing assignment.
        await assertFirstUp(
            fresh(planted),
            inline(() => new sdk.FleetAutomatedDeployment("web", { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "member-westeurope" }], placement: {} })),
        );
    });

    it("an application whose owners leave out the caller: the provider drops the caller, and Graph answers 403 on its credential", async () => {
        const r = await up(
            fresh(),
            inline(() => {
                const app = new azuread.Application("app", { displayName: "gh-web" });
                new azuread.ApplicationFederatedIdentityCredential("fic", {
                    applicationId: app.id,
                    displayName: "main",
                    issuer: "https://token.actions.githubusercontent.com",
                    audiences: ["api://AzureADTokenExchange"],
                    subject: "repo:contoso/web:ref:refs/heads/main",
                });
            }),
        );
        assert.match(messages(r), /Graph 403 Authorization_RequestDenied/);
        const owned = await up(
            fresh(),
            inline(() => {
                const app = new azuread.Application("app", { displayName: "gh-web", owners: [azuread.getClientConfigOutput().objectId] });
                new azuread.ApplicationFederatedIdentityCredential("fic", {
                    applicationId: app.id,
                    displayName: "main",
                    issuer: "https://token.actions.githubusercontent.com",
                    audiences: ["api://AzureADTokenExchange"],
                    subject: "repo:contoso/web:ref:refs/heads/main",
                });
            }),
        );
        assert.deepStrictEqual(owned.errors, []);
    });

    const identityWithTwoCredentials = (serial: boolean) =>
        inline(() => {
            const identity = new managedidentity.UserAssignedIdentity("id", { resourceGroupName: "rg-fleet", resourceName: "gh-web" });
            const credential = (name: string, after?: managedidentity.FederatedIdentityCredential) =>
                new managedidentity.FederatedIdentityCredential(
                    name,
                    {
                        resourceGroupName: "rg-fleet",
                        resourceName: identity.name,
                        federatedIdentityCredentialResourceName: name,
                        issuer: "https://token.actions.githubusercontent.com",
                        audiences: ["api://AzureADTokenExchange"],
                        subject: `repo:contoso/web:environment:${name}`,
                    },
                    { dependsOn: after ? [after] : [] },
                );
            const first = credential("staging");
            credential("production", serial ? first : undefined);
        });

    it("two federated credentials written at once on one identity: 409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity", async () => {
        assert.match(messages(await up(fresh(), identityWithTwoCredentials(false))), /ARM 409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity/);
        assert.deepStrictEqual((await up(fresh(), identityWithTwoCredentials(true))).errors, []);
    });

    it("a role assignment to a new identity without principalType (azure-native defaults it to User): 400 UnmatchedPrincipalType", async () => {
        const grant = (principalType?: string) =>
            inline(() => {
                const identity = new managedidentity.UserAssignedIdentity("id", { resourceGroupName: "rg-fleet", resourceName: "gh-web" });
                new authorization.RoleAssignment("push", {
                    scope: REGISTRY,
                    principalId: identity.principalId,
                    roleDefinitionId: ACR_PULL,
                    roleAssignmentName: "2f9b1b44-7d4b-4e5b-9a43-7f1e0c8e4a10",
                    ...(principalType ? { principalType } : {}),
                });
            });
        assert.match(messages(await up(fresh(), grant())), /ARM 400 UnmatchedPrincipalType/);
        assert.deepStrictEqual((await up(fresh(), grant("ServicePrincipal"))).errors, []);
    });

    it("a workflow committed to a branch the repository lacks: 404 from the provider's branch check", async () => {
        const r = await up(
            fresh((w) => void w.github.repositories.forEach((repo) => (repo.branches = []))),
            programAt("examples/platform"),
        );
        assert.match(messages(r), /GitHub 404 Not Found: branch develop not found in repository contoso\/storefront/);
    });

    it("an environment reviewer team that does not exist: 422", async () => {
        const r = await up(
            fresh((w) => void (w.github.teams = [])),
            programAt("."),
        );
        assert.match(messages(r), /GitHub 422 Validation Failed: reviewers: team 4242 does not exist/);
    });

    it("a hub namespace that exists beforehand and is not declared existing: 409 AlreadyExists on the hub", async () => {
        const r = await up(
            fresh((w) => void (w.fleets[0].hubNamespaces = ["web"])),
            programAt("examples/quickstart"),
        );
        assert.match(messages(r), /Hub 409 AlreadyExists/);
    });
});

describe("emulated day 2: the diff fixture's stacks against the state of the first up", function () {
    this.timeout(300000);
    const base = () => programAt("test/fixtures/diff", "base");
    // Day 2 is the same stack with new config: the head's config runs under the base stack's name.
    const head = (stack: string) => ({ ...programAt("test/fixtures/diff", stack), stack: "base" });

    for (const stack of ["change", "alias"]) {
        it(`base -> ${stack}: the steps are the plan diff's, and nothing the user owns is deleted`, async () => {
            const cloud = fresh();
            const first = await up(cloud, base());
            assert.deepStrictEqual(first.errors, []);
            const second = await up(cloud, head(stack), first.state);
            assert.deepStrictEqual(second.errors, []);
            const diff = diffPlans({ resources: first.planned }, { resources: second.planned });
            const custom = new Set([...first.planned, ...second.planned].filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.urn));
            const of = (op: string) =>
                second.steps
                    .filter((s) => s.op === op)
                    .map((s) => s.urn)
                    .sort();
            assert.deepStrictEqual(of("create"), diff.create.filter((u) => custom.has(u)).sort());
            assert.deepStrictEqual(
                of("replace"),
                diff.replace
                    .map((r) => r.urn)
                    .filter((u) => custom.has(u))
                    .sort(),
            );
            assert.deepStrictEqual(
                of("update"),
                diff.update
                    .map((r) => r.urn)
                    .filter((u) => custom.has(u))
                    .sort(),
            );
            // What it leaves (retainOnDelete, deletedWith a resource deleted with it) the engine does not delete.
            assert.deepStrictEqual(of("delete"), diff.delete.filter((u) => custom.has(u)).sort());
            // The user's objects are all still there.
            for (const id of [FLEET.replace("contoso-fleet", "fleet"), REGISTRY.replace("contosoacr", "acr")]) assert.ok(cloud.arm.resources.has(id.toLowerCase()), id);
            for (const repo of ["web", "jobs", "api"]) assert.ok(cloud.github.repositories.get(repo)!.branches.has("main"), repo);
        });
    }

    it("base -> rename (no alias): the new component's objects collide with the old ones, which are deleted only afterwards", async () => {
        const cloud = fresh();
        const first = await up(cloud, base());
        const second = await up(cloud, head("rename"), first.state);
        const text = second.errors.map((e) => e.message).join("\n");
        assert.match(text, /cannot create already existing resource|409/);
        assert.ok(!second.steps.some((s) => s.op === "delete"), "nothing is deleted after a failed up");
    });
});
