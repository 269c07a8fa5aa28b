// Guardrails on role assignments: what an identity GitHub Actions can sign in as may hold, and the principal type
// every assignment must state. Pure functions of the stack's resources.
import { BuiltInRole, PRIVILEGED_ROLES, roleNames } from "../vocabulary/roles";
import { IdentityGraph, isGitHubIdentity, StackIdentity } from "./identities";
import { describe, Finding, known, PolicyTarget, roleGuidOf } from "./target";
import { Types } from "../vocabulary/tokens";

/** Where a role may be assigned to a GitHub identity. */
export type ScopeKind = "registry" | "fleet" | "fleet namespace";

const ARM = "/subscriptions/[^/]+/resourceGroups/[^/]+/providers";
const SCOPES: Record<ScopeKind, RegExp> = {
    registry: new RegExp(String.raw`^${ARM}/Microsoft\.ContainerRegistry/registries/[^/]+$`, "i"),
    fleet: new RegExp(String.raw`^${ARM}/Microsoft\.ContainerService/fleets/[^/]+$`, "i"),
    // Fleet's RBAC roles on one hub namespace: `FLEET/managedNamespaces/NS` (concepts-rbac today) or `FLEET/namespaces/NS` (earlier docs).
    "fleet namespace": new RegExp(String.raw`^${ARM}/Microsoft\.ContainerService/fleets/[^/]+/(namespaces|managedNamespaces)/[^/]+$`, "i"),
};
const SCOPE_EXAMPLES: Record<ScopeKind, string> = {
    registry: "a registry (.../providers/Microsoft.ContainerRegistry/registries/R)",
    fleet: "a fleet (.../providers/Microsoft.ContainerService/fleets/F)",
    "fleet namespace": "one hub namespace (FLEET_ID/managedNamespaces/NS or FLEET_ID/namespaces/NS)",
};

/**
 * The roles an identity GitHub can sign in as may hold, each with the one scope it is for (README "Roles it assigns"):
 * registry roles on the registry, Fleet RBAC Writer on its own hub namespace only (at the fleet it would write every
 * namespace), Hub Cluster User on the fleet (`listCredentials`, no data access).
 */
export const ALLOWED_GITHUB_ROLES: Record<BuiltInRole, ScopeKind> = {
    [BuiltInRole.AcrPush]: "registry",
    [BuiltInRole.AcrPull]: "registry",
    [BuiltInRole.ContainerRegistryRepositoryReader]: "registry",
    [BuiltInRole.ContainerRegistryRepositoryWriter]: "registry",
    [BuiltInRole.ContainerRegistryRepositoryCatalogLister]: "registry",
    [BuiltInRole.ContainerRegistryTasksContributor]: "registry",
    [BuiltInRole.FleetRbacWriter]: "fleet namespace",
    [BuiltInRole.FleetHubClusterUser]: "fleet",
};

/** The scope kind of an ARM scope, if it is one a GitHub identity may be granted at. */
export function scopeKind(scope: string): ScopeKind | undefined {
    return (Object.keys(SCOPES) as ScopeKind[]).find((k) => SCOPES[k].test(scope.trim()));
}

const OTHER_ROLES: Record<string, string> = { "acdd72a7-3385-48ef-bd42-f606fba81ae7": "Reader" };
const roleName = (guid: string) => (roleNames as Record<string, string>)[guid] ?? PRIVILEGED_ROLES[guid] ?? OTHER_ROLES[guid] ?? `role ${guid}`;

/** Role assignments granted to identities GitHub can sign in as, with the identity. */
function githubAssignments(resources: PolicyTarget[], graph: IdentityGraph): Array<{ assignment: PolicyTarget; identity: StackIdentity }> {
    return resources
        .filter((r) => r.type === Types.RoleAssignment)
        .flatMap((assignment) => {
            const identity = graph.principalOf(assignment);
            return identity && isGitHubIdentity(identity) ? [{ assignment, identity }] : [];
        });
}

/** Policy: a GitHub identity holds only the library's roles, each at its own scope. */
export function githubRoleFindings(resources: PolicyTarget[], graph: IdentityGraph): Finding[] {
    const findings: Finding[] = [];
    for (const { assignment, identity } of githubAssignments(resources, graph)) {
        const definition = known(assignment.props.roleDefinitionId);
        const scope = known(assignment.props.scope);
        if (!definition) continue;
        const role = roleGuidOf(definition);
        const who = `${identity.resource.name} (an identity GitHub Actions signs in as)`;
        const expected = (ALLOWED_GITHUB_ROLES as Record<string, ScopeKind>)[role];
        if (!expected) {
            const allowed = [...new Set(Object.keys(ALLOWED_GITHUB_ROLES).map(roleName))].join(", ");
            findings.push({ urn: assignment.urn, message: `${describe(assignment)} grants ${roleName(role)} to ${who}: only ${allowed} are allowed for such identities.` });
            continue;
        }
        if (scope && scopeKind(scope) !== expected) {
            findings.push({ urn: assignment.urn, message: `${describe(assignment)} grants ${roleName(role)} to ${who} at ${scope}: that role is allowed only at ${SCOPE_EXAMPLES[expected]}.` });
        }
    }
    return findings;
}

/** Policy: never Owner, Contributor, User Access Administrator or RBAC Administrator for a GitHub identity, at any scope. */
export function privilegedRoleFindings(resources: PolicyTarget[], graph: IdentityGraph): Finding[] {
    return githubAssignments(resources, graph).flatMap(({ assignment, identity }) => {
        const definition = known(assignment.props.roleDefinitionId);
        const role = definition && roleGuidOf(definition);
        if (!role || !PRIVILEGED_ROLES[role]) return [];
        return [
            {
                urn: assignment.urn,
                message:
                    `${describe(assignment)} grants ${PRIVILEGED_ROLES[role]} to ${identity.resource.name} (an identity GitHub Actions signs in as)` +
                    `${known(assignment.props.scope) ? ` at ${assignment.props.scope}` : ""}: a push to its repository could then take over the scope. Grant the narrow roles instead.`,
            },
        ];
    });
}

/**
 * Policy: every role assignment states its principal type, and an identity of the stack is a "ServicePrincipal". Without it
 * ARM looks the principal up and fails while a new identity replicates (PrincipalNotFound); azure-native fills in "User"
 * when it is left out, which ARM refuses for a managed identity or service principal (UnmatchedPrincipalType).
 */
export function principalTypeFindings(resources: PolicyTarget[], graph: IdentityGraph): Finding[] {
    const findings: Finding[] = [];
    for (const assignment of resources.filter((r) => r.type === Types.RoleAssignment)) {
        const value = assignment.props.principalType;
        if (value === undefined || value === null || value === "") {
            findings.push({
                urn: assignment.urn,
                message: `${describe(assignment)} has no principalType: set it ("ServicePrincipal" for a managed identity or an application), or ARM fails while a new principal replicates (PrincipalNotFound).`,
            });
            continue;
        }
        const type = known(value);
        const identity = graph.principalOf(assignment);
        if (type && identity && type !== "ServicePrincipal") {
            findings.push({
                urn: assignment.urn,
                message: `${describe(assignment)} has principalType ${JSON.stringify(type)} for ${identity.resource.name}, a ${identity.resource.type.split(":").pop()}: set principalType "ServicePrincipal" (azure-native's default "User" fails with UnmatchedPrincipalType).`,
            });
        }
    }
    return findings;
}
