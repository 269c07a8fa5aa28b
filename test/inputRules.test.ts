import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, GitHubOidcIdentity, GitHubRepositoryWiring, NamespacePlacement } from "../sdk/src";
import { Problem } from "../sdk/src/core/problems";
import { quantityValue } from "../sdk/src/render/kube";
import { identitySpec } from "../sdk/src/identity/githubOidcIdentity";
import { deploymentSpec } from "../sdk/src/deployment/plan";
import { failOnProblems, loginServerInput } from "../sdk/src/checks/validate";
import { attempt } from "./harness";
import { FLEET, FLEET_RG, REGISTRY } from "./fixtures";

// Inputs the shape checks accept but the services would not (or would misread): each is refused at
// construction with the argument, the value and the fix, and each mistake is reported once.

const good: FleetAutomatedDeploymentArgs = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "eastus" }], placement: {} };

const construct = async (build: () => unknown) => {
    const { error, resources } = await attempt(build);
    return { error: error as unknown, resources };
};

/** The refusal's problems, after checking that nothing was registered. */
const refused = async (build: () => unknown) => {
    const { error, resources } = await construct(build);
    assert.ok(pulumi.InputPropertiesError.isInstance(error), `expected InputPropertiesError, got ${error}`);
    assert.deepStrictEqual(resources, [], "nothing registered");
    return error.errors;
};

const deployment = (args: Partial<FleetAutomatedDeploymentArgs> & Record<string, unknown>) => () => new FleetAutomatedDeployment("web", { ...good, ...args } as FleetAutomatedDeploymentArgs);

// Enum values are refused by the schema pre-check before the spec is built: their cascades are checked on the spec itself.
const spec = (args: Partial<FleetAutomatedDeploymentArgs> & Record<string, unknown>) => () => deploymentSpec("web", { ...good, ...args } as FleetAutomatedDeploymentArgs);

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

describe("accepted-but-wrong inputs are refused with the fix", () => {
    const rows: [string, Partial<FleetAutomatedDeploymentArgs> & Record<string, unknown>, string, string[]][] = [
        ["a repository ending in .git (the clone URL's suffix)", { repository: "contoso/web.git" }, "repository", ['"contoso/web"', ".git"]],
        ["a repository ending in .wiki (GitHub's wiki repository)", { repository: "contoso/web.wiki" }, "repository", ['"contoso/web"', "wiki"]],
        ["a repository as a clone URL", { repository: "git@github.com:contoso/web.git" }, "repository", ['"contoso/web"']],
        ["a repository name over GitHub's 100 characters, as a length problem", { repository: `contoso/${"a".repeat(101)}` }, "repository", ["101-character name", "at most 100"]],
        ["a repository owner over GitHub's 39 characters, as a length problem", { repository: `${"o".repeat(40)}/web` }, "repository", ["40-character owner", "at most 39"]],
        ["a registry login server as a URL", { registryLoginServer: "https://contoso.azurecr.io" }, "registryLoginServer", ['"contoso.azurecr.io"', "host name"]],
        ["a registry login server with a path", { registryLoginServer: "contoso.azurecr.io/web" }, "registryLoginServer", ['"contoso.azurecr.io"']],
        ["a registry login server with a trailing slash", { registryLoginServer: "contoso.azurecr.io/" }, "registryLoginServer", ['"contoso.azurecr.io"']],
        ["a full branch ref", { branch: "refs/heads/main" }, "branch", ['alone, "main"']],
        ["a full branch ref among extra branches", { extraBranches: ["refs/heads/release/1"] }, "extraBranches[0]", ['"release/1"']],
        ["a tag ref as the branch", { branch: "refs/tags/v1" }, "branch", ["tag ref, not a branch"]],
        [
            "a memory request above the default limit",
            { generateManifests: { memoryRequest: "1Gi" } },
            "generateManifests.memoryRequest",
            ['memoryLimit "512Mi" (the default)', "less than or equal to memory limit"],
        ],
        ["a CPU limit below the default request", { generateManifests: { cpuLimit: "50m" } }, "generateManifests.cpuLimit", ['cpuRequest "100m" (the default)', "Raise cpuLimit"]],
        [
            "a memory limit below its request, compared as quantities",
            { generateManifests: { memoryRequest: "1Gi", memoryLimit: "1000Mi" } },
            "generateManifests.memoryLimit",
            ['"1000Mi" is below', '"1Gi"'],
        ],
        ["a CPU limit below its request in cores", { generateManifests: { cpuRequest: "1", cpuLimit: "0.5" } }, "generateManifests.cpuLimit", ['"0.5"']],
    ];
    for (const [label, args, path, fragments] of rows) {
        it(label, async () => {
            const errors = await refused(deployment(args));
            const reason = errors.find((e) => e.propertyPath === path)?.reason;
            assert.ok(reason, `no problem at ${path}: ${JSON.stringify(errors)}`);
            for (const f of fragments) assert.ok(reason.includes(f), `"${reason}" should include ${f}`);
        });
    }

    it("accepts a limit equal to its request in another spelling, and larger ones", async () => {
        for (const generateManifests of [{ cpuRequest: "100m", cpuLimit: "0.1" }, { memoryRequest: "1024Mi", memoryLimit: "1Gi" }, { memoryRequest: "1G", memoryLimit: "1Gi" }, { cpuLimit: "2" }]) {
            const { error } = await construct(deployment({ generateManifests }));
            assert.strictEqual(error, undefined, JSON.stringify(generateManifests));
        }
    });

    it("reads Kubernetes quantities by amount", () => {
        assert.strictEqual(quantityValue("100m"), quantityValue("0.1"));
        assert.strictEqual(quantityValue("1Ki"), 1024);
        assert.strictEqual(quantityValue("1k"), 1000);
        assert.strictEqual(quantityValue("1e3"), 1000);
        assert.strictEqual(quantityValue(".5Gi"), 512 * 1024 ** 2);
        assert.strictEqual(quantityValue("1E"), 1e18);
        assert.ok(quantityValue("1G")! < quantityValue("1Gi")!);
        assert.strictEqual(quantityValue("1 Gi"), undefined);
        assert.strictEqual(quantityValue("-1"), undefined);
    });

    it("names no owner it cannot know, and suggests github:owner's when it is set", async () => {
        const [without] = await refused(deployment({ repository: "web" }));
        assert.deepStrictEqual([without.propertyPath, without.reason.includes('"OWNER/web"')], ["repository", true], without.reason);
        const errors = await withOwner("contoso", () => refused(deployment({ repository: "web" })));
        assert.ok(errors[0].reason.includes('"contoso/web"'), errors[0].reason);
    });

    it("checks a login server that is an Output when it resolves", async () => {
        const problems: Problem[] = [];
        const server = loginServerInput(pulumi.output("https://contoso.azurecr.io/"), "registryLoginServer", problems);
        assert.deepStrictEqual(problems, []);
        await assert.rejects(
            (server as any).promise(),
            (e: unknown) => pulumi.InputPropertyError.isInstance(e) && e.propertyPath === "registryLoginServer" && e.reason.includes('"contoso.azurecr.io"'),
        );
    });

    it("the standalone components refuse the same inputs", async () => {
        const cases: [() => unknown, string, string][] = [
            [() => new GitHubOidcIdentity("deployer", { repository: "contoso/web.git", branches: ["main"], resourceGroupId: FLEET_RG }), "repository", '"contoso/web"'],
            [() => new GitHubOidcIdentity("deployer", { repository: "contoso/web", branches: ["refs/heads/main"], resourceGroupId: FLEET_RG }), "branches[0]", '"main"'],
            [() => new GitHubRepositoryWiring("w", { repository: "contoso/web.wiki", branch: "main", variables: { A: "1" } }), "repository", '"contoso/web"'],
            [() => new GitHubRepositoryWiring("w", { repository: "contoso/web", branch: "refs/heads/main", variables: { A: "1" } }), "branch", '"main"'],
            [() => new GitHubOidcIdentity("deployer", { repository: "contoso/web", branchPatterns: ["refs/heads/release/*"], kind: "application" }), "branchPatterns[0]", '"release/*"'],
        ];
        for (const [build, path, fragment] of cases) {
            const errors = await refused(build);
            assert.ok(
                errors.some((e) => e.propertyPath === path && e.reason.includes(fragment)),
                JSON.stringify(errors),
            );
        }
    });
});

describe("one message per mistake", () => {
    const cases: [string, () => unknown, string[], string?][] = [
        ["an invalid appName, not again as the namespace and placement name derived from it", deployment({ appName: "Web_App" }), ["appName"]],
        ["an appName with a slash, not again as the workflow path, variable suffix or chart path", deployment({ appName: "a/b", manifestSource: "helm" }), ["appName"]],
        ["an invalid namespace, not again as the variable suffix", deployment({ namespace: "web.app" }), ["namespace"]],
        ["an app name derived from the repository, saying so", deployment({ repository: "contoso/___" }), ["appName"], "derived from repository"],
        ["a namespace derived from appName, saying so", deployment({ appName: "default" }), ["namespace"], "derived from appName"],
        ["a member listed twice, not again as the placement's cluster names", deployment({ members: [{ name: "eastus" }, { name: "eastus" }] }), ["members"]],
        ["an unknown subjectFormat, not again as an identity that trusts nothing", spec({ subjectFormat: "short" as never }), ["subjectFormat"]],
        ["a misspelt custom subjectFormat, not again as claim keys without it", spec({ subjectFormat: "Custom" as never, subjectClaimKeys: ["repo"] }), ["subjectFormat"]],
        ["an unknown identityKind, not again as branch patterns needing an application", spec({ identityKind: "app" as never, branchPatterns: ["release/*"] }), ["identityKind"]],
        ["a repeated branch, reported by the deployment only", deployment({ extraBranches: ["main"] }), ["extraBranches"]],
        ["an unknown manifestSource, not again by generateManifests or helmSet", spec({ manifestSource: "jsonnet" as never, generateManifests: {}, helmSet: { a: "1" } }), ["manifestSource"]],
        ["an invalid repository, not again by anything derived from it", deployment({ repository: "contoso/web.git" }), ["repository"]],
        ["an invalid fleetId, not again as the identity's resource group", deployment({ fleetId: "hub" }), ["fleetId"]],
        [
            "GitHubOidcIdentity: an unknown subjectFormat only",
            () => {
                const problems: Problem[] = [];
                identitySpec("deployer", { repository: "o/r", branches: ["main"], subjectFormat: "short" as never, resourceGroupId: FLEET_RG }, (f) => f, problems);
                failOnProblems("GitHubOidcIdentity", "deployer", problems);
            },
            ["subjectFormat"],
        ],
        [
            "NamespacePlacement: an invalid namespace, not again as the placement name",
            () => new NamespacePlacement("p", { fleetId: FLEET, namespace: "Web", placement: { clusterNames: ["eastus"] } }),
            ["namespace"],
        ],
    ];
    for (const [label, build, paths, fragment] of cases) {
        it(label, async () => {
            const errors = await refused(build);
            assert.deepStrictEqual(
                errors.map((e) => e.propertyPath),
                paths,
                JSON.stringify(errors),
            );
            if (fragment) assert.ok(errors[0].reason.includes(fragment), errors[0].reason);
        });
    }
});
