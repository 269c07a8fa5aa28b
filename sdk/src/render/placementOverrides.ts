import { KubeObject } from "./kube";
import { isNamespace, PLACEMENT_API as API, PlacementOverride, PlacementSpec } from "./placementTypes";

// A placement's overrides as Fleet objects. Fleet's hub webhook accepts one ResourceOverride per object ("the resource
// has been selected by both X and Y, which is not supported", kubefleet pkg/utils/validator/resourceoverride.go,
// validateResourceOverrideResourceLimit), so every override of one object becomes a rule of that object's one
// ResourceOverride, in order; rules apply in order on each cluster they select. The ResourceOverride is named after its
// object, not after an override: renaming an override, or moving one to another object, then never creates a
// ResourceOverride beside one of the same name (AlreadyExists) or of the same object (refused).

/** The object an override patches, as a Fleet resource selector. */
export type OverrideTarget = PlacementOverride["resource"];

const sortKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
const selector = (labels: Record<string, string>) => ({ labelSelector: { matchLabels: sortKeys(labels) } });
const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const keyOf = (t: OverrideTarget) => JSON.stringify([t.group, t.version, t.kind, t.name]);

/** The autoscaled Deployment as an override target. */
export const autoscaledTarget = (deployment: string): OverrideTarget => ({ group: "apps", version: "v1", kind: "Deployment", name: deployment });

/**
 * The name of an object's ResourceOverride: `NAME-KIND`, and `NAME-autoscaling` for the autoscaled Deployment (the name
 * earlier versions gave it, kept so that upgrading replaces nothing that leaves replicas to the autoscaler).
 */
export const overrideObjectName = (target: OverrideTarget, autoscaled: boolean) => (autoscaled ? `${target.name}-autoscaling` : `${target.name}-${target.kind.toLowerCase()}`);

/**
 * The rule that leaves the replica count to the member's HorizontalPodAutoscaler. Fleet re-applies the hub's manifest
 * (applyStrategy whenToApply defaults to Always), and the hub's API server defaults a Deployment's spec.replicas to 1:
 * Fleet would set every member back to 1 replica after each scale-up. Removing the field from what Fleet applies
 * leaves it unmanaged on members (inferred: no Microsoft guidance). The hub's copy always has spec.replicas (defaulted),
 * so the removal never fails. An empty clusterSelector selects every member cluster (CRD: "An empty clusterSelector
 * selects ALL the member clusters"; kubefleet IsClusterMatched).
 */
export const REPLICAS_UNMANAGED_RULE = {
    clusterSelector: { clusterSelectorTerms: [] as unknown[] },
    overrideType: "JSONPatch",
    jsonPatchOverrides: [{ op: "remove", path: "/spec/replicas" }],
};

/** The overrides of each object, the autoscaled Deployment's first: what becomes one ResourceOverride each. */
export function overridesByObject(spec: Pick<PlacementSpec, "overrides" | "autoscaledDeployment">): { name: string; target: OverrideTarget; overrides: PlacementOverride[]; autoscaled: boolean }[] {
    const groups = new Map<string, { name: string; target: OverrideTarget; overrides: PlacementOverride[]; autoscaled: boolean }>();
    if (spec.autoscaledDeployment) {
        const target = autoscaledTarget(spec.autoscaledDeployment);
        groups.set(keyOf(target), { name: overrideObjectName(target, true), target, overrides: [], autoscaled: true });
    }
    for (const o of spec.overrides ?? []) {
        if (!o?.resource || isNamespace(o.resource)) continue;
        const key = keyOf(o.resource);
        const group = groups.get(key) ?? { name: overrideObjectName(o.resource, false), target: { ...o.resource }, overrides: [], autoscaled: false };
        group.overrides.push(o);
        groups.set(key, group);
    }
    return [...groups.values()];
}

/** The ResourceOverrides of a valid spec (Namespace overrides are refused: placementProblems). */
export function renderOverrides(spec: PlacementSpec, labels: { labels?: Record<string, string> }): KubeObject[] {
    const ruleOf = (o: PlacementOverride) => ({
        clusterSelector: { clusterSelectorTerms: [selector(o.clusterLabels)] },
        overrideType: "JSONPatch",
        jsonPatchOverrides: o.patches.map((p) => defined({ op: p.op, path: p.path, value: p.op === "remove" ? undefined : p.value })),
    });
    return overridesByObject(spec).map((g) => ({
        apiVersion: API,
        kind: "ResourceOverride",
        metadata: { name: g.name, namespace: spec.namespace, ...labels },
        spec: {
            placement: { name: spec.name, scope: spec.scope ?? "Cluster" },
            resourceSelectors: [{ ...g.target }],
            policy: { overrideRules: [...(g.autoscaled ? [structuredClone(REPLICAS_UNMANAGED_RULE)] : []), ...g.overrides.map(ruleOf)] },
        },
    }));
}
