import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { programState } from "../core/program";
import { RegistryAccessMode } from "./abac";
import { RegistryTarget } from "./grants";
import { FleetMemberArgs, ownedMembers } from "./members";

// A member's pull grant is one Azure object however many components list the member (registry/memberAccess.ts), so
// every declarer must agree on what it is. That is checked with the component's other arguments, before it registers
// anything, and against every earlier declarer of the program, registered or not: a component held back by another's
// refusal (refusals.ts) still declares, so a disagreement with a later one is found in the same run.

/** The stack-wide name of a member's pull grant: what it is, not who asked. */
export const sharedGrantName = (registry: ArmId, fleet: ArmId, member: string) => `${registry.name.toLowerCase()}-pull-${fleet.name.toLowerCase()}-${member}`;

/** The name of a member's pull grant when the registry or fleet id is an Output: the member's alone. */
export const deferredGrantName = (member: string) => `member-pull-${member}`;

/** What the first declarer of a grant said it is. */
export interface Declaration {
    firstDeclarer: string;
    principal?: pulumi.Input<string>;
    /** The fleet's id, lowercased; undefined for a grant whose ids are Outputs. */
    fleetId?: string;
    mode: RegistryAccessMode;
    adopted?: string;
}

function disagreement(first: Declaration, mine: Declaration, member: string, registry: ArmId | undefined, fleet: ArmId | undefined): string | undefined {
    const by = first.firstDeclarer;
    if (mine.adopted !== undefined && mine.adopted.toLowerCase() !== first.adopted?.toLowerCase()) {
        return first.adopted
            ? `adopts member ${member}'s pull grant ${mine.adopted}, but ${by} adopted ${first.adopted}: a member has one pull grant on a registry; give the same existingPullGrantId.`
            : `adopts member ${member}'s pull grant ${mine.adopted}, but ${by} already declared a new one: give existingPullGrantId where the member is first listed (${by}), so the grant is adopted, not created beside it.`;
    }
    if (typeof mine.principal === "string" && typeof first.principal === "string" && mine.principal.toLowerCase() !== first.principal.toLowerCase()) {
        return `gives member ${member} kubelet identity ${mine.principal}, but ${by} gave ${first.principal}: one member has one kubelet identity; give the same kubeletPrincipalId, or leave it out on both to resolve it from the fleet.`;
    }
    if (fleet && registry && mine.fleetId !== first.fleetId) {
        return `lists member ${member} of fleet ${fleet.id}, but ${by} listed a member of that name of fleet ${first.fleetId}: two fleets named ${fleet.name} sharing registry ${registry.name} would need two grants of one name; give one fleet's members their kubelet grants in another program.`;
    }
    if (mine.mode !== first.mode) {
        return registry
            ? `treats registry ${registry.name} as "${mine.mode}", but ${by} as "${first.mode}": a registry has one role assignment mode (\`az acr show --query roleAssignmentMode\`); give every deployment on it the same one.`
            : `treats the registry of member ${member}'s grant as "${mine.mode}", but ${by} as "${first.mode}": a registry has one role assignment mode; give every deployment on it the same one.`;
    }
    return undefined;
}

/**
 * Records what `declaredBy` says each owned member's pull grant is, or throws one error naming every disagreement with
 * an earlier declarer (nothing is recorded then). `declarations` is the program's unless given (a check of many
 * deployments before any is constructed keeps its own).
 */
export function declareMemberGrants(
    target: RegistryTarget,
    fleet: pulumi.Input<ArmId>,
    members: FleetMemberArgs[],
    declaredBy: string,
    declarations = programState("memberGrantDeclarations", () => new Map<string, Declaration>()),
): void {
    const known = !pulumi.Output.isInstance(target.registry) && !pulumi.Output.isInstance(fleet);
    const registry = known ? (target.registry as ArmId) : undefined;
    const fleetId = known ? (fleet as ArmId) : undefined;
    const mine = new Map<string, Declaration>();
    const reasons: string[] = [];
    for (const member of ownedMembers(members)) {
        const name = registry && fleetId ? sharedGrantName(registry, fleetId, member.name) : deferredGrantName(member.name);
        const declaration: Declaration = {
            firstDeclarer: declaredBy,
            principal: member.kubeletPrincipalId,
            fleetId: fleetId?.id.toLowerCase(),
            mode: target.mode,
            adopted: member.existingPullGrantId?.trim(),
        };
        const first = declarations.get(name);
        const why = first && disagreement(first, declaration, member.name, registry, fleetId);
        if (why) reasons.push(`${declaredBy} ${why}`);
        else if (!first) mine.set(name, declaration);
    }
    if (reasons.length > 0) {
        throw new pulumi.InputPropertiesError({ message: reasons.join("\n"), errors: reasons.map((reason) => ({ propertyPath: "members", reason })) });
    }
    for (const [name, declaration] of mine) declarations.set(name, declaration);
}
