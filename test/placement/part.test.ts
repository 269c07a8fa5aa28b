// The placement part, planned directly: the members' clusters by default, the namespace's lifecycle, a staged rollout.
import * as assert from "node:assert";
import { planPlacement, PlacementContext } from "../../sdk/src/placement/part";
import { planNaming } from "../../sdk/src/naming/part";

const names = planNaming({ repository: "contoso/web" }, "").spec;
const context: PlacementContext = { mode: "kubernetes", adoptedNamespace: false };

describe("placement/part: planPlacement", () => {
    it("no placement: nothing planned, nothing refused", () => {
        assert.deepStrictEqual(planPlacement({}, "", names, context), {
            spec: { placement: undefined, rollout: undefined, members: [], existingNamespace: false, adoptedNamespace: false },
            problems: [],
            claims: [],
        });
    });

    it("PickFixed on the members by default, named after the namespace, deleted with a namespace deleted on destroy", () => {
        const { spec, problems } = planPlacement({ placement: {}, members: [{ name: "eastus" }, { name: "westus" }], deleteNamespaceOnDestroy: true }, "", names, context);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual([spec.placement?.name, spec.placement?.type, spec.placement?.clusterNames, spec.placement?.deleteOnDestroy], ["web", "PickFixed", ["eastus", "westus"], true]);
        assert.strictEqual(spec.rollout, undefined);
    });

    it("an empty PickFixed is blamed on members; a managed namespace's placement is a ResourcePlacement in it", () => {
        assert.deepStrictEqual(
            planPlacement({ placement: {} }, "", names, context).problems.map((p) => p.path),
            ["members"],
        );
        const managed = planPlacement({ placement: { stagedRollout: { stages: [{ name: "all", clusterLabels: { stage: "all" } }] } }, members: [{ name: "eastus" }] }, "", names, {
            ...context,
            mode: "managed",
        });
        assert.strictEqual(managed.spec.placement?.scope, "Namespaced");
        assert.deepStrictEqual(managed.spec.rollout, { placement: "web", strategy: "web", namespace: "web" });
    });
});
