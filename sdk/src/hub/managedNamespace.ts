import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { Problem } from "../core/problems";
import { programState } from "../core/program";
import { oneOf } from "../checks/validate";
import { FleetPlacementArgs } from "./placementArgs";
import { pickedClusters } from "./placementSpec";
import { PlacementType } from "../render/placement";
import { managedByLabels } from "../vocabulary/labels";

/** How the hub namespace exists. */
export const NamespaceMode = {
    /** A Kubernetes Namespace applied through the hub provider, spread by a library ClusterResourcePlacement. */
    Kubernetes: "kubernetes",
    /**
     * A Fleet managed namespace (`Microsoft.ContainerService/fleets/managedNamespaces`), an ARM resource: default quota
     * and network policy, placed on members (with them) by its own generated placement, and Fleet roles assignable on it
     * alone. The app's objects go to members with a ResourcePlacement in the namespace.
     */
    Managed: "managed",
} as const;
export type NamespaceMode = (typeof NamespaceMode)[keyof typeof NamespaceMode];

/** Default resource quota of a managed namespace (Kubernetes quantities, e.g. "2", "500m", "4Gi"). */
export interface NamespaceQuotaArgs {
    /** Total CPU requests. @default no limit */
    cpuRequest?: string;
    /** Total CPU limits. @default no limit */
    cpuLimit?: string;
    /** Total memory requests. @default no limit */
    memoryRequest?: string;
    /** Total memory limits. @default no limit */
    memoryLimit?: string;
}

/** Default network policy of a managed namespace: "AllowAll", "DenyAll" or "AllowSameNamespace" per direction. */
export interface NamespaceNetworkPolicyArgs {
    /** Incoming traffic. @default Fleet's default (AllowAll) */
    ingress?: string;
    /** Outgoing traffic. @default Fleet's default (AllowAll) */
    egress?: string;
}

const RULES = { AllowAll: "AllowAll", DenyAll: "DenyAll", AllowSameNamespace: "AllowSameNamespace" } as const;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

export interface ManagedNamespaceSpec {
    fleet: ArmId;
    namespace: string;
    adopt: boolean;
    deleteOnDestroy: boolean;
    quota?: NamespaceQuotaArgs;
    networkPolicy?: NamespaceNetworkPolicyArgs;
    /** The generated placement's policy; none: the namespace stays on the hub. */
    propagation?: Record<string, unknown>;
}

/** Checks the managed-namespace options and turns a placement into the namespace's own propagation policy. */
function managedNamespaceProblems(
    args: { quota?: NamespaceQuotaArgs; networkPolicy?: NamespaceNetworkPolicyArgs; placement?: FleetPlacementArgs; members: string[] },
    paths: { mode: string; quota: string; networkPolicy: string; placement: string },
    problems: Problem[],
): Record<string, unknown> | undefined {
    for (const [field, value] of Object.entries(args.quota ?? {})) {
        if (typeof value !== "string" || !QUANTITY.test(value))
            problems.push({ path: `${paths.quota}.${field}`, message: `${paths.quota}.${field} ${JSON.stringify(value)} is not a Kubernetes quantity, e.g. "2", "500m" or "4Gi".` });
    }
    for (const field of ["ingress", "egress"] as const) {
        const value = args.networkPolicy?.[field];
        if (value !== undefined) oneOf(value as (typeof RULES)[keyof typeof RULES], RULES, RULES.AllowAll, `${paths.networkPolicy}.${field}`, problems);
    }
    const p = args.placement;
    if (!p) return undefined;
    // The namespace goes where the app's ResourcePlacement can pick (Fleet's namespace-affinity plugin places a
    // ResourcePlacement only on members that have its namespace, kubefleet PR 463): the named clusters of PickFixed,
    // else every cluster with the placement's labels (PickN then picks among them). An empty PickFixed is reported by
    // the placement's own checks.
    const picked = pickedClusters(p, args.members);
    const type = picked.type === PlacementType.PickFixed ? PlacementType.PickFixed : PlacementType.PickAll;
    const clusterNames = type === PlacementType.PickFixed ? picked.clusterNames : undefined;
    const labels = p.clusterLabels && Object.keys(p.clusterLabels).length > 0 ? p.clusterLabels : undefined;
    return {
        placementType: type,
        ...(clusterNames ? { clusterNames } : {}),
        ...(labels ? { affinity: { clusterAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { clusterSelectorTerms: [{ labelSelector: { matchLabels: labels } }] } } } } : {}),
        ...(p.tolerations?.length ? { tolerations: p.tolerations.map((t) => ({ key: t.key, operator: t.operator ?? "Equal", value: t.value, effect: t.effect })) } : {}),
    };
}

/** What a component was given that depends on its namespace mode, under that component's argument names. */
export interface NamespaceModeArgs {
    fleetId: unknown;
    hubProvider?: unknown;
    hubLogin?: unknown;
    quota?: NamespaceQuotaArgs;
    networkPolicy?: NamespaceNetworkPolicyArgs;
    placement?: FleetPlacementArgs;
    members: string[];
}

/**
 * Checks every argument against the namespace mode, so that none is accepted and ignored: a managed namespace takes
 * the quota, network policy and its own propagation, and needs no hub access; a Kubernetes one takes neither quota
 * nor network policy. Returns the managed namespace's propagation policy, if any.
 */
export function namespaceModeProblems(
    mode: NamespaceMode,
    args: NamespaceModeArgs,
    paths: { mode: string; quota: string; networkPolicy: string; placement: string },
    problems: Problem[],
): Record<string, unknown> | undefined {
    if (mode !== NamespaceMode.Managed) {
        for (const [field, path] of [
            ["quota", paths.quota],
            ["networkPolicy", paths.networkPolicy],
        ] as const) {
            if (args[field] !== undefined)
                problems.push({ path, message: `${path} is a property of a Fleet managed namespace, but ${paths.mode} is ${JSON.stringify(mode)}: set ${paths.mode} "managed", or drop ${path}.` });
        }
        return undefined;
    }
    if (typeof args.fleetId !== "string")
        problems.push({ path: "fleetId", message: `${paths.mode} "managed" needs fleetId as a plain string: the managed namespace and its role scope are named after the fleet.` });
    // Without a placement nothing is written through the hub's API; with one, its ResourcePlacement is.
    for (const field of args.placement ? [] : (["hubProvider", "hubLogin"] as const)) {
        if (args[field] !== undefined)
            problems.push({
                path: field,
                message: `${field} configures access to the hub's API, which a managed namespace without a placement (an ARM resource) does not need: drop ${field}, or add a placement.`,
            });
    }
    return managedNamespaceProblems(args, paths, problems);
}

/** The fleet's region: a managed namespace lives beside its fleet. Read once per fleet. */
function fleetLocation(fleet: ArmId): pulumi.Output<string> {
    const locations = programState("fleetLocations", () => new Map<string, pulumi.Output<string>>());
    const key = fleet.id.toLowerCase();
    let location = locations.get(key);
    if (!location) locations.set(key, (location = containerservice.getFleetOutput({ resourceGroupName: fleet.resourceGroup, fleetName: fleet.name }).location));
    return location;
}

/**
 * Registers the managed namespace: adopted only if identical to an existing one, kept on delete (Fleet's
 * default, and a destroy never takes an app offline) unless asked, with its own propagation when given.
 */
export function createManagedNamespace(name: string, spec: ManagedNamespaceSpec, parent: pulumi.Resource): containerservice.FleetManagedNamespace {
    const quota = spec.quota && Object.keys(spec.quota).length > 0 ? spec.quota : undefined;
    return new containerservice.FleetManagedNamespace(
        `${name}-managed-namespace`,
        {
            resourceGroupName: spec.fleet.resourceGroup,
            fleetName: spec.fleet.name,
            managedNamespaceName: spec.namespace,
            location: fleetLocation(spec.fleet),
            properties: {
                adoptionPolicy: spec.adopt ? "IfIdentical" : "Never",
                deletePolicy: spec.deleteOnDestroy ? "Delete" : "Keep",
                managedNamespaceProperties: {
                    labels: managedByLabels(),
                    ...(quota ? { defaultResourceQuota: quota } : {}),
                    // The REST type is { ingress, egress } (NetworkPolicies); the SDK's type collides with AKS's NetworkPolicy enum.
                    ...(spec.networkPolicy ? { defaultNetworkPolicy: spec.networkPolicy as unknown as containerservice.NetworkPolicy } : {}),
                },
                ...(spec.propagation ? { propagationPolicy: { type: "Placement", placementProfile: { defaultClusterResourcePlacement: { policy: spec.propagation } } } } : {}),
            },
        },
        { parent, retainOnDelete: !spec.deleteOnDestroy },
    );
}
