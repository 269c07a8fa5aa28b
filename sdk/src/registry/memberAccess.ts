import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ArmId, isProblem, parseRoleAssignmentId, RoleAssignmentId } from "../azure/ids";
import { Problem } from "../problems";
import { programState } from "../program";
import { RegistryAccessMode, repositoryCondition } from "./abac";
import { armIdInput, failOnProblems, oneOf } from "../validate";
import { grantPull, RegistryTarget } from "./grants";
import { FleetMemberArgs, kubeletPrincipalId, memberProblems, ownedMembers, PullGrant } from "./members";
import { checkedArguments } from "../config/argumentShapes";

// A member's pull grant on a registry is one Azure object, whatever number of deployments list the
// member: Azure refuses a second assignment of one role to one principal at one scope, and deleting
// either of two Pulumi resources for it would delete it for both. So the grant is owned by the
// program, named after what it is (registry, fleet, member) and registered at the stack's root: it
// lives as long as any deployment lists the member, and its URN never depends on which one asked first.

interface SharedGrant {
    grant: authorization.RoleAssignment;
    /** The component that declared it first: the one a disagreeing declarer is told about. */
    firstDeclarer: string;
    principal: pulumi.Input<string> | undefined;
    fleetId: string;
    mode: RegistryAccessMode;
    /** ABAC: the image repositories of every declarer; "all" once one declarer needs the whole registry. */
    repositories: Set<string> | "all";
    /** Set once the condition was handed to the engine: later declarers could no longer widen it. */
    sealed: boolean;
    /** The existing assignment it adopts, if any. */
    adopted?: string;
}

/** Shared grants are named after the registry and the fleet, so both must be known when the program runs. */
export function sharedGrantProblems(registryId: pulumi.Input<string> | undefined, fleetId: pulumi.Input<string> | undefined, members: FleetMemberArgs[] | undefined, path: string): Problem[] {
    // A grant owned elsewhere is not registered here, so it needs no name.
    const owned = ownedMembers((members ?? []).filter((m) => m && typeof m === "object"));
    if (!owned.length) return [];
    const problems: Problem[] = [];
    (members ?? []).forEach((m, i) => {
        if (m?.existingPullGrantId === undefined) return;
        // The assignment to adopt must sit on the registry itself: anywhere else it is another grant.
        const adopted = parseRoleAssignmentId(m.existingPullGrantId, `${path}[${i}].existingPullGrantId`, typeof registryId === "string" ? registryId.trim() : undefined);
        if (isProblem(adopted)) problems.push(adopted);
    });
    const outputs = [["registryId", registryId], ["fleetId", fleetId]].filter(([, v]) => v !== undefined && typeof v !== "string").map(([k]) => k);
    return outputs.length === 0 ? problems : [...problems, {
        path,
        message: `${path} need ${outputs.join(" and ")} as plain strings: a member's pull grant is shared by every deployment on the registry and named after the registry, the fleet and the member, so their names must be known before Pulumi resolves any Output. Read the ids from config (or await a StackReference's getOutputValue), or mark members whose grant the program that owns the registry makes with pullGrant "external".`,
    }];
}

/** The stack-wide name of a member's pull grant: what it is, not who asked. */
export const sharedGrantName = (registry: ArmId, fleet: ArmId, member: string) => `${registry.name.toLowerCase()}-pull-${fleet.name.toLowerCase()}-${member}`;

/**
 * The pull grant of `member` on the registry, registered the first time any deployment (or
 * FleetMemberRegistryAccess) of the program asks for it and shared afterwards. In ABAC mode its
 * condition covers the image repositories of every declarer.
 */
export function memberPullGrant(target: RegistryTarget, fleet: ArmId, member: FleetMemberArgs, declaredBy: string): authorization.RoleAssignment {
    const registry = target.registry as ArmId;
    const grants = programState("memberPullGrants", () => new Map<string, SharedGrant>());
    const name = sharedGrantName(registry, fleet, member.name);
    const wanted = target.mode === RegistryAccessMode.Abac && target.repositories.length > 0 ? target.repositories : "all";
    const existing = grants.get(name);
    const adopt = member.existingPullGrantId?.trim();
    if (existing) {
        // One name, one grant: declarers that disagree on what it is are refused, naming both.
        const first = existing.firstDeclarer;
        const given = member.kubeletPrincipalId;
        const disagreement =
            adopt !== undefined && adopt.toLowerCase() !== existing.adopted?.toLowerCase()
                ? (existing.adopted
                    ? `adopts member ${member.name}'s pull grant ${adopt}, but ${first} adopted ${existing.adopted}: a member has one pull grant on a registry; give the same existingPullGrantId.`
                    : `adopts member ${member.name}'s pull grant ${adopt}, but ${first} already declared a new one: give existingPullGrantId where the member is first listed (${first}), so the grant is adopted, not created beside it.`)
                : typeof given === "string" && typeof existing.principal === "string" && given.toLowerCase() !== existing.principal.toLowerCase()
                ? `gives member ${member.name} kubelet identity ${given}, but ${first} gave ${existing.principal}: one member has one kubelet identity; give the same kubeletPrincipalId, or leave it out on both to resolve it from the fleet.`
                : fleet.id.toLowerCase() !== existing.fleetId
                    ? `lists member ${member.name} of fleet ${fleet.id}, but ${first} listed a member of that name of fleet ${existing.fleetId}: two fleets named ${fleet.name} sharing registry ${registry.name} would need two grants of one name; give one fleet's members their kubelet grants in another program.`
                    : target.mode !== existing.mode
                        ? `treats registry ${registry.name} as "${target.mode}", but ${first} as "${existing.mode}": a registry has one role assignment mode (\`az acr show --query roleAssignmentMode\`); give every deployment on it the same one.`
                        : undefined;
        if (disagreement) {
            throw new pulumi.InputPropertiesError({ message: `${declaredBy} ${disagreement}`, errors: [{ propertyPath: "members", reason: `${declaredBy} ${disagreement}` }] });
        }
        widen(existing, wanted, member.name, registry, declaredBy);
        return existing.grant;
    }
    const shared: SharedGrant = {
        grant: undefined as unknown as authorization.RoleAssignment,
        firstDeclarer: declaredBy,
        principal: member.kubeletPrincipalId,
        fleetId: fleet.id.toLowerCase(),
        mode: target.mode,
        repositories: wanted === "all" ? "all" : new Set(wanted),
        sealed: false,
        adopted: adopt,
    };
    // In ABAC mode the condition is the union of every declarer's repositories: settled once the
    // program's current turn has constructed all of them.
    const condition = target.mode === RegistryAccessMode.Abac
        ? pulumi.output(new Promise<string | undefined>((resolve) => setImmediate(() => {
            shared.sealed = true;
            resolve(shared.repositories === "all" ? undefined : repositoryCondition([...shared.repositories].sort(), "read"));
        })))
        : undefined;
    // Checked at construction (sharedGrantProblems): a malformed or misplaced id never reaches here.
    const adopted = adopt === undefined ? undefined : parseRoleAssignmentId(adopt, "existingPullGrantId", registry.id) as RoleAssignmentId;
    shared.grant = grantPull(name, target, kubeletPrincipalId(member, fleet, undefined), {}, condition, adopted);
    grants.set(name, shared);
    return shared.grant;
}

function widen(shared: SharedGrant, wanted: string[] | "all", member: string, registry: ArmId, declaredBy: string): void {
    const adds = shared.repositories !== "all" && (wanted === "all" || wanted.some((r) => !(shared.repositories as Set<string>).has(r)));
    if (!adds) return;
    if (shared.sealed) {
        throw new Error(`${declaredBy} needs member ${member}'s pull grant on ${registry.name} for more repositories, but the grant's condition was settled when the program's first turn ended: construct every deployment on this registry in the program's first turn (not inside an apply or after an await).`);
    }
    shared.repositories = wanted === "all" ? "all" : new Set([...shared.repositories, ...wanted]);
}

/**
 * The pull grant of each member, shared program-wide (above): `declaredBy` adds its need to a
 * grant another component may already have registered, and adding or removing a member touches only its grant.
 */
export function grantMembersPull(target: RegistryTarget, fleet: pulumi.Input<ArmId>, members: FleetMemberArgs[], declaredBy: string): Record<string, authorization.RoleAssignment> {
    const grants: Record<string, authorization.RoleAssignment> = {};
    // A grant owned elsewhere (another stack, --attach-acr, the portal) is theirs: registering it too would be refused.
    for (const member of ownedMembers(members)) grants[member.name] = memberPullGrant(target, fleet as ArmId, member, declaredBy);
    return grants;
}

/** Arguments of {@link FleetMemberRegistryAccess}. */
export interface FleetMemberRegistryAccessArgs {
    /** Resource id of the Azure Container Registry the members pull from. */
    registryId: pulumi.Input<string>;
    /** Resource id of the fleet the members belong to (to resolve member names to kubelet identities). */
    fleetId: pulumi.Input<string>;
    /**
     * The member clusters granted pull, each explicitly: granting every member by default would let any cluster joined later
     * pull every image. A member granted by `--attach-acr` or the portal is taken over with `existingPullGrantId`.
     */
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
        args = checkedArguments("FleetMemberRegistryAccess", name, args);
        const problems: Problem[] = [];
        const registry = armIdInput(args.registryId, "registry", "registryId", problems);
        const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
        if (!args.members || args.members.length === 0) {
            problems.push({ path: "members", message: "members is empty: list the fleet members that may pull, e.g. [{ name: \"member-eastus\" }]." });
        }
        problems.push(...memberProblems(args.members, "members"), ...sharedGrantProblems(args.registryId, args.fleetId, args.members, "members"));
        (args.members ?? []).forEach((m, i) => {
            if (m?.pullGrant === PullGrant.External) {
                problems.push({ path: `members[${i}].pullGrant`, message: `members[${i}] (${m.name}) says pullGrant "external", but FleetMemberRegistryAccess exists to own grants: leave that member out here (its grant is owned elsewhere), or drop pullGrant to own it.` });
            }
        });
        const mode = oneOf(args.accessMode, RegistryAccessMode, RegistryAccessMode.Rbac, "accessMode", problems);
        if (args.repositories?.length && mode !== RegistryAccessMode.Abac) {
            problems.push({ path: "repositories", message: "repositories limit pulls only with accessMode \"abac\": AcrPull always covers the whole registry. Set accessMode \"abac\" (on an ABAC registry) or drop repositories." });
        }
        failOnProblems("FleetMemberRegistryAccess", name, problems);
        super("fleet-autodeploy:index:FleetMemberRegistryAccess", name, {}, opts);
        grantMembersPull({ registry, mode, repositories: args.repositories ?? [] }, fleet, args.members, `FleetMemberRegistryAccess "${name}"`);
        this.memberNames = pulumi.output(args.members.map((m) => m.name));
        this.registerOutputs({ memberNames: this.memberNames });
    }
}
