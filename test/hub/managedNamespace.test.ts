// Fleet managed namespaces (Microsoft.ContainerService/fleets/managedNamespaces): an ARM resource with its
// own generated placement, and the Fleet data-plane role assigned on it alone, the scope concepts-rbac
// documents ("at the Fleet scope or at an individual Managed Fleet Namespace scope").
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { NamespaceModeArgs, namespaceModeProblems } from "../../sdk/src/hub/managedNamespace";
import { Problem } from "../../sdk/src/problems";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, HubNamespace } from "../../sdk/src";
import { BuiltInRole } from "../../sdk/src/azure/roles";
import { findConflicts } from "../../sdk/src/plan/conflicts";
import { ofType, Registered, run } from "../harness";
import { FLEET, REGISTRY } from "../fixtures";

const MNS = "azure-native:containerservice:FleetManagedNamespace";
const ROLE = "azure-native:authorization:RoleAssignment";
const args: FleetAutomatedDeploymentArgs = {
    repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, namespaceMode: "managed",
    members: [{ name: "eastus" }, { name: "westeu" }],
};
const deploy = (a: Partial<FleetAutomatedDeploymentArgs> = {}) => run(() => new FleetAutomatedDeployment("web", { ...args, ...a }));
const roleOf = (r: Registered) => String(r.inputs.roleDefinitionId).split("/").pop();

describe("managed namespaces", () => {
    it("one ARM managed namespace beside the fleet, kept on delete, adopted only when asked, and no hub provider at all", async () => {
        const { resources, planned } = await deploy();
        const [ns] = ofType(resources, MNS);
        assert.deepStrictEqual([ns.inputs.resourceGroupName, ns.inputs.fleetName, ns.inputs.managedNamespaceName, ns.inputs.location], ["rg-fleet", "hub", "web", "westeurope"]);
        assert.deepStrictEqual([ns.inputs.properties.adoptionPolicy, ns.inputs.properties.deletePolicy], ["Never", "Keep"]);
        assert.strictEqual(ns.retainOnDelete, true, "a destroy never takes the app offline");
        for (const t of ["pulumi:providers:kubernetes", "kubernetes:core/v1:Namespace", "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement"]) {
            assert.strictEqual(ofType(resources, t).length, 0, t);
        }
        assert.deepStrictEqual(findConflicts(planned, {}), []);
        const adopted = ofType((await deploy({ existingNamespace: true, deleteNamespaceOnDestroy: undefined })).resources, MNS)[0];
        assert.strictEqual(adopted.inputs.properties.adoptionPolicy, "IfIdentical");
        const deleted = ofType((await deploy({ deleteNamespaceOnDestroy: true })).resources, MNS)[0];
        assert.deepStrictEqual([deleted.inputs.properties.deletePolicy, deleted.retainOnDelete], ["Delete", false]);
    });

    it("assigns RBAC Writer on FLEET/managedNamespaces/NS after the namespace exists, never on the undocumented namespaces/NS scope", async () => {
        const { resources } = await deploy();
        const [ns] = ofType(resources, MNS);
        const writer = ofType(resources, ROLE).filter((r) => roleOf(r) === BuiltInRole.FleetRbacWriter);
        assert.deepStrictEqual(writer.map((r) => r.inputs.scope), [`${FLEET}/managedNamespaces/web`]);
        assert.ok(writer[0].dependencies.includes(ns.urn), "the scope exists before the assignment");
        assert.ok(!ofType(resources, ROLE).some((r) => String(r.inputs.scope).includes("/namespaces/")));
    });

    it("a placement becomes the namespace's own propagation: the library never places it a second time", async () => {
        const picked = ofType((await deploy({ placement: {} })).resources, MNS)[0].inputs.properties.propagationPolicy;
        assert.deepStrictEqual(picked, { type: "Placement", placementProfile: { defaultClusterResourcePlacement: { policy: { placementType: "PickFixed", clusterNames: ["eastus", "westeu"] } } } });
        const all = await deploy({ placement: { type: "PickAll", clusterLabels: { env: "prod" }, tolerations: [{ key: "dedicated", value: "web" }] } });
        const policy = ofType(all.resources, MNS)[0].inputs.properties.propagationPolicy.placementProfile.defaultClusterResourcePlacement.policy;
        assert.deepStrictEqual(policy.affinity.clusterAffinity.requiredDuringSchedulingIgnoredDuringExecution.clusterSelectorTerms, [{ labelSelector: { matchLabels: { env: "prod" } } }]);
        assert.deepStrictEqual(policy.tolerations, [{ key: "dedicated", operator: "Equal", value: "web" }]);
        assert.strictEqual(ofType(all.resources, "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement").length, 0);
        assert.strictEqual(ofType((await deploy()).resources, MNS)[0].inputs.properties.propagationPolicy, undefined, "no placement: staged on the hub only");
    });

    it("passes the default quota and network policy", async () => {
        const { resources } = await deploy({ namespaceQuota: { cpuLimit: "4", memoryLimit: "8Gi" }, namespaceNetworkPolicy: { ingress: "AllowSameNamespace", egress: "AllowAll" } });
        const props = ofType(resources, MNS)[0].inputs.properties.managedNamespaceProperties;
        assert.deepStrictEqual(props.defaultResourceQuota, { cpuLimit: "4", memoryLimit: "8Gi" });
        assert.deepStrictEqual(props.defaultNetworkPolicy, { ingress: "AllowSameNamespace", egress: "AllowAll" });
    });

    const refused: [string, Partial<FleetAutomatedDeploymentArgs>, string, RegExp][] = [
        ["PickN", { placement: { type: "PickN", numberOfClusters: 1 } }, "placement.numberOfClusters", /generated placement/],
        ["a staged rollout", { placement: { stagedRollout: { stages: [{ name: "a", clusterLabels: { x: "y" } }] } } }, "placement.stagedRollout", /second placement/],
        ["overrides", { placement: { overrides: [] } }, "placement.overrides", /namespaceMode "kubernetes"/],
        ["a quota that is no quantity", { namespaceQuota: { cpuLimit: "lots" } }, "namespaceQuota.cpuLimit", /Kubernetes quantity/],
        ["an unknown network rule", { namespaceNetworkPolicy: { ingress: "Open" } }, "namespaceNetworkPolicy.ingress", /"DenyAll"/],
        ["a hub login, which it does not use", { hubLogin: "azurecli" }, "hubLogin", /does not need/],
        ["a quota on a Kubernetes namespace", { namespaceMode: "kubernetes", namespaceQuota: { cpuLimit: "1" } }, "namespaceQuota", /set namespaceMode "managed"/],
    ];
    for (const [label, extra, path, message] of refused) {
        it(`refuses ${label}, naming ${path}`, async () => {
            await assert.rejects(deploy(extra), (e: any) => {
                const problem = e.errors?.find((p: any) => p.propertyPath === path);
                return problem !== undefined && message.test(problem.reason);
            });
        });
    }

    it("HubNamespace in managed mode: the same ARM namespace and scoped role, staying on the hub, no hub provider", async () => {
        const principal = "12345678-1234-1234-1234-123456789012";
        const { resources } = await run(() => new HubNamespace("apps", { fleetId: FLEET, namespace: "apps", mode: "managed", deployerPrincipalId: principal, quota: { cpuLimit: "2" } }));
        const [ns] = ofType(resources, MNS);
        assert.deepStrictEqual([ns.inputs.managedNamespaceName, ns.inputs.properties.deletePolicy, ns.inputs.properties.propagationPolicy], ["apps", "Keep", undefined]);
        assert.deepStrictEqual(ns.inputs.properties.managedNamespaceProperties.defaultResourceQuota, { cpuLimit: "2" });
        assert.deepStrictEqual(ofType(resources, ROLE).filter((r) => roleOf(r) === BuiltInRole.FleetRbacWriter).map((r) => r.inputs.scope), [`${FLEET}/managedNamespaces/apps`]);
        assert.strictEqual(ofType(resources, "pulumi:providers:kubernetes").length, 0);
        await assert.rejects(run(() => new HubNamespace("apps", { fleetId: FLEET, namespace: "apps", quota: { cpuLimit: "2" } })), (e: any) => e.errors?.[0]?.propertyPath === "quota");
    });
});

describe("managed namespaces: namespaceModeProblems, the pure check and propagation policy", () => {
    const PATHS = { mode: "namespaceMode", quota: "namespaceQuota", networkPolicy: "namespaceNetworkPolicy", placement: "placement" };
    const check = (mode: "managed" | "kubernetes", a: Partial<NamespaceModeArgs>) => {
        const problems: Problem[] = [];
        const propagation = namespaceModeProblems(mode, { fleetId: FLEET, members: ["eastus", "westeu"], ...a }, PATHS, problems);
        return { problems, propagation };
    };

    it("PickFixed by default, on the members; unset fields are not extra fields", () => {
        assert.deepStrictEqual(check("managed", { placement: { maxSurge: undefined } }), { problems: [], propagation: { placementType: "PickFixed", clusterNames: ["eastus", "westeu"] } });
        assert.deepStrictEqual(check("managed", {}).propagation, undefined, "no placement: the namespace stays on the hub");
    });

    it("PickAll takes no cluster names, and labels only when there are some; tolerations default to Equal", () => {
        assert.deepStrictEqual(check("managed", { placement: { type: "PickAll", clusterNames: ["eastus"], clusterLabels: {} } }).propagation, { placementType: "PickAll" });
        assert.deepStrictEqual(check("managed", { placement: { type: "PickAll", clusterLabels: { env: "prod" }, tolerations: [{ key: "gpu" }] } }).propagation, {
            placementType: "PickAll",
            affinity: { clusterAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { clusterSelectorTerms: [{ labelSelector: { matchLabels: { env: "prod" } } }] } } },
            tolerations: [{ key: "gpu", operator: "Equal", value: undefined, effect: undefined }],
        });
    });

    it("refuses PickN, other placement fields, and a PickFixed without clusters, in exact words", () => {
        assert.deepStrictEqual(check("managed", { placement: { type: "PickN", numberOfClusters: 1, maxSurge: "1" } }).problems, [
            { path: "placement.numberOfClusters", message: 'placement.numberOfClusters: a managed namespace is placed by its own generated placement, which takes only type, clusterNames, clusterLabels, tolerations; a second placement of the namespace is not supported by Fleet. Drop numberOfClusters, or use namespaceMode "kubernetes".' },
            { path: "placement.maxSurge", message: 'placement.maxSurge: a managed namespace is placed by its own generated placement, which takes only type, clusterNames, clusterLabels, tolerations; a second placement of the namespace is not supported by Fleet. Drop maxSurge, or use namespaceMode "kubernetes".' },
            { path: "placement.type", message: 'placement.type "PickN": a managed namespace\'s placement is "PickFixed" or "PickAll"; use namespaceMode "kubernetes" for PickN.' },
        ]);
        assert.deepStrictEqual(check("managed", { members: [], placement: {} }).problems, [
            { path: "placement.clusterNames", message: "placement is PickFixed but names no cluster: list members (they are granted AcrPull and picked), or set placement.clusterNames." },
        ]);
        assert.deepStrictEqual(check("managed", { members: [], placement: { clusterNames: [] } }).problems.map((p) => p.path), ["placement.clusterNames"]);
    });

    it("refuses a quota that is not a quantity string, and an unknown network rule; accepts the known ones", () => {
        assert.deepStrictEqual(check("managed", { quota: { cpuLimit: 5 as never, memoryLimit: "8Gi", cpuRequest: "500m" } }).problems, [
            { path: "namespaceQuota.cpuLimit", message: 'namespaceQuota.cpuLimit 5 is not a Kubernetes quantity, e.g. "2", "500m" or "4Gi".' },
        ]);
        assert.deepStrictEqual(check("managed", { networkPolicy: { ingress: "DenyAll", egress: "AllowSameNamespace" } }).problems, []);
        assert.deepStrictEqual(check("managed", { networkPolicy: { egress: "Open" } }).problems.map((p) => p.path), ["namespaceNetworkPolicy.egress"]);
    });

    it("a managed namespace needs a plain fleet id and no hub access; a Kubernetes one takes no quota or policy", () => {
        assert.deepStrictEqual(check("managed", { fleetId: pulumi.output(FLEET), hubProvider: {}, hubLogin: "msi" }).problems, [
            { path: "fleetId", message: 'namespaceMode "managed" needs fleetId as a plain string: the managed namespace and its role scope are named after the fleet.' },
            { path: "hubProvider", message: 'hubProvider configures access to the hub\'s API, which a managed namespace (an ARM resource, placed by Fleet) does not need: drop hubProvider, or use namespaceMode "kubernetes".' },
            { path: "hubLogin", message: 'hubLogin configures access to the hub\'s API, which a managed namespace (an ARM resource, placed by Fleet) does not need: drop hubLogin, or use namespaceMode "kubernetes".' },
        ]);
        assert.deepStrictEqual(check("kubernetes", { quota: {}, networkPolicy: {}, placement: { type: "PickN" } }), {
            problems: [
                { path: "namespaceQuota", message: 'namespaceQuota is a property of a Fleet managed namespace, but namespaceMode is "kubernetes": set namespaceMode "managed", or drop namespaceQuota.' },
                { path: "namespaceNetworkPolicy", message: 'namespaceNetworkPolicy is a property of a Fleet managed namespace, but namespaceMode is "kubernetes": set namespaceMode "managed", or drop namespaceNetworkPolicy.' },
            ],
            propagation: undefined,
        });
    });
});

describe("managed namespaces: what is registered", () => {
    it("labels the namespace as ours, sends no empty quota, and reads each fleet's region once", async () => {
        const { resources, invokes } = await run(() => {
            new HubNamespace("a", { fleetId: FLEET, namespace: "a", mode: "managed", quota: {} });
            new HubNamespace("b", { fleetId: FLEET.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/"), namespace: "b", mode: "managed" });
        });
        for (const ns of ofType(resources, MNS)) {
            const props = ns.inputs.properties.managedNamespaceProperties;
            assert.deepStrictEqual(props.labels, { "app.kubernetes.io/managed-by": "fleet-autodeploy" });
            assert.ok(!("defaultResourceQuota" in props), ns.name);
            assert.strictEqual(ns.inputs.location, "westeurope");
        }
        assert.strictEqual(invokes.filter((i) => i.token === "azure-native:containerservice:getFleet").length, 1, "one fleet, whatever the case of its id");
    });
});
