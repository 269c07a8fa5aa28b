// The hub namespace part: the namespace the workflow stages into (a Kubernetes namespace on the hub, or a Fleet managed
// namespace), the hub credentials that reach it, and the identity's roles on it.
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ArmId, RoleAssignmentId } from "../azure/ids";
import { armIdInput, oneOf } from "../checks/validate";
import { PartPlan, under } from "../core/part";
import { Problem } from "../core/problems";
import { Names } from "../naming/part";
import { FleetMemberArgs } from "../registry/members";
import { createHubNamespace, grantHubAccess } from "./hubNamespace";
import { sharedHubProvider } from "./hubProvider";
import { HubLogin } from "./kubeconfig";
import { createManagedNamespace, namespaceModeProblems, NamespaceMode, NamespaceNetworkPolicyArgs, NamespaceQuotaArgs } from "./managedNamespace";
import { namespaceClaim } from "./namespaceClaim";
import { FleetPlacementArgs } from "./placementArgs";

/** The deployment's arguments this part reads. */
export interface HubNamespacePartArgs {
    fleetId: pulumi.Input<string>;
    existingNamespace?: boolean;
    deleteNamespaceOnDestroy?: boolean;
    namespaceMode?: NamespaceMode;
    namespaceQuota?: NamespaceQuotaArgs;
    namespaceNetworkPolicy?: NamespaceNetworkPolicyArgs;
    hubProvider?: Provider;
    hubLogin?: HubLogin;
    /** Read for what the namespace mode makes of them: a managed namespace places itself where the placement can pick. */
    placement?: FleetPlacementArgs;
    members?: FleetMemberArgs[];
}

export interface HubNamespacePartSpec {
    fleet: pulumi.Input<ArmId>;
    namespace: string;
    mode: NamespaceMode;
    existing: boolean;
    deleteOnDestroy: boolean;
    /** `adopt.namespace`: imported on the first `up`, owned from then on. */
    adopt: boolean;
    /** A managed namespace's own propagation policy (managed mode with a placement). */
    managedPropagation?: Record<string, unknown>;
    quota?: NamespaceQuotaArgs;
    networkPolicy?: NamespaceNetworkPolicyArgs;
    hubLogin: HubLogin;
    /** The provider the user gave, else one shared per fleet and login. */
    hubProvider?: Provider;
    /** Whether a placement is asked for: a managed namespace then needs hub credentials for its ResourcePlacement. */
    placed: boolean;
    /** Role assignments that exist already and are imported. */
    adopted: { writer?: RoleAssignmentId; user?: RoleAssignmentId };
}

/** What the hub namespace part is told by the parts planned before it: what the deployment adopts. */
export interface HubNamespaceContext {
    adoptNamespace: boolean;
    adopted: HubNamespacePartSpec["adopted"];
}

/** Checks the fleet, the namespace's mode and lifecycle, and the hub login; claims the namespace. */
export function planHubNamespace(args: HubNamespacePartArgs, path: string, names: Names, context: HubNamespaceContext): PartPlan<HubNamespacePartSpec> {
    const problems: Problem[] = [];
    const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
    if (args.deleteNamespaceOnDestroy && args.existingNamespace) {
        problems.push({
            path: "deleteNamespaceOnDestroy",
            message: "deleteNamespaceOnDestroy would delete a namespace this deployment adopted (existingNamespace: true), which is never its to delete: drop one of them.",
        });
    }
    if (context.adoptNamespace && args.existingNamespace) {
        problems.push({
            path: "adopt.namespace",
            message: "adopt.namespace takes the hub namespace over (this deployment then owns it), but existingNamespace uses it without owning it: choose one.",
        });
    }
    if (context.adoptNamespace && args.namespaceMode === NamespaceMode.Managed) {
        problems.push({
            path: "adopt.namespace",
            message: "adopt.namespace imports a Kubernetes namespace; a managed namespace is adopted by ARM's own adoption policy: set existingNamespace instead.",
        });
    }
    const hubLogin = oneOf(args.hubLogin, HubLogin, HubLogin.AzureCli, "hubLogin", problems);
    if (args.hubLogin !== undefined && args.hubProvider) {
        problems.push({
            path: "hubLogin",
            message: "hubLogin configures the provider built for the hub, but hubProvider is given: set the login on that provider's kubeconfig (or fleetHubProvider's login), and drop hubLogin.",
        });
    }
    const mode = oneOf(args.namespaceMode, NamespaceMode, NamespaceMode.Kubernetes, "namespaceMode", problems);
    // A managed namespace places itself (with its quota and network policy) on the clusters the placement can pick; the
    // app's objects go with a ResourcePlacement in it (see placementTypes' PlacementScope).
    const managedPropagation = namespaceModeProblems(
        mode,
        {
            fleetId: args.fleetId,
            hubProvider: args.hubProvider,
            hubLogin: args.hubLogin,
            quota: args.namespaceQuota,
            networkPolicy: args.namespaceNetworkPolicy,
            placement: args.placement,
            members: (args.members ?? []).map((m) => m?.name),
        },
        { mode: "namespaceMode", quota: "namespaceQuota", networkPolicy: "namespaceNetworkPolicy", placement: "placement" },
        problems,
    );
    const spec: HubNamespacePartSpec = {
        fleet,
        namespace: names.namespace,
        mode,
        existing: args.existingNamespace ?? false,
        deleteOnDestroy: args.deleteNamespaceOnDestroy ?? false,
        adopt: context.adoptNamespace,
        managedPropagation,
        quota: args.namespaceQuota,
        networkPolicy: args.namespaceNetworkPolicy,
        hubLogin,
        hubProvider: args.hubProvider,
        placed: args.placement !== undefined,
        adopted: context.adopted,
    };
    const claims = [namespaceClaim(fleet, names.namespace, names.defaulted.namespace, `${names.namespace}-${names.branch}`)];
    return under(path, { spec, problems, claims });
}

/** The hub's provider, the namespace (what waits for it) and the identity's roles on it. */
export function createHubNamespacePart(name: string, spec: HubNamespacePartSpec, parent: pulumi.ComponentResource, principalId: pulumi.Input<string>) {
    // A managed namespace is an ARM resource: hub credentials are needed only for its ResourcePlacement.
    const managed = spec.mode === NamespaceMode.Managed;
    const hubProvider = managed && !spec.placed ? undefined : (spec.hubProvider ?? sharedHubProvider(spec.fleet, name, parent, spec.hubLogin));
    // What waits for the namespace: nothing, for an existing Kubernetes namespace (it is not registered).
    const managedNamespace = managed
        ? createManagedNamespace(
              `${name}-ns`,
              {
                  fleet: spec.fleet as ArmId,
                  namespace: spec.namespace,
                  adopt: spec.existing,
                  deleteOnDestroy: spec.deleteOnDestroy,
                  quota: spec.quota,
                  networkPolicy: spec.networkPolicy,
                  propagation: spec.managedPropagation,
              },
              parent,
          )
        : undefined;
    const namespace: pulumi.Resource[] = managedNamespace
        ? [managedNamespace]
        : createHubNamespace(
              `${name}-ns`,
              {
                  fleet: spec.fleet,
                  namespace: spec.namespace,
                  existing: spec.existing,
                  deleteOnDestroy: spec.deleteOnDestroy,
                  adopt: spec.adopt,
              },
              hubProvider!,
              parent,
          );
    const hubAccess = grantHubAccess(`${name}-ns`, spec.fleet, spec.namespace, principalId, parent, managedNamespace, spec.adopted);
    return { hubProvider, namespace, hubAccess };
}
