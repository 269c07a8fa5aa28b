import { KubeObject } from "./kube";
import { renderOverrides } from "./placementOverrides";
import { placementProblems } from "./placementProblems";
import { EXTERNAL_ROLLOUT_ANNOTATION, NAMESPACED_SELECTED_KINDS, PLACEMENT_API as API, placementApiVersion, placementKinds, PlacementSpec, PlacementObjects, PlacementType } from "./placementTypes";
import { ARM_MANAGED_LABEL } from "../vocabulary/labels";

// Fleet placement objects (kubefleet `placement.kubernetes-fleet.io/v1`, the placement itself on v1beta1 when it
// uses a preview field) rendered as plain data, with the field names and limits of the CRDs the hub serves. Types
// in placementTypes.ts, checks in placementProblems.ts.

export { EXTERNAL_ROLLOUT_ANNOTATION, PLACEMENT_API, PLACEMENT_PREVIEW_API, placementApiVersion, placementKinds, PlacementType, previewFields } from "./placementTypes";
export type { PlacementObjects, PlacementOverride, PlacementScope, PlacementSpec } from "./placementTypes";
export { placementProblems } from "./placementProblems";

const sortKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const selector = (labels: Record<string, string>) => ({ labelSelector: { matchLabels: sortKeys(labels) } });
/** Copies only the defined fields, so absent options fall back to the CRD's defaults. */
const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function policyOf(spec: PlacementSpec): Record<string, unknown> {
    const policy: Record<string, unknown> = { placementType: spec.type };
    // placementProblems refuses a PickFixed spec without names.
    if (spec.type === PlacementType.PickFixed) policy.clusterNames = [...spec.clusterNames!];
    if (spec.type === PlacementType.PickN) policy.numberOfClusters = spec.numberOfClusters;
    const clusterAffinity: Record<string, unknown> = {};
    if (spec.requiredClusterLabels && Object.keys(spec.requiredClusterLabels).length > 0) {
        clusterAffinity.requiredDuringSchedulingIgnoredDuringExecution = { clusterSelectorTerms: [selector(spec.requiredClusterLabels)] };
    }
    if (spec.preferredClusterLabels?.length) {
        clusterAffinity.preferredDuringSchedulingIgnoredDuringExecution = spec.preferredClusterLabels.map((p) => ({ weight: p.weight, preference: selector(p.labels) }));
    }
    if (Object.keys(clusterAffinity).length > 0) policy.affinity = { clusterAffinity };
    if (spec.topologySpread?.length) {
        policy.topologySpreadConstraints = spec.topologySpread.map((t) => defined({ maxSkew: t.maxSkew, topologyKey: t.topologyKey, whenUnsatisfiable: t.whenUnsatisfiable }));
    }
    if (spec.tolerations?.length) policy.tolerations = spec.tolerations.map((t) => defined({ key: t.key, operator: t.operator, value: t.value, effect: t.effect }));
    return policy;
}

/**
 * Renders the placement, its staged-update strategy and its overrides. Throws one error listing every
 * problem. Deterministic: the same spec gives deep-equal objects.
 */
export function renderPlacement(spec: PlacementSpec): PlacementObjects {
    const problems = placementProblems(spec, "placement");
    if (problems.length > 0) throw new Error(`invalid placement:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
    const labels = spec.labels ? { labels: sortKeys(spec.labels) } : {};
    const strategy: Record<string, unknown> = {};
    if (spec.stagedRollout) strategy.type = "External";
    else if (spec.rollingUpdate) {
        strategy.type = "RollingUpdate";
        strategy.rollingUpdate = defined({ ...spec.rollingUpdate });
    }
    // Only what was asked: takeover (whenToTakeOver) and drift handling (whenToApply, comparisonOption, ReportDiff)
    // are Azure previews, served on v1beta1 (concepts-placement-takeover); a GA v1 placement carries none of them and
    // gets Fleet's defaults.
    const applyStrategy = defined({ ...spec.applyStrategy });
    if (Object.keys(applyStrategy).length > 0) strategy.applyStrategy = applyStrategy;
    const kinds = placementKinds(spec);
    const namespaced = spec.scope === "Namespaced";
    const inNamespace = namespaced ? { namespace: spec.namespace } : {};
    const placement: KubeObject = {
        apiVersion: placementApiVersion(spec),
        kind: kinds.placement,
        metadata: { name: spec.name, ...inNamespace, ...labels, ...(spec.stagedRollout ? { annotations: { [EXTERNAL_ROLLOUT_ANNOTATION]: "External" } } : {}) },
        spec: defined({
            resourceSelectors: namespaced
                ? NAMESPACED_SELECTED_KINDS.map((k) => ({ ...k, labelSelector: { matchExpressions: [{ key: ARM_MANAGED_LABEL, operator: "DoesNotExist" }] } }))
                : [{ group: "", version: "v1", kind: "Namespace", name: spec.namespace }],
            policy: policyOf(spec),
            strategy: Object.keys(strategy).length > 0 ? strategy : undefined,
            revisionHistoryLimit: spec.revisionHistoryLimit,
        }),
    };
    const stagedUpdateStrategy: KubeObject | undefined = spec.stagedRollout && {
        apiVersion: API,
        kind: kinds.strategy,
        metadata: { name: spec.name, ...inNamespace, ...labels },
        spec: {
            stages: spec.stagedRollout.stages.map((st) => {
                const after = [...(st.afterStageWaitMinutes ? [{ type: "TimedWait", waitTime: `${st.afterStageWaitMinutes}m` }] : []), ...(st.requireApproval ? [{ type: "Approval" }] : [])];
                return defined({
                    name: st.name,
                    ...selector(st.labels),
                    maxConcurrency: st.maxConcurrency === undefined ? undefined : /%$/.test(st.maxConcurrency) ? st.maxConcurrency : Number(st.maxConcurrency),
                    afterStageTasks: after.length > 0 ? after : undefined,
                });
            }),
        },
    };
    const overrides = renderOverrides(spec, labels);
    return { placement, stagedUpdateStrategy, overrides };
}
