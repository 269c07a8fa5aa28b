import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { assignRole } from "../azure/roleAssignment";
import { BuiltInRole } from "../azure/roles";
import { lift } from "../inputs";
import { Problem } from "../problems";
import { armIdInput, failOnProblems, oneOf } from "../validate";
import { RegistryAccessMode, registryRole, repositoryCondition } from "./abac";
import { FleetMemberArgs, kubeletPrincipalId, memberProblems } from "./members";

// Registry access as verbs: every grant goes through assignRole with a named built-in role, scoped
// to the registry itself, and returns the assignment so callers can depend on it.

/** Which registry, in which authorization mode, for which image repositories. */
export interface RegistryTarget {
    registry: pulumi.Input<ArmId>;
    mode: RegistryAccessMode;
    /** Image repositories an ABAC grant is limited to; empty means the whole registry. */
    repositories: string[];
}

/** The registry as a role assignment scope. */
const scopeOf = (registry: pulumi.Input<ArmId>) => ({ scope: lift(registry, (r) => r.id), subscriptionId: lift(registry, (r) => r.subscriptionId) });

function grant(name: string, target: RegistryTarget, principalId: pulumi.Input<string>, access: "read" | "write", opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    const abac = target.mode === RegistryAccessMode.Abac && target.repositories.length > 0;
    return assignRole(name, {
        ...scopeOf(target.registry),
        principalId,
        role: registryRole(target.mode, access),
        condition: abac ? repositoryCondition(target.repositories, access) : undefined,
    }, opts);
}

/** Lets `principalId` push images (the deploy identity); with ACR Tasks builds, also run them. */
export function grantRegistryPush(name: string, target: RegistryTarget, principalId: pulumi.Input<string>, acrTasks: boolean, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment[] {
    const grants = [grant(`${name}-push`, target, principalId, "write", opts)];
    if (acrTasks) {
        grants.push(assignRole(`${name}-acrtasks`, { ...scopeOf(target.registry), principalId, role: BuiltInRole.ContainerRegistryTasksContributor }, opts));
    }
    return grants;
}

/** Lets one principal (a member cluster's kubelet) pull from the registry. */
export function grantPull(name: string, target: RegistryTarget, principalId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    return grant(name, target, principalId, "read", opts);
}

/** What {@link grantRegistryPull} grants. */
export interface RegistryPullGrantArgs {
    /** Resource id of the Azure Container Registry. */
    registryId: pulumi.Input<string>;
    /** Object id of the identity that pulls (e.g. a cluster's kubelet identity). */
    principalId: pulumi.Input<string>;
    /** How the registry authorizes. @default "rbac" (AcrPull) */
    accessMode?: RegistryAccessMode;
    /** Image repositories the grant is limited to, in "abac" mode. @default the whole registry */
    repositories?: string[];
}

/**
 * One pull grant on a registry, for any principal: AcrPull, or Repository Reader limited to `repositories` on an
 * ABAC registry. Returns the role assignment, so other resources can depend on it.
 */
export function grantRegistryPull(name: string, args: RegistryPullGrantArgs, opts?: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    const problems: Problem[] = [];
    const registry = armIdInput(args.registryId, "registry", "registryId", problems);
    const mode = oneOf(args.accessMode, RegistryAccessMode, RegistryAccessMode.Rbac, "accessMode", problems);
    failOnProblems("grantRegistryPull", name, problems);
    return grantPull(name, { registry, mode, repositories: args.repositories ?? [] }, args.principalId, opts ?? {});
}

/** Registers a pull grant per member, named `${name}-pull-<member>` so adding or removing one member touches only its grant. */
export function grantMembersPull(name: string, target: RegistryTarget, fleet: pulumi.Input<ArmId>, members: FleetMemberArgs[], parent: pulumi.Resource): Record<string, authorization.RoleAssignment> {
    const grants: Record<string, authorization.RoleAssignment> = {};
    for (const member of members) {
        grants[member.name] = grantPull(`${name}-pull-${member.name}`, target, kubeletPrincipalId(member, fleet, parent), { parent });
    }
    return grants;
}

/** Arguments of {@link FleetMemberRegistryAccess}. */
export interface FleetMemberRegistryAccessArgs {
    /** Resource id of the Azure Container Registry the members pull from. */
    registryId: pulumi.Input<string>;
    /** Resource id of the fleet the members belong to (to resolve member names to kubelet identities). */
    fleetId: pulumi.Input<string>;
    /** The member clusters granted pull, each explicitly: granting every member by default would let any cluster joined later pull every image. */
    members: FleetMemberArgs[];
    /** How the registry authorizes. @default "rbac" (AcrPull). "abac": Repository Reader, limited to `repositories` when given. */
    accessMode?: RegistryAccessMode;
    /** Image repositories the members may pull, in "abac" mode. @default the whole registry. */
    repositories?: string[];
}

/**
 * Pull access on one registry for an explicit list of fleet members, apart from any deployment: what a
 * platform engineer grants by hand today.
 */
export class FleetMemberRegistryAccess extends pulumi.ComponentResource {
    /** Names of the members granted pull. */
    public readonly memberNames: pulumi.Output<string[]>;

    constructor(name: string, args: FleetMemberRegistryAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems: Problem[] = [];
        const registry = armIdInput(args.registryId, "registry", "registryId", problems);
        const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
        if (!args.members || args.members.length === 0) {
            problems.push({ path: "members", message: "members is empty: list the fleet members that may pull, e.g. [{ name: \"member-eastus\" }]." });
        }
        problems.push(...memberProblems(args.members, "members"));
        const mode = oneOf(args.accessMode, RegistryAccessMode, RegistryAccessMode.Rbac, "accessMode", problems);
        if (args.repositories?.length && mode !== RegistryAccessMode.Abac) {
            problems.push({ path: "repositories", message: "repositories limit pulls only with accessMode \"abac\": AcrPull always covers the whole registry. Set accessMode \"abac\" (on an ABAC registry) or drop repositories." });
        }
        failOnProblems("FleetMemberRegistryAccess", name, problems);
        super("fleet-autodeploy:index:FleetMemberRegistryAccess", name, {}, opts);
        grantMembersPull(name, { registry, mode, repositories: args.repositories ?? [] }, fleet, args.members, this);
        this.memberNames = pulumi.output(args.members.map((m) => m.name));
        this.registerOutputs({ memberNames: this.memberNames });
    }
}
