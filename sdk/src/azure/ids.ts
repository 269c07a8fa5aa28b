import { Problem } from "../core/problems";

/** The parts of an Azure Resource Manager id that the library needs. */
export interface ArmId {
    /** The id exactly as given (ARM ids are case-insensitive, but we never rewrite what users own). */
    id: string;
    subscriptionId: string;
    resourceGroup: string;
    /** `Microsoft.ContainerService/fleets`; empty for a resource group id. */
    type: string;
    /** The resource name; for a resource group id, the group's name. */
    name: string;
}

/** The resource kinds the library accepts ids for, with the ARM type each must have. */
export const ArmKind = {
    fleet: "Microsoft.ContainerService/fleets",
    registry: "Microsoft.ContainerRegistry/registries",
    managedCluster: "Microsoft.ContainerService/managedClusters",
    resourceGroup: "",
} as const;
export type ArmKind = keyof typeof ArmKind;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)(?:\/providers\/([^/]+)\/([^/]+)\/([^/]+))?$/i;

const EXAMPLES: Record<ArmKind, string> = {
    fleet: "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/fleets/<fleet>",
    registry: "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<acr>",
    managedCluster: "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<aks>",
    resourceGroup: "/subscriptions/<sub>/resourceGroups/<rg>",
};

/**
 * Parses `value` as an id of `kind`, or explains at `path` what is wrong. Pure: callers decide whether
 * to collect the problem (construction) or throw it (a value that resolved later).
 */
export function parseArmId(value: unknown, kind: ArmKind, path: string): ArmId | Problem {
    const fix = `give the full resource id, like ${EXAMPLES[kind]}`;
    if (typeof value !== "string" || value.trim() === "") {
        return { path, message: `${path} is required: ${fix}.` };
    }
    const match = ID.exec(value.trim());
    if (!match) {
        return { path, message: `${path} ${JSON.stringify(value)} is not an Azure resource id: ${fix}.` };
    }
    const [, subscriptionId, resourceGroup, namespace, type, name] = match;
    const actualType = namespace ? `${namespace}/${type}` : "";
    if (actualType.toLowerCase() !== ArmKind[kind].toLowerCase()) {
        const got = actualType || "a resource group";
        return { path, message: `${path} ${JSON.stringify(value)} names ${got}, not a ${kind}: ${fix}.` };
    }
    if (!GUID.test(subscriptionId)) {
        return { path, message: `${path} ${JSON.stringify(value)} has subscription ${JSON.stringify(subscriptionId)}, which is not a GUID: ${fix}.` };
    }
    return { id: value.trim(), subscriptionId, resourceGroup, type: actualType, name: name ?? resourceGroup };
}

export function isProblem<T extends object>(value: T | Problem): value is Problem {
    return "message" in value && "path" in value && !("id" in value);
}

/** The id of the resource group that holds `resource`. */
export function resourceGroupIdOf(resource: ArmId): string {
    return `/subscriptions/${resource.subscriptionId}/resourceGroups/${resource.resourceGroup}`;
}

/** The ARM scope of a namespace on a fleet's hub (Fleet Manager's RBAC roles are assignable there). */
export function fleetNamespaceScope(fleetId: string, namespace: string): string {
    return `${fleetId}/namespaces/${namespace}`;
}

/** A Fleet managed namespace as a role assignment scope (concepts-rbac). */
export function fleetManagedNamespaceScope(fleetId: string, namespace: string): string {
    return `${fleetId}/managedNamespaces/${namespace}`;
}

export function isGuid(value: string): boolean {
    return GUID.test(value);
}

const ROLE_ASSIGNMENT = /^(\/.+)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i;

/** An existing role assignment, as `az role assignment list --query "[].id"` prints it: its scope and its GUID name. */
export interface RoleAssignmentId {
    id: string;
    scope: string;
    name: string;
}

/**
 * Parses the id of an existing role assignment to adopt, which must sit at `scope` (when known) for it to be the
 * assignment the library would create there; or explains at `path` what is wrong.
 */
export function parseRoleAssignmentId(value: unknown, path: string, scope?: string): RoleAssignmentId | Problem {
    const example = `${scope ?? "SCOPE"}/providers/Microsoft.Authorization/roleAssignments/<GUID>`;
    const match = typeof value === "string" ? ROLE_ASSIGNMENT.exec(value.trim()) : null;
    if (!match || !GUID.test(match[2])) {
        return {
            path,
            message: `${path} ${JSON.stringify(value)} is not a role assignment id: give it as \`az role assignment list --scope SCOPE --assignee PRINCIPAL --query "[].id"\` prints it, like ${example}.`,
        };
    }
    const [, at, name] = match;
    if (scope !== undefined && at.toLowerCase() !== scope.toLowerCase()) {
        return {
            path,
            message: `${path} ${JSON.stringify(value)} is assigned at ${at}, not at ${scope}, where this grant belongs: adopt the assignment made at ${scope} (an assignment elsewhere grants something else), or leave it out.`,
        };
    }
    return { id: value as string, scope: at, name };
}
