import * as authorization from "@pulumi/azure-native/authorization";
import { Provider } from "@pulumi/kubernetes/provider";
import { ClusterRole, ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { assignRole } from "../azure/roleAssignment";
import { BuiltInRole } from "../azure/roles";
import { lift } from "../inputs";
import { rolloutClusterRole, rolloutClusterRoleBinding } from "../render/rollout";

/**
 * What the rollout identity holds: Hub Cluster User on the fleet (the hub's kubeconfig, `fleets/listCredentials`) and,
 * on the hub, a ClusterRole that may start and stop update runs, bound to it (see render/rollout.ts for why Kubernetes
 * RBAC and not an Azure role). Both are cluster-scoped hub objects, which a namespace placement never copies to members.
 */
export function grantRollout(name: string, fleet: pulumi.Input<ArmId>, placementName: string, principalId: pulumi.Input<string>, provider: Provider, parent: pulumi.Resource): pulumi.Resource[] {
    const hubUser: authorization.RoleAssignment = assignRole(`${name}-hub-user`, {
        scope: lift(fleet, (f) => f.id), subscriptionId: lift(fleet, (f) => f.subscriptionId), principalId, role: BuiltInRole.FleetHubClusterUser,
    }, { parent });
    const role = rolloutClusterRole(placementName);
    const clusterRole = new ClusterRole(`${name}-role`, { metadata: role.metadata, rules: role.rules as any }, { parent, provider });
    const binding = rolloutClusterRoleBinding(placementName, principalId);
    const clusterRoleBinding = new ClusterRoleBinding(`${name}-binding`, {
        metadata: binding.metadata, roleRef: binding.roleRef as any, subjects: binding.subjects as any,
    }, { parent, provider, dependsOn: [clusterRole] });
    return [hubUser, clusterRole, clusterRoleBinding];
}
