import * as assert from "assert";
import { overlappingStageProblems, placementProblems } from "../../sdk/src/render/placementProblems";
import { PlacementSpec } from "../../sdk/src/render/placementTypes";

// Refusals the mutation run found unasserted: label problems under a stage's or an override's own path, a bad
// override of an autoscaled Deployment reported instead of crashing the check, and an empty stage overlapping none.
const spec: PlacementSpec = { name: "web", namespace: "web", type: "PickAll" };
const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };

describe("render/placementProblems: paths and partial specs", () => {
    it("a bad label is reported under the stage's and the override's clusterLabels", () => {
        const found = placementProblems({
            ...spec,
            stagedRollout: { stages: [{ name: "a", labels: { "bad key": "x" } }] },
            overrides: [{ name: "o", clusterLabels: { env: "bad value!" }, resource: deployment, patches: [{ op: "remove", path: "/a" }] }],
        }, "p").map((x) => x.path);
        assert.deepStrictEqual(found, ["p.stagedRollout.stages[0].clusterLabels", "p.overrides[0].clusterLabels"]);
    });

    it("an override without a target, beside an autoscaled Deployment, is reported, not a TypeError", () => {
        const found = placementProblems({ ...spec, autoscaledDeployment: "web", overrides: [{ name: "o", clusterLabels: { env: "prod" }, resource: undefined as never, patches: [{ op: "remove", path: "/spec/replicas" }] }] }, "p");
        assert.deepStrictEqual(found.map((x) => x.message), ["p.overrides[0] needs the kind and resourceName of the staged object to patch."]);
    });

    it("a stage without labels overlaps no other (it is refused on its own)", () => {
        assert.deepStrictEqual(overlappingStageProblems([{ name: "a", labels: { env: "1" } }, { name: "b", labels: {} }], "s"), []);
    });
});
