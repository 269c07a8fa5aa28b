// The public API of fleet-autodeploy, by intent: the components, their arguments and every type and enum those take
// (what the schema describes), the grant verbs, the check of a program built from data, and the OIDC subjects a user
// writes into a credential of their own. Everything else (specs, renderers, Azure ids, the plan engine) is internal:
// tests and scripts import it from its own module. test/publicApi.test.ts pins this list.

// The components and their arguments.
export { FleetAutomatedDeployment } from "./deployment/component";
export { FleetAutomatedDeploymentArgs } from "./deployment/args";
export { GitHubOidcIdentity, GitHubOidcIdentityArgs, IdentityKind } from "./identity/githubOidcIdentity";
export { GitHubRepositoryWiring, GitHubRepositoryWiringArgs, RepositoryFileArgs, FileOwnership } from "./github/repositoryWiring";
export { FleetMemberRegistryAccess, FleetMemberRegistryAccessArgs } from "./registry/memberAccess";
export { HubNamespace, HubNamespaceArgs } from "./hub/hubNamespace";
export { NamespacePlacement, NamespacePlacementArgs } from "./hub/namespacePlacement";

// The types and enums the arguments take.
export { AdoptedCredentialArgs, AdoptedRoleAssignmentsArgs, AdoptionArgs } from "./identity/adoption";
export { SubjectFormat } from "./identity/subjects";
export { AzureCloud } from "./azure/cloud";
export { GitHubEnvironmentArgs } from "./naming/environment";
export { AutoscalingArgs, ContainerizeArgs, GeneratedManifestsArgs } from "./build/generatedArgs";
export { BuildMode, CredentialStore, LayerCache, ManifestSource } from "./render/workflow";
export { RegistryAccessMode } from "./registry/abac";
export { FleetMemberArgs, PullGrant } from "./registry/members";
export { HubLogin } from "./hub/kubeconfig";
export { NamespaceMode, NamespaceNetworkPolicyArgs, NamespaceQuotaArgs } from "./hub/managedNamespace";
export {
    ClusterCountOrPercent,
    FleetPlacementArgs,
    JsonPatchArgs,
    PlacementApplyStrategyArgs,
    PlacementOverrideArgs,
    PlacementTolerationArgs,
    PlacementTopologySpreadArgs,
    RolloutStageArgs,
    StagedRolloutArgs,
} from "./hub/placementArgs";
export { PlacementType } from "./render/placement";

// Grant verbs: one grant to any principal, and a hub provider under a name of your choice.
export { grantRegistryPull, RegistryPullGrantArgs } from "./registry/grants";
export { fleetHubProvider } from "./hub/hubProvider";

// A program built from data (stack config, a file) checks all its deployments before constructing any.
export { DeploymentEntry, deploymentProblems } from "./deployment/deploymentProblems";

// The OIDC subjects, issuer and audience, for a federated credential of your own.
export { branchSubject, legacySubject, immutableSubject, customSubject } from "./identity/subjects";
export { GITHUB_OIDC_ISSUER, AZURE_TOKEN_AUDIENCE } from "./vocabulary/oidc";

// Only when Pulumi runs the package as a component plugin: the committed schema, provider references rehydrated.
import "./plugin";
