// Many apps on one fleet: every cloud object has exactly one owner. The plan engine's conflict detector
// judges each program the way Azure, GitHub and Kubernetes would on `pulumi up` (FACTS.md, "One object,
// one owner"): two resources for one object fail the second create, and deleting either deletes it for both.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, FleetMemberRegistryAccess, HubNamespace } from "../sdk/src";
import { findConflicts } from "../sdk/src/resource/conflicts";
import { Registered, run, attempt } from "./harness";
import { FLEET, REGISTRY } from "./fixtures";

const ROLE = "azure-native:authorization:RoleAssignment";
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const READER = "b93aa761-3e63-49ed-ac28-beffa264f7ac";
const common = { fleetId: FLEET, registryId: REGISTRY };

// Two apps of a monorepo on one branch, a second branch of one of them, an app behind an environment,
// another repository, and the platform engineer's own grant: all on one fleet, registry and members.
const fleetApps: Record<string, FleetAutomatedDeploymentArgs> = {
    "shop-api": {
        ...common,
        repository: "contoso/shop",
        appName: "shop-api",
        dockerfile: "services/api/Dockerfile",
        dockerContext: "services/api",
        manifestPath: "services/api/manifests",
        members: [{ name: "eastus" }, { name: "westeu" }],
        placement: {},
    },
    "shop-web": {
        ...common,
        repository: "contoso/shop",
        appName: "shop-web",
        dockerfile: "services/web/Dockerfile",
        dockerContext: "services/web",
        manifestPath: "services/web/manifests",
        members: [{ name: "westeu" }],
        placement: {},
    },
    "shop-api-develop": {
        ...common,
        repository: "contoso/shop",
        branch: "develop",
        appName: "shop-api",
        namespace: "shop-api-develop",
        dockerfile: "services/api/Dockerfile",
        dockerContext: "services/api",
        manifestPath: "services/api/manifests",
        members: [{ name: "eastus" }],
        placement: { clusterNames: ["eastus"] },
    },
    "shop-web-prod": {
        ...common,
        repository: "contoso/shop",
        appName: "shop-web",
        namespace: "shop-web-prod",
        workflowPath: ".github/workflows/fleet-deploy-shop-web-prod.yml",
        environment: { name: "production-web" },
        tags: ["v*"],
        members: [{ name: "westeu" }, { name: "southeastasia" }],
    },
    "payments": { ...common, repository: "contoso/payments", members: [{ name: "eastus" }, { name: "southeastasia" }], pullRequest: true },
};

function program(skip?: string) {
    return () => {
        new FleetMemberRegistryAccess("ingress-pull", { ...common, members: [{ name: "eastus" }, { name: "westeu" }] });
        for (const [name, args] of Object.entries(fleetApps)) if (name !== skip) new FleetAutomatedDeployment(name, args);
    };
}

/** Each resource as the engine keys it, with its inputs: what a second `pulumi up` would compare. */
const state = (rs: Registered[]) => new Map(rs.map((r) => [r.urn, JSON.stringify(r.inputs)]));
const roleOf = (r: Registered) => String(r.inputs.roleDefinitionId).split("/").pop();

describe("sharing one fleet, registry and members", function () {
    this.timeout(60000);

    it("N deployments and a platform grant plan with zero conflicts: one pull grant per member, one hub provider", async () => {
        const { resources, planned } = await run(program());
        assert.deepStrictEqual(findConflicts(planned, {}), []);
        const pulls = resources.filter((r) => r.type === ROLE && roleOf(r) === ACR_PULL);
        assert.deepStrictEqual(pulls.map((r) => r.name).sort(), ["contosoacr-pull-hub-eastus", "contosoacr-pull-hub-southeastasia", "contosoacr-pull-hub-westeu"]);
        const stack = resources.find((r) => r.name === "shop-api")!.parent;
        assert.ok(
            pulls.every((r) => r.parent === stack),
            "the program owns them, no deployment does",
        );
        assert.strictEqual(resources.filter((r) => r.type === "pulumi:providers:kubernetes").length, 1, "one hub provider per fleet");
        // Each workflow reads its own deployment's variables, so it can only sign in as its own identity.
        const vars = resources.filter((r) => r.type === "github:index/actionsVariable:ActionsVariable" && r.inputs.variableName.startsWith("AZURE_CLIENT_ID"));
        assert.deepStrictEqual(vars.map((v) => `${v.inputs.repository}:${v.inputs.variableName}`).sort(), [
            "payments:AZURE_CLIENT_ID_PAYMENTS",
            "shop:AZURE_CLIENT_ID_SHOP_API",
            "shop:AZURE_CLIENT_ID_SHOP_API_DEVELOP",
            "shop:AZURE_CLIENT_ID_SHOP_WEB",
        ]);
    });

    it("the same program without the shared-object rule would conflict: the detector sees a grant declared twice", async () => {
        // Guards the test above: two hand-written grants of one member's AcrPull are a conflict.
        const { planned } = await run(() => {
            for (const name of ["a", "b"]) {
                new FleetMemberRegistryAccess(name, { ...common, members: [{ name: "eastus" }] });
            }
        });
        assert.deepStrictEqual(findConflicts(planned, {}), [], "two FleetMemberRegistryAccess share the grant too");
        const { planned: raw } = await run(() => {
            const pulumiRole = (n: string) =>
                new (require("@pulumi/azure-native/authorization").RoleAssignment)(n, {
                    scope: REGISTRY,
                    principalId: "99999999-8888-7777-6666-555555555555",
                    principalType: "ServicePrincipal",
                    roleDefinitionId: `/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`,
                });
            pulumiRole("one");
            pulumiRole("two");
        });
        assert.strictEqual(findConflicts(raw, {}).length, 1);
    });

    for (const removed of Object.keys(fleetApps)) {
        it(`removing ${removed} changes only its own objects; every other object keeps its URN and inputs`, async () => {
            const all = (await run(program())).resources;
            const rest = (await run(program(removed))).resources;
            const before = state(all),
                after = state(rest);
            for (const [urn, inputs] of after) assert.strictEqual(before.get(urn), inputs, `unchanged: ${urn}`);
            const gone = all.filter((r) => !after.has(r.urn));
            const root = all.find((r) => r.name === removed)!;
            // What goes: the deployment, its children, and the grants of members no one else lists.
            const stillListed = new Set([
                "eastus",
                "westeu",
                ...Object.entries(fleetApps)
                    .filter(([n]) => n !== removed)
                    .flatMap(([, a]) => a.members!.map((m) => m.name)),
            ]);
            const onlyItsOwn = fleetApps[removed].members!.filter((m) => !stillListed.has(m.name)).map((m) => `contosoacr-pull-hub-${m.name}`);
            assert.deepStrictEqual(
                gone.filter((r) => r !== root && r.parent !== root.urn).map((r) => r.name),
                onlyItsOwn,
            );
            assert.ok(gone.includes(root));
        });
    }

    it("in ABAC mode a member's one grant covers the repositories of every deployment that lists it", async () => {
        const abac = (name: string, members: string[]) =>
            new FleetAutomatedDeployment(name, {
                ...common,
                repository: "contoso/shop",
                appName: name,
                registryAccessMode: "abac",
                members: members.map((m) => ({ name: m })),
            });
        const { resources, planned } = await run(() => {
            abac("shop-api", ["eastus", "westeu"]);
            abac("shop-web", ["eastus"]);
        });
        assert.deepStrictEqual(findConflicts(planned, {}), []);
        const reads = resources.filter((r) => r.type === ROLE && roleOf(r) === READER);
        assert.deepStrictEqual(reads.map((r) => r.name).sort(), ["contosoacr-pull-hub-eastus", "contosoacr-pull-hub-westeu"]);
        const eastus = reads.find((r) => r.name.endsWith("eastus"))!;
        assert.match(eastus.inputs.condition, /StringEqualsIgnoreCase 'shop-api' OR .*StringEqualsIgnoreCase 'shop-web'/);
        assert.strictEqual(eastus.inputs.conditionVersion, "2.0");
        const westeu = reads.find((r) => r.name.endsWith("westeu"))!;
        assert.ok(!westeu.inputs.condition.includes("shop-web"), "westeu pulls only what runs there");
        // A platform grant of the whole registry widens the shared grant to no condition.
        const wide = await run(() => {
            abac("shop-api", ["eastus"]);
            new FleetMemberRegistryAccess("all", { ...common, accessMode: "abac", members: [{ name: "eastus" }] });
        });
        const [grant] = wide.resources.filter((r) => r.type === ROLE && roleOf(r) === READER && r.name.endsWith("eastus"));
        assert.strictEqual(grant.inputs.condition, undefined);
    });

    it("refuses two kubelet identities for one member, naming both declarers", async () => {
        await assert.rejects(
            run(() => {
                new FleetMemberRegistryAccess("a", { ...common, members: [{ name: "eastus", kubeletPrincipalId: "11111111-1111-1111-1111-111111111111" }] });
                new FleetMemberRegistryAccess("b", { ...common, members: [{ name: "eastus", kubeletPrincipalId: "22222222-2222-2222-2222-222222222222" }] });
            }),
            /FleetMemberRegistryAccess "b".*member eastus.*FleetMemberRegistryAccess "a"/s,
        );
    });

    it("refuses declarers that disagree on what the one grant is: another fleet of the same name, another registry mode", async () => {
        const otherFleet = FLEET.replace("rg-fleet", "rg-other");
        await assert.rejects(
            run(() => {
                new FleetMemberRegistryAccess("a", { ...common, members: [{ name: "eastus" }] });
                new FleetMemberRegistryAccess("b", { ...common, fleetId: otherFleet, members: [{ name: "eastus" }] });
            }),
            /FleetMemberRegistryAccess "b" lists member eastus of fleet .*rg-other.*FleetMemberRegistryAccess "a" listed/s,
        );
        await assert.rejects(
            run(() => {
                new FleetMemberRegistryAccess("a", { ...common, members: [{ name: "eastus" }] });
                new FleetMemberRegistryAccess("b", { ...common, accessMode: "abac", members: [{ name: "eastus" }] });
            }),
            /FleetMemberRegistryAccess "b" treats registry contosoacr as "abac", but FleetMemberRegistryAccess "a" as "rbac"/,
        );
    });

    it("accepts members when registryId is an Output: the shared grant is then named after the member alone", async () => {
        const { resources } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    repository: "contoso/web",
                    fleetId: FLEET,
                    registryId: pulumi.output(REGISTRY),
                    members: [{ name: "eastus" }],
                }),
        );
        assert.deepStrictEqual(
            resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && /pull/.test(r.name)).map((r) => r.name),
            ["member-pull-eastus"],
        );
    });
});

describe("two deployments that would claim one object fail at construction, naming both", function () {
    this.timeout(60000);

    /** Constructs `first`, then `second`; returns the second's error and what was registered. */
    async function collide(first: FleetAutomatedDeploymentArgs, second: FleetAutomatedDeploymentArgs) {
        const { error, resources } = await attempt(() => {
            new FleetAutomatedDeployment("first", first);
            new FleetAutomatedDeployment("second", second);
        });
        assert.ok(error, "the second deployment must be refused");
        assert.ok(!resources.some((r) => r.name.startsWith("second")), "nothing of the second is registered");
        assert.match(error.message, /FleetAutomatedDeployment "second".*FleetAutomatedDeployment "first"/s);
        return { error, paths: error.errors.map((e: any) => e.propertyPath) };
    }
    const app = { ...common, repository: "contoso/shop" };

    it("two apps of one repository left to defaults: one mistake, the namespace (not its derived names)", async () => {
        const { paths, error } = await collide(app, app);
        assert.deepStrictEqual(paths, ["namespace"]);
        assert.match(error.message, /hub namespace "shop".*set namespace \(it defaults to the app name/s);
    });

    it("the same namespace from two repositories", async () => {
        const { paths } = await collide({ ...app, namespace: "apps" }, { ...common, repository: "contoso/other", namespace: "apps" });
        assert.deepStrictEqual(paths, ["namespace"]);
    });

    it("the same workflow path on one branch", async () => {
        const { paths, error } = await collide({ ...app, namespace: "a" }, { ...app, namespace: "b" });
        assert.deepStrictEqual(paths, ["workflowPath"]);
        assert.match(error.message, /file \.github\/workflows\/fleet-deploy-shop\.yml on contoso\/shop@main.*set appName or workflowPath/s);
    });

    it("the same variable names in one repository", async () => {
        const { paths, error } = await collide({ ...app, appName: "a", variableSuffix: "" }, { ...app, appName: "b", variableSuffix: "" });
        assert.deepStrictEqual(paths, ["variableSuffix"]);
        assert.match(error.message, /variable AZURE_CLIENT_ID in contoso\/shop \(and 6 more like it\).*sign in as the other's identity/s);
    });

    it("one environment for two deployments", async () => {
        const env = { environment: { name: "production" } };
        const { paths } = await collide({ ...app, appName: "a", ...env }, { ...app, appName: "b", ...env });
        assert.deepStrictEqual(paths, ["environment.name"]);
    });

    it("one generated Dockerfile for two apps of a monorepo", async () => {
        const containerize = { files: ["package.json", "package-lock.json"] };
        const { paths } = await collide({ ...app, appName: "a", containerize }, { ...app, appName: "b", containerize });
        assert.deepStrictEqual(paths, ["dockerfile", "dockerContext"]);
    });

    it("one managed identity name", async () => {
        const { paths } = await collide({ ...app, appName: "a", identityName: "gh-shop" }, { ...app, appName: "b", identityName: "gh-shop" });
        assert.deepStrictEqual(paths, ["identityName"]);
    });

    it("a HubNamespace beside a deployment staging into the same namespace", async () => {
        await assert.rejects(
            run(() => {
                new FleetAutomatedDeployment("first", app);
                new HubNamespace("second", { fleetId: FLEET, namespace: "shop" });
            }),
            (err: any) => err.errors?.[0]?.propertyPath === "namespace" && /HubNamespace "second".*hub namespace "shop" is already declared by FleetAutomatedDeployment "first"/s.test(err.message),
        );
    });

    it("another branch, namespace and app are not a collision", async () => {
        const { planned } = await run(() => {
            new FleetAutomatedDeployment("main", app);
            new FleetAutomatedDeployment("develop", { ...app, branch: "develop", namespace: "shop-develop" });
        });
        assert.deepStrictEqual(findConflicts(planned, {}), []);
    });
});

describe("sibling resources never share a URN", () => {
    it("branch patterns release/* and release-* get two deployment policies, not one URN twice", async () => {
        const { resources, planned } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    ...common,
                    repository: "contoso/web",
                    environment: { name: "production", deploymentBranches: ["main", "release/*", "release-*"] },
                }),
        );
        assert.deepStrictEqual(findConflicts(planned, {}), []);
        const policies = resources.filter((r) => r.type === "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy");
        assert.deepStrictEqual(
            policies.map((p) => p.inputs.branchPattern),
            ["main", "release/*", "release-*"],
        );
        assert.strictEqual(new Set(policies.map((p) => p.urn)).size, 3);
        assert.ok(
            policies.some((p) => p.name === "web-github-env-branch-main"),
            "a slug no other pattern shares keeps its plain name",
        );
    });
});
