import * as assert from "assert";
import { EXTERNAL_ROLLOUT_ANNOTATION, PlacementSpec, renderPlacement } from "../../sdk/src/render/placement";

// Whole placement objects: Fleet acts on every field (an empty affinity term still selects, a stage's concurrency
// is a number or a percentage, a wait is minutes), so each is pinned, and options left out stay out for Fleet's
// defaults to apply.
const ns = [{ group: "", version: "v1", kind: "Namespace", name: "web" }];

describe("render/placement: the objects, whole", () => {
    it("PickAll with nothing else: the namespace and the type, no affinity, no strategy", () => {
        const r = renderPlacement({ name: "web", namespace: "web", type: "PickAll", requiredClusterLabels: {}, preferredClusterLabels: [], tolerations: [], overrides: [] });
        assert.deepStrictEqual(r, {
            placement: {
                apiVersion: "placement.kubernetes-fleet.io/v1", kind: "ClusterResourcePlacement", metadata: { name: "web" },
                spec: { resourceSelectors: ns, policy: { placementType: "PickAll" } },
            },
            stagedUpdateStrategy: undefined,
            overrides: [],
        });
    });

    it("PickN with every policy field, a rolling update and labels", () => {
        const spec: PlacementSpec = {
            name: "web", namespace: "web", type: "PickN", numberOfClusters: 2, labels: { team: "b", app: "a" },
            requiredClusterLabels: { z: "1", a: "2" },
            preferredClusterLabels: [{ weight: -5, labels: { spot: "true" } }],
            topologySpread: [{ topologyKey: "region" }],
            tolerations: [{ key: "gpu", operator: "Exists" }],
            rollingUpdate: { maxSurge: 1 },
            revisionHistoryLimit: 3,
        };
        const { placement } = renderPlacement(spec);
        assert.deepStrictEqual(placement, {
            apiVersion: "placement.kubernetes-fleet.io/v1", kind: "ClusterResourcePlacement", metadata: { name: "web", labels: { app: "a", team: "b" } },
            spec: {
                resourceSelectors: ns,
                policy: {
                    placementType: "PickN", numberOfClusters: 2,
                    affinity: { clusterAffinity: {
                        requiredDuringSchedulingIgnoredDuringExecution: { clusterSelectorTerms: [{ labelSelector: { matchLabels: { a: "2", z: "1" } } }] },
                        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: -5, preference: { labelSelector: { matchLabels: { spot: "true" } } } }],
                    } },
                    topologySpreadConstraints: [{ topologyKey: "region" }],
                    tolerations: [{ key: "gpu", operator: "Exists" }],
                },
                strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } },
                revisionHistoryLimit: 3,
            },
        });
        assert.deepStrictEqual(Object.keys((placement.metadata.labels)!), ["app", "team"]);
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
            name: "web", namespace: "web", type: "PickAll", labels: { team: "a" },
            stagedRollout: { stages: [
                { name: "canary", labels: { stage: "canary" }, maxConcurrency: "2", afterStageWaitMinutes: 15, requireApproval: true },
                { name: "rest", labels: { stage: "rest" }, maxConcurrency: "25%" },
                { name: "last", labels: { stage: "last" }, requireApproval: false },
            ] },
        });
        assert.deepStrictEqual(r.placement.metadata, { name: "web", labels: { team: "a" }, annotations: { [EXTERNAL_ROLLOUT_ANNOTATION]: "External" } });
        assert.deepStrictEqual((r.placement.spec as any).strategy, { type: "External" }, "a staged rollout replaces the rolling update");
        assert.deepStrictEqual(r.stagedUpdateStrategy, {
            apiVersion: "placement.kubernetes-fleet.io/v1", kind: "ClusterStagedUpdateStrategy", metadata: { name: "web", labels: { team: "a" } },
            spec: { stages: [
                { name: "canary", labelSelector: { matchLabels: { stage: "canary" } }, maxConcurrency: 2, afterStageTasks: [{ type: "TimedWait", waitTime: "15m" }, { type: "Approval" }] },
                { name: "rest", labelSelector: { matchLabels: { stage: "rest" } }, maxConcurrency: "25%" },
                { name: "last", labelSelector: { matchLabels: { stage: "last" } } },
            ] },
        });
    });

    it("an apply strategy is carried as given, and only its set fields", () => {
        const { placement } = renderPlacement({ name: "web", namespace: "web", type: "PickAll", applyStrategy: { type: "ServerSideApply", whenToApply: undefined } });
        assert.deepStrictEqual((placement.spec as any).strategy, { applyStrategy: { type: "ServerSideApply" } });
        const empty = renderPlacement({ name: "web", namespace: "web", type: "PickAll", applyStrategy: {} });
        assert.ok(!("strategy" in (empty.placement.spec as object)));
    });

    it("refuses a bad spec with every problem, one per line", () => {
        assert.throws(() => renderPlacement({ name: "Web", namespace: "web", type: "PickN" }), (e: Error) => e.message === [
            "invalid placement:",
            `  - placement.name "Web" is not a valid placement name: lowercase letters, digits, '-' and '.'.`,
            "  - placement.numberOfClusters undefined: PickN needs a whole number of clusters, at least 1.",
        ].join("\n"));
    });
});
