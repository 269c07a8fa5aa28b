// Fleet managed namespaces (Microsoft.ContainerService/fleets/managedNamespaces): an ARM resource with its
// own generated placement, and the Fleet data-plane role assigned on it alone, the scope concepts-rbac
// documents ("at the Fleet scope or at an individual Managed Fleet Namespace scope").
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { NamespaceModeArgs, namespaceModeProblems } from "../../sdk/src/hub/managedNamespace";
import { Problem } from "../../sdk/src/core/problems";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, HubNamespace } from "../../sdk/src";
import { BuiltInRole } from "../../sdk/src/vocabulary/roles";
import { findConflicts } from "../../sdk/src/resource/conflicts";
import { ofType, Registered, run } from "../harness";
import { FLEET, REGISTRY } from "../fixtures";

const MNS = "azure-native:containerservice:FleetManagedNamespace";
const RP = "kubernetes:placement.kubernetes-fleet.io/v1:ResourcePlacement";
const ROLE = "azure-native:authorization:RoleAssignment";
const args: FleetAutomatedDeploymentArgs = {
    repository: "contoso/web",
    fleetId: FLEET,
    registryId: REGISTRY,
    namespaceMode: "managed",
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
        assert.deepStrictEqual(
            writer.map((r) => r.inputs.scope),
            [`${FLEET}/managedNamespaces/web`],
        );
        assert.ok(writer[0].dependencies.includes(ns.urn), "the scope exists before the assignment");
        assert.ok(!ofType(resources, ROLE).some((r) => String(r.inputs.scope).includes("/namespaces/")));
    });

    it("a placement spreads the namespace with its own propagation, and the app's objects with a ResourcePlacement in it", async () => {
        const { resources } = await deploy({ placement: {} });
        const picked = ofType(resources, MNS)[0].inputs.properties.propagationPolicy;
        assert.deepStrictEqual(picked, { type: "Placement", placementProfile: { defaultClusterResourcePlacement: { policy: { placementType: "PickFixed", clusterNames: ["eastus", "westeu"] } } } });
        // The managed namespace's generated placement selects the namespace with its quota and network policy only
        // (kubefleet PR 452): the app's Deployment, Service and the rest go with a namespace-scoped placement.
        const [rp] = ofType(resources, RP);
        assert.deepStrictEqual([rp.inputs.metadata.name, rp.inputs.metadata.namespace], ["web", "web"]);
        assert.deepStrictEqual(rp.inputs.spec.policy, { placementType: "PickFixed", clusterNames: ["eastus", "westeu"] });
        assert.ok(rp.inputs.spec.resourceSelectors.some((s: any) => s.kind === "Deployment" && s.group === "apps"));
        assert.ok(
            rp.inputs.spec.resourceSelectors.every(
                (s: any) => s.labelSelector.matchExpressions[0].key === "fleet.azure.com/managed-by" && s.labelSelector.matchExpressions[0].operator === "DoesNotExist",
            ),
            "what Azure manages in the namespace (its quota and network policy) is its own placement's",
        );
        assert.ok(rp.dependencies.includes(ofType(resources, MNS)[0].urn), "the namespace exists before its placement");
        assert.strictEqual(ofType(resources, "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement").length, 0, "the namespace is never placed twice");
        const all = await deploy({ placement: { type: "PickAll", clusterLabels: { env: "prod" }, tolerations: [{ key: "dedicated", value: "web" }] } });
        const policy = ofType(all.resources, MNS)[0].inputs.properties.propagationPolicy.placementProfile.defaultClusterResourcePlacement.policy;
        assert.deepStrictEqual(policy.affinity.clusterAffinity.requiredDuringSchedulingIgnoredDuringExecution.clusterSelectorTerms, [{ labelSelector: { matchLabels: { env: "prod" } } }]);
        assert.deepStrictEqual(policy.tolerations, [{ key: "dedicated", operator: "Equal", value: "web" }]);
        const none = await deploy();
        assert.strictEqual(ofType(none.resources, MNS)[0].inputs.properties.propagationPolicy, undefined, "no placement: staged on the hub only");
        assert.strictEqual(ofType(none.resources, "pulumi:providers:kubernetes").length, 0, "and no hub credentials");
    });

    it("PickN: the namespace goes to every cluster with the labels, and the ResourcePlacement picks among them", async () => {
        const { resources } = await deploy({ placement: { type: "PickN", numberOfClusters: 1, clusterLabels: { env: "prod" } } });
        const policy = ofType(resources, MNS)[0].inputs.properties.propagationPolicy.placementProfile.defaultClusterResourcePlacement.policy;
        assert.strictEqual(policy.placementType, "PickAll");
        assert.strictEqual(ofType(resources, RP)[0].inputs.spec.policy.numberOfClusters, 1);
    });

    it("a staged rollout: a namespaced strategy, the rollout job's StagedUpdateRuns, and a Role in the namespace", async () => {
        const { resources } = await deploy({
            placement: {
                stagedRollout: {
                    stages: [
                        { name: "canary", clusterLabels: { stage: "canary" }, requireApproval: true },
                        { name: "rest", clusterLabels: { stage: "rest" } },
                    ],
                },
            },
        });
        const [strategy] = ofType(resources, "kubernetes:placement.kubernetes-fleet.io/v1:StagedUpdateStrategy");
        assert.deepStrictEqual([strategy.inputs.metadata.name, strategy.inputs.metadata.namespace], ["web", "web"]);
        assert.strictEqual(ofType(resources, RP)[0].inputs.spec.strategy.type, "External");
        const [role] = ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:Role");
        assert.deepStrictEqual(role.inputs.rules, [{ apiGroups: ["placement.kubernetes-fleet.io"], resources: ["stagedupdateruns"], verbs: ["create", "get", "list", "patch", "delete"] }]);
        assert.strictEqual(role.inputs.metadata.namespace, "web");
        assert.strictEqual(ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").length, 0);
        const workflow = ofType(resources, "github:index/repositoryFile:RepositoryFile").find((f) => String(f.inputs.file).startsWith(".github/workflows/"))!;
        assert.match(workflow.inputs.content, /kubectl get stagedupdateruns --namespace web/);
        assert.match(workflow.inputs.content, /"kind":"StagedUpdateRun"/);
    });

    it("overrides are ResourceOverrides tied to the ResourcePlacement", async () => {
        const { resources } = await deploy({
            placement: { overrides: [{ name: "east", clusterLabels: { region: "east" }, kind: "Deployment", resourceName: "web", patches: [{ op: "replace", path: "/spec/replicas", value: 3 }] }] },
        });
        const [ro] = ofType(resources, "kubernetes:placement.kubernetes-fleet.io/v1:ResourceOverride");
        assert.deepStrictEqual(ro.inputs.spec.placement, { name: "web", scope: "Namespaced" });
    });

    it("passes the default quota and network policy", async () => {
        const { resources } = await deploy({ namespaceQuota: { cpuLimit: "4", memoryLimit: "8Gi" }, namespaceNetworkPolicy: { ingress: "AllowSameNamespace", egress: "AllowAll" } });
        const props = ofType(resources, MNS)[0].inputs.properties.managedNamespaceProperties;
        assert.deepStrictEqual(props.defaultResourceQuota, { cpuLimit: "4", memoryLimit: "8Gi" });
        assert.deepStrictEqual(props.defaultNetworkPolicy, { ingress: "AllowSameNamespace", egress: "AllowAll" });
    });

    const refused: [string, Partial<FleetAutomatedDeploymentArgs>, string, RegExp][] = [
        ["a quota that is no quantity", { namespaceQuota: { cpuLimit: "lots" } }, "namespaceQuota.cpuLimit", /Kubernetes quantity/],
        ["an unknown network rule", { namespaceNetworkPolicy: { ingress: "Open" } }, "namespaceNetworkPolicy.ingress", /"DenyAll"/],
        ["a hub login without a placement, which does not use it", { hubLogin: "azurecli" }, "hubLogin", /does not need/],
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
        assert.deepStrictEqual(
            ofType(resources, ROLE)
                .filter((r) => roleOf(r) === BuiltInRole.FleetRbacWriter)
                .map((r) => r.inputs.scope),
            [`${FLEET}/managedNamespaces/apps`],
        );
        assert.strictEqual(ofType(resources, "pulumi:providers:kubernetes").length, 0);
        await assert.rejects(
            run(() => new HubNamespace("apps", { fleetId: FLEET, namespace: "apps", quota: { cpuLimit: "2" } })),
            (e: any) => e.errors?.[0]?.propertyPath === "quota",
        );
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

    it("every placement field applies (to the ResourcePlacement); PickN propagates the namespace as PickAll", () => {
        assert.deepStrictEqual(check("managed", { placement: { type: "PickN", numberOfClusters: 1, maxSurge: 1 } }), { problems: [], propagation: { placementType: "PickAll" } });
    });

    it("refuses a quota that is not a quantity string, and an unknown network rule; accepts the known ones", () => {
        assert.deepStrictEqual(check("managed", { quota: { cpuLimit: 5 as never, memoryLimit: "8Gi", cpuRequest: "500m" } }).problems, [
            { path: "namespaceQuota.cpuLimit", message: 'namespaceQuota.cpuLimit 5 is not a Kubernetes quantity, e.g. "2", "500m" or "4Gi".' },
        ]);
        assert.deepStrictEqual(check("managed", { networkPolicy: { ingress: "DenyAll", egress: "AllowSameNamespace" } }).problems, []);
        assert.deepStrictEqual(
            check("managed", { networkPolicy: { egress: "Open" } }).problems.map((p) => p.path),
            ["namespaceNetworkPolicy.egress"],
        );
    });

    it("a managed namespace needs a plain fleet id and no hub access; a Kubernetes one takes no quota or policy", () => {
        assert.deepStrictEqual(check("managed", { fleetId: pulumi.output(FLEET), hubProvider: {}, hubLogin: "msi" }).problems, [
            { path: "fleetId", message: 'namespaceMode "managed" needs fleetId as a plain string: the managed namespace and its role scope are named after the fleet.' },
            {
                path: "hubProvider",
                message: "hubProvider configures access to the hub's API, which a managed namespace without a placement (an ARM resource) does not need: drop hubProvider, or add a placement.",
            },
            {
                path: "hubLogin",
                message: "hubLogin configures access to the hub's API, which a managed namespace without a placement (an ARM resource) does not need: drop hubLogin, or add a placement.",
            },
        ]);
        assert.deepStrictEqual(check("managed", { hubLogin: "msi", placement: {} }).problems, [], "its ResourcePlacement goes through the hub's API");
        assert.deepStrictEqual(check("kubernetes", { quota: {}, networkPolicy: {}, placement: { type: "PickN" } }), {
            problems: [
                {
                    path: "namespaceQuota",
                    message: 'namespaceQuota is a property of a Fleet managed namespace, but namespaceMode is "kubernetes": set namespaceMode "managed", or drop namespaceQuota.',
                },
                {
                    path: "namespaceNetworkPolicy",
                    message: 'namespaceNetworkPolicy is a property of a Fleet managed namespace, but namespaceMode is "kubernetes": set namespaceMode "managed", or drop namespaceNetworkPolicy.',
                },
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
