// Which input changes make a provider replace a resource instead of updating it, for the types this library
// registers: the one table the plan diff reads (a resource's own `replaceOnChanges` is read from its options too).
// A changed property path matches an entry when it is the entry or lies under it (`metadata.name`, `spec.x[0]`).
import { Types } from "../vocabulary/tokens";

export interface ReplacementRule {
    /** A type token, or a prefix ending in ":" (every Kubernetes type). */
    type: string;
    /** Input paths whose change replaces the resource. */
    properties: string[];
    /** Why: the provider's or the API's own words. */
    source: string;
}

export const REPLACEMENT_RULES: ReplacementRule[] = [
    {
        type: Types.RoleAssignment,
        properties: ["scope", "roleAssignmentName", "principalId", "roleDefinitionId"],
        source: 'ARM: scope and name are the resource\'s path; "Tenant ID, application ID, principal ID, and scope are not allowed to be updated" (RoleAssignmentUpdateNotPermitted), and only condition, conditionVersion and description can change in place (learn.microsoft.com/azure/role-based-access-control/conditions-role-assignments-rest)',
    },
    {
        type: Types.UserAssignedIdentity,
        properties: ["resourceGroupName", "resourceName", "location"],
        source: "ARM: resource group and name are the resource's path, and a resource's location cannot change",
    },
    {
        type: Types.FederatedIdentityCredential,
        properties: ["resourceGroupName", "resourceName", "federatedIdentityCredentialResourceName"],
        source: "ARM: the identity and the credential's name are the resource's path",
    },
    {
        type: Types.FleetManagedNamespace,
        properties: ["resourceGroupName", "fleetName", "managedNamespaceName", "location"],
        source: "ARM: the fleet and the namespace's name are the resource's path",
    },
    { type: Types.ServicePrincipal, properties: ["clientId"], source: "azuread provider: client_id forces a new resource" },
    {
        type: Types.ApplicationFederatedIdentityCredential,
        properties: ["applicationId", "displayName"],
        source: "azuread provider: application_id and display_name force a new resource",
    },
    {
        type: Types.ApplicationFlexibleFederatedIdentityCredential,
        properties: ["applicationId", "displayName"],
        source: "azuread provider: application_id and display_name force a new resource",
    },
    { type: Types.ActionsVariable, properties: ["repository", "variableName"], source: "github provider: repository and variable_name force a new resource" },
    { type: Types.ActionsSecret, properties: ["repository", "secretName"], source: "github provider: repository and secret_name force a new resource" },
    {
        type: Types.ActionsEnvironmentVariable,
        properties: ["repository", "environment", "variableName"],
        source: "github provider: repository, environment and variable_name force a new resource",
    },
    {
        type: Types.ActionsEnvironmentSecret,
        properties: ["repository", "environment", "secretName"],
        source: "github provider: repository, environment and secret_name force a new resource",
    },
    { type: Types.RepositoryFile, properties: ["repository", "file", "branch"], source: "github provider: repository, file and branch force a new resource" },
    { type: Types.RepositoryEnvironment, properties: ["repository", "environment"], source: "github provider: repository and environment force a new resource" },
    {
        type: Types.RepositoryEnvironmentDeploymentPolicy,
        properties: ["repository", "environment"],
        source: "github provider: repository and environment force a new resource",
    },
    { type: Types.Branch, properties: ["repository", "branch"], source: "github provider: repository and branch force a new resource" },
    {
        type: Types.RepositoryPullRequest,
        properties: ["baseRepository", "baseRef", "headRef"],
        source: "github provider: base_repository, base_ref and head_ref force a new resource",
    },
    {
        type: "kubernetes:",
        properties: ["metadata.name", "metadata.namespace", "kind"],
        source: 'pulumi-kubernetes Diff: "Changing the identity of the resource always causes a replacement", forceNewFields .metadata.name and .metadata.namespace (provider/pkg/provider/provider.go); a kind is the resource\'s type. An apiVersion change of one kind (a placement moving to v1beta1 for a preview field, matched through its alias) is an in-place update',
    },
];

const under = (path: string, property: string) => path === property || path.startsWith(`${property}.`) || path.startsWith(`${property}[`);

/** The changed paths that replace a resource of this type (given its own `replaceOnChanges`), in order. */
export function replacementCauses(type: string, changed: string[], replaceOnChanges: string[] = []): string[] {
    const properties = [...REPLACEMENT_RULES.filter((r) => (r.type.endsWith(":") ? type.startsWith(r.type) : r.type === type)).flatMap((r) => r.properties), ...replaceOnChanges];
    return changed.filter((path) => properties.some((p) => p === "*" || under(path, p)));
}
