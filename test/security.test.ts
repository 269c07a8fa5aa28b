// The identity and access guarantees of the security model (docs/security.md), one test per threat.
import * as assert from "node:assert";
import * as YAML from "yaml";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, FleetMemberRegistryAccess } from "../sdk/src";
import { BuiltInRole } from "../sdk/src/vocabulary/roles";
import { repositoryCondition } from "../sdk/src/registry/abac";
import { guidOf, ofType, run, RunOptions } from "./harness";
import { FLEET, REGISTRY } from "./fixtures";

const base: FleetAutomatedDeploymentArgs = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "eastus" }], placement: {} };
const deploy = (a: Partial<FleetAutomatedDeploymentArgs>, invokes?: RunOptions["invokes"]) => run(() => new FleetAutomatedDeployment("web", { ...base, ...a }), { invokes });
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const ROLE = "azure-native:authorization:RoleAssignment";
const subjects = (rs: Awaited<ReturnType<typeof deploy>>["resources"]) => ofType(rs, FIC).map((f) => f.inputs.subject);
/** GitHub lookups for the subjects: every GitHub invoke but the owner check (a lookup by name, github/providerOwner.ts). */
const subjectLookups = (invokes: { token: string; args: any }[]) =>
    invokes.filter((i) => i.token.startsWith("github:") && !(i.token === "github:index/getRepository:getRepository" && i.args.name && !i.args.fullName));
const roleOf = (r: { inputs: Record<string, any> }) => String(r.inputs.roleDefinitionId).split("/").pop();

describe("security model", () => {
    describe("renamed or re-created repositories: subject formats", () => {
        it("immutable: one credential per trigger, with ids from the GitHub provider", async () => {
            const { resources, invokes } = await deploy({ subjectFormat: "immutable" });
            assert.deepStrictEqual(subjects(resources), ["repo:contoso@4711/web@123456789:ref:refs/heads/main"]);
            assert.ok(invokes.some((i) => i.token === "github:index/getUser:getUser" && i.args.username === "contoso"));
        });

        it("immutable with the ids given: no lookup", async () => {
            const { resources, invokes } = await deploy({ subjectFormat: "immutable", ownerId: 9, repositoryId: 99 });
            assert.deepStrictEqual(subjects(resources), ["repo:contoso@9/web@99:ref:refs/heads/main"]);
            assert.deepStrictEqual(subjectLookups(invokes), []);
        });

        it("legacy: the pre-2026-07-15 spelling only, and no GitHub lookup", async () => {
            const { resources, invokes } = await deploy({ subjectFormat: "legacy" });
            assert.deepStrictEqual(subjects(resources), ["repo:contoso/web:ref:refs/heads/main"]);
            assert.deepStrictEqual(subjectLookups(invokes), []);
        });

        it("custom: the repository's template, read through the provider", async () => {
            const { resources, invokes } = await deploy({ subjectFormat: "custom" });
            // Both spellings of `repo`: on an immutable-subject repository GitHub writes the ids into it.
            assert.deepStrictEqual(subjects(resources), [
                "repo:contoso/web:ref:refs/heads/main:job_workflow_ref:contoso/web/.github/workflows/fleet-deploy-web.yml@refs/heads/main",
                "repo:contoso@4711/web@123456789:ref:refs/heads/main:job_workflow_ref:contoso/web/.github/workflows/fleet-deploy-web.yml@refs/heads/main",
            ]);
            assert.ok(invokes.some((i) => i.token.startsWith("github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate")));
        });

        it("custom on a repository that inherits its organization's template (use_default false, no keys) reads the organization's", async () => {
            const { resources, invokes } = await deploy(
                { subjectFormat: "custom" },
                {
                    "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate": () => ({
                        useDefault: false,
                        includeClaimKeys: [],
                    }),
                    "github:index/getActionsOrganizationOidcSubjectClaimCustomizationTemplate:getActionsOrganizationOidcSubjectClaimCustomizationTemplate": () => ({
                        includeClaimKeys: ["repo", "context"],
                    }),
                },
            );
            assert.ok(invokes.some((i) => i.token.startsWith("github:index/getActionsOrganizationOidcSubjectClaimCustomizationTemplate")));
            assert.deepStrictEqual(subjects(resources), ["repo:contoso/web:ref:refs/heads/main", "repo:contoso@4711/web@123456789:ref:refs/heads/main"], "the organization's keys, not the default's");
        });

        it("a template read from GitHub without `repo` has one spelling, where two credentials were planned: refused at preview with the keys to give", async () => {
            await assert.rejects(
                deploy(
                    { subjectFormat: "custom" },
                    {
                        "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate": () => ({
                            useDefault: false,
                            includeClaimKeys: [],
                        }),
                        "github:index/getActionsOrganizationOidcSubjectClaimCustomizationTemplate:getActionsOrganizationOidcSubjectClaimCustomizationTemplate": () => ({
                            includeClaimKeys: ["repository_owner", "context"],
                        }),
                    },
                ),
                /give subjectClaimKeys \["repository_owner","context"\]/,
            );
        });

        it("custom on a repository that uses the default template fails with what to choose", async () => {
            await assert.rejects(
                deploy(
                    { subjectFormat: "custom" },
                    {
                        "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate": () => ({
                            useDefault: true,
                            includeClaimKeys: [],
                        }),
                    },
                ),
                /default subject template.*legacyAndImmutable/s,
            );
        });
    });

    describe("pull requests from forks", () => {
        it("no credential ever trusts the pull_request subject, and the verification workflow has no sign-in", async () => {
            const { resources } = await deploy({ pullRequestBuilds: true, extraBranches: ["release"] });
            assert.ok(subjects(resources).every((s) => !s.includes("pull_request")));
            const files = ofType(resources, "github:index/repositoryFile:RepositoryFile");
            const verify = files.find((f) => f.inputs.file === ".github/workflows/fleet-deploy-web-verify.yml");
            assert.ok(verify, files.map((f) => f.inputs.file).join(", "));
            const wf = YAML.parse(verify!.inputs.content);
            assert.deepStrictEqual(wf.permissions, { contents: "read" });
            assert.ok(!verify!.inputs.content.includes("id-token"));
        });
    });

    describe("gated deploys: environments and release tags", () => {
        it("in an environment the identity trusts only the environment, whose rules gate branches and tags", async () => {
            const { resources } = await deploy({ tags: ["v*"], environment: { name: "production", reviewerTeamIds: [42], waitTimerMinutes: 5 } });
            assert.deepStrictEqual(subjects(resources), ["repo:contoso/web:environment:production", "repo:contoso@4711/web@123456789:environment:production"]);
            const [env] = ofType(resources, "github:index/repositoryEnvironment:RepositoryEnvironment");
            assert.deepStrictEqual([env.inputs.environment, env.inputs.waitTimer, env.inputs.preventSelfReview, env.inputs.canAdminsBypass], ["production", 5, true, false]);
            assert.deepStrictEqual(env.inputs.reviewers, [{ users: [], teams: [42] }]);
            assert.deepStrictEqual(env.inputs.deploymentBranchPolicy, { protectedBranches: false, customBranchPolicies: true });
            const policies = ofType(resources, "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy").map(
                (p) => p.inputs.branchPattern ?? `tag:${p.inputs.tagPattern}`,
            );
            assert.deepStrictEqual(policies, ["main", "tag:v*"]);
            const vars = ofType(resources, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable");
            assert.strictEqual(vars.length, 7);
            assert.ok(vars.every((v) => v.inputs.environment === "production"));
            assert.strictEqual(ofType(resources, "github:index/actionsVariable:ActionsVariable").length, 0, "nothing repository-wide");
            const wf = YAML.parse(ofType(resources, "github:index/repositoryFile:RepositoryFile")[0].inputs.content);
            assert.strictEqual(wf.jobs.deploy.environment, "production");
            assert.deepStrictEqual(wf.on.push.tags, ["v*"]);
        });

        it("tags only: the environment's subject alone, rules that admit only the tags, a workflow no branch push runs, committed to the branch", async () => {
            const { resources } = await deploy({ tags: ["v*"], tagsOnly: true, environment: { name: "production" } });
            assert.deepStrictEqual(subjects(resources), ["repo:contoso/web:environment:production", "repo:contoso@4711/web@123456789:environment:production"]);
            const policies = ofType(resources, "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy").map(
                (p) => p.inputs.branchPattern ?? `tag:${p.inputs.tagPattern}`,
            );
            assert.deepStrictEqual(policies, ["tag:v*"], "the branch may not deploy, not even by a dispatch");
            const [file] = ofType(resources, "github:index/repositoryFile:RepositoryFile");
            assert.strictEqual(file.inputs.branch, "main");
            const wf = YAML.parse(file.inputs.content);
            assert.deepStrictEqual(wf.on.push, { tags: ["v*"] });
            assert.strictEqual(wf.jobs.deploy.if, "startsWith(github.ref, 'refs/tags/')");
        });

        it("branch patterns in an environment: its subject covers them, so no flexible credential (nor an application) is needed; its rules admit them", async () => {
            const { resources } = await deploy({ branchPatterns: ["release/*", "team/**"], environment: { name: "staging" } });
            assert.deepStrictEqual(subjects(resources), ["repo:contoso/web:environment:staging", "repo:contoso@4711/web@123456789:environment:staging"]);
            assert.strictEqual(ofType(resources, "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential").length, 0);
            const policies = ofType(resources, "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy").map((p) => p.inputs.branchPattern);
            assert.deepStrictEqual(policies, ["main", "release/*", "team/**/*"], "a push filter's trailing ** spans '/', an environment rule's only as **/");
        });

        it("an app in a folder of a monorepo deploys on changes to its own files only, by default", async () => {
            const app = { appName: "shop-api", dockerfile: "services/api/Dockerfile", dockerContext: "services/api", manifestPath: "deploy/api" };
            const onPush = async (a: Partial<FleetAutomatedDeploymentArgs>) =>
                YAML.parse(ofType((await deploy({ ...app, ...a })).resources, "github:index/repositoryFile:RepositoryFile")[0].inputs.content).on.push;
            assert.deepStrictEqual(await onPush({}), { branches: ["main"], paths: ["services/api/**", "deploy/api/**", ".github/workflows/fleet-deploy-shop-api.yml"] });
            assert.deepStrictEqual(await onPush({ paths: [] }), { branches: ["main"] }, "[] turns the default off");
            assert.deepStrictEqual(await onPush({ pathsIgnore: ["services/web/**"] }), { branches: ["main"], "paths-ignore": ["services/web/**"] });
        });

        it("several branches: a credential pair each, a trigger each", async () => {
            const { resources } = await deploy({ subjectFormat: "legacy", extraBranches: ["release/2026", "hotfix"] });
            assert.deepStrictEqual(
                subjects(resources),
                ["main", "release/2026", "hotfix"].map((b) => `repo:contoso/web:ref:refs/heads/${b}`),
            );
            const wf = YAML.parse(ofType(resources, "github:index/repositoryFile:RepositoryFile")[0].inputs.content);
            assert.deepStrictEqual(wf.on.push.branches, ["main", "release/2026", "hotfix"]);
        });

        it("many branches on an application identity: a flexible credential per pattern and subject spelling", async () => {
            // The expression language has a single `matches` (no `or`): a repository on immutable subjects
            // (GitHub, 2026-07-15) never presents the legacy spelling, so each spelling needs its own credential.
            const FLEX = "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential";
            const expressions = async (a: Partial<FleetAutomatedDeploymentArgs>) =>
                ofType((await deploy({ identityKind: "application", branchPatterns: ["release/*"], ...a })).resources, FLEX).map((f) => {
                    assert.strictEqual(f.inputs.audience, "api://AzureADTokenExchange");
                    assert.strictEqual(f.inputs.issuer, "https://token.actions.githubusercontent.com");
                    return f.inputs.claimsMatchingExpression;
                });
            const legacy = "claims['sub'] matches 'repo:contoso/web:ref:refs/heads/release/*'";
            const immutable = "claims['sub'] matches 'repo:contoso@4711/web@123456789:ref:refs/heads/release/*'";
            assert.deepStrictEqual(await expressions({}), [legacy, immutable]);
            assert.deepStrictEqual(await expressions({ subjectFormat: "legacy" }), [legacy]);
            assert.deepStrictEqual(await expressions({ subjectFormat: "immutable" }), [immutable]);
        });

        it("a branch pattern deploys exactly what its flexible credential trusts: Entra's `*` matches `/`, so the trigger says `**`", async () => {
            const { resources } = await deploy({ identityKind: "application", branchPatterns: ["release/*", "team-*-hotfix"] });
            const wf = YAML.parse(ofType(resources, "github:index/repositoryFile:RepositoryFile")[0].inputs.content);
            // GitHub's `*` would skip release/a/b, which the credential (release/*, `*` spanning '/') still trusts.
            assert.deepStrictEqual(wf.on.push.branches, ["main", "release/**", "team-**-hotfix"]);
        });

        it("flexible credentials count against the limit once per spelling", async () => {
            // 2 exact (main, both spellings) + 9 patterns x 2 spellings = 20: accepted; a tenth pattern is 22.
            const patterns = Array.from({ length: 9 }, (_, i) => `team${i}/*`);
            await deploy({ identityKind: "application", branchPatterns: patterns });
            await assert.rejects(deploy({ identityKind: "application", branchPatterns: [...patterns, "more/*"] }), /need 22 federated credentials/);
        });
    });

    describe("over-broad roles", () => {
        it("ABAC registries: Repository Writer/Reader limited to the app's repository instead of AcrPush/AcrPull", async () => {
            const { resources } = await deploy({ registryAccessMode: "abac" });
            const roles = ofType(resources, ROLE).filter((r) => r.inputs.scope === REGISTRY);
            assert.deepStrictEqual(roles.map(roleOf).sort(), [BuiltInRole.ContainerRegistryRepositoryReader, BuiltInRole.ContainerRegistryRepositoryWriter].sort());
            for (const r of roles) {
                assert.strictEqual(r.inputs.conditionVersion, "2.0");
                assert.ok(r.inputs.condition.includes("StringEqualsIgnoreCase 'web'"), r.inputs.condition);
            }
            const writer = roles.find((r) => roleOf(r) === BuiltInRole.ContainerRegistryRepositoryWriter)!;
            assert.ok(writer.inputs.condition.includes("repositories/content/write"));
        });

        it("the ABAC condition denies every granted action outside the named repositories", () => {
            assert.strictEqual(
                repositoryCondition(["web"], "read"),
                "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'web'))",
            );
            assert.ok(repositoryCondition(["a", "b"], "write").includes("StringEqualsIgnoreCase 'a' OR @Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'b'"));
            assert.throws(() => repositoryCondition([], "read"));
        });

        it("the platform grant in ABAC mode, with and without a repository limit", async () => {
            const limited = await run(
                () => new FleetMemberRegistryAccess("shared", { registryId: REGISTRY, fleetId: FLEET, members: [{ name: "eastus" }], accessMode: "abac", repositories: ["ingress"] }),
            );
            const [r] = ofType(limited.resources, ROLE);
            assert.strictEqual(roleOf(r), BuiltInRole.ContainerRegistryRepositoryReader);
            assert.ok(r.inputs.condition.includes("'ingress'"));
            const whole = await run(() => new FleetMemberRegistryAccess("shared", { registryId: REGISTRY, fleetId: FLEET, members: [{ name: "eastus" }], accessMode: "abac" }));
            assert.strictEqual(ofType(whole.resources, ROLE)[0].inputs.condition, undefined);
        });

        it("no role anywhere above registry, fleet or namespace, in any mode", async () => {
            for (const a of [{}, { registryAccessMode: "abac" as const }, { buildMode: "acrTasks" as const }, { environment: { name: "prod" } }, { identityKind: "application" as const }]) {
                const { resources } = await deploy(a);
                for (const r of ofType(resources, ROLE)) {
                    assert.ok(
                        /\/providers\/Microsoft\.(ContainerRegistry\/registries|ContainerService\/fleets)\/[^/]+(\/namespaces\/[^/]+)?$/.test(r.inputs.scope),
                        `${JSON.stringify(a)}: ${r.inputs.scope}`,
                    );
                }
            }
        });
    });

    describe("deleted namespace", () => {
        it("is retained on destroy unless the user opts in", async () => {
            const kept = ofType((await deploy({})).resources, "kubernetes:core/v1:Namespace")[0];
            assert.strictEqual(kept.retainOnDelete, true);
            const deleted = ofType((await deploy({ deleteNamespaceOnDestroy: true })).resources, "kubernetes:core/v1:Namespace")[0];
            assert.strictEqual(deleted.retainOnDelete, false);
        });
    });

    describe("renames keep resource identities", () => {
        it("renaming the component with an alias aliases its children, because every child name starts with the component's", async () => {
            // The plan's monitor derives inherited aliases from the SDK's alias specs as the engine does
            // (the `${parent}-part` prefix rule); that every child follows the rule is what this pins.
            // The identity's ids belong to the Azure resource (its resourceName), not to the Pulumi name.
            const outputs = (type: string, _: string, inputs: Record<string, any>) =>
                type === "azure-native:managedidentity:UserAssignedIdentity"
                    ? { clientId: guidOf(`client:${inputs.resourceName}`), principalId: guidOf(`principal:${inputs.resourceName}`), tenantId: guidOf("tenant") }
                    : {};
            const { resources } = await run(() => new FleetAutomatedDeployment("web2", base, { aliases: [{ name: "web" }] }), { outputs });
            const root = resources.find((r) => r.name === "web2")!;
            const children = resources.filter((r) => r.parent === root.urn);
            assert.ok(children.length >= 6, children.map((c) => c.name).join(", "));
            // Shared objects (member grants, the hub provider) sit at the stack's root, named after what they are: a rename leaves their URNs alone.
            const own = resources.filter((r) => r !== root && r.parent !== root.parent);
            assert.ok(own.length > 0 && own.every((r) => r.name.startsWith("web2-")));
            // And no input depends on the component's name, so the aliased resources are unchanged.
            const inputsOf = (rs: typeof resources, prefix: string) =>
                rs
                    .filter((r) => r.custom)
                    .map((r) => [r.type, r.name.startsWith(`${prefix}-`) ? r.name.slice(prefix.length) : r.name, JSON.stringify(r.inputs)].join(" "))
                    .sort();
            for (const args of [base, { ...base, pullRequest: true, environment: { name: "production" } }]) {
                const before = (await run(() => new FleetAutomatedDeployment("web", args), { outputs })).resources;
                const after = (await run(() => new FleetAutomatedDeployment("web2", args, { aliases: [{ name: "web" }] }), { outputs })).resources;
                assert.deepStrictEqual(inputsOf(after, "web2"), inputsOf(before, "web"));
            }
            for (const c of children) {
                assert.ok(
                    c.aliases.some((a) => a.includes(c.name.replace(/^web2/, "web"))),
                    `${c.name}: ${JSON.stringify(c.aliases)}`,
                );
            }
        });
    });
});
