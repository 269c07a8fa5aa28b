import * as assert from "assert";
import { overridesByObject, renderOverrides } from "../../sdk/src/render/placementOverrides";
import { PlacementOverride, PlacementSpec } from "../../sdk/src/render/placementTypes";

// The overrides as Fleet reads them: one ResourceOverride per object, its rules in order, label keys sorted (a
// reordered map is no change in the preview), and a remove patch carrying no value (Fleet's JSON patch has none).
const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };
const override = (name: string, extra: Partial<PlacementOverride> = {}): PlacementOverride =>
    ({ name, clusterLabels: { env: "prod" }, resource: deployment, patches: [{ op: "replace", path: "/spec/replicas", value: 3 }], ...extra });
const spec = (overrides: PlacementOverride[], extra: Partial<PlacementSpec> = {}): PlacementSpec => ({ name: "web", namespace: "web", type: "PickAll", overrides, ...extra });

describe("render/placementOverrides", () => {
    it("selects clusters with sorted label keys, and drops a remove patch's value", () => {
        const [ro] = renderOverrides(spec([override("o", { clusterLabels: { zone: "1", app: "2" }, patches: [{ op: "remove", path: "/data/A", value: "ignored" }, { op: "add", path: "/data/B", value: "b" }] })]), {}) as any[];
        const rule = ro.spec.policy.overrideRules[0];
        assert.deepStrictEqual(Object.keys(rule.clusterSelector.clusterSelectorTerms[0].labelSelector.matchLabels), ["app", "zone"]);
        assert.deepStrictEqual(rule.jsonPatchOverrides, [{ op: "remove", path: "/data/A" }, { op: "add", path: "/data/B", value: "b" }]);
        assert.ok(!("value" in rule.jsonPatchOverrides[0]));
        assert.deepStrictEqual(ro.metadata, { name: "web-deployment", namespace: "web" });
        assert.deepStrictEqual(ro.spec.placement, { name: "web", scope: "Cluster" });
        assert.deepStrictEqual(ro.spec.resourceSelectors, [deployment]);
    });

    it("groups by object, skipping entries without a target and Namespace overrides (both refused by placementProblems)", () => {
        const ns = { group: "", version: "v1", kind: "Namespace", name: "web" };
        const groups = overridesByObject({ overrides: [override("a"), undefined as never, override("n", { resource: ns }), override("x", { resource: undefined as never }), override("b"), override("c", { resource: { ...deployment, name: "api" } })] });
        assert.deepStrictEqual(groups.map((g) => [g.name, g.target.name, g.overrides.map((o) => o.name), g.autoscaled]), [["web-deployment", "web", ["a", "b"], false], ["api-deployment", "api", ["c"], false]]);
    });

    it("the autoscaled Deployment's group comes first, named NAME-autoscaling whatever overrides it has; others NAME-KIND", () => {
        assert.deepStrictEqual(overridesByObject({ autoscaledDeployment: "web", overrides: [override("c", { resource: { ...deployment, name: "api" } }), override("mine")] }).map((g) => [g.name, g.overrides.length, g.autoscaled]), [["web-autoscaling", 1, true], ["api-deployment", 1, false]]);
        assert.deepStrictEqual(overridesByObject({ autoscaledDeployment: "web" }).map((g) => [g.name, g.target, g.overrides.length]), [["web-autoscaling", deployment, 0]]);
        const [ro] = renderOverrides(spec([], { autoscaledDeployment: "web" }), { labels: { team: "a" } }) as any[];
        assert.deepStrictEqual(ro.metadata, { name: "web-autoscaling", namespace: "web", labels: { team: "a" } });
        assert.deepStrictEqual(ro.spec.policy.overrideRules, [{ clusterSelector: { clusterSelectorTerms: [] }, overrideType: "JSONPatch", jsonPatchOverrides: [{ op: "remove", path: "/spec/replicas" }] }]);
    });
});
