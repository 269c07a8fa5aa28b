import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, FleetMemberRegistryAccess, GitHubOidcIdentity, GitHubRepositoryWiring, HubNamespace, NamespacePlacement } from "../sdk/src";
import { Problem } from "../sdk/src/core/problems";
import { armIdInput } from "../sdk/src/checks/validate";
import { providerOwnerProblems } from "../sdk/src/naming/providerOwner";
import { Provider as GitHubProvider } from "@pulumi/github/provider";
import { run, attempt } from "./harness";
import { FLEET, FLEET_RG, REGISTRY, SUB } from "./fixtures";

const good: FleetAutomatedDeploymentArgs = {
    repository: "contoso/web",
    fleetId: FLEET,
    registryId: REGISTRY,
    members: [{ name: "eastus" }],
    placement: {},
};

interface Row {
    /** What is wrong. */
    label: string;
    args: Partial<FleetAutomatedDeploymentArgs> & Record<string, unknown>;
    /** The property path the error must name. */
    path: string;
    /** A fragment of the message (the value or the fix). */
    message: string;
}

const rows: Row[] = [
    { label: "repository without owner", args: { repository: "web" }, path: "repository", message: '"owner/name"' },
    { label: "repository with three parts", args: { repository: "contoso/web/extra" }, path: "repository", message: "contoso/web/extra" },
    { label: "repository owner with a leading hyphen", args: { repository: "-contoso/web" }, path: "repository", message: "-contoso/web" },
    { label: "repository as a URL", args: { repository: "https://github.com/contoso/web" }, path: "repository", message: "owner/name" },
    { label: "repository named ..", args: { repository: "contoso/.." }, path: "repository", message: "contoso/.." },
    { label: "branch with a space", args: { branch: "my branch" }, path: "branch", message: '"my branch"' },
    { label: "branch with a wildcard", args: { branch: "release/*" }, path: "branch", message: "wildcard" },
    { label: "branch with ..", args: { branch: "a..b" }, path: "branch", message: "not a valid git branch name" },
    { label: "branch ending in .lock", args: { branch: "main.lock" }, path: "branch", message: "main.lock" },
    { label: "branch with a colon", args: { branch: "feat:x" }, path: "branch", message: "feat:x" },
    { label: "branch starting with /", args: { branch: "/main" }, path: "branch", message: "/main" },
    { label: "empty branch", args: { branch: "" }, path: "branch", message: "branch whose pushes deploy" },
    { label: "namespace with capitals", args: { namespace: "Web" }, path: "namespace", message: '"Web"' },
    { label: "namespace too long", args: { namespace: "a".repeat(64) }, path: "namespace", message: "at most 63" },
    { label: "namespace with underscore", args: { namespace: "my_app" }, path: "namespace", message: "my_app" },
    { label: "reserved namespace fleet-system", args: { namespace: "fleet-system" }, path: "namespace", message: "reserved" },
    { label: "reserved namespace fleet-member-*", args: { namespace: "fleet-member-eastus" }, path: "namespace", message: "reserved" },
    // kubefleet reserves every fleet- prefix (IsReservedNamespace), not only fleet-system and fleet-member-*.
    { label: "reserved namespace fleet-*", args: { namespace: "fleet-apps" }, path: "namespace", message: "Fleet never places those" },
    { label: "reserved namespace kube-system", args: { namespace: "kube-system" }, path: "namespace", message: "reserved" },
    { label: "reserved namespace kube-public", args: { namespace: "kube-public" }, path: "namespace", message: "reserved" },
    { label: "reserved namespace default", args: { namespace: "default" }, path: "namespace", message: "reserved" },
    { label: "app name with a dot", args: { appName: "web.app" }, path: "appName", message: "web.app" },
    { label: "fleet id of a registry", args: { fleetId: REGISTRY }, path: "fleetId", message: "not a fleet" },
    { label: "fleet id that is a name", args: { fleetId: "hub" }, path: "fleetId", message: "not an Azure resource id" },
    { label: "fleet id missing", args: { fleetId: undefined }, path: "fleetId", message: "required" },
    { label: "fleet id with a non-GUID subscription", args: { fleetId: FLEET.replace(SUB, "prod") }, path: "fleetId", message: "not a GUID" },
    { label: "registry id of a fleet", args: { registryId: FLEET }, path: "registryId", message: "not a registry" },
    { label: "registry id that is a resource group", args: { registryId: FLEET_RG }, path: "registryId", message: "a resource group" },
    { label: "identity resource group that is a fleet", args: { identityResourceGroupId: FLEET }, path: "identityResourceGroupId", message: "not a resourceGroup" },
    { label: "unknown identity kind", args: { identityKind: "servicePrincipal" as never }, path: "identityKind", message: '"managedIdentity"' },
    { label: "identity name with spaces", args: { identityName: "my identity" }, path: "identityName", message: "my identity" },
    { label: "unknown credential store", args: { credentialStore: "vault" as never }, path: "credentialStore", message: "vault" },
    { label: "lowercase variable suffix", args: { variableSuffix: "staging" }, path: "variableSuffix", message: "STAGING" },
    { label: "workflow outside .github/workflows", args: { workflowPath: "deploy.yml" }, path: "workflowPath", message: ".github/workflows" },
    { label: "workflow in a subfolder", args: { workflowPath: ".github/workflows/a/deploy.yml" }, path: "workflowPath", message: "a/deploy.yml" },
    { label: "unknown workflow ownership", args: { workflowOwnership: "shared" as never }, path: "workflowOwnership", message: "shared" },
    { label: "unknown build mode", args: { buildMode: "docker" as never }, path: "buildMode", message: "docker" },
    { label: "unknown layer cache", args: { layerCache: "s3" as never }, path: "layerCache", message: "s3" },
    { label: "unknown manifest source", args: { manifestSource: "jsonnet" as never }, path: "manifestSource", message: "jsonnet" },
    { label: "manifest path escaping the repository", args: { manifestPath: "../infra" }, path: "manifestPath", message: "no '..'" },
    { label: "absolute Dockerfile path", args: { dockerfile: "/Dockerfile" }, path: "dockerfile", message: "/Dockerfile" },
    { label: "empty paths-ignore entry", args: { pathsIgnore: ["docs/**", " "] }, path: "pathsIgnore[1]", message: "glob" },
    // docs.github.com workflow syntax: "You cannot use both the paths and paths-ignore filters for the same event".
    { label: "paths with paths-ignore", args: { paths: ["src/**"], pathsIgnore: ["docs/**"] }, path: "paths", message: '"!docs/**"' },
    { label: "tagsOnly without tags", args: { tagsOnly: true, environment: { name: "production" } }, path: "tagsOnly", message: "no tags" },
    { label: "tagsOnly with extra branches", args: { tagsOnly: true, tags: ["v*"], extraBranches: ["release"], environment: { name: "production" } }, path: "extraBranches", message: "drop tagsOnly" },
    // docs.github.com "Deployments and environments": only refs that match the rules can deploy to the environment.
    {
        label: "environment rules that refuse the deploy branch",
        args: { environment: { name: "production", deploymentBranches: ["release/*"] } },
        path: "environment.deploymentBranches",
        message: "set tagsOnly",
    },
    { label: "environment rules that refuse a tag", args: { tags: ["v*"], environment: { name: "production", deploymentTags: ["v1.*"] } }, path: "environment.deploymentTags", message: 'tag "v"' },
    { label: "member with an invalid name", args: { members: [{ name: "East US" }] }, path: "members[0].name", message: "East US" },
    { label: "member listed twice", args: { members: [{ name: "eastus" }, { name: "eastus" }] }, path: "members", message: "more than once" },
    { label: "member kubelet id that is not a GUID", args: { members: [{ name: "eastus", kubeletPrincipalId: "kubelet" }] }, path: "members[0].kubeletPrincipalId", message: "GUID" },
    { label: "PickFixed without members: blamed on members, which the cluster names derive from", args: { members: [], placement: {} }, path: "members", message: "names no cluster" },
    { label: "PickN without a count", args: { placement: { type: "PickN" } }, path: "placement.numberOfClusters", message: "PickN" },
    { label: "PickN with zero clusters", args: { placement: { type: "PickN", numberOfClusters: 0 } }, path: "placement.numberOfClusters", message: "0" },
    { label: "PickAll with a count", args: { placement: { type: "PickAll", numberOfClusters: 2 } }, path: "placement.numberOfClusters", message: "PickAll" },
    { label: "unknown placement type", args: { placement: { type: "PickSome" as never } }, path: "placement.type", message: "PickSome" },
    { label: "extra branch repeating the deploy branch", args: { extraBranches: ["main"] }, path: "extraBranches", message: '"main"' },
    { label: "extra branch with a wildcard", args: { extraBranches: ["feature/*"] }, path: "extraBranches[0]", message: "wildcard" },
    { label: "tags without an environment", args: { tags: ["v*"] }, path: "tags", message: "need an environment" },
    { label: "tag pattern with a space", args: { tags: ["v 1"], environment: { name: "prod" } }, path: "tags[0]", message: "v 1" },
    { label: "environment name with a colon", args: { environment: { name: "prod:eastus" } }, path: "environment.name", message: "no ':'" },
    { label: "environment with seven reviewers", args: { environment: { name: "prod", reviewerUserIds: [1, 2, 3, 4, 5, 6, 7] } }, path: "environment.reviewerUserIds", message: "6" },
    {
        label: "environment reviewer id that is a name",
        args: { environment: { name: "prod", reviewerUserIds: ["octocat" as never] } },
        path: "environment.reviewerUserIds[0]",
        message: 'is a string ("octocat"); expected a number (Numeric ids of users',
    },
    { label: "environment wait timer over 30 days", args: { environment: { name: "prod", waitTimerMinutes: 50000 } }, path: "environment.waitTimerMinutes", message: "43200" },
    { label: "more than 20 federated credentials", args: { extraBranches: Array.from({ length: 10 }, (_, i) => `release/${i}`) }, path: "extraBranches", message: "limit of 20" },
    { label: "unknown subject format", args: { subjectFormat: "short" as never }, path: "subjectFormat", message: "short" },
    { label: "repository id that is not a number", args: { repositoryId: -4 }, path: "repositoryId", message: "numeric id" },
    { label: "claim key unknown ahead of a run", args: { subjectFormat: "custom", subjectClaimKeys: ["repo", "run_id"] }, path: "subjectClaimKeys", message: "run_id" },
    { label: "branch patterns on a managed identity", args: { branchPatterns: ["release/*"] }, path: "branchPatterns", message: "application identity" },
    { label: "a device-code hub login", args: { hubLogin: "devicecode" as never }, path: "hubLogin", message: '"azurecli"' },
    // Options that would do nothing are refused rather than ignored.
    {
        label: "an identity resource group for an application identity",
        args: { identityKind: "application", identityResourceGroupId: FLEET_RG },
        path: "identityResourceGroupId",
        message: "Entra application lives in the tenant",
    },
    {
        label: "an identity location for an application identity",
        args: { identityKind: "application", identityLocation: "westeurope" },
        path: "identityLocation",
        message: "places a managed identity",
    },
    { label: "claim keys without a custom subject format", args: { subjectClaimKeys: ["repo", "context"] }, path: "subjectClaimKeys", message: 'set subjectFormat "custom"' },
    { label: "repository ids with legacy subjects", args: { subjectFormat: "legacy", repositoryId: 42 }, path: "repositoryId", message: "used by immutable subjects only" },
    { label: "a layer cache with ACR Tasks builds", args: { buildMode: "acrTasks", layerCache: "registry" }, path: "layerCache", message: "no cache import" },
    { label: "deleting an adopted namespace", args: { existingNamespace: true, deleteNamespaceOnDestroy: true }, path: "deleteNamespaceOnDestroy", message: "never its to delete" },
    { label: "adopting files in released mode", args: { workflowOwnership: "released", adoptExistingFiles: true }, path: "adoptExistingFiles", message: "commits none" },
    {
        label: "branch patterns with a custom subject template",
        args: { identityKind: "application", subjectFormat: "custom", subjectClaimKeys: ["repo", "context"], branchPatterns: ["release/*"] },
        path: "branchPatterns",
        message: "default subject spellings only",
    },
    { label: "unknown registry access mode", args: { registryAccessMode: "acl" as never }, path: "registryAccessMode", message: "acl" },
    { label: "released files through a pull request", args: { workflowOwnership: "released", pullRequest: true }, path: "pullRequest", message: "commits no files" },
    { label: "placement cluster listed twice", args: { placement: { clusterNames: ["eastus", "eastus"] } }, path: "placement.clusterNames", message: "eastus" },
];

const typesRegistered = async (construct: () => unknown) => {
    const { error, resources } = await attempt(construct);
    return { error: error as unknown, resources };
};

describe("bad input is refused at construction, naming the argument, with nothing registered", () => {
    for (const row of rows) {
        it(row.label, async () => {
            const { error, resources } = await typesRegistered(() => new FleetAutomatedDeployment("web", { ...good, ...row.args } as FleetAutomatedDeploymentArgs));
            assert.ok(pulumi.InputPropertiesError.isInstance(error), `expected InputPropertiesError, got ${error}`);
            const paths = error.errors.map((e) => e.propertyPath);
            assert.ok(paths.includes(row.path), `paths ${JSON.stringify(paths)} should include ${row.path}`);
            const reason = error.errors.find((e) => e.propertyPath === row.path)!.reason;
            assert.ok(reason.includes(row.message), `"${reason}" should include "${row.message}"`);
            assert.ok(error.message.includes(reason), "the message lists every problem");
            assert.deepStrictEqual(resources, [], "nothing registered");
        });
    }

    it("lists every problem at once", async () => {
        const { error } = await typesRegistered(() => new FleetAutomatedDeployment("web", { ...good, repository: "web", branch: "a b", namespace: "kube-system" }));
        assert.ok(pulumi.InputPropertiesError.isInstance(error));
        assert.deepStrictEqual(error.errors.map((e) => e.propertyPath).sort(), ["branch", "namespace", "repository"]);
        assert.ok(error.message.startsWith('FleetAutomatedDeployment "web" has 3 invalid arguments'));
    });

    it("checks an id that is an Output when it resolves, with the same message, instead of guessing", async () => {
        const problems: Problem[] = [];
        const parsed = armIdInput(pulumi.output(REGISTRY), "fleet", "fleetId", problems);
        assert.deepStrictEqual(problems, [], "unknown at construction: nothing to say yet");
        await assert.rejects((parsed as any).promise(), (e: unknown) => pulumi.InputPropertyError.isInstance(e) && e.propertyPath === "fleetId" && e.reason.includes("not a fleet"));
        const ok = armIdInput(pulumi.output(FLEET), "fleet", "fleetId", problems);
        assert.strictEqual(((await (ok as any).promise()) as { name: string }).name, "hub");
    });

    describe("the repository's owner must be the GitHub provider's", () => {
        const withOwner = async <T>(owner: string, body: () => Promise<T>) => {
            const saved = process.env.GITHUB_OWNER;
            process.env.GITHUB_OWNER = owner;
            try {
                return await body();
            } finally {
                if (saved === undefined) delete process.env.GITHUB_OWNER;
                else process.env.GITHUB_OWNER = saved;
            }
        };

        it("names both owners and the fix; case does not matter; no owner set means nothing to compare", () => {
            const [problem] = providerOwnerProblems("contoso", "fabrikam", "repository");
            assert.strictEqual(problem.path, "repository");
            assert.ok(problem.message.includes('"contoso"') && problem.message.includes('"fabrikam"') && problem.message.includes("Set github:owner to contoso"), problem.message);
            assert.deepStrictEqual(providerOwnerProblems("contoso", "Contoso", "repository"), []);
            assert.deepStrictEqual(providerOwnerProblems("contoso", undefined, "repository"), []);
        });

        it("refuses a deployment whose repository the default provider (GITHUB_OWNER) would miss, registering nothing", async () => {
            const { error, resources } = await withOwner("fabrikam", () => typesRegistered(() => new FleetAutomatedDeployment("web", good)));
            assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
            assert.ok(
                error.errors.some((e) => e.propertyPath === "repository" && e.reason.includes('acts for "fabrikam"')),
                JSON.stringify(error.errors),
            );
            assert.deepStrictEqual(resources, []);
        });

        it("reads github:owner from the stack's config too, and checks the standalone wiring", async () => {
            pulumi.runtime.setConfig("github:owner", "fabrikam");
            try {
                const { error } = await typesRegistered(() => new GitHubRepositoryWiring("w", { repository: "contoso/web", branch: "main", variables: { A: "1" } }));
                assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
                assert.deepStrictEqual(
                    error.errors.map((e) => e.propertyPath),
                    ["repository"],
                );
            } finally {
                pulumi.runtime.setAllConfig({});
            }
        });

        it("trusts a GitHub provider passed to the component or its parent (its owner cannot be read)", async () => {
            for (const opts of [
                () => ({ providers: [new GitHubProvider("gh", { owner: "contoso" })] }),
                () => ({ providers: { github: new GitHubProvider("gh", { owner: "contoso" }) } }),
                () => ({ parent: new pulumi.ComponentResource("x:index:Parent", "p", {}, { providers: [new GitHubProvider("gh", { owner: "contoso" })] }) }),
            ]) {
                const { error, resources } = await withOwner("fabrikam", () => typesRegistered(() => new FleetAutomatedDeployment("web", good, opts())));
                assert.strictEqual(error, undefined);
                assert.ok(
                    resources.some((r) => r.type === "github:index/actionsVariable:ActionsVariable"),
                    "the deployment registered",
                );
            }
            const { error } = await withOwner("Contoso", () => typesRegistered(() => new FleetAutomatedDeployment("web", good)));
            assert.strictEqual(error, undefined, "same owner, other case");
        });
    });

    describe("the standalone components validate their own arguments", () => {
        const cases: [string, () => unknown, string][] = [
            ["GitHubOidcIdentity trusting nothing", () => new GitHubOidcIdentity("deployer", { repository: "o/r", resourceGroupId: FLEET_RG }), "branches"],
            [
                "GitHubOidcIdentity over the 20-credential limit",
                () => new GitHubOidcIdentity("deployer", { repository: "o/r", branches: Array.from({ length: 11 }, (_, n) => `b${n}`), resourceGroupId: FLEET_RG }),
                "branches",
            ],
            ["GitHubOidcIdentity managed without a resource group", () => new GitHubOidcIdentity("deployer", { repository: "o/r", branches: ["main"] }), "resourceGroupId"],
            ["GitHubOidcIdentity trusting pull requests", () => new GitHubOidcIdentity("deployer", { repository: "o/r", subjects: ["repo:o/r:pull_request"], resourceGroupId: FLEET_RG }), "subjects"],
            [
                "GitHubOidcIdentity with branch patterns on a managed identity",
                () => new GitHubOidcIdentity("deployer", { repository: "o/r", branchPatterns: ["release/*"], resourceGroupId: FLEET_RG }),
                "branchPatterns",
            ],
            [
                "GitHubRepositoryWiring with a GITHUB_ variable",
                () => new GitHubRepositoryWiring("w", { repository: "o/r", branch: "main", variables: { GITHUB_TOKEN: "x" } }),
                "variables.GITHUB_TOKEN",
            ],
            [
                "GitHubRepositoryWiring committing a file twice",
                () =>
                    new GitHubRepositoryWiring("w", {
                        repository: "o/r",
                        branch: "main",
                        files: [
                            { path: "a", content: "1" },
                            { path: "a", content: "2" },
                        ],
                    }),
                "files",
            ],
            ["FleetMemberRegistryAccess without members", () => new FleetMemberRegistryAccess("m", { registryId: REGISTRY, fleetId: FLEET, members: [] }), "members"],
            ["HubNamespace with a reserved name", () => new HubNamespace("n", { fleetId: FLEET, namespace: "kube-system" }), "namespace"],
            ["NamespacePlacement PickFixed without clusters", () => new NamespacePlacement("p", { fleetId: FLEET, namespace: "web", placement: {} }), "placement.clusterNames"],
        ];
        for (const [label, construct, path] of cases) {
            it(label, async () => {
                const { error, resources } = await typesRegistered(construct);
                assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
                assert.ok(
                    error.errors.some((e) => e.propertyPath === path),
                    JSON.stringify(error.errors),
                );
                assert.deepStrictEqual(resources, []);
            });
        }
    });
});

describe("the GitHub provider's owner, checked at deploy time when it is not known at construction", () => {
    const Provider = GitHubProvider;
    const base = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY };
    const githubTypes = (resources: { type: string; inputs: any }[]) => resources.filter((r) => r.type.startsWith("github:index/"));

    it("a provider passed in for another owner fails the deployment before any write, naming both owners and the fix", async () => {
        await assert.rejects(
            run(() => {
                const github = new Provider("fabrikam", { owner: "fabrikam" });
                new FleetAutomatedDeployment("web", base, { providers: [github] });
            }),
            (e: Error) => /repository contoso\/web: the GitHub provider acts for fabrikam .*would land in fabrikam\/web.*Nothing was written to GitHub\. Set github:owner to contoso/.test(e.message),
        );
    });

    it("a provider passed in for the repository's owner writes, looked up once by name through that provider", async () => {
        const { resources, invokes } = await run(() => {
            const github = new Provider("contoso", { owner: "contoso" });
            new FleetAutomatedDeployment("web", base, { providers: [github] });
        });
        assert.ok(githubTypes(resources).length > 0 && githubTypes(resources).every((r) => (r.inputs.repository ?? r.inputs.baseRepository) === "web"));
        const lookups = invokes.filter((i) => i.token === "github:index/getRepository:getRepository" && i.args.name === "web");
        assert.strictEqual(lookups.length, 1);
        assert.match(lookups[0].provider ?? "", /pulumi:providers:github::contoso::/);
    });

    it("a default provider whose owner is set is not looked up again; one without an owner is", async () => {
        const byName = (invokes: { token: string; args: any }[]) => invokes.filter((i) => i.token === "github:index/getRepository:getRepository" && i.args.name).length;
        const unset = await run(() => new FleetAutomatedDeployment("web", base));
        assert.strictEqual(byName(unset.invokes), 1);
        const saved = process.env.GITHUB_OWNER;
        process.env.GITHUB_OWNER = "contoso";
        try {
            assert.strictEqual(byName((await run(() => new FleetAutomatedDeployment("web", base))).invokes), 0);
        } finally {
            if (saved === undefined) delete process.env.GITHUB_OWNER;
            else process.env.GITHUB_OWNER = saved;
        }
    });
});
