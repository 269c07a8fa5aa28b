import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { ArmId, isProblem, parseArmId } from "../azure/ids";
import { Problem } from "../core/problems";
import { dnsLabelProblems, duplicates, guidProblems } from "../checks/validate";

/** Who owns a member's pull grant on the registry. */
export const PullGrant = {
    /** This program: it creates the grant (or adopts `existingPullGrantId`), once, whatever number of its deployments list the member. */
    Owned: "owned",
    /** Someone else: another stack (a platform team's `FleetMemberRegistryAccess`), `az aks update --attach-acr`, or the portal. */
    External: "external",
} as const;
export type PullGrant = (typeof PullGrant)[keyof typeof PullGrant];

/** A fleet member cluster that may pull the app's images, chosen explicitly by a platform engineer. */
export interface FleetMemberArgs {
    /** The fleet member's name (as `az fleet member list` shows it): the name placements use. */
    name: string;
    /**
     * Object id of the member cluster's kubelet identity, when you know it. @default resolved from the
     * fleet: member -> cluster -> `identityProfile.kubeletidentity.objectId`, read at deploy time.
     */
    kubeletPrincipalId?: pulumi.Input<string>;
    /**
     * Who owns the member's pull grant. "external": another stack, `az aks update --attach-acr` or the portal granted it, so
     * this program registers none (Azure refuses a second assignment of one role to one principal at one scope) and still
     * counts the member as able to pull when it checks a placement. @default "owned": this program grants it, once.
     */
    pullGrant?: PullGrant;
    /**
     * Resource id of the member's existing pull role assignment, to adopt it instead of creating one: `REGISTRY_ID/providers/
     * Microsoft.Authorization/roleAssignments/GUID` (`az role assignment list --scope REGISTRY_ID --assignee KUBELET_OBJECT_ID
     * --query "[].id"`). It is imported under its own name on the first `up` (Pulumi's `import` option), so one `--attach-acr`
     * or portal grant changes owner without a replace; its description is then rewritten in place. @default none: a new
     * assignment, named deterministically after (registry, kubelet identity, role).
     */
    existingPullGrantId?: string;
}

/** The members whose pull grant this program registers. */
export const ownedMembers = (members: FleetMemberArgs[]) => members.filter((m) => m.pullGrant !== PullGrant.External);

export function memberProblems(members: FleetMemberArgs[] | undefined, path: string): Problem[] {
    const problems: Problem[] = [];
    (members ?? []).forEach((m, i) => {
        problems.push(...dnsLabelProblems(m?.name, `${path}[${i}].name`, "fleet member name", 50));
        problems.push(...guidProblems(m?.kubeletPrincipalId, `${path}[${i}].kubeletPrincipalId`, "kubelet identity object id"));
        if (m?.existingPullGrantId !== undefined && m.pullGrant === PullGrant.External) {
            problems.push({
                path: `${path}[${i}].existingPullGrantId`,
                message: `${path}[${i}] adopts grant ${m.existingPullGrantId} but says pullGrant "external": adopting makes this program its owner. Drop existingPullGrantId to leave the grant to its owner, or drop pullGrant "external" to take it over.`,
            });
        }
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
    return pulumi
        .output(fleet)
        .apply((f) =>
            containerservice.getFleetMemberOutput(
                {
                    resourceGroupName: f.resourceGroup,
                    fleetName: f.name,
                    fleetMemberName: member.name,
                },
                opts,
            ),
        )
        .apply((m) => {
            const cluster = parseArmId(m.clusterResourceId, "managedCluster", `members[${member.name}]`);
            if (isProblem(cluster)) throw new Error(`Fleet member ${member.name} records cluster ${m.clusterResourceId}, which is not an AKS cluster: give kubeletPrincipalId for it explicitly.`);
            return containerservice.getManagedClusterOutput({ resourceGroupName: cluster.resourceGroup, resourceName: cluster.name }, opts).apply((c) => {
                const objectId = c.identityProfile?.kubeletidentity?.objectId;
                if (!objectId) {
                    throw new Error(
                        `Cluster ${cluster.id} (fleet member ${member.name}) has no kubelet managed identity to grant AcrPull to: enable managed identity on the cluster, or give kubeletPrincipalId explicitly.`,
                    );
                }
                return objectId;
            });
        });
}
