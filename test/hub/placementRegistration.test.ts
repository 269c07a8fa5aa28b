// How the placement objects are registered: the options the engine acts on when the placement's API version
// changes, when it must be replaced, and when its owner is removed.
import * as assert from "node:assert";
import { FleetAutomatedDeployment, NamespacePlacement } from "../../sdk/src";
import { EXTERNAL_ROLLOUT_ANNOTATION } from "../../sdk/src/render/placement";
import { PlanMonitor } from "../../sdk/src/plan/monitor";
import { FLEET, REGISTRY } from "../fixtures";
import { ofType, run, refusal } from "../harness";

/** Runs like `run`, and records each registration's `deletedWith` (the harness does not), by resource name. */
async function runRecordingDeletedWith<T>(program: () => T) {
    const deletedWith = new Map<string, string>();
    const original = PlanMonitor.prototype.registerResource;
    PlanMonitor.prototype.registerResource = function (this: PlanMonitor, req: any, callback: (err: unknown, res: any) => void) {
        deletedWith.set(req.getName(), req.getDeletedwith());
        return original.call(this, req, callback);
    };
    try {
        const result = await run(program);
        const options = new Map(result.planned.map((p) => [p.name, p.options]));
        return { ...result, deletedWith, options };
    } finally {
        PlanMonitor.prototype.registerResource = original;
    }
}

const PLACEMENT_KINDS = /^kubernetes:placement\.kubernetes-fleet\.io\//;
const staged = {
    stages: [
        { name: "canary", clusterLabels: { stage: "canary" } },
        { name: "rest", clusterLabels: { stage: "rest" } },
    ],
};
const override = { name: "eastus-replicas", clusterLabels: { region: "eastus" }, kind: "Deployment", resourceName: "web", patches: [{ op: "replace", path: "/spec/replicas", value: 4 }] };

const CRP_V1 = "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement";
const CRP_V1BETA1 = "kubernetes:placement.kubernetes-fleet.io/v1beta1:ClusterResourcePlacement";

describe("hub/namespacePlacement registration", () => {
    describe("the placement's API version", () => {
        it("GA by default; a preview field moves it to v1beta1, aliased to the v1 token so the one object is updated in place", async () => {
            const ga = (await run(() => new NamespacePlacement("spread", { fleetId: FLEET, namespace: "web", placement: { type: "PickAll" } }))).resources;
            const [v1] = ofType(ga, CRP_V1);
            assert.ok(v1, "a v1 placement");
            assert.ok(v1.aliases.includes(`urn:pulumi:test::test::fleet-autodeploy:index:NamespacePlacement$${CRP_V1BETA1}::spread-crp`), JSON.stringify(v1.aliases));

            const preview = (
                await run(
                    () =>
                        new NamespacePlacement("spread", {
                            fleetId: FLEET,
                            namespace: "web",
                            placement: { type: "PickAll", applyStrategy: { whenToTakeOver: "IfNoDiff" } },
                        }),
                )
            ).resources;
            assert.deepStrictEqual(ofType(preview, CRP_V1), []);
            const [beta] = ofType(preview, CRP_V1BETA1);
            assert.strictEqual(beta.inputs.apiVersion, "placement.kubernetes-fleet.io/v1beta1");
            assert.deepStrictEqual(beta.inputs.spec.strategy.applyStrategy, { whenToTakeOver: "IfNoDiff" });
            // The alias is the URN the v1 registration had: Pulumi sees one resource whose apiVersion changed.
            assert.ok(beta.aliases.includes(v1.urn), JSON.stringify(beta.aliases));
        });
    });

    describe("lifecycle: removing the owner leaves the app placed; a change the API server refuses replaces the placement", () => {
        it("by default every placement object is deletedWith its owner (never retainOnDelete, which would block a replacement)", async () => {
            const { resources, deletedWith } = await runRecordingDeletedWith(
                () =>
                    new NamespacePlacement("spread", {
                        fleetId: FLEET,
                        namespace: "web",
                        placement: { type: "PickAll", stagedRollout: staged, overrides: [override] },
                    }),
            );
            const component = resources.find((r) => r.type === "fleet-autodeploy:index:NamespacePlacement")!;
            const objects = resources.filter((r) => PLACEMENT_KINDS.test(r.type));
            assert.deepStrictEqual(objects.map((r) => r.type.split(":").pop()).sort(), ["ClusterResourcePlacement", "ClusterStagedUpdateStrategy", "ResourceOverride"]);
            for (const r of objects) {
                assert.strictEqual(deletedWith.get(r.name), component.urn, r.name);
                assert.strictEqual(r.retainOnDelete, false, `${r.name}: retainOnDelete would also skip the delete of a replacement`);
            }
        });

        it("inside a deployment, the owner is the deployment", async () => {
            const { resources, deletedWith } = await runRecordingDeletedWith(
                () =>
                    new FleetAutomatedDeployment("web", {
                        repository: "contoso/web",
                        fleetId: FLEET,
                        registryId: REGISTRY,
                        members: [{ name: "eastus" }],
                        placement: { overrides: [override] },
                    }),
            );
            const deployment = resources.find((r) => r.type === "fleet-autodeploy:index:FleetAutomatedDeployment")!;
            const objects = resources.filter((r) => PLACEMENT_KINDS.test(r.type));
            assert.strictEqual(objects.length, 2);
            for (const r of objects) assert.strictEqual(deletedWith.get(r.name), deployment.urn, r.name);
        });

        it("deleteOnDestroy: nothing is deletedWith, so removing the owner deletes the placement and Fleet withdraws the app", async () => {
            const { resources, deletedWith } = await runRecordingDeletedWith(
                () =>
                    new NamespacePlacement("spread", {
                        fleetId: FLEET,
                        namespace: "web",
                        placement: { type: "PickAll", stagedRollout: staged, overrides: [override], deleteOnDestroy: true },
                    }),
            );
            const objects = resources.filter((r) => PLACEMENT_KINDS.test(r.type));
            assert.strictEqual(objects.length, 3);
            for (const r of objects) assert.strictEqual(deletedWith.get(r.name), "", r.name);
        });

        it("the placement type and its tolerations always, and leaving External, replace the placement, deleting it first (its name is fixed)", async () => {
            const rolling = await runRecordingDeletedWith(() => new NamespacePlacement("spread", { fleetId: FLEET, namespace: "web", placement: { type: "PickAll", maxUnavailable: 1 } }));
            const crp = rolling.options.get("spread-crp")!;
            assert.deepStrictEqual(crp.replaceOnChanges, ["spec.policy.placementType", "spec.policy.tolerations", "metadata.annotations"]);
            assert.strictEqual(crp.deleteBeforeReplace, true);
            // A rolling placement has no annotation: a staged one's marker going away is a change at metadata.annotations.
            assert.strictEqual(ofType(rolling.resources, CRP_V1)[0].inputs.metadata.annotations, undefined);

            const externally = await runRecordingDeletedWith(() => new NamespacePlacement("spread", { fleetId: FLEET, namespace: "web", placement: { type: "PickAll", stagedRollout: staged } }));
            // Going to External is allowed in place: the annotation is not watched while the placement is staged.
            assert.deepStrictEqual(externally.options.get("spread-crp")!.replaceOnChanges, ["spec.policy.placementType", "spec.policy.tolerations"]);
            const [crpStaged] = ofType(externally.resources, CRP_V1);
            assert.deepStrictEqual(crpStaged.inputs.metadata.annotations, { [EXTERNAL_ROLLOUT_ANNOTATION]: "External" });
            assert.strictEqual(crpStaged.inputs.spec.strategy.type, "External");
        });

        it("the strategy is a plain resource; an override is replaced, deleted first, when its placement is renamed", async () => {
            const { options } = await runRecordingDeletedWith(
                () =>
                    new NamespacePlacement("spread", {
                        fleetId: FLEET,
                        namespace: "web",
                        placement: { type: "PickAll", stagedRollout: staged, overrides: [override] },
                    }),
            );
            assert.deepStrictEqual(options.get("spread-strategy")!.replaceOnChanges, []);
            assert.strictEqual(options.get("spread-strategy")!.deleteBeforeReplace, false);
            // spec.placement is immutable (CRD rule), and a second override of one object is refused (webhook).
            const ro = options.get(`spread-override-${override.kind.toLowerCase()}-${override.resourceName}`)!;
            assert.deepStrictEqual(ro.replaceOnChanges, ["spec.placement"]);
            assert.strictEqual(ro.deleteBeforeReplace, true);
        });

        it("placement.deleteOnDestroy must be a boolean", async () => {
            const error = await refusal(() => new NamespacePlacement("spread", { fleetId: FLEET, namespace: "web", placement: { type: "PickAll", deleteOnDestroy: "yes" as never } }));
            assert.match(String(error?.message), /placement\.deleteOnDestroy is a string \("yes"\); expected true or false/);
        });
    });
});
