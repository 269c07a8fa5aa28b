import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { ArmId, isProblem, parseArmId } from "../azure/ids";
import { Problem } from "../problems";
import { dnsLabelProblems, duplicates, guidProblems } from "../validate";

/** A fleet member cluster that may pull the app's images, chosen explicitly by a platform engineer. */
export interface FleetMemberArgs {
    /** The fleet member's name (as `az fleet member list` shows it): the name placements use. */
    name: string;
    /**
     * Object id of the member cluster's kubelet identity, when you know it. @default resolved from the
     * fleet: member -> cluster -> `identityProfile.kubeletidentity.objectId`, read at deploy time.
     */
    kubeletPrincipalId?: pulumi.Input<string>;
}

export function memberProblems(members: FleetMemberArgs[] | undefined, path: string): Problem[] {
    const problems: Problem[] = [];
    (members ?? []).forEach((m, i) => {
        problems.push(...dnsLabelProblems(m?.name, `${path}[${i}].name`, "fleet member name", 50));
        problems.push(...guidProblems(m?.kubeletPrincipalId, `${path}[${i}].kubeletPrincipalId`, "kubelet identity object id"));
    });
    for (const dup of duplicates((members ?? []).map((m) => m?.name))) {
        problems.push({ path, message: `${path} lists member ${JSON.stringify(dup)} more than once: list each member once.` });
    }
    return problems;
}

/**
 * The kubelet identity of a member cluster: given, or resolved through the fleet with two invokes
 * (the member records its cluster, the cluster its kubelet identity).
 */
export function kubeletPrincipalId(member: FleetMemberArgs, fleet: pulumi.Input<ArmId>, parent?: pulumi.Resource): pulumi.Input<string> {
    if (member.kubeletPrincipalId !== undefined) return member.kubeletPrincipalId;
    const opts = { parent };
    return pulumi.output(fleet).apply((f) => containerservice.getFleetMemberOutput({
        resourceGroupName: f.resourceGroup,
        fleetName: f.name,
        fleetMemberName: member.name,
    }, opts)).apply((m) => {
        const cluster = parseArmId(m.clusterResourceId, "managedCluster", `members[${member.name}]`);
        if (isProblem(cluster)) throw new Error(`Fleet member ${member.name} records cluster ${m.clusterResourceId}, which is not an AKS cluster: give kubeletPrincipalId for it explicitly.`);
        return containerservice.getManagedClusterOutput({ resourceGroupName: cluster.resourceGroup, resourceName: cluster.name }, opts)
            .apply((c) => {
                const objectId = c.identityProfile?.["kubeletidentity"]?.objectId;
                if (!objectId) {
                    throw new Error(`Cluster ${cluster.id} (fleet member ${member.name}) has no kubelet managed identity to grant AcrPull to: enable managed identity on the cluster, or give kubeletPrincipalId explicitly.`);
                }
                return objectId;
            });
    });
}
