import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { Problem } from "../core/problems";
import { KubeObject } from "../render/kube";
import { PLACEMENT_API, PLACEMENT_PREVIEW_API, PlacementSpec, renderPlacement } from "../render/placement";
import { overridesByObject } from "../render/placementOverrides";
import { armIdInput, failOnProblems, namespaceProblems } from "../checks/validate";
import { hubProviderFromFleet } from "./hubProvider";
import { FleetPlacementArgs } from "./placementArgs";
import { placementSpec } from "./placementSpec";
import { checkedArguments } from "../config/argumentShapes";
import { admit, refusedComponent } from "../core/refusals";

/** Arguments of {@link NamespacePlacement}. */
export interface NamespacePlacementArgs {
    /** Resource id of the fleet whose hub holds the namespace. */
    fleetId: pulumi.Input<string>;
    /** The hub namespace to spread to member clusters. */
    namespace: string;
    /** Which clusters, and how updates roll out. PickFixed (the default) needs `clusterNames`. */
    placement: FleetPlacementArgs;
    /** Kubernetes provider for the hub. @default built from the fleet's credentials (needs kubelogin where Pulumi runs). */
    hubProvider?: Provider;
}

/**
 * The CRP's fields the hub never lets change in place: `placementType` (CRD rule and webhook: "placement type is
 * immutable"), a strategy leaving External (CRD rule "cannot change rollout strategy type from 'External' to other
 * types"), seen as the marker annotation going away (EXTERNAL_ROLLOUT_ANNOTATION; the CRP has no other annotation), and
 * tolerations (webhook: "only additions to tolerations are allowed"; a plan cannot tell an addition from a removal
 * without the hub's list, so every change replaces). Going to External is an update: the annotation is watched only
 * while the placement is not staged.
 */
export function placementReplaceOnChanges(spec: PlacementSpec): string[] {
    return ["spec.policy.placementType", "spec.policy.tolerations", ...(spec.stagedRollout ? [] : ["metadata.annotations"])];
}

/**
 * A ResourceOverride's Pulumi name: its object's kind and name, as its own name is (renderOverrides).
 */
export function overridePart(override: KubeObject): string {
    const target = (override.spec as { resourceSelectors: { kind: string; name: string }[] }).resourceSelectors[0];
    return `override-${target.kind.toLowerCase()}-${target.name}`;
}

/**
 * Registers the rendered placement objects on the hub with the platform's credentials.
 *
 * Lifecycle. Deleting a ClusterResourcePlacement withdraws what it placed from every member (quickstart-resource-
 * propagation), so by default removing the owner (`parent`: the deployment or the NamespacePlacement, or a
 * `pulumi destroy`) leaves the objects in place, as it leaves the namespace: each is registered `deletedWith` its
 * owner, and the engine skips the provider's delete of a resource whose `deletedWith` resource is deleted in the same
 * operation (pulumi/pulumi pkg/resource/deploy/step.go, isDeletedWith). Not `retainOnDelete`: it also skips the delete
 * of a replacement ("when deleting or replacing", Pulumi's docs; the engine reads it from the old state), and a
 * placement has a fixed name, so the replacement's create would then fail with AlreadyExists (pulumi-kubernetes
 * >= 4.29 creates client-side) and a type change could never go through. `deletedWith` skips nothing while the owner
 * stays: a replaced placement is deleted then created (deleteBeforeReplace; the provider asks for it too for a fixed
 * name), and an override or a strategy dropped from the arguments is deleted. `spec.deleteOnDestroy` registers them
 * without it: removing the owner deletes them, and Fleet withdraws the app.
 */
export function applyPlacement(name: string, spec: PlacementSpec, provider: Provider, parent: pulumi.Resource, dependsOn: pulumi.ResourceOptions["dependsOn"]): CustomResource {
    const rendered = renderPlacement(spec);
    const opts: pulumi.CustomResourceOptions = { parent, provider, dependsOn, ...(spec.deleteOnDestroy ? {} : { deletedWith: parent }) };
    const register = (part: string, obj: KubeObject, extra: pulumi.CustomResourceOptions = {}) => {
        const { apiVersion, kind, metadata, ...rest } = obj;
        return new CustomResource(`${name}-${part}`, { apiVersion, kind, metadata, ...rest }, { ...opts, ...extra });
    };
    // The strategy must exist before a placement that defers its rollout to it.
    const strategy = rendered.stagedUpdateStrategy ? [register("strategy", rendered.stagedUpdateStrategy)] : [];
    // `spec.placement` is immutable (CRD rule "The placement field is immutable"): renaming the placement replaces its
    // overrides, each deleted first (a second override of one object is refused). The alias is the Pulumi name earlier
    // versions gave it (after its own name, then its first override's): upgrading finds it, and renames it in place
    // where its name changes (deleted first, then created).
    const groups = overridesByObject(spec);
    const overrides = rendered.overrides.map((o, i) =>
        register(overridePart(o), o, {
            replaceOnChanges: ["spec.placement"],
            deleteBeforeReplace: true,
            aliases: [{ name: `${name}-override-${groups[i].overrides[0]?.name ?? o.metadata.name}` }],
        }),
    );
    const given = (dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn : [dependsOn]) as pulumi.Input<pulumi.Resource>[];
    // A CustomResource's type token holds its apiVersion, and the placement moves to v1beta1 when a preview field is
    // set (and back when it is dropped): alias the other version's token, so Pulumi updates the one object in place
    // instead of creating a second of the same name (AlreadyExists) and deleting the first.
    const other = rendered.placement.apiVersion === PLACEMENT_API ? PLACEMENT_PREVIEW_API : PLACEMENT_API;
    return register("crp", rendered.placement, {
        dependsOn: [...given, ...strategy, ...overrides],
        aliases: [{ type: `kubernetes:${other}:${rendered.placement.kind}` }],
        // A change the API server refuses in place replaces the placement: Fleet withdraws the app from the members
        // it was placed on, then places it again (a short outage, which preview shows as a replacement).
        replaceOnChanges: placementReplaceOnChanges(spec),
        deleteBeforeReplace: true,
    });
}

/**
 * A ClusterResourcePlacement that spreads one hub namespace (and everything staged into it) to
 * member clusters.
 */
export class NamespacePlacement extends pulumi.ComponentResource {
    /** The ClusterResourcePlacement's name. */
    public readonly placementName!: pulumi.Output<string>;

    constructor(name: string, args: NamespacePlacementArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `NamespacePlacement "${name}"`;
        const admitted = admit(label, () => {
            args = checkedArguments("NamespacePlacement", name, args);
            const problems: Problem[] = [];
            const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
            const namespaceIssues = namespaceProblems(args.namespace, "namespace");
            problems.push(...namespaceIssues);
            // The placement's default name is the namespace: an invalid one is reported once, as namespace.
            const spec = placementSpec(args.placement ?? {}, namespaceIssues.length === 0 ? args.namespace : "app", [], problems);
            failOnProblems("NamespacePlacement", name, problems);
            return { fleet, spec };
        });
        if (!admitted) return refusedComponent(new.target, ["placementName"]);
        const { fleet, spec } = admitted;
        super("fleet-autodeploy:index:NamespacePlacement", name, {}, opts);
        const provider = args.hubProvider ?? hubProviderFromFleet(name, fleet, this);
        // A component's dependsOn does not reach its children: hand it to them, so the placement
        // waits for the namespace it selects.
        applyPlacement(name, spec, provider, this, opts?.dependsOn);
        this.placementName = pulumi.output(spec.name);
        this.registerOutputs({ placementName: this.placementName });
    }
}
