// Azure role definitions by GUID (FACTS.md): the ones the library assigns, and the ones no GitHub identity may
// hold. One home that the parts, the plan's diff and the policy pack all read.

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

/**
 * Roles that hand over a subscription or the right to grant roles (Microsoft Learn, "Azure built-in roles", Privileged:
 * Owner, Contributor, User Access Administrator, Role Based Access Control Administrator). A GitHub workflow holding
 * one of them is a path from a push to the whole scope.
 */
export const PRIVILEGED_ROLES: Record<string, string> = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
    "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};
