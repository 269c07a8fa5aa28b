// The public API of fleet-autodeploy: re-exports only.
export { FleetAutomatedDeployment } from "./fleetAutomatedDeployment";
export { FleetAutomatedDeploymentArgs } from "./args";
export { GitHubOidcIdentity, GitHubOidcIdentityArgs, IdentityKind } from "./identity/githubOidcIdentity";
export { MAX_FEDERATED_CREDENTIALS } from "./identity/credentials";
export { SubjectFormat } from "./identity/subjects";
export { GitHubEnvironmentArgs } from "./github/environment";
export { RegistryAccessMode, repositoryCondition } from "./registry/abac";
export { GitHubRepositoryWiring, GitHubRepositoryWiringArgs, RepositoryFileArgs, FileOwnership } from "./github/repositoryWiring";
export { FleetMemberRegistryAccess, FleetMemberRegistryAccessArgs, grantRegistryPull, grantRegistryPush } from "./registry/grants";
export { FleetMemberArgs } from "./registry/members";
export { HubNamespace, HubNamespaceArgs } from "./hub/hubNamespace";
export { NamespacePlacement, NamespacePlacementArgs } from "./hub/namespacePlacement";
export { FleetPlacementArgs, PlacementTolerationArgs, PlacementTopologySpreadArgs } from "./hub/placementArgs";
export { PlacementType } from "./render/placement";
export { BuildMode, CredentialStore, LayerCache, ManifestSource, renderPullRequestWorkflow, renderWorkflow, WorkflowSpec } from "./render/workflow";
export { BuiltInRole, roleAssignmentName, roleDefinitionId } from "./azure/roles";
export { branchSubject, legacySubject, immutableSubject, customSubject, GITHUB_OIDC_ISSUER, AZURE_TOKEN_AUDIENCE } from "./identity/subjects";
export { deploymentSpec } from "./spec";
