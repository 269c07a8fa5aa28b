// Pulumi type tokens read by more than one part of the library, the plan engine or the policy pack: one home, so a
// provider's rename is one edit.

/** Pulumi's own resources. */
export const PulumiTypes = {
    Stack: "pulumi:pulumi:Stack",
    StackReference: "pulumi:pulumi:StackReference",
    /** The prefix of every provider resource's type (`pulumi:providers:azure-native`...). */
    providerPrefix: "pulumi:providers:",
    KubernetesProvider: "pulumi:providers:kubernetes",
    GitHubProvider: "pulumi:providers:github",
} as const;

/** The cloud resources the library registers and the guardrails, plan, diff and conflict detector read. */
export const Types = {
    RoleAssignment: "azure-native:authorization:RoleAssignment",
    UserAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    FederatedIdentityCredential: "azure-native:managedidentity:FederatedIdentityCredential",
    Application: "azuread:index/application:Application",
    ServicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    ApplicationFederatedIdentityCredential: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    ApplicationFlexibleFederatedIdentityCredential: "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
    RepositoryFile: "github:index/repositoryFile:RepositoryFile",
    RepositoryPullRequest: "github:index/repositoryPullRequest:RepositoryPullRequest",
    RepositoryEnvironment: "github:index/repositoryEnvironment:RepositoryEnvironment",
    RepositoryEnvironmentDeploymentPolicy: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    ActionsVariable: "github:index/actionsVariable:ActionsVariable",
    ActionsSecret: "github:index/actionsSecret:ActionsSecret",
    ActionsEnvironmentVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
    ActionsEnvironmentSecret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    Branch: "github:index/branch:Branch",
    KubernetesNamespace: "kubernetes:core/v1:Namespace",
    KubernetesNamespacePatch: "kubernetes:core/v1:NamespacePatch",
    FleetManagedNamespace: "azure-native:containerservice:FleetManagedNamespace",
} as const;
