// The ResourceOverrides (sdk/src/render/placementOverrides.ts), directly and as renderPlacement returns them.
import * as assert from "node:assert";
import { PlacementSpec, renderPlacement } from "../../sdk/src/render/placement";
import { overridesByObject, renderOverrides } from "../../sdk/src/render/placementOverrides";
import { PlacementOverride } from "../../sdk/src/render/placementTypes";
import { validateFleetObject } from "../validators/fleetCrds";
import { base, variants } from "./placementFixtures";

describe("render/placementOverrides", () => {
    describe("grouped by object", () => {
        // The overrides as Fleet reads them: one ResourceOverride per object, its rules in order, label keys sorted (a
        // reordered map is no change in the preview), and a remove patch carrying no value (Fleet's JSON patch has
        // none).
        const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };
        const override = (name: string, extra: Partial<PlacementOverride> = {}): PlacementOverride => ({
            name,
            clusterLabels: { env: "prod" },
            resource: deployment,
            patches: [{ op: "replace", path: "/spec/replicas", value: 3 }],
            ...extra,
        });
        const spec = (overrides: PlacementOverride[], extra: Partial<PlacementSpec> = {}): PlacementSpec => ({ name: "web", namespace: "web", type: "PickAll", overrides, ...extra });

        it("selects clusters with sorted label keys, and drops a remove patch's value", () => {
            const [ro] = renderOverrides(
                spec([
                    override("o", {
                        clusterLabels: { zone: "1", app: "2" },
                        patches: [
                            { op: "remove", path: "/data/A", value: "ignored" },
                            { op: "add", path: "/data/B", value: "b" },
                        ],
                    }),
                ]),
                {},
            ) as any[];
            const rule = ro.spec.policy.overrideRules[0];
            assert.deepStrictEqual(Object.keys(rule.clusterSelector.clusterSelectorTerms[0].labelSelector.matchLabels), ["app", "zone"]);
            assert.deepStrictEqual(rule.jsonPatchOverrides, [
                { op: "remove", path: "/data/A" },
                { op: "add", path: "/data/B", value: "b" },
            ]);
            assert.ok(!("value" in rule.jsonPatchOverrides[0]));
            assert.deepStrictEqual(ro.metadata, { name: "web-deployment", namespace: "web" });
            assert.deepStrictEqual(ro.spec.placement, { name: "web", scope: "Cluster" });
            assert.deepStrictEqual(ro.spec.resourceSelectors, [deployment]);
        });

        it("groups by object, skipping entries without a target and Namespace overrides (both refused by placementProblems)", () => {
            const ns = { group: "", version: "v1", kind: "Namespace", name: "web" };
            const groups = overridesByObject({
                overrides: [
                    override("a"),
                    undefined as never,
                    override("n", { resource: ns }),
                    override("x", { resource: undefined as never }),
                    override("b"),
                    override("c", { resource: { ...deployment, name: "api" } }),
                ],
            });
            assert.deepStrictEqual(
                groups.map((g) => [g.name, g.target.name, g.overrides.map((o) => o.name), g.autoscaled]),
                [
                    ["web-deployment", "web", ["a", "b"], false],
                    ["api-deployment", "api", ["c"], false],
                ],
            );
        });

        it("the autoscaled Deployment's group comes first, named NAME-autoscaling whatever overrides it has; others NAME-KIND", () => {
            assert.deepStrictEqual(
                overridesByObject({ autoscaledDeployment: "web", overrides: [override("c", { resource: { ...deployment, name: "api" } }), override("mine")] }).map((g) => [
                    g.name,
                    g.overrides.length,
                    g.autoscaled,
                ]),
                [
                    ["web-autoscaling", 1, true],
                    ["api-deployment", 1, false],
                ],
            );
            assert.deepStrictEqual(
                overridesByObject({ autoscaledDeployment: "web" }).map((g) => [g.name, g.target, g.overrides.length]),
                [["web-autoscaling", deployment, 0]],
            );
            const [ro] = renderOverrides(spec([], { autoscaledDeployment: "web" }), { labels: { team: "a" } }) as any[];
            assert.deepStrictEqual(ro.metadata, { name: "web-autoscaling", namespace: "web", labels: { team: "a" } });
            assert.deepStrictEqual(ro.spec.policy.overrideRules, [
                { clusterSelector: { clusterSelectorTerms: [] }, overrideType: "JSONPatch", jsonPatchOverrides: [{ op: "remove", path: "/spec/replicas" }] },
            ]);
        });
    });

    describe("in the rendered placement", () => {
        it("overrides: ResourceOverrides in the namespace, tied to the placement, selected by cluster labels", () => {
            const [first, second] = renderPlacement(variants["overrides per region"]).overrides as any[];
            assert.deepStrictEqual([first.kind, first.metadata.namespace, first.spec.placement.name], ["ResourceOverride", "web", "web"]);
            assert.deepStrictEqual(first.spec.policy.overrideRules[0].jsonPatchOverrides, [{ op: "replace", path: "/spec/replicas", value: 4 }]);
            assert.deepStrictEqual(second.spec.policy.overrideRules[0].jsonPatchOverrides[0], { op: "remove", path: "/data/DEBUG" });
        });

        it("overrides carry Fleet's variables verbatim (Fleet substitutes them per member)", () => {
            const ro = renderPlacement(variants["overrides per region"]).overrides[2] as any;
            assert.deepStrictEqual([ro.kind, ro.metadata.name], ["ResourceOverride", "web-service"]);
            assert.strictEqual(ro.spec.policy.overrideRules[0].jsonPatchOverrides[1].value, "${MEMBER-CLUSTER-NAME}");
        });

        it("nothing cluster-scoped is rendered for overrides: no ClusterResourceOverride at all", () => {
            for (const spec of Object.values(variants)) {
                assert.ok(renderPlacement(spec).overrides.every((o) => o.kind === "ResourceOverride"));
            }
        });

        describe("overrides: one ResourceOverride per object (Fleet's webhook refuses a second override of one object)", () => {
            const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };
            const eastus: PlacementSpec["overrides"] = [
                { name: "eastus-env", clusterLabels: { region: "eastus" }, resource: deployment, patches: [{ op: "add", path: "/spec/template/metadata/labels/region", value: "eastus" }] },
                { name: "westeu-env", clusterLabels: { region: "westeu" }, resource: deployment, patches: [{ op: "add", path: "/spec/template/metadata/labels/region", value: "westeu" }] },
                {
                    name: "config",
                    clusterLabels: { region: "westeu" },
                    resource: { group: "", version: "v1", kind: "ConfigMap", name: "web-config" },
                    patches: [{ op: "replace", path: "/data/MODE", value: "eu" }],
                },
            ];

            it("two overrides of one Deployment are two rules of one ResourceOverride, named after the object, in order", () => {
                const overrides = renderPlacement({ ...base, overrides: eastus }).overrides as any[];
                assert.deepStrictEqual(
                    overrides.map((o) => `${o.kind}/${o.metadata.name}`),
                    ["ResourceOverride/web-deployment", "ResourceOverride/web-config-configmap"],
                );
                assert.deepStrictEqual(overrides[0].spec.resourceSelectors, [deployment]);
                assert.deepStrictEqual(
                    overrides[0].spec.policy.overrideRules.map((r: any) => r.clusterSelector.clusterSelectorTerms[0].labelSelector.matchLabels.region),
                    ["eastus", "westeu"],
                );
                for (const o of overrides) assert.deepStrictEqual(validateFleetObject(o), [], o.metadata.name);
            });
        });

        describe("autoscaling: the HorizontalPodAutoscaler owns replicas, Fleet never re-applies the hub's", () => {
            const autoscaled: PlacementSpec = { ...base, autoscaledDeployment: "web" };

            it("a ResourceOverride removes /spec/replicas from the Deployment on every member cluster, valid against the CRD", () => {
                const [ro] = renderPlacement(autoscaled).overrides as any[];
                assert.strictEqual(ro.kind, "ResourceOverride");
                assert.deepStrictEqual(ro.metadata, { name: "web-autoscaling", namespace: "web" });
                assert.deepStrictEqual(ro.spec.placement, { name: "web", scope: "Cluster" });
                assert.deepStrictEqual(ro.spec.resourceSelectors, [{ group: "apps", version: "v1", kind: "Deployment", name: "web" }]);
                // An empty clusterSelector (no terms) selects every member cluster; a missing one would select none.
                assert.deepStrictEqual(ro.spec.policy.overrideRules, [
                    { clusterSelector: { clusterSelectorTerms: [] }, overrideType: "JSONPatch", jsonPatchOverrides: [{ op: "remove", path: "/spec/replicas" }] },
                ]);
                assert.deepStrictEqual(validateFleetObject(ro), []);
                assert.deepStrictEqual(renderPlacement(base).overrides, [], "nothing without autoscaling");
            });

            it("other overrides of that Deployment become rules after it, in its one ResourceOverride, named as before overrides were given", () => {
                const overrides = renderPlacement({
                    ...autoscaled,
                    overrides: [
                        {
                            name: "cm",
                            clusterLabels: { region: "eastus" },
                            resource: { group: "", version: "v1", kind: "ConfigMap", name: "web-config" },
                            patches: [{ op: "replace", path: "/data/MODE", value: "us" }],
                        },
                        {
                            name: "eastus-label",
                            clusterLabels: { region: "eastus" },
                            resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" },
                            patches: [{ op: "add", path: "/spec/template/metadata/labels/region", value: "eastus" }],
                        },
                    ],
                }).overrides as any[];
                assert.deepStrictEqual(
                    overrides.map((o) => o.metadata.name),
                    ["web-autoscaling", "web-config-configmap"],
                );
                assert.deepStrictEqual(
                    overrides[0].spec.policy.overrideRules.map((r: any) => r.jsonPatchOverrides[0].path),
                    ["/spec/replicas", "/spec/template/metadata/labels/region"],
                );
                for (const o of overrides) assert.deepStrictEqual(validateFleetObject(o), []);
            });
        });
    });
});
