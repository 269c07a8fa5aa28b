// The placement part: which members get the app (a ClusterResourcePlacement of the namespace, or a ResourcePlacement in
// a managed one) and, for a staged rollout, the strategy whose update runs the workflow's rollout job starts.
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { PartPlan, under } from "../core/part";
import { Problem } from "../core/problems";
import { NamespaceMode } from "../hub/managedNamespace";
import { applyPlacement } from "../hub/namespacePlacement";
import { FleetPlacementArgs } from "../hub/placementArgs";
import { adoptedNamespacePlacementWarning, placementSpec, ungrantedPlacementWarning } from "../hub/placementSpec";
import { grantRollout } from "../hub/rolloutAccess";
import { Names } from "../naming/part";
import { FleetMemberArgs } from "../registry/members";
import { PlacementSpec } from "../render/placement";
import { WorkflowSpec } from "../render/workflow";

/** The deployment's arguments this part reads. */
export interface PlacementPartArgs {
    placement?: FleetPlacementArgs;
    members?: FleetMemberArgs[];
    deleteNamespaceOnDestroy?: boolean;
    existingNamespace?: boolean;
}

export interface PlacementPartSpec {
    placement?: PlacementSpec;
    /** A staged rollout: the placement and strategy the workflow's rollout job starts update runs of. */
    rollout?: WorkflowSpec["rollout"];
    /** The members granted AcrPull here: a placement that picks others warns. */
    members: FleetMemberArgs[];
    /** The namespace existed before (existingNamespace or adopt.namespace): a hand-made placement may place it already. */
    existingNamespace: boolean;
    adoptedNamespace: boolean;
}

/** What the placement part is told by the parts planned before it. */
export interface PlacementContext {
    mode: NamespaceMode;
    adoptedNamespace: boolean;
    /** The generated Deployment's name when the generated manifests autoscale it. */
    autoscaledDeployment?: string;
}

/** Checks the placement and fills in its defaults: the members' clusters, the namespace's lifecycle. */
export function planPlacement(args: PlacementPartArgs, path: string, names: Names, context: PlacementContext): PartPlan<PlacementPartSpec> {
    const problems: Problem[] = [];
    const members = args.members ?? [];
    // A namespace deleted on destroy takes its placement with it: a placement left selecting nothing is noise.
    const placementArgs = args.placement && { ...args.placement, deleteOnDestroy: args.placement.deleteOnDestroy ?? (args.deleteNamespaceOnDestroy || undefined) };
    const scope = context.mode === NamespaceMode.Managed ? "Namespaced" : "Cluster";
    const placement = placementArgs
        ? placementSpec(placementArgs, names.namespace, members, problems, { autoscaledDeployment: context.autoscaledDeployment, membersPath: "members", scope })
        : undefined;
    // Fleet names the strategy like the placement (render/placement.ts).
    const rollout = placement?.stagedRollout ? { placement: placement.name, strategy: placement.name, ...(placement.scope === "Namespaced" ? { namespace: names.namespace } : {}) } : undefined;
    const spec = { placement, rollout, members, existingNamespace: args.existingNamespace ?? false, adoptedNamespace: context.adoptedNamespace };
    return under(path, { spec, problems, claims: [] });
}

/** What the placement part needs from the parts registered before it. */
export interface PlacementAfter {
    fleet: pulumi.Input<ArmId>;
    hubProvider?: Provider;
    /** The namespace the placement and the rollout's grants wait for. */
    namespace: pulumi.Resource[];
    /** The rollout identity's principal, for a staged rollout. */
    rolloutPrincipalId?: pulumi.Input<string>;
}

/** Registers the rollout identity's grants and the placement; warns about members it picks that cannot pull. */
export function createPlacement(name: string, spec: PlacementPartSpec, parent: pulumi.ComponentResource, after: PlacementAfter) {
    const hubProvider = after.hubProvider;
    const rolloutAccess =
        after.rolloutPrincipalId !== undefined && hubProvider && spec.placement
            ? grantRollout(`${name}-rollout`, after.fleet, spec.placement.name, after.rolloutPrincipalId, hubProvider, parent, spec.rollout?.namespace, after.namespace)
            : [];
    let placement: pulumi.Resource | undefined;
    if (spec.placement && hubProvider) {
        const warning = ungrantedPlacementWarning(spec.placement, spec.members);
        if (warning) pulumi.log.warn(warning, parent);
        // A namespace made by hand for the portal is placed by a hand-made placement already, most likely.
        const placedElsewhere = adoptedNamespacePlacementWarning(spec.placement, spec.existingNamespace || spec.adoptedNamespace, spec.adoptedNamespace ? "adopt.namespace" : undefined);
        if (placedElsewhere) pulumi.log.warn(placedElsewhere, parent);
        placement = applyPlacement(`${name}-placement`, spec.placement, hubProvider, parent, after.namespace);
    }
    return { rolloutAccess, placement };
}
