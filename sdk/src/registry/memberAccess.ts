import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ArmId, isProblem, parseRoleAssignmentId, RoleAssignmentId } from "../azure/ids";
import { Problem } from "../core/problems";
import { programState } from "../core/program";
import { RegistryAccessMode, repositoryCondition } from "./abac";
import { armIdInput, failOnProblems, oneOf } from "../checks/validate";
import { grantPull, RegistryTarget } from "./grants";
import { FleetMemberArgs, kubeletPrincipalId, memberProblems, ownedMembers, PullGrant } from "./members";
import { checkedArguments } from "../config/argumentShapes";
import { declareMemberGrants, deferredGrantName, sharedGrantName } from "./grantDeclarations";
import { admit, refusedComponent } from "../core/refusals";

export { deferredGrantName, sharedGrantName };

// A member's pull grant on a registry is one Azure object, whatever number of deployments list the
// member: Azure refuses a second assignment of one role to one principal at one scope, and deleting
// either of two Pulumi resources for it would delete it for both. So the grant is owned by the
// program, named after what it is (registry, fleet, member) and registered at the stack's root: it
// lives as long as any deployment lists the member, and its URN never depends on which one asked first.

interface SharedGrant {
    grant: authorization.RoleAssignment;
    /** The component that declared it first (what it is was checked against every declarer: grantDeclarations.ts). */
    firstDeclarer: string;
    /** ABAC: the image repositories of every declarer; "all" once one declarer needs the whole registry. */
    repositories: Set<string> | "all";
    /** Set once the condition was handed to the engine: later declarers could no longer widen it. */
    sealed: boolean;
}

/** The adopted grants' ids, checked against the registry where it is known now (an Output registry: where it resolves). */
export function sharedGrantProblems(registryId: pulumi.Input<string> | undefined, members: FleetMemberArgs[] | undefined, path: string): Problem[] {
    const problems: Problem[] = [];
    (members ?? []).forEach((m, i) => {
        if (m?.existingPullGrantId === undefined) return;
        // The assignment to adopt must sit on the registry itself: anywhere else it is another grant.
        const adopted = parseRoleAssignmentId(m.existingPullGrantId, `${path}[${i}].existingPullGrantId`, typeof registryId === "string" ? registryId.trim() : undefined);
        if (isProblem(adopted)) problems.push(adopted);
    });
    return problems;
}

/**
 * The pull grant of `member` on the registry, registered the first time any deployment (or
 * FleetMemberRegistryAccess) of the program asks for it and shared afterwards. In ABAC mode its
 * condition covers the image repositories of every declarer.
 */
export function memberPullGrant(target: RegistryTarget, fleet: ArmId, member: FleetMemberArgs, declaredBy: string): authorization.RoleAssignment {
    const registry = target.registry as ArmId;
    const grants = programState("memberPullGrants", () => new Map<string, SharedGrant>());
    const name = sharedGrantName(registry, fleet, member.name);
    const wanted = wantedRepositories(target);
    const existing = grants.get(name);
    const adopt = member.existingPullGrantId?.trim();
    if (existing) {
        // Declarers agree on what it is (grantDeclarations.ts, checked before they register): only its repositories widen.
        widen(existing, wanted, member.name, registry.name, declaredBy);
        return existing.grant;
    }
    const shared: SharedGrant = {
        grant: undefined as unknown as authorization.RoleAssignment,
        firstDeclarer: declaredBy,
        repositories: wanted === "all" ? "all" : new Set(wanted),
        sealed: false,
    };
    // In ABAC mode the condition is the union of every declarer's repositories: settled once the
    // program's current turn has constructed all of them.
    const condition =
        target.mode === RegistryAccessMode.Abac
            ? pulumi.output(
                  new Promise<string | undefined>((resolve) =>
                      setImmediate(() => {
                          shared.sealed = true;
                          resolve(shared.repositories === "all" ? undefined : repositoryCondition([...shared.repositories].sort(), "read"));
                      }),
                  ),
              )
            : undefined;
    // Checked at construction (sharedGrantProblems): a malformed or misplaced id never reaches here.
    const adopted = adopt === undefined ? undefined : (parseRoleAssignmentId(adopt, "existingPullGrantId", registry.id) as RoleAssignmentId);
    shared.grant = grantPull(name, target, kubeletPrincipalId(member, fleet, undefined), {}, condition, adopted);
    grants.set(name, shared);
    return shared.grant;
}

/** The image repositories a declarer's grant must cover: "all" unless an ABAC target names some. */
const wantedRepositories = (target: RegistryTarget): string[] | "all" => (target.mode === RegistryAccessMode.Abac && target.repositories.length > 0 ? target.repositories : "all");

function widen(shared: Pick<SharedGrant, "repositories" | "sealed">, wanted: string[] | "all", member: string, registry: string, declaredBy: string): void {
    const adds = shared.repositories !== "all" && (wanted === "all" || wanted.some((r) => !(shared.repositories as Set<string>).has(r)));
    if (!adds) return;
    if (shared.sealed) {
        throw new Error(
            `${declaredBy} needs member ${member}'s pull grant on ${registry} for more repositories, but the grant's condition was settled when the program's first turn ended: construct every deployment on this registry in the program's first turn (not inside an apply or after an await).`,
        );
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
    const known = !pulumi.Output.isInstance(target.registry) && !pulumi.Output.isInstance(fleet);
    for (const member of ownedMembers(members)) {
        grants[member.name] = known ? memberPullGrant(target, fleet as ArmId, member, declaredBy) : deferredMemberPullGrant(target, fleet, member, declaredBy);
    }
    return grants;
}

interface DeferredGrant {
    grant: authorization.RoleAssignment;
    firstDeclarer: string;
    /** Every declarer's registry and fleet: one grant is right only if they all resolve to one registry and one fleet. */
    declarers: { by: string; registry: pulumi.Input<ArmId>; fleet: pulumi.Input<ArmId> }[];
    repositories: Set<string> | "all";
    sealed: boolean;
}

/**
 * The pull grant of `member` when the registry or fleet id is not a plain string (a secret config value, another
 * resource's id, a stack reference output, an id unknown in preview). Its name cannot hold their names, so it is the
 * member's (`member-pull-MEMBER`, at the stack's root), registered at construction (every resource shows in a preview
 * where an id is unknown), and shared by every declarer of the member in the program. That is one grant only if every
 * declarer names one registry and one fleet: checked where the ids resolve, before the grant's scope is known, so a
 * program that names two fails its preview instead of granting on the wrong registry. Ids given as plain strings in
 * one deployment and as Outputs in another would register two resources for one assignment: refused there too.
 */
export function deferredMemberPullGrant(target: RegistryTarget, fleet: pulumi.Input<ArmId>, member: FleetMemberArgs, declaredBy: string): authorization.RoleAssignment {
    const grants = programState("deferredPullGrants", () => new Map<string, DeferredGrant>());
    const name = deferredGrantName(member.name);
    const wanted = wantedRepositories(target);
    const adopt = member.existingPullGrantId?.trim();
    const existing = grants.get(name);
    if (existing) {
        const refuse = (why: string) => {
            throw new pulumi.InputPropertiesError({ message: `${declaredBy} ${why}`, errors: [{ propertyPath: "members", reason: `${declaredBy} ${why}` }] });
        };
        // Declarers agree on the adoption and the mode (grantDeclarations.ts); what is left is when they came.
        if (existing.sealed) {
            refuse(
                `lists member ${member.name} after the program's first turn, when its shared pull grant was settled: construct every deployment on this registry in the program's first turn (not inside an apply or after an await).`,
            );
        }
        existing.declarers.push({ by: declaredBy, registry: target.registry, fleet });
        // Not sealed (refused above): the union is only widened.
        widen(existing, wanted, member.name, "its registry", declaredBy);
        return existing.grant;
    }
    const shared: DeferredGrant = {
        grant: undefined as unknown as authorization.RoleAssignment,
        firstDeclarer: declaredBy,
        declarers: [{ by: declaredBy, registry: target.registry, fleet }],
        repositories: wanted === "all" ? "all" : new Set(wanted),
        sealed: false,
    };
    // Settled when the program's current turn has constructed every declarer, as the ABAC condition of a named grant.
    const settled = new Promise<void>((resolve) =>
        setImmediate(() => {
            shared.sealed = true;
            resolve();
        }),
    );
    const named = programState("memberPullGrants", () => new Map<string, SharedGrant>());
    const checked = pulumi.output(settled.then(() => pulumi.all(shared.declarers.map((d) => pulumi.all([d.registry, d.fleet]))))).apply((pairs) => {
        const [[registry, fleetId]] = pairs;
        shared.declarers.forEach((d, i) => {
            const [r, f] = pairs[i];
            if (r.id.toLowerCase() !== registry.id.toLowerCase() || f.id.toLowerCase() !== fleetId.id.toLowerCase()) {
                throw new Error(
                    `${d.by} lists member ${member.name} on registry ${r.id} of fleet ${f.id}, but ${shared.firstDeclarer} on registry ${registry.id} of fleet ${fleetId.id}: with ids that are not plain strings, a member's pull grant is named after the member alone (${name}), so one program grants each member on one registry of one fleet. Give the ids as plain strings (each grant is then named after its registry and fleet), or grant the other registry's members in another program.`,
                );
            }
        });
        if (named.has(sharedGrantName(registry, fleetId, member.name))) {
            throw new Error(
                `member ${member.name}'s pull grant on ${registry.name} is declared with plain ids by ${named.get(sharedGrantName(registry, fleetId, member.name))!.firstDeclarer} and with Outputs by ${shared.firstDeclarer}: two resources would claim one assignment. Give the registry and fleet ids the same way in both.`,
            );
        }
        return registry;
    });
    const condition =
        target.mode === RegistryAccessMode.Abac
            ? pulumi.output(settled.then(() => (shared.repositories === "all" ? undefined : repositoryCondition([...shared.repositories].sort(), "read"))))
            : undefined;
    const adopted = adopt === undefined ? undefined : (parseRoleAssignmentId(adopt, "existingPullGrantId") as RoleAssignmentId);
    shared.grant = grantPull(name, { ...target, registry: checked }, kubeletPrincipalId(member, fleet, undefined), {}, condition, adopted);
    grants.set(name, shared);
    return shared.grant;
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
    public readonly memberNames!: pulumi.Output<string[]>;

    constructor(name: string, args: FleetMemberRegistryAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `FleetMemberRegistryAccess "${name}"`;
        const admitted = admit(label, () => {
            args = checkedArguments("FleetMemberRegistryAccess", name, args);
            const problems: Problem[] = [];
            const registry = armIdInput(args.registryId, "registry", "registryId", problems);
            const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
            if (!args.members || args.members.length === 0) {
                problems.push({ path: "members", message: 'members is empty: list the fleet members that may pull, e.g. [{ name: "member-eastus" }].' });
            }
            problems.push(...memberProblems(args.members, "members"), ...sharedGrantProblems(args.registryId, args.members, "members"));
            (args.members ?? []).forEach((m, i) => {
                if (m?.pullGrant === PullGrant.External) {
                    problems.push({
                        path: `members[${i}].pullGrant`,
                        message: `members[${i}] (${m.name}) says pullGrant "external", but FleetMemberRegistryAccess exists to own grants: leave that member out here (its grant is owned elsewhere), or drop pullGrant to own it.`,
                    });
                }
            });
            const mode = oneOf(args.accessMode, RegistryAccessMode, RegistryAccessMode.Rbac, "accessMode", problems);
            if (args.repositories?.length && mode !== RegistryAccessMode.Abac) {
                problems.push({
                    path: "repositories",
                    message: 'repositories limit pulls only with accessMode "abac": AcrPull always covers the whole registry. Set accessMode "abac" (on an ABAC registry) or drop repositories.',
                });
            }
            failOnProblems("FleetMemberRegistryAccess", name, problems);
            const target = { registry, mode, repositories: args.repositories ?? [] };
            declareMemberGrants(target, fleet, args.members, `FleetMemberRegistryAccess "${name}"`);
            return { target, fleet };
        });
        if (!admitted) return refusedComponent(new.target, ["memberNames"]);
        const { target, fleet } = admitted;
        super("fleet-autodeploy:index:FleetMemberRegistryAccess", name, {}, opts);
        grantMembersPull(target, fleet, args.members, `FleetMemberRegistryAccess "${name}"`);
        this.memberNames = pulumi.output(args.members.map((m) => m.name));
        this.registerOutputs({ memberNames: this.memberNames });
    }
}
