import * as authorization from "@pulumi/azure-native/authorization";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ArmId, fleetManagedNamespaceScope, fleetNamespaceScope, RoleAssignmentId } from "../azure/ids";
import { assignRole } from "../azure/roleAssignment";
import { BuiltInRole } from "../vocabulary/roles";
import { lift } from "../core/inputs";
import { Problem } from "../core/problems";
import { claimOrFail } from "../core/claims";
import { namespaceClaim } from "./namespaceClaim";
import { armIdInput, failOnProblems, namespaceProblems, oneOf } from "../checks/validate";
import { HubLogin } from "./kubeconfig";
import { createManagedNamespace, namespaceModeProblems, NamespaceMode, NamespaceNetworkPolicyArgs, NamespaceQuotaArgs } from "./managedNamespace";
import { sharedHubProvider } from "./hubProvider";
import { checkedArguments } from "../config/argumentShapes";
import { admit, refusedComponent } from "../core/refusals";
import { managedByLabels } from "../vocabulary/labels";

/** Arguments of {@link HubNamespace}. */
export interface HubNamespaceArgs {
    /** Resource id of the fleet (`.../providers/Microsoft.ContainerService/fleets/NAME`); it must have a hub cluster. */
    fleetId: pulumi.Input<string>;
    /** The namespace on the hub that manifests are staged into. Reserved names (default, kube-*, fleet-*: Fleet never places them) are refused. */
    namespace: string;
    /**
     * Use a namespace that already exists instead of creating it: the library writes nothing to it (an Azure-managed one,
     * labelled `fleet.azure.com/managed-by: arm`, refuses every write but Azure's: policy aks-fleet-managed-by-arm), and
     * removing the deployment leaves it as it was. @default false
     */
    existing?: boolean;
    /**
     * Delete the namespace, and everything staged in it (which Fleet then withdraws from every member), when this
     * component is destroyed. @default false: destroying the deployment never takes the app offline.
     */
    deleteOnDestroy?: boolean;
    /**
     * Object id of the identity that stages manifests. It gets Fleet Manager RBAC Writer on this
     * namespace only, and Hub Cluster User on the fleet (needed to fetch the hub's kubeconfig). @default none.
     */
    deployerPrincipalId?: pulumi.Input<string>;
    /** Kubernetes provider for the hub. @default one per fleet per program, built from the fleet's credentials (needs kubelogin where Pulumi runs). */
    hubProvider?: Provider;
    /** How the provider built for the hub signs in, when no hubProvider is given. @default "azurecli": never device code, which would block a CI preview. */
    hubLogin?: HubLogin;
    /**
     * How the namespace exists. @default "kubernetes": a Namespace applied through the hub provider. "managed": a Fleet
     * managed namespace (ARM; Keep on delete; adopted only if identical with `existing`), whose RBAC Writer scope is
     * `FLEET/managedNamespaces/NS`; it stays on the hub (no propagation) and needs no hub credentials.
     */
    mode?: NamespaceMode;
    /** Default resource quota of a managed namespace. @default none. Needs mode "managed". */
    quota?: NamespaceQuotaArgs;
    /** Default network policy of a managed namespace. @default Fleet's (AllowAll both ways). Needs mode "managed". */
    networkPolicy?: NamespaceNetworkPolicyArgs;
}

export interface NamespaceSpec {
    fleet: pulumi.Input<ArmId>;
    namespace: string;
    existing: boolean;
    deleteOnDestroy: boolean;
    /** It exists and is imported on the first `up` (a deployment's `adopt.namespace`): owned from then on. */
    adopt?: boolean;
}

/**
 * Registers the namespace, retained on destroy unless asked (workloads that Fleet placed from it would otherwise be
 * withdrawn from every member). An existing namespace is not registered at all: it is not ours to write (earlier
 * versions annotated it with a NamespacePatch, retained on delete, which the managed-by-arm policy refuses), so nothing
 * waits for it. Returns what later resources wait for.
 */
export function createHubNamespace(name: string, spec: NamespaceSpec, provider: Provider, parent: pulumi.Resource): pulumi.Resource[] {
    if (spec.existing) return [];
    return [
        new corev1.Namespace(
            `${name}-namespace`,
            {
                metadata: { name: spec.namespace, labels: managedByLabels() },
            },
            { parent, provider, retainOnDelete: !spec.deleteOnDestroy, ...(spec.adopt ? { import: spec.namespace } : {}) },
        ),
    ];
}

/**
 * RBAC Writer on the namespace and Hub Cluster User on the fleet; nothing broader anywhere. A managed namespace is
 * its own scope (`FLEET/managedNamespaces/NS`), which must exist first; otherwise `FLEET/namespaces/NS`.
 */
export function grantHubAccess(
    name: string,
    fleet: pulumi.Input<ArmId>,
    namespace: string,
    principalId: pulumi.Input<string>,
    parent: pulumi.Resource,
    managedNamespace?: pulumi.Resource,
    existing: { writer?: RoleAssignmentId; user?: RoleAssignmentId } = {},
): authorization.RoleAssignment[] {
    const subscriptionId = lift(fleet, (f) => f.subscriptionId);
    const scopeOf = managedNamespace ? fleetManagedNamespaceScope : fleetNamespaceScope;
    return [
        assignRole(
            `${name}-hub-writer`,
            { scope: lift(fleet, (f) => scopeOf(f.id, namespace)), subscriptionId, principalId, role: BuiltInRole.FleetRbacWriter, existing: existing.writer },
            { parent, dependsOn: managedNamespace ? [managedNamespace] : [] },
        ),
        grantHubUser(name, fleet, principalId, parent, existing.user),
    ];
}

/** Hub Cluster User on the fleet: the hub's kubeconfig (`fleets/listCredentials`), no data access by itself. */
export function grantHubUser(name: string, fleet: pulumi.Input<ArmId>, principalId: pulumi.Input<string>, parent: pulumi.Resource, existing?: RoleAssignmentId): authorization.RoleAssignment {
    return assignRole(
        `${name}-hub-user`,
        {
            scope: lift(fleet, (f) => f.id),
            subscriptionId: lift(fleet, (f) => f.subscriptionId),
            principalId,
            role: BuiltInRole.FleetHubClusterUser,
            existing,
        },
        { parent },
    );
}

/** A namespace on the fleet hub, ready to receive staged manifests, and the grants to write into it. */
export class HubNamespace extends pulumi.ComponentResource {
    /** The namespace's name. */
    public readonly namespace!: pulumi.Output<string>;

    constructor(name: string, args: HubNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `HubNamespace "${name}"`;
        const admitted = admit(label, () => {
            args = checkedArguments("HubNamespace", name, args);
            const problems: Problem[] = [];
            const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
            problems.push(...namespaceProblems(args.namespace, "namespace"));
            const login = oneOf(args.hubLogin, HubLogin, HubLogin.AzureCli, "hubLogin", problems);
            const mode = oneOf(args.mode, NamespaceMode, NamespaceMode.Kubernetes, "mode", problems);
            namespaceModeProblems(
                mode,
                { fleetId: args.fleetId, hubProvider: args.hubProvider, hubLogin: args.hubLogin, quota: args.quota, networkPolicy: args.networkPolicy, members: [] },
                { mode: "mode", quota: "quota", networkPolicy: "networkPolicy", placement: "placement" },
                problems,
            );
            failOnProblems("HubNamespace", name, problems);
            claimOrFail(`HubNamespace "${name}"`, [namespaceClaim(fleet, args.namespace, false, `${args.namespace}-2`)]);
            return { fleet, login, managed: mode === NamespaceMode.Managed };
        });
        if (!admitted) return refusedComponent(new.target, ["namespace"]);
        const { fleet, login, managed } = admitted;
        super("fleet-autodeploy:index:HubNamespace", name, {}, opts);
        const existing = args.existing ?? false,
            deleteOnDestroy = args.deleteOnDestroy ?? false;
        if (managed) {
            const ns = createManagedNamespace(name, { fleet: fleet as ArmId, namespace: args.namespace, adopt: existing, deleteOnDestroy, quota: args.quota, networkPolicy: args.networkPolicy }, this);
            if (args.deployerPrincipalId !== undefined) grantHubAccess(name, fleet, args.namespace, args.deployerPrincipalId, this, ns);
        } else {
            const provider = args.hubProvider ?? sharedHubProvider(fleet, name, this, login);
            createHubNamespace(name, { fleet, namespace: args.namespace, existing, deleteOnDestroy }, provider, this);
            if (args.deployerPrincipalId !== undefined) grantHubAccess(name, fleet, args.namespace, args.deployerPrincipalId, this);
        }
        this.namespace = pulumi.output(args.namespace);
        this.registerOutputs({ namespace: this.namespace });
    }
}
