import { PlacementType } from "../render/placement";

/**
 * A number of member clusters (a whole number, e.g. `1`) or a percentage of them (a string ending in "%", e.g.
 * `"25%"`). Fleet reads a string as a percentage and refuses one without "%" ("invalid type: string is not a
 * percentage", kubefleet validateRolloutStrategy), so a count is a number. Pulumi's schema analyzer has no
 * int-or-string type (it refuses unions), so the declared type is open; construction checks it.
 */
export type ClusterCountOrPercent = any;

/** A member-cluster taint the placement tolerates (PickAll and PickN only: Fleet refuses tolerations on PickFixed). */
export interface PlacementTolerationArgs {
    /** Taint key (a Kubernetes qualified name). Required with operator "Equal"; empty with "Exists" tolerates every taint. */
    key?: string;
    /** "Equal" or "Exists". @default "Equal" */
    operator?: string;
    /** Taint value (a label value; with "Equal" only). */
    value?: string;
    /** Taint effect. @default any effect */
    effect?: string;
}

/** A topology spread for PickN placements. */
export interface PlacementTopologySpreadArgs {
    /** Member cluster label whose values are spread across, e.g. "fleet.azure.com/location". */
    topologyKey: string;
    /** Largest allowed difference in clusters picked between two values. @default 1 */
    maxSkew?: number;
    /** "DoNotSchedule" or "ScheduleAnyway". @default "DoNotSchedule": a placement that cannot spread says so. */
    whenUnsatisfiable?: string;
}

/** Which member clusters the namespace is spread to, and how updates roll out. */
export interface FleetPlacementArgs {
    /**
     * Name of the placement (a ClusterResourcePlacement, or a ResourcePlacement in a managed namespace), at most 63
     * characters. Renaming it replaces it (and its overrides): withdrawn, then placed again. @default the namespace.
     */
    name?: string;
    /**
     * How clusters are picked. @default "PickFixed": exactly the members granted AcrPull, so every picked
     * cluster can pull the image. "PickAll" and "PickN" can pick clusters that were not granted it (a warning says so).
     * Fleet refuses to change it in place: a change replaces the placement (deleted, then created: Fleet withdraws the
     * app from its members, then places it again).
     */
    type?: PlacementType;
    /** Member clusters for PickFixed. @default the deployment's `members`. */
    clusterNames?: string[];
    /** How many clusters PickN picks. Required for PickN. */
    numberOfClusters?: number;
    /** Member cluster labels a cluster must have to be picked (PickAll, PickN). @default none */
    clusterLabels?: { [key: string]: string };
    /** Spread PickN picks across a member label. @default none */
    topologySpread?: PlacementTopologySpreadArgs[];
    /**
     * Taints on member clusters the placement tolerates (PickAll and PickN; Fleet refuses tolerations on PickFixed).
     * Fleet allows only additions in place, and a plan cannot see the list already on the hub, so any change to the
     * list replaces the placement: Fleet withdraws the app from its members, then places it again. @default none
     */
    tolerations?: PlacementTolerationArgs[];
    /**
     * Rolling update: how many picked clusters may be unavailable at once: a number of clusters (`1`) or a percentage
     * (`"25%"`). @default "25%" (Fleet's default, written out so that Pulumi owns it: see stagedRollout)
     */
    maxUnavailable?: ClusterCountOrPercent;
    /**
     * Rolling update: how many clusters beyond the target may receive the update at once: a number (`1`) or a
     * percentage (`"25%"`). @default "25%" (Fleet's default, written out)
     */
    maxSurge?: ClusterCountOrPercent;
    /** Rolling update: seconds to wait before a cluster with an applied update counts as available. @default 60 (Fleet's default, written out) */
    unavailablePeriodSeconds?: number;
    /**
     * How Fleet applies the staged objects on members. @default Fleet's own: client-side apply, re-applied whenever a
     * member drifts, and an object of the same name a member already runs is taken over. Setting `whenToTakeOver`,
     * `whenToApply`, `comparisonOption` or `type: "ReportDiff"` (Azure previews) writes the placement on
     * `placement.kubernetes-fleet.io/v1beta1`.
     */
    applyStrategy?: PlacementApplyStrategyArgs;
    /**
     * Roll out stage by stage (e.g. canary region first, then the rest), with waits and approvals. Fleet then rolls
     * out nothing by itself: each version needs a ClusterStagedUpdateRun, which the workflow's `rollout` job starts
     * after each staging, signed in as a second identity (`AZURE_ROLLOUT_CLIENT_ID_*`) that may only start and stop
     * update runs on the hub (a ClusterRoleBinding) and fetch the hub's credentials. Stages select members by the hub's
     * MemberCluster labels; every member the placement picks must match exactly one stage, and stages that could share
     * a member are refused (Fleet fails such a run). In a managed namespace the strategy and runs are namespaced and the
     * identity's role is a Role in the namespace. Adding it updates the placement in place (a placement made by an earlier
     * version of this library needs one `pulumi up` with this one first; one never updated since its creation needs
     * `pulumi up --skip-preview`: see the README's "Day 2"); dropping it replaces the placement (Fleet refuses to leave
     * the External strategy in place): withdrawn, then placed again.
     * @default none: a rolling update across all picked clusters
     */
    stagedRollout?: StagedRolloutArgs;
    /** Per-member changes to the staged objects, e.g. more replicas in one region. @default none */
    overrides?: PlacementOverrideArgs[];
    /**
     * Delete the placement (with its overrides and staged-update strategy) when the deployment is removed from the
     * program or destroyed; Fleet then withdraws the app from every member cluster. Set it and run `pulumi up` before
     * removing the deployment: Pulumi deletes as the last update recorded. @default the deployment's deleteNamespaceOnDestroy
     * (a placement must not outlive the namespace it selects), else false: Pulumi forgets them and they
     * stay on the hub, so members keep running the app, as the retained namespace does (a destroy never takes an app
     * offline). Either way, dropping `placement` from a deployment that stays deletes it, and a change Fleet refuses
     * in place (`type`, or dropping `stagedRollout`) replaces it: withdrawn, then placed again.
     */
    deleteOnDestroy?: boolean;
}

/**
 * How Fleet applies objects on member clusters. Every field but `type` "ClientSideApply"/"ServerSideApply" is an Azure
 * preview (concepts-placement-drift, concepts-placement-takeover: "data plane previews are released via our v1beta1
 * API"): setting one writes the ClusterResourcePlacement on `placement.kubernetes-fleet.io/v1beta1`, which the hub must
 * serve.
 */
export interface PlacementApplyStrategyArgs {
    /**
     * "ClientSideApply", "ServerSideApply", or "ReportDiff" (preview, v1beta1: Fleet applies nothing and only reports
     * how members differ from the hub). @default "ClientSideApply"
     */
    type?: string;
    /** Preview (v1beta1). "PartialComparison" or "FullComparison": which fields count as drift. @default "PartialComparison" */
    comparisonOption?: string;
    /** Preview (v1beta1). "Always" or "IfNotDrifted": whether Fleet overwrites drift made on a member. @default "Always" */
    whenToApply?: string;
    /**
     * Preview (v1beta1). Whether Fleet takes over an object of the same name that a member already runs (made by hand,
     * or placed by someone else): "Always" takes it over and overwrites it with the hub's, "IfNoDiff" only when it
     * already equals the hub's (otherwise the member reports a diff and is left as it is), "Never" never.
     * @default not set: the placement stays on GA v1, and Fleet takes over (its default, "Always")
     */
    whenToTakeOver?: string;
}

/** A staged rollout: a ClusterStagedUpdateStrategy, with the placement's strategy set to External. */
export interface StagedRolloutArgs {
    /** The stages, in order. */
    stages: RolloutStageArgs[];
}

/** One stage of a staged rollout. */
export interface RolloutStageArgs {
    /** The stage's name: up to 63 lowercase letters and digits (the strategy CRD's pattern), e.g. "canary". */
    name: string;
    /** Member cluster labels that select the stage's clusters, e.g. { "fleet-stage": "canary" }. */
    clusterLabels: { [key: string]: string };
    /** How many of the stage's clusters update at once, e.g. "1" or "50%". @default Fleet's default: 1, one cluster at a time. */
    maxConcurrency?: string;
    /** Minutes to wait after the stage before the next one starts; not on the last stage, where it holds nothing back. @default no wait */
    afterStageWaitMinutes?: number;
    /**
     * Require an approval after the stage before the next one starts (patch the approval request's status on the hub;
     * see the README). Not on the last stage, where every member is already updated. @default false
     */
    requireApproval?: boolean;
}

/** A per-member change to one staged object, as JSON patches. */
export interface PlacementOverrideArgs {
    /** The override's name (DNS label), unique in the placement. Its object's ResourceOverride is named `NAME-KIND` after the object, so renaming an override changes nothing on the hub. */
    name: string;
    /** Member cluster labels that select where the patches apply, e.g. { "fleet.azure.com/location": "westeurope" }. */
    clusterLabels: { [key: string]: string };
    /**
     * Kind of the object to patch, e.g. "Deployment". The overrides of one object become one ResourceOverride (Fleet
     * accepts one per object), in order. "Namespace" is refused: Fleet applies a Namespace override to every object in
     * the namespace, and a label or annotation patch fails on any object without that map or key, which stops Fleet
     * syncing the cluster; override each object instead.
     */
    kind: string;
    /** Name of the object to patch. */
    resourceName: string;
    /** API group of the object. @default "apps" for Deployment/StatefulSet/DaemonSet, "" otherwise */
    group?: string;
    /** API version of the object. @default "v1" */
    version?: string;
    /** RFC 6902 patches, e.g. [{ op: "replace", path: "/spec/replicas", value: 4 }]. */
    patches: JsonPatchArgs[];
}

/** One RFC 6902 JSON patch operation. */
export interface JsonPatchArgs {
    /** "add", "remove" or "replace". */
    op: string;
    /** JSON pointer into the object, e.g. "/spec/replicas". */
    path: string;
    /** The value for add and replace. */
    value?: any;
}
