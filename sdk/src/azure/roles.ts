import { createHash } from "crypto";

/**
 * Built-in Azure roles the library assigns, by definition GUID (FACTS.md). Each grant names its role
 * here so a reviewer can audit every permission in one place.
 */
export const BuiltInRole = {
    AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
    ContainerRegistryRepositoryReader: "b93aa761-3e63-49ed-ac28-beffa264f7ac",
    ContainerRegistryRepositoryWriter: "2a1e307c-b015-4ebd-883e-5b7698a07328",
    ContainerRegistryTasksContributor: "fb382eab-e894-4461-af04-94435c366c3f",
    ContainerRegistryRepositoryCatalogLister: "bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7",
    FleetRbacWriter: "5af6afb3-c06c-4fa4-8848-71a8aee05683",
    FleetHubClusterUser: "850c5848-fc51-4a9a-8823-f220370626e3",
} as const;
export type BuiltInRole = (typeof BuiltInRole)[keyof typeof BuiltInRole];

/** Human names, for summaries, descriptions and errors. */
export const roleNames: Record<BuiltInRole, string> = {
    [BuiltInRole.AcrPull]: "AcrPull",
    [BuiltInRole.AcrPush]: "AcrPush",
    [BuiltInRole.ContainerRegistryRepositoryReader]: "Container Registry Repository Reader",
    [BuiltInRole.ContainerRegistryRepositoryWriter]: "Container Registry Repository Writer",
    [BuiltInRole.ContainerRegistryTasksContributor]: "Container Registry Tasks Contributor",
    [BuiltInRole.ContainerRegistryRepositoryCatalogLister]: "Container Registry Repository Catalog Lister",
    [BuiltInRole.FleetRbacWriter]: "Azure Kubernetes Fleet Manager RBAC Writer",
    [BuiltInRole.FleetHubClusterUser]: "Azure Kubernetes Fleet Manager Hub Cluster User Role",
};

/** The role definition id as ARM wants it. */
export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

// A fixed namespace keeps the names stable across versions of this library: changing it would
// re-create every role assignment.
const NAMESPACE = Buffer.from("6f1c7a52e3b94d0e9a4f2b8c1d7e5a30", "hex");

/**
 * The role assignment's name: a name-based (version 5) UUID of scope, principal and role. ARM needs a
 * GUID; deriving it makes a second `pulumi up` a no-op, and the same grant from two stacks collide
 * loudly (`RoleAssignmentExists`) instead of piling up duplicates. Case-folded because ARM ids are
 * case-insensitive.
 */
export function roleAssignmentName(scope: string, principalId: string, role: BuiltInRole): string {
    const hash = createHash("sha1")
        .update(NAMESPACE)
        .update(`${scope.toLowerCase()}|${principalId.toLowerCase()}|${role}`)
        .digest();
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
