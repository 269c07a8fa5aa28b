// The deployment wires what it knows into its placement: an autoscaled generated Deployment, an adopted namespace.
import * as assert from "node:assert";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs } from "../../sdk/src";
import { FLEET, REGISTRY } from "../fixtures";
import { guidOf, run, refusal } from "../harness";

const base: FleetAutomatedDeploymentArgs = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "eastus" }], placement: {} };
const RO = "kubernetes:placement.kubernetes-fleet.io/v1:ResourceOverride";

describe("deployment -> placement wiring", () => {
    it("generated manifests with autoscaling: replicas are left to the autoscaler on every member", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...base, generateManifests: { autoscaling: { maxReplicas: 6 } } }));
        const [ro] = resources.filter((r) => r.type === RO);
        // Named after the object it overrides (a rename of the override replaces it; see overridePart), with the
        // name it had before as an alias, so existing stacks keep it.
        assert.strictEqual(ro?.name, "web-placement-override-deployment-web");
        assert.strictEqual(ro.inputs.metadata.name, "web-autoscaling");
        assert.ok(
            ro.aliases.some((a) => a.endsWith("::web-placement-override-web-autoscaling")),
            JSON.stringify(ro.aliases),
        );
        assert.deepStrictEqual(ro.inputs.spec.policy.overrideRules[0].jsonPatchOverrides, [{ op: "remove", path: "/spec/replicas" }]);
        const plain = await run(() => new FleetAutomatedDeployment("web", { ...base, generateManifests: {} }));
        assert.deepStrictEqual(
            plain.resources.filter((r) => r.type === RO),
            [],
        );
    });

    it("an override of the autoscaled Deployment's replicas fails at construction, naming placement.overrides[0]", async () => {
        const error = await refusal(() => {
            new FleetAutomatedDeployment("web", {
                ...base,
                generateManifests: { autoscaling: { maxReplicas: 6 } },
                placement: {
                    overrides: [{ name: "more", clusterLabels: { region: "eastus" }, kind: "Deployment", resourceName: "web", patches: [{ op: "replace", path: "/spec/replicas", value: 4 }] }],
                },
            });
        });
        assert.ok(
            error?.errors?.some((e: any) => e.propertyPath === "placement.overrides[0].patches[0].path"),
            error?.message,
        );
    });

    it("a placement of an adopted namespace logs the double-placement warning", async () => {
        const { warnings } = await run(() => new FleetAutomatedDeployment("web", { ...base, existingNamespace: true }));
        assert.ok(
            warnings.some((w) => w.includes("existingNamespace: true") && w.includes("PR 984")),
            JSON.stringify(warnings),
        );
        const own = await run(() => new FleetAutomatedDeployment("web", base));
        assert.ok(!own.warnings.some((w) => w.includes("existingNamespace")));
    });
    it("deleting the namespace on destroy deletes its placement too, instead of leaving it selecting nothing", async () => {
        const crpOf = async (a: Partial<FleetAutomatedDeploymentArgs>) =>
            (await run(() => new FleetAutomatedDeployment("web", { ...base, ...a }))).planned.find((r) => r.type === "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement")!;
        assert.ok((await crpOf({})).options.deletedWith, "kept by default: deletedWith the deployment");
        assert.strictEqual((await crpOf({ deleteNamespaceOnDestroy: true })).options.deletedWith, undefined);
        assert.ok((await crpOf({ deleteNamespaceOnDestroy: true, placement: { deleteOnDestroy: false } })).options.deletedWith, "an explicit choice wins");
    });
});

describe("deployment -> staged rollout: who starts the update runs", () => {
    const stagedArgs: FleetAutomatedDeploymentArgs = {
        ...base,
        members: [{ name: "canary" }, { name: "eastus" }],
        placement: {
            stagedRollout: {
                stages: [
                    { name: "canary", clusterLabels: { "fleet-stage": "canary" } },
                    { name: "rest", clusterLabels: { "fleet-stage": "rest" } },
                ],
            },
        },
    };
    const RA = "azure-native:authorization:RoleAssignment";
    const MI = "azure-native:managedidentity:UserAssignedIdentity";
    const FIC = "azure-native:managedidentity:FederatedIdentityCredential";

    it("a second identity, trusting the same subjects, holds Hub Cluster User and the hub binding on update runs, nothing else", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", stagedArgs));
        const identities = resources.filter((r) => r.type === MI);
        assert.deepStrictEqual(
            identities.map((r) => r.name),
            ["web-oidc-identity", "web-rollout-identity"],
        );
        const rollout = identities[1];
        assert.strictEqual(rollout.inputs.resourceName, `${identities[0].inputs.resourceName}-rollout`);
        const subjectsOf = (prefix: string) =>
            resources
                .filter((r) => r.type === FIC && r.name.startsWith(prefix))
                .map((r) => r.inputs.subject)
                .sort();
        assert.deepStrictEqual(subjectsOf("web-rollout-"), subjectsOf("web-oidc-"));
        assert.ok(subjectsOf("web-rollout-").length > 0);

        const rolloutPrincipal = guidOf("principal:web-rollout-identity");
        const grants = resources.filter((r) => r.type === RA && r.name.startsWith("web-rollout-"));
        assert.deepStrictEqual(
            grants.map((g) => [g.name, g.inputs.scope, g.inputs.roleDefinitionId.split("/").pop()]),
            [["web-rollout-hub-user", FLEET, "850c5848-fc51-4a9a-8823-f220370626e3"]],
        );
        assert.strictEqual(grants[0].inputs.principalId, rolloutPrincipal);
        // Neither RBAC Writer for the rollout identity nor the binding for the deploy identity.
        const deployPrincipal = resources.find((r) => r.name === "web-ns-hub-writer")!.inputs.principalId;
        assert.notStrictEqual(deployPrincipal, grants[0].inputs.principalId);
        const binding = resources.find((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")!;
        assert.deepStrictEqual(binding.inputs.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: grants[0].inputs.principalId }]);
        const role = resources.find((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")!;
        assert.deepStrictEqual(
            role.inputs.rules.flatMap((r: any) => r.resources),
            ["clusterstagedupdateruns"],
        );
        assert.strictEqual(binding.inputs.roleRef.name, role.inputs.metadata.name);
    });

    it("the workflow reads the rollout client id from its own variable, and is committed after the rollout grants and the placement", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", stagedArgs));
        const variable = resources.find((r) => r.type === "github:index/actionsVariable:ActionsVariable" && r.inputs.variableName === "AZURE_ROLLOUT_CLIENT_ID_WEB")!;
        const rollout = resources.find((r) => r.name === "web-rollout-identity")!;
        assert.ok(variable, "AZURE_ROLLOUT_CLIENT_ID_WEB");
        assert.strictEqual(variable.inputs.value, guidOf(`client:${rollout.name}`));
        const workflow = resources.find((r) => r.type === "github:index/repositoryFile:RepositoryFile" && r.inputs.file.endsWith(".yml"))!;
        assert.match(workflow.inputs.content, /AZURE_ROLLOUT_CLIENT_ID_WEB/);
        for (const name of ["web-rollout-binding", "web-rollout-hub-user", "web-placement-crp", "web-placement-strategy"]) {
            const dep = resources.find((r) => r.name === name)!;
            assert.ok(workflow.dependencies.includes(dep.urn) || resources.some((r) => workflow.dependencies.includes(r.urn) && r.dependencies.includes(dep.urn)), `the workflow waits for ${name}`);
        }
    });

    it("no staged rollout: no rollout identity, binding, variable or job", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", base));
        assert.deepStrictEqual(
            resources.filter((r) => r.name.startsWith("web-rollout")).map((r) => r.name),
            [],
        );
        assert.ok(!resources.some((r) => r.inputs?.variableName === "AZURE_ROLLOUT_CLIENT_ID_WEB"));
    });

    it("stages that could share a member fail at construction, naming the stage's clusterLabels", async () => {
        const error = await refusal(() => {
            new FleetAutomatedDeployment("web", {
                ...stagedArgs,
                placement: {
                    stagedRollout: {
                        stages: [
                            { name: "canary", clusterLabels: { "fleet-stage": "canary" } },
                            { name: "europe", clusterLabels: { region: "europe" } },
                        ],
                    },
                },
            });
        });
        assert.ok(
            error?.errors?.some((e: any) => e.propertyPath === "placement.stagedRollout.stages[1].clusterLabels"),
            error?.message,
        );
    });
});
