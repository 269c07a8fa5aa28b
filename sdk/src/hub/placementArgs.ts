import { PlacementType } from "../render/placement";

/** A member-cluster taint the placement tolerates. */
export interface PlacementTolerationArgs {
    /** Taint key. */
    key: string;
    /** "Equal" or "Exists". @default "Equal" */
    operator?: string;
    /** Taint value (with "Equal"). */
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
    /** Name of the ClusterResourcePlacement (cluster-scoped on the hub). @default the namespace. */
    name?: string;
    /**
     * How clusters are picked. @default "PickFixed": exactly the members granted AcrPull, so every picked
     * cluster can pull the image. "PickAll" and "PickN" can pick clusters that were not granted it (a warning says so).
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
    /** Taints on member clusters the placement tolerates. @default none */
    tolerations?: PlacementTolerationArgs[];
    /** Rolling update: how many picked clusters may be unavailable at once, e.g. "25%" or "1". @default Fleet's default (25%). */
    maxUnavailable?: string;
    /** Rolling update: how many clusters beyond the target may receive the update at once. @default Fleet's default (25%). */
    maxSurge?: string;
    /** Rolling update: seconds to wait before a cluster with an applied update counts as available. @default Fleet's default (60). */
    unavailablePeriodSeconds?: number;
}
