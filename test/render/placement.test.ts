// The placement renderer (sdk/src/render/placement.ts): the ClusterResourcePlacement and its staged update strategy,
// valid against Fleet's CRDs and whole. Refusals are in placementProblems.test.ts, overrides in
// placementOverrides.test.ts, API versions in placementTypes.test.ts.
import * as assert from "node:assert";
import { EXTERNAL_ROLLOUT_ANNOTATION, PlacementSpec, renderPlacement } from "../../sdk/src/render/placement";
import { validateFleetObject } from "../validators/fleetCrds";
import { base, variants } from "./placementFixtures";

const all = (spec: PlacementSpec) => {
    const r = renderPlacement(spec);
    return [r.placement, ...(r.stagedUpdateStrategy ? [r.stagedUpdateStrategy] : []), ...r.overrides];
};

describe("render/placement", () => {
    describe("every rendered object is valid against its CRD's openAPIV3Schema", () => {
        for (const [label, spec] of Object.entries(variants)) {
            it(label, () => {
                for (const obj of all(spec)) assert.deepStrictEqual(validateFleetObject(obj), [], `${obj.kind}: ${JSON.stringify(obj)}`);
            });
        }
    });

    it("the validator bites: bad enum, wrong type, missing required field, too many items, unknown kind", () => {
        const crp = renderPlacement(base).placement as any;
        const broken = (mutate: (o: any) => void) => {
            const o = structuredClone(crp);
            mutate(o);
            return validateFleetObject(o);
        };
        assert.ok(
            broken((o) => {
                o.spec.policy.placementType = "PickSome";
            }).some((e) => e.includes("placementType")),
        );
        assert.ok(
            broken((o) => {
                o.spec.policy.numberOfClusters = "three";
            }).some((e) => e.includes("numberOfClusters")),
        );
        assert.ok(
            broken((o) => {
                delete o.spec.resourceSelectors;
            }).some((e) => e.includes("resourceSelectors")),
        );
        assert.ok(
            broken((o) => {
                o.spec.policy.clusterNames = Array.from({ length: 101 }, (_, i) => `c${i}`);
            }).some((e) => e.includes("clusterNames")),
        );
        assert.ok(
            broken((o) => {
                o.spec.strategy = { rollingUpdate: { maxUnavailable: "150%" } };
            }).some((e) => e.includes("maxUnavailable")),
        );
        assert.ok(
            broken((o) => {
                o.metadata.name = "Web";
            }).some((e) => e.includes("metadata/name")),
        );
        assert.deepStrictEqual(validateFleetObject({ ...crp, kind: "ClusterResourcePlacer" }), ["no CRD serves placement.kubernetes-fleet.io/v1/ClusterResourcePlacer"]);
    });

    it("selects the namespace and places on exactly the named clusters", () => {
        const crp = renderPlacement(base).placement as any;
        assert.deepStrictEqual(crp.spec.resourceSelectors, [{ group: "", version: "v1", kind: "Namespace", name: "web" }]);
        assert.deepStrictEqual(crp.spec.policy, { placementType: "PickFixed", clusterNames: ["eastus", "westeu"] });
    });

    it("PickN: count, required and preferred affinity, topology spread", () => {
        const crp = renderPlacement(variants["PickN with affinity and topology spread"]).placement as any;
        const policy = crp.spec.policy;
        assert.strictEqual(policy.numberOfClusters, 3);
        assert.deepStrictEqual(policy.affinity.clusterAffinity.requiredDuringSchedulingIgnoredDuringExecution, { clusterSelectorTerms: [{ labelSelector: { matchLabels: { env: "prod" } } }] });
        assert.strictEqual(policy.affinity.clusterAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].weight, -10);
        assert.deepStrictEqual(policy.topologySpreadConstraints[1], { topologyKey: "zone" });
    });

    it("staged rollout: a strategy with the stages, and the placement's strategy External", () => {
        const r = renderPlacement(variants["staged rollout with waits and approvals"]);
        assert.strictEqual((r.placement as any).spec.strategy.type, "External");
        const stages = (r.stagedUpdateStrategy as any).spec.stages;
        assert.deepStrictEqual(
            stages.map((s: any) => s.name),
            ["canary", "europe", "rest"],
        );
        assert.deepStrictEqual(stages[0].afterStageTasks, [{ type: "TimedWait", waitTime: "30m" }]);
        assert.strictEqual(stages[0].maxConcurrency, 1);
        assert.deepStrictEqual(stages[1].afterStageTasks, [{ type: "TimedWait", waitTime: "10m" }, { type: "Approval" }]);
        assert.strictEqual(stages[2].afterStageTasks, undefined, "nothing after the last stage");
        assert.strictEqual(r.stagedUpdateStrategy!.metadata.name, "web");
    });

    it("renders only what the spec says: no strategy block without one (placementSpec writes Fleet's defaults out)", () => {
        const crp = renderPlacement(base).placement as any;
        assert.ok(!("strategy" in crp.spec) && !("revisionHistoryLimit" in crp.spec));
        const rolling = renderPlacement({ ...base, rollingUpdate: { maxSurge: 1 } }).placement as any;
        assert.deepStrictEqual(rolling.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } });
    });

    it("is deterministic, with label keys sorted", () => {
        const spec = variants["PickAll with required labels and tolerations"];
        assert.deepStrictEqual(renderPlacement(spec), renderPlacement(structuredClone(spec)));
        const terms = (renderPlacement(spec).placement as any).spec.policy.affinity.clusterAffinity.requiredDuringSchedulingIgnoredDuringExecution.clusterSelectorTerms;
        assert.deepStrictEqual(Object.keys(terms[0].labelSelector.matchLabels), ["env", "fleet.azure.com/location"]);
    });

    describe("the objects, whole", () => {
        // Whole placement objects: Fleet acts on every field (an empty affinity term still selects, a stage's
        // concurrency is a number or a percentage, a wait is minutes), so each is pinned, and options left out stay out
        // for Fleet's defaults to apply.
        const ns = [{ group: "", version: "v1", kind: "Namespace", name: "web" }];

        it("PickAll with nothing else: the namespace and the type, no affinity, no strategy", () => {
            const r = renderPlacement({ name: "web", namespace: "web", type: "PickAll", requiredClusterLabels: {}, preferredClusterLabels: [], tolerations: [], overrides: [] });
            assert.deepStrictEqual(r, {
                placement: {
                    apiVersion: "placement.kubernetes-fleet.io/v1",
                    kind: "ClusterResourcePlacement",
                    metadata: { name: "web" },
                    spec: { resourceSelectors: ns, policy: { placementType: "PickAll" } },
                },
                stagedUpdateStrategy: undefined,
                overrides: [],
            });
        });

        it("PickN with every policy field, a rolling update and labels", () => {
            const spec: PlacementSpec = {
                name: "web",
                namespace: "web",
                type: "PickN",
                numberOfClusters: 2,
                labels: { team: "b", app: "a" },
                requiredClusterLabels: { z: "1", a: "2" },
                preferredClusterLabels: [{ weight: -5, labels: { spot: "true" } }],
                topologySpread: [{ topologyKey: "region" }],
                tolerations: [{ key: "gpu", operator: "Exists" }],
                rollingUpdate: { maxSurge: 1 },
                revisionHistoryLimit: 3,
            };
            const { placement } = renderPlacement(spec);
            assert.deepStrictEqual(placement, {
                apiVersion: "placement.kubernetes-fleet.io/v1",
                kind: "ClusterResourcePlacement",
                metadata: { name: "web", labels: { app: "a", team: "b" } },
                spec: {
                    resourceSelectors: ns,
                    policy: {
                        placementType: "PickN",
                        numberOfClusters: 2,
                        affinity: {
                            clusterAffinity: {
                                requiredDuringSchedulingIgnoredDuringExecution: { clusterSelectorTerms: [{ labelSelector: { matchLabels: { a: "2", z: "1" } } }] },
                                preferredDuringSchedulingIgnoredDuringExecution: [{ weight: -5, preference: { labelSelector: { matchLabels: { spot: "true" } } } }],
                            },
                        },
                        topologySpreadConstraints: [{ topologyKey: "region" }],
                        tolerations: [{ key: "gpu", operator: "Exists" }],
                    },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } },
                    revisionHistoryLimit: 3,
                },
            });
            assert.deepStrictEqual(Object.keys(placement.metadata.labels!), ["app", "team"]);
        });

        it("PickFixed copies the names; a preferred-only affinity has no required term", () => {
            const names = ["b", "a"];
            const { placement } = renderPlacement({ name: "web", namespace: "web", type: "PickFixed", clusterNames: names });
            assert.deepStrictEqual((placement.spec as any).policy, { placementType: "PickFixed", clusterNames: ["b", "a"] });
            assert.notStrictEqual((placement.spec as any).policy.clusterNames, names, "a copy: the caller's list is not shared");
            const preferred = renderPlacement({ name: "web", namespace: "web", type: "PickN", numberOfClusters: 1, preferredClusterLabels: [{ weight: 1, labels: { a: "b" } }] });
            assert.deepStrictEqual(Object.keys((preferred.placement.spec as any).policy.affinity.clusterAffinity), ["preferredDuringSchedulingIgnoredDuringExecution"]);
        });

        it("a staged rollout: External strategy, the annotation, and stages with their waits and approvals", () => {
            const r = renderPlacement({
                name: "web",
                namespace: "web",
                type: "PickAll",
                labels: { team: "a" },
                stagedRollout: {
                    stages: [
                        { name: "canary", labels: { stage: "canary" }, maxConcurrency: "2", afterStageWaitMinutes: 15, requireApproval: true },
                        { name: "rest", labels: { stage: "rest" }, maxConcurrency: "25%" },
                        { name: "last", labels: { stage: "last" }, requireApproval: false },
                    ],
                },
            });
            assert.deepStrictEqual(r.placement.metadata, { name: "web", labels: { team: "a" }, annotations: { [EXTERNAL_ROLLOUT_ANNOTATION]: "External" } });
            assert.deepStrictEqual((r.placement.spec as any).strategy, { type: "External" }, "a staged rollout replaces the rolling update");
            assert.deepStrictEqual(r.stagedUpdateStrategy, {
                apiVersion: "placement.kubernetes-fleet.io/v1",
                kind: "ClusterStagedUpdateStrategy",
                metadata: { name: "web", labels: { team: "a" } },
                spec: {
                    stages: [
                        { name: "canary", labelSelector: { matchLabels: { stage: "canary" } }, maxConcurrency: 2, afterStageTasks: [{ type: "TimedWait", waitTime: "15m" }, { type: "Approval" }] },
                        { name: "rest", labelSelector: { matchLabels: { stage: "rest" } }, maxConcurrency: "25%" },
                        { name: "last", labelSelector: { matchLabels: { stage: "last" } } },
                    ],
                },
            });
        });

        it("an apply strategy is carried as given, and only its set fields", () => {
            const { placement } = renderPlacement({ name: "web", namespace: "web", type: "PickAll", applyStrategy: { type: "ServerSideApply", whenToApply: undefined } });
            assert.deepStrictEqual((placement.spec as any).strategy, { applyStrategy: { type: "ServerSideApply" } });
            const empty = renderPlacement({ name: "web", namespace: "web", type: "PickAll", applyStrategy: {} });
            assert.ok(!("strategy" in (empty.placement.spec as object)));
        });

        it("refuses a bad spec with every problem, one per line", () => {
            assert.throws(
                () => renderPlacement({ name: "Web", namespace: "web", type: "PickN" }),
                (e: Error) =>
                    e.message ===
                    [
                        "invalid placement:",
                        `  - placement.name "Web" is not a valid placement name: lowercase letters, digits, '-' and '.'.`,
                        "  - placement.numberOfClusters undefined: PickN needs a whole number of clusters, at least 1.",
                    ].join("\n"),
            );
        });
    });
});
