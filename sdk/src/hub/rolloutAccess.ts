import { Provider } from "@pulumi/kubernetes/provider";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { grantHubUser } from "./hubNamespace";
import { rolloutRole, rolloutRoleBinding } from "../render/rollout";

/**
 * What the rollout identity holds: Hub Cluster User on the fleet (the hub's kubeconfig, `fleets/listCredentials`) and,
 * on the hub, a role that may start and stop update runs, bound to it (see render/rollout.ts for why Kubernetes RBAC
 * and not an Azure role): cluster-scoped for a ClusterResourcePlacement, in the namespace for a ResourcePlacement
 * (`namespace`), where the placement never selects RBAC objects.
 */
export function grantRollout(
    name: string,
    fleet: pulumi.Input<ArmId>,
    placementName: string,
    principalId: pulumi.Input<string>,
    provider: Provider,
    parent: pulumi.Resource,
    namespace?: string,
    after: pulumi.Resource[] = [],
): pulumi.Resource[] {
    const hubUser = grantHubUser(name, fleet, principalId, parent);
    const role = rolloutRole(placementName, namespace);
    const binding = rolloutRoleBinding(placementName, principalId, namespace);
    const opts = { parent, provider, dependsOn: after };
    const roleResource = namespace
        ? new Role(`${name}-role`, { metadata: role.metadata, rules: role.rules as any }, opts)
        : new ClusterRole(`${name}-role`, { metadata: role.metadata, rules: role.rules as any }, opts);
    const bindingArgs = { metadata: binding.metadata, roleRef: binding.roleRef as any, subjects: binding.subjects as any };
    const bindingOpts = { parent, provider, dependsOn: [roleResource] };
    const bindingResource = namespace ? new RoleBinding(`${name}-binding`, bindingArgs, bindingOpts) : new ClusterRoleBinding(`${name}-binding`, bindingArgs, bindingOpts);
    return [hubUser, roleResource, bindingResource];
}
