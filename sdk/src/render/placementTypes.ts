import { KubeObject } from "./kube";

// The placement renderer's data types and API versions (kubefleet `placement.kubernetes-fleet.io`, the CRDs in
// shared/reference/crds): what `placement.ts` renders and `placementProblems.ts` checks.

/** The GA API every placement object is written with, unless it uses a preview field. */
export const PLACEMENT_API = "placement.kubernetes-fleet.io/v1";
/**
 * The API Azure serves previews on: "Our data plane previews are released via our v1beta1 API"
 * (learn.microsoft.com/azure/kubernetes-fleet/concepts-placement-takeover and concepts-placement-drift). No source
 * shows Azure's hub serving takeover or drift on v1, although the kubefleet CRD has the fields on both versions.
 */
export const PLACEMENT_PREVIEW_API = "placement.kubernetes-fleet.io/v1beta1";

/** How a ClusterResourcePlacement picks member clusters. */
export const PlacementType = {
    /** Every member cluster that matches the affinity (all of them without one). */
    PickAll: "PickAll",
    /** `numberOfClusters` clusters, chosen by affinity and topology spread. */
    PickN: "PickN",
    /** Exactly the named clusters. */
    PickFixed: "PickFixed",
} as const;
export type PlacementType = (typeof PlacementType)[keyof typeof PlacementType];

/** One per-member change: RFC 6902 patches of one staged object, on the member clusters with these labels. */
export interface PlacementOverride {
    name: string;
    clusterLabels: Record<string, string>;
    resource: { group: string; version: string; kind: string; name: string };
    patches: { op: "add" | "remove" | "replace"; path: string; value?: unknown }[];
}

/**
 * What a placement is on the hub. "Cluster": a ClusterResourcePlacement of the whole namespace (the namespace is a
 * Kubernetes one the library applies). "Namespaced": a ResourcePlacement in the namespace (a Fleet managed namespace,
 * which its own generated ClusterResourcePlacement places with its quota and network policy only, kubefleet PR 452;
 * app teams place their objects with a namespace-scoped placement, concepts-resource-placement), with a namespaced
 * StagedUpdateStrategy, and overrides tied to it.
 */
export type PlacementScope = "Cluster" | "Namespaced";

/**
 * The kinds a ResourcePlacement selects, each every object of its kind in the namespace but those Azure manages
 * (label fleet.azure.com/managed-by: the managed namespace's quota and network policy, which its own placement
 * places): what the deploy identity may stage (FLEET_WRITER_KINDS, less Endpoints, which the hub's controllers write,
 * and ReplicationController, which nothing generates) and the envelopes the library registers.
 */
export const NAMESPACED_SELECTED_KINDS: readonly { group: string; version: string; kind: string }[] = [
    { group: "", version: "v1", kind: "ConfigMap" },
    { group: "", version: "v1", kind: "PersistentVolumeClaim" },
    { group: "", version: "v1", kind: "Secret" },
    { group: "", version: "v1", kind: "Service" },
    { group: "", version: "v1", kind: "ServiceAccount" },
    { group: "apps", version: "v1", kind: "DaemonSet" },
    { group: "apps", version: "v1", kind: "Deployment" },
    { group: "apps", version: "v1", kind: "StatefulSet" },
    { group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler" },
    { group: "batch", version: "v1", kind: "CronJob" },
    { group: "batch", version: "v1", kind: "Job" },
    { group: "networking.k8s.io", version: "v1", kind: "Ingress" },
    { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy" },
    { group: "policy", version: "v1", kind: "PodDisruptionBudget" },
    { group: "placement.kubernetes-fleet.io", version: "v1beta1", kind: "ResourceEnvelope" },
];

/** A placement, as plain data: what the renderer needs and nothing else. */
export interface PlacementSpec {
    /** The placement's name (DNS-1123, at most 63 characters). */
    name: string;
    /** The hub namespace the placement selects, with everything in it. */
    namespace: string;
    /** A ClusterResourcePlacement of the namespace (default), or a ResourcePlacement in it. */
    scope?: PlacementScope;
    type: PlacementType;
    /** PickFixed: member cluster names. */
    clusterNames?: string[];
    /** PickN: how many clusters. */
    numberOfClusters?: number;
    /** Labels a cluster must have (PickAll, PickN). */
    requiredClusterLabels?: Record<string, string>;
    /** Labels that make a cluster preferred (PickN), with a weight of -100..100. */
    preferredClusterLabels?: { weight: number; labels: Record<string, string> }[];
    /** PickN: spread picks across the values of a cluster label. */
    topologySpread?: { topologyKey: string; maxSkew?: number; whenUnsatisfiable?: "DoNotSchedule" | "ScheduleAnyway" }[];
    /** Member taints the placement tolerates (PickAll, PickN). */
    tolerations?: { key?: string; operator?: "Equal" | "Exists"; value?: string; effect?: "NoSchedule" }[];
    /**
     * Rolling update bounds: a count of clusters (a number) or a percentage ("25%"). Fleet's defaults (25%, 25%, 60 s)
     * fill what is absent, and are written out, so that Pulumi owns them (see renderPlacement).
     */
    rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string; unavailablePeriodSeconds?: number };
    /**
     * How members apply the objects; Fleet's defaults when absent. `whenToTakeOver`, `whenToApply`,
     * `comparisonOption` and `type: "ReportDiff"` are Azure previews: the placement is then written on v1beta1.
     */
    applyStrategy?: {
        type?: "ClientSideApply" | "ServerSideApply" | "ReportDiff";
        comparisonOption?: "PartialComparison" | "FullComparison";
        whenToApply?: "Always" | "IfNotDrifted";
        whenToTakeOver?: "Always" | "IfNoDiff" | "Never";
    };
    /** Older placement snapshots kept for rollback; Fleet's default (10) when absent. */
    revisionHistoryLimit?: number;
    /** Stage-by-stage rollout through a ClusterStagedUpdateStrategy (the placement's strategy becomes External). */
    stagedRollout?: { stages: { name: string; labels: Record<string, string>; maxConcurrency?: string; afterStageWaitMinutes?: number; requireApproval?: boolean }[] };
    /**
     * Per-member JSON patches of staged objects in the namespace, selected by cluster labels; the overrides of one
     * object become one ResourceOverride. The Namespace itself is refused (placementProblems says why).
     */
    overrides?: PlacementOverride[];
    /**
     * The Deployment (a name in the namespace) whose replicas a HorizontalPodAutoscaler owns on every member: its
     * ResourceOverride keeps `/spec/replicas` out of what Fleet applies on every cluster, and no override may patch it.
     */
    autoscaledDeployment?: string;
    /**
     * Not rendered: how the objects are registered. true: removing their owner (the deployment, or `pulumi destroy`)
     * deletes them, and Fleet withdraws the app from every member. Default: Pulumi forgets them and they stay, as the
     * namespace does.
     */
    deleteOnDestroy?: boolean;
    /** Labels on every rendered object. */
    labels?: Record<string, string>;
}

/** What a placement renders to. */
export interface PlacementObjects {
    /** The ClusterResourcePlacement. */
    placement: KubeObject;
    /** The ClusterStagedUpdateStrategy of a staged rollout. */
    stagedUpdateStrategy?: KubeObject;
    /**
     * One ResourceOverride per overridden object in the namespace (Fleet accepts one per object), the autoscaled
     * Deployment's first, each named after the object's first override.
     */
    overrides: KubeObject[];
}

/** `applyStrategy` fields Azure ships as previews (concepts-placement-takeover, concepts-placement-drift). */
export function previewFields(spec: Pick<PlacementSpec, "applyStrategy">): string[] {
    const a = spec.applyStrategy ?? {};
    return [
        ...(a.whenToTakeOver !== undefined ? ["applyStrategy.whenToTakeOver"] : []),
        ...(a.whenToApply !== undefined ? ["applyStrategy.whenToApply"] : []),
        ...(a.comparisonOption !== undefined ? ["applyStrategy.comparisonOption"] : []),
        ...(a.type === "ReportDiff" ? ["applyStrategy.type"] : []),
    ];
}

/** The kinds of a placement's objects, by scope. */
export function placementKinds(spec: Pick<PlacementSpec, "scope">) {
    return spec.scope === "Namespaced"
        ? { placement: "ResourcePlacement", strategy: "StagedUpdateStrategy", run: "StagedUpdateRun", approval: "ApprovalRequest" }
        : { placement: "ClusterResourcePlacement", strategy: "ClusterStagedUpdateStrategy", run: "ClusterStagedUpdateRun", approval: "ClusterApprovalRequest" };
}

/** The placement's API version: v1, or v1beta1 when it uses a preview field. */
export function placementApiVersion(spec: Pick<PlacementSpec, "applyStrategy">): string {
    return previewFields(spec).length > 0 ? PLACEMENT_PREVIEW_API : PLACEMENT_API;
}

/**
 * Marks a placement whose rollout strategy is External, and is its only annotation. The CRD refuses to move a strategy
 * away from External ("cannot change rollout strategy type from 'External' to other types"), so the placement is
 * replaced then, and this annotation going away is what the registration's replaceOnChanges sees. `spec.strategy.type`
 * cannot be watched for it: it changes going to External too, which must stay an update (a replaced placement is
 * withdrawn from its members, and an External one places nothing until the next staged update run).
 */
export const EXTERNAL_ROLLOUT_ANNOTATION = "fleet-autodeploy.io/rollout-strategy";

/** The core Namespace kind (group ""). */
export const isNamespace = (r: { group?: string; kind?: string } | undefined) => r?.kind === "Namespace" && !r.group;
