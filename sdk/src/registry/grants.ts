import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { assignRole } from "../azure/roleAssignment";
import { BuiltInRole } from "../azure/roles";
import { Problem } from "../problems";
import { armIdInput, failOnProblems } from "../validate";
import { FleetMemberArgs, kubeletPrincipalId, memberProblems } from "./members";

// Registry access as verbs: every grant goes through assignRole with a named built-in role, scoped
// to the registry itself, and returns the assignment so callers can depend on it.

/** Lets `principalId` push images (the deploy identity); with ACR Tasks builds, also run them. */
export function grantRegistryPush(name: string, registry: pulumi.Output<ArmId>, principalId: pulumi.Input<string>, acrTasks: boolean, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment[] {
    const grants = [assignRole(`${name}-acrpush`, { scope: registry.id, subscriptionId: registry.subscriptionId, principalId, role: BuiltInRole.AcrPush }, opts)];
    if (acrTasks) {
        grants.push(assignRole(`${name}-acrtasks`, { scope: registry.id, subscriptionId: registry.subscriptionId, principalId, role: BuiltInRole.ContainerRegistryTasksContributor }, opts));
    }
    return grants;
}

/** Lets one member cluster's kubelet pull from the registry. */
export function grantRegistryPull(name: string, registry: pulumi.Output<ArmId>, principalId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    return assignRole(name, { scope: registry.id, subscriptionId: registry.subscriptionId, principalId, role: BuiltInRole.AcrPull }, opts);
}

/** Registers AcrPull for each member, named `${name}-pull-<member>` so adding or removing one member touches only its grant. */
export function grantMembersPull(name: string, registry: pulumi.Output<ArmId>, fleet: pulumi.Output<ArmId>, members: FleetMemberArgs[], parent: pulumi.Resource): Record<string, authorization.RoleAssignment> {
    const grants: Record<string, authorization.RoleAssignment> = {};
    for (const member of members) {
        grants[member.name] = grantRegistryPull(`${name}-pull-${member.name}`, registry, kubeletPrincipalId(member, fleet, parent), { parent });
    }
    return grants;
}

/** Arguments of {@link FleetMemberRegistryAccess}. */
export interface FleetMemberRegistryAccessArgs {
    /** Resource id of the Azure Container Registry the members pull from. */
    registryId: pulumi.Input<string>;
    /** Resource id of the fleet the members belong to (to resolve member names to kubelet identities). */
    fleetId: pulumi.Input<string>;
    /** The member clusters granted AcrPull, each explicitly: granting every member by default would let any cluster joined later pull every image. */
    members: FleetMemberArgs[];
}

/**
 * AcrPull on one registry for an explicit list of fleet members, apart from any deployment: what a
 * platform engineer grants by hand today.
 */
export class FleetMemberRegistryAccess extends pulumi.ComponentResource {
    /** Names of the members granted AcrPull. */
    public readonly memberNames: pulumi.Output<string[]>;

    constructor(name: string, args: FleetMemberRegistryAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems: Problem[] = [];
        const registry = armIdInput(args.registryId, "registry", "registryId", problems);
        const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
        if (!args.members || args.members.length === 0) {
            problems.push({ path: "members", message: "members is empty: list the fleet members that may pull, e.g. [{ name: \"member-eastus\" }]." });
        }
        problems.push(...memberProblems(args.members, "members"));
        failOnProblems("FleetMemberRegistryAccess", name, problems);
        super("fleet-autodeploy:index:FleetMemberRegistryAccess", name, {}, opts);
        grantMembersPull(name, registry, fleet, args.members, this);
        this.memberNames = pulumi.output(args.members.map((m) => m.name));
        this.registerOutputs({ memberNames: this.memberNames });
    }
}
