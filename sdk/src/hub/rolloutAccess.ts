import { Provider } from "@pulumi/kubernetes/provider";
import { ClusterRole, ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { grantHubUser } from "./hubNamespace";
import { rolloutClusterRole, rolloutClusterRoleBinding } from "../render/rollout";

/**
 * What the rollout identity holds: Hub Cluster User on the fleet (the hub's kubeconfig, `fleets/listCredentials`) and,
 * on the hub, a ClusterRole that may start and stop update runs, bound to it (see render/rollout.ts for why Kubernetes
 * RBAC and not an Azure role). Both are cluster-scoped hub objects, which a namespace placement never copies to members.
 */
export function grantRollout(name: string, fleet: pulumi.Input<ArmId>, placementName: string, principalId: pulumi.Input<string>, provider: Provider, parent: pulumi.Resource): pulumi.Resource[] {
    const hubUser = grantHubUser(name, fleet, principalId, parent);
    const role = rolloutClusterRole(placementName);
    const clusterRole = new ClusterRole(`${name}-role`, { metadata: role.metadata, rules: role.rules as any }, { parent, provider });
    const binding = rolloutClusterRoleBinding(placementName, principalId);
    const clusterRoleBinding = new ClusterRoleBinding(`${name}-binding`, {
        metadata: binding.metadata, roleRef: binding.roleRef as any, subjects: binding.subjects as any,
    }, { parent, provider, dependsOn: [clusterRole] });
    return [hubUser, clusterRole, clusterRoleBinding];
}
