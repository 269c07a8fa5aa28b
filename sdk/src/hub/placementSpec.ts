import { Problem } from "../core/problems";
import { FleetMemberArgs, PullGrant } from "../registry/members";
import { PlacementScope, PlacementSpec, PlacementType, placementProblems } from "../render/placement";
import { FleetPlacementArgs } from "./placementArgs";
import { managedByLabels } from "../vocabulary/labels";

const APPS_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);

/** What the deployment knows about the objects it stages, beyond the placement arguments. */
export interface PlacementContext {
    /**
     * The generated Deployment's name when the generated manifests autoscale it (generateManifests.autoscaling): its
     * replicas are left to the autoscaler on every member, and overrides of them are refused.
     */
    autoscaledDeployment?: string;
    /** Where the members the cluster names default to were given (the deployment's `members`); none for a bare placement. */
    membersPath?: string;
    /** A ClusterResourcePlacement of the namespace (default), or a ResourcePlacement in a managed one. */
    scope?: PlacementScope;
}

/**
 * How a placement picks clusters, with Fleet's defaults as this library fills them: PickFixed, on the members' clusters,
 * each once. Read by the placement and by a managed namespace, which goes where its placement can pick.
 */
export function pickedClusters(args: Pick<FleetPlacementArgs, "type" | "clusterNames">, members: string[]): { type: PlacementType; clusterNames?: string[] } {
    const type = args.type ?? PlacementType.PickFixed;
    // Derived from members, each once: a member listed twice is reported under members, not again here.
    return { type, clusterNames: args.clusterNames ?? (type === PlacementType.PickFixed ? [...new Set(members)] : undefined) };
}

/** Turns the placement arguments into the renderer's spec, collecting problems under `placement.*`. */
export function placementSpec(args: FleetPlacementArgs, namespace: string, members: FleetMemberArgs[], problems: Problem[], context: PlacementContext = {}): PlacementSpec {
    const { type, clusterNames } = pickedClusters(
        args,
        members.map((m) => m.name),
    );
    const fixed = type === PlacementType.PickFixed;
    if (fixed && (clusterNames ?? []).length === 0) {
        problems.push({
            // Blamed on what the user gave: the cluster names, else the (empty) members they derive from.
            path: args.clusterNames === undefined && context.membersPath ? context.membersPath : "placement.clusterNames",
            message:
                'placement is PickFixed (the default) but names no cluster: list members (they are granted AcrPull and picked), set placement.clusterNames, or choose placement.type "PickAll" or "PickN".',
        });
    }
    if (args.deleteOnDestroy !== undefined && typeof args.deleteOnDestroy !== "boolean") {
        problems.push({ path: "placement.deleteOnDestroy", message: `placement.deleteOnDestroy ${JSON.stringify(args.deleteOnDestroy)} must be true or false.` });
    }
    const bounds = { maxUnavailable: args.maxUnavailable, maxSurge: args.maxSurge, unavailablePeriodSeconds: args.unavailablePeriodSeconds };
    const boundsGiven = Object.values(bounds).some((v) => v !== undefined);
    const spec: PlacementSpec = {
        name: args.name ?? namespace,
        namespace,
        ...(context.scope === "Namespaced" ? { scope: "Namespaced" as const } : {}),
        type,
        clusterNames,
        numberOfClusters: args.numberOfClusters,
        requiredClusterLabels: args.clusterLabels,
        topologySpread: args.topologySpread?.map((t) => ({
            topologyKey: t.topologyKey,
            maxSkew: t.maxSkew,
            whenUnsatisfiable: t.whenUnsatisfiable as "DoNotSchedule" | "ScheduleAnyway" | undefined,
        })),
        tolerations: args.tolerations?.map((t) => ({
            key: t.key,
            operator: t.operator as "Equal" | "Exists" | undefined,
            value: t.value,
            effect: t.effect as "NoSchedule" | undefined,
        })),
        // Fleet's defaults written out: Pulumi then owns every rolling-update field, so the apply that adds stagedRollout
        // removes them (server-side apply removes only fields the applier owned; the mutating webhook's are no one's),
        // and the hub accepts the External strategy, which it refuses beside rollingUpdate. Under stagedRollout only
        // bounds given by hand are kept, to be refused.
        rollingUpdate: args.stagedRollout
            ? boundsGiven
                ? bounds
                : undefined
            : { maxUnavailable: bounds.maxUnavailable ?? "25%", maxSurge: bounds.maxSurge ?? "25%", unavailablePeriodSeconds: bounds.unavailablePeriodSeconds ?? 60 },
        applyStrategy: args.applyStrategy as PlacementSpec["applyStrategy"],
        stagedRollout: args.stagedRollout && {
            stages: args.stagedRollout.stages.map((st) => ({
                name: st.name,
                labels: st.clusterLabels,
                maxConcurrency: st.maxConcurrency,
                afterStageWaitMinutes: st.afterStageWaitMinutes,
                requireApproval: st.requireApproval,
            })),
        },
        overrides: args.overrides?.map((o) => ({
            name: o.name,
            clusterLabels: o.clusterLabels,
            resource: { group: o.group ?? (APPS_KINDS.has(o.kind) ? "apps" : ""), version: o.version ?? "v1", kind: o.kind, name: o.resourceName },
            patches: o.patches.map((p) => ({ op: p.op as "add" | "remove" | "replace", path: p.path, value: p.value })),
        })),
        autoscaledDeployment: context.autoscaledDeployment,
        deleteOnDestroy: args.deleteOnDestroy,
        labels: managedByLabels(),
    };
    // The empty-PickFixed case is reported above in the deployment's own words.
    problems.push(...placementProblems(spec, "placement").filter((p) => !(fixed && (clusterNames ?? []).length === 0 && p.path === "placement.clusterNames")));
    return spec;
}

/**
 * Why the placement may put the app on a cluster that cannot pull its image, or undefined when every
 * cluster it can pick was granted AcrPull.
 */
export function ungrantedPlacementWarning(spec: PlacementSpec, members: FleetMemberArgs[]): string | undefined {
    // A member whose grant another stack, --attach-acr or the portal owns can pull all the same.
    const granted = new Set(members.map((m) => m.name));
    const shown = members.map((m) => (m.pullGrant === PullGrant.External ? `${m.name} (granted elsewhere)` : m.name));
    if (spec.type === PlacementType.PickFixed) {
        const missing = (spec.clusterNames ?? []).filter((c) => !granted.has(c));
        return missing.length === 0
            ? undefined
            : `placement ${spec.name} picks ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not granted pull on the registry: add ${missing.length === 1 ? "it" : "them"} to members (with pullGrant "external" where another stack, --attach-acr or the portal grants it), or the pods there cannot pull the image.`;
    }
    return `placement ${spec.name} is ${spec.type}: it can pick member clusters that were not granted pull on the registry (able to pull: ${shown.join(", ") || "none"}). Pods on those clusters cannot pull the image; prefer PickFixed, or list every cluster the policy can pick in members (pullGrant "external" for those granted elsewhere).`;
}

/**
 * Why placing an adopted namespace may fail on every member, or undefined for a namespace the deployment created.
 * An existing namespace is often placed already (by the team that made it), and Fleet does not support one object
 * placed by two placements on one member cluster ("An apply error will be returned", Azure/fleet PR 984).
 */
export function adoptedNamespacePlacementWarning(spec: PlacementSpec, existingNamespace: boolean, how = "existingNamespace: true"): string | undefined {
    // A ResourcePlacement places the app's objects, never the namespace.
    if (!existingNamespace || spec.scope === "Namespaced") return undefined;
    return `placement ${spec.name} places namespace ${spec.namespace}, which this deployment adopted (${how}) and which another ClusterResourcePlacement may already place: Fleet does not support two placements of one object on one member, and both then fail to apply there (Azure/fleet PR 984). Check on the hub (kubectl get clusterresourceplacements -o yaml, resourceSelectors naming ${spec.namespace}); if one places it, drop placement here (that placement already spreads what this deployment stages), or delete that one before this one is created.`;
}
