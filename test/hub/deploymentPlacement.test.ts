// The deployment wires what it knows into its placement: an autoscaled generated Deployment, an adopted namespace.
import * as assert from "assert";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs } from "../../sdk/src";
import { FLEET, REGISTRY } from "../fixtures";
import { run } from "../harness";

const base: FleetAutomatedDeploymentArgs = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "eastus" }], placement: {} };
const RO = "kubernetes:placement.kubernetes-fleet.io/v1:ResourceOverride";

describe("deployment -> placement wiring", () => {
    it("generated manifests with autoscaling: replicas are left to the autoscaler on every member", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...base, generateManifests: { autoscaling: { maxReplicas: 6 } } }));
        const [ro] = resources.filter((r) => r.type === RO);
        assert.strictEqual(ro?.name, "web-placement-override-web-autoscaling");
        assert.deepStrictEqual(ro.inputs.spec.policy.overrideRules[0].jsonPatchOverrides, [{ op: "remove", path: "/spec/replicas" }]);
        const plain = await run(() => new FleetAutomatedDeployment("web", { ...base, generateManifests: {} }));
        assert.deepStrictEqual(plain.resources.filter((r) => r.type === RO), []);
    });

    it("an override of the autoscaled Deployment's replicas fails at construction, naming placement.overrides[0]", async () => {
        let error: any;
        await run(() => {
            try {
                new FleetAutomatedDeployment("web", { ...base, generateManifests: { autoscaling: { maxReplicas: 6 } }, placement: { overrides: [
                    { name: "more", clusterLabels: { region: "eastus" }, kind: "Deployment", resourceName: "web", patches: [{ op: "replace", path: "/spec/replicas", value: 4 }] },
                ] } });
            } catch (e) { error = e; }
        });
        assert.ok(error?.errors?.some((e: any) => e.propertyPath === "placement.overrides[0].patches[0].path"), error?.message);
    });

    it("a placement of an adopted namespace logs the double-placement warning", async () => {
        const { warnings } = await run(() => new FleetAutomatedDeployment("web", { ...base, existingNamespace: true }));
        assert.ok(warnings.some((w) => w.includes("existingNamespace: true") && w.includes("PR 984")), JSON.stringify(warnings));
        const own = await run(() => new FleetAutomatedDeployment("web", base));
        assert.ok(!own.warnings.some((w) => w.includes("existingNamespace")));
    });
    it("deleting the namespace on destroy deletes its placement too, instead of leaving it selecting nothing", async () => {
        const crpOf = async (a: Partial<FleetAutomatedDeploymentArgs>) => (await run(() => new FleetAutomatedDeployment("web", { ...base, ...a }))).planned
            .find((r) => r.type === "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement")!;
        assert.ok((await crpOf({})).options.deletedWith, "kept by default: deletedWith the deployment");
        assert.strictEqual((await crpOf({ deleteNamespaceOnDestroy: true })).options.deletedWith, undefined);
        assert.ok((await crpOf({ deleteNamespaceOnDestroy: true, placement: { deleteOnDestroy: false } })).options.deletedWith, "an explicit choice wins");
    });
});
