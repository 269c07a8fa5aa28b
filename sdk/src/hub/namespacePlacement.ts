import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { Problem } from "../problems";
import { KubeObject } from "../render/kube";
import { PLACEMENT_API, PLACEMENT_PREVIEW_API, PlacementSpec, renderPlacement } from "../render/placement";
import { armIdInput, failOnProblems, namespaceProblems } from "../validate";
import { hubProviderFromFleet } from "./hubProvider";
import { FleetPlacementArgs } from "./placementArgs";
import { placementSpec } from "./placementSpec";

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

/** Registers the rendered placement objects on the hub with the platform's credentials. */
export function applyPlacement(name: string, spec: PlacementSpec, provider: Provider, parent: pulumi.Resource, dependsOn: pulumi.ResourceOptions["dependsOn"]): CustomResource {
    const rendered = renderPlacement(spec);
    const opts = { parent, provider, dependsOn };
    const register = (part: string, obj: KubeObject, extra: pulumi.CustomResourceOptions = {}) => {
        const { apiVersion, kind, metadata, ...rest } = obj;
        return new CustomResource(`${name}-${part}`, { apiVersion, kind, metadata, ...rest }, { ...opts, ...extra });
    };
    // The strategy must exist before a placement that defers its rollout to it.
    const strategy = rendered.stagedUpdateStrategy ? [register("strategy", rendered.stagedUpdateStrategy)] : [];
    const overrides = rendered.overrides.map((o, i) => register(`override-${spec.overrides![i].name}`, o));
    const given = (dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn : [dependsOn]) as pulumi.Input<pulumi.Resource>[];
    // A CustomResource's type token holds its apiVersion, and the placement moves to v1beta1 when a preview field is
    // set (and back when it is dropped): alias the other version's token, so Pulumi updates the one object in place
    // instead of creating a second of the same name (AlreadyExists) and deleting the first.
    const other = rendered.placement.apiVersion === PLACEMENT_API ? PLACEMENT_PREVIEW_API : PLACEMENT_API;
    return register("crp", rendered.placement, {
        dependsOn: [...given, ...strategy, ...overrides],
        aliases: [{ type: `kubernetes:${other}:ClusterResourcePlacement` }],
    });
}

/**
 * A ClusterResourcePlacement that spreads one hub namespace (and everything staged into it) to
 * member clusters.
 */
export class NamespacePlacement extends pulumi.ComponentResource {
    /** The ClusterResourcePlacement's name. */
    public readonly placementName: pulumi.Output<string>;

    constructor(name: string, args: NamespacePlacementArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems: Problem[] = [];
        const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
        problems.push(...namespaceProblems(args.namespace, "namespace"));
        const spec = placementSpec(args.placement ?? {}, args.namespace, [], problems);
        failOnProblems("NamespacePlacement", name, problems);
        super("fleet-autodeploy:index:NamespacePlacement", name, {}, opts);
        const provider = args.hubProvider ?? hubProviderFromFleet(name, fleet, this);
        // A component's dependsOn does not reach its children: hand it to them, so the placement
        // waits for the namespace it selects.
        applyPlacement(name, spec, provider, this, opts?.dependsOn);
        this.placementName = pulumi.output(spec.name);
        this.registerOutputs({ placementName: this.placementName });
    }
}
