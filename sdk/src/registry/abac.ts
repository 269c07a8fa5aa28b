import { BuiltInRole } from "../vocabulary/roles";

/** How a registry authorizes pulls and pushes. */
export const RegistryAccessMode = {
    /** AcrPull/AcrPush on the registry (role assignment mode "RBAC registry permissions"). */
    Rbac: "rbac",
    /** Repository Reader/Writer limited to the app's repository by an ABAC condition (mode "RBAC registry + ABAC repository permissions"), where AcrPull/AcrPush are ignored. */
    Abac: "abac",
} as const;
export type RegistryAccessMode = (typeof RegistryAccessMode)[keyof typeof RegistryAccessMode];

const ACTIONS = {
    read: ["content/read", "metadata/read"],
    write: ["content/read", "content/write", "metadata/read", "metadata/write"],
};

/**
 * An ABAC condition (version 2.0) that lets the role act only on `repositories`: every data action the
 * role grants is allowed only when the request names one of them.
 */
export function repositoryCondition(repositories: string[], access: "read" | "write"): string {
    if (repositories.length === 0) throw new Error("an ABAC repository condition needs at least one repository");
    const actions = ACTIONS[access].map((a) => `!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/${a}'})`).join(" AND ");
    const names = repositories.map((r) => `@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase '${r}'`).join(" OR ");
    return `((${actions}) OR (${names}))`;
}

/** The role for pulling or pushing in each mode. */
export function registryRole(mode: RegistryAccessMode, access: "read" | "write"): BuiltInRole {
    if (mode === RegistryAccessMode.Abac) {
        return access === "read" ? BuiltInRole.ContainerRegistryRepositoryReader : BuiltInRole.ContainerRegistryRepositoryWriter;
    }
    return access === "read" ? BuiltInRole.AcrPull : BuiltInRole.AcrPush;
}
