import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { AdoptionArgs } from "../identity/adoption";
import { AzureCloud } from "../azure/cloud";
import { GitHubEnvironmentArgs } from "../naming/environment";
import { ContainerizeArgs, GeneratedManifestsArgs } from "../build/generatedArgs";
import { FileOwnership } from "../github/repositoryWiring";
import { HubLogin } from "../hub/kubeconfig";
import { NamespaceMode, NamespaceNetworkPolicyArgs, NamespaceQuotaArgs } from "../hub/managedNamespace";
import { IdentityKind } from "../identity/githubOidcIdentity";
import { SubjectFormat } from "../identity/subjects";
import { RegistryAccessMode } from "../registry/abac";
import { FleetPlacementArgs } from "../hub/placementArgs";
import { FleetMemberArgs } from "../registry/members";
import { BuildMode, CredentialStore, LayerCache, ManifestSource } from "../render/workflow";

/** Arguments of {@link FleetAutomatedDeployment}: one GitHub repository + branch connected to one fleet hub. */
export interface FleetAutomatedDeploymentArgs {
    /**
     * The GitHub repository, `owner/name` (e.g. `contoso/web`). The GitHub provider must act for this owner: with the
     * default provider, a `github:owner` (or GITHUB_OWNER) naming another owner fails construction.
     */
    repository: string;
    /**
     * The branch the workflow is committed to, whose pushes build and deploy (unless `tagsOnly`: then only tags cut from
     * it, which carry the workflow, deploy). @default "main"
     */
    branch?: string;
    /**
     * More branches whose pushes deploy (exact names, e.g. "release/2026.11"); each gets its own federated credential and
     * runs the workflow once it contains it (branch it from `branch`). @default none
     */
    extraBranches?: string[];
    /**
     * Tag patterns whose pushes deploy (e.g. "v*"), for release deploys. Needs `environment`: a tag's subject names the
     * tag, which changes every release, while the environment's subject does not. @default none
     */
    tags?: string[];
    /**
     * Deploy tag pushes only: pushes to `branch` do not deploy (the workflow is still committed there), the environment
     * admits only `tags` by default, and a manual dispatch runs only from a tag. For production deployed from releases.
     * Needs `tags`; refuses `extraBranches`, `branchPatterns`, `paths` and `pathsIgnore` (GitHub evaluates no path
     * filter for a tag push). @default false: pushes to the branches deploy too.
     */
    tagsOnly?: boolean;
    /**
     * Deploy through a GitHub environment (created here): the job declares it, so the identity trusts only the
     * environment's subject, and its protection rules (reviewers, wait timer, which branches and tags) gate every deploy.
     * The sign-in variables become environment variables. @default none: pushes to the branches deploy directly.
     */
    environment?: GitHubEnvironmentArgs;
    /**
     * Also build pull requests into `branch` (no push, no Azure sign-in: a separate workflow whose token can read the
     * repository only), so a broken Dockerfile fails the pull request instead of the deploy. @default false
     */
    pullRequestBuilds?: boolean;
    /**
     * How the repository's OIDC subjects are spelled. @default "legacyAndImmutable": one credential per spelling, so it works
     * for repositories created before and after GitHub's 2026-07-15 immutable-subject change (and after an opt-in);
     * "immutable" halves the credentials and cannot be claimed by a re-created repository of the same name (a rename
     * still changes the subject: the names stay in it); "custom" follows the repository's own template, both spellings
     * of its `repo` claim when it has one.
     */
    subjectFormat?: SubjectFormat;
    /** Numeric id of the repository, for immutable subjects. @default looked up through the GitHub provider. */
    repositoryId?: number;
    /** Numeric id of the repository's owner, for immutable subjects. @default looked up through the GitHub provider. */
    ownerId?: number;
    /** Claim keys of the repository's custom subject template (subjectFormat "custom"). @default read from the repository. */
    subjectClaimKeys?: string[];
    /**
     * Branch patterns (e.g. "feature/*") whose pushes deploy, beyond the exact branches. Without an environment each is
     * trusted with one flexible federated credential (an answer to the 20-credential limit), which needs identityKind
     * "application" (an Entra application feature, in preview); its `*` matches any characters, `/` included, as Entra
     * matches it, so the workflow's trigger is written to deploy exactly those branches (`feature/**`). In an environment
     * its subject already covers them, so they add no credential, join its deployment branches, and filter pushes as
     * GitHub reads them (`*` stops at `/`). @default none
     */
    branchPatterns?: string[];
    /** Resource id of the Azure Kubernetes Fleet Manager (`.../providers/Microsoft.ContainerService/fleets/NAME`); it must have a hub cluster. */
    fleetId: pulumi.Input<string>;
    /** Resource id of the existing Azure Container Registry images are pushed to (`.../providers/Microsoft.ContainerRegistry/registries/NAME`). */
    registryId: pulumi.Input<string>;
    /**
     * The registry's login server. @default read from the registry (`getRegistry`) when the program runs: registries
     * with a domain-name-label suffix (`NAME-HASH.azurecr.io`) and sovereign clouds do not use `NAME.azurecr.io`.
     * When given, it must be in `cloud`'s registry domain (`.azurecr.io`, `.azurecr.us`, `.azurecr.cn`).
     */
    registryLoginServer?: pulumi.Input<string>;
    /**
     * The Azure cloud the fleet, registry and identity live in: "public", "usGovernment" (Azure Government) or "china"
     * (Azure operated by 21Vianet). It sets together the audience of every federated credential
     * (`api://AzureADTokenExchange`, `api://AzureADTokenExchangeUSGov`, `api://AzureADTokenExchangeChina`), the
     * `environment` and `audience` of every azure/login step of the workflow (`AzureUSGovernment`, `AzureChinaCloud`),
     * and the registry domain `registryLoginServer` must be in. The Pulumi providers are yours to point at the same
     * cloud (`azure-native:environment`, `azuread:environment`). @default "public": Azure's global cloud, where
     * azure/login's own defaults apply, so the workflow carries no cloud inputs.
     */
    cloud?: AzureCloud;
    /**
     * The app's name: image repository, workflow file and generated object names. @default the repository's name,
     * lowercased, with characters outside [a-z0-9-] replaced by '-'.
     */
    appName?: string;
    /** The hub namespace manifests are staged into. @default the app name. */
    namespace?: string;
    /**
     * Use a namespace that already exists on the hub instead of creating it. A Kubernetes namespace is not written to
     * at all (an Azure-managed one refuses every write but Azure's), and stays as it was when the deployment goes; a
     * managed namespace is adopted by ARM only if identical. @default false
     */
    existingNamespace?: boolean;
    /**
     * How the hub namespace exists. "kubernetes": a Namespace applied through the hub provider and spread by a
     * ClusterResourcePlacement the library writes. "managed": a Fleet managed namespace, an ARM resource with default
     * quota and network policy, placed (with them) by its own generated placement on the clusters the placement can
     * pick, the app's objects placed by a ResourcePlacement in it (every placement option), and the deploy identity's
     * RBAC Writer assigned on `FLEET/managedNamespaces/NS`, the scope Fleet's RBAC docs give; Azure documents it for app
     * teams, and new stacks should choose it. @default "kubernetes": existing stacks keep their ClusterResourcePlacement
     * (moving a running app to another placement is not shown to be free of a withdrawal; see the README).
     */
    namespaceMode?: NamespaceMode;
    /** Default resource quota of a managed namespace. @default none. Needs namespaceMode "managed". */
    namespaceQuota?: NamespaceQuotaArgs;
    /** Default network policy of a managed namespace. @default Fleet's (AllowAll both ways). Needs namespaceMode "managed". */
    namespaceNetworkPolicy?: NamespaceNetworkPolicyArgs;
    /**
     * Delete the hub namespace (and everything staged in it, which Fleet then withdraws from every member) when the
     * deployment is destroyed. @default false: the namespace is left in place, so a destroy never takes an app offline.
     */
    deleteNamespaceOnDestroy?: boolean;
    /**
     * How the registry authorizes. @default "rbac": AcrPush/AcrPull on the registry. "abac" (registries with
     * `roleAssignmentMode: AbacRepositoryPermissions`, shown by `az acr show --query roleAssignmentMode`) uses the
     * Repository Writer/Reader roles with a condition that limits them to this app's image repository.
     */
    registryAccessMode?: RegistryAccessMode;
    /**
     * What GitHub Actions signs in as. @default "managedIdentity": needs no Microsoft Graph permission. An "application"
     * lists the caller as owner of it and of its service principal, so Application.ReadWrite.OwnedBy is enough.
     */
    identityKind?: IdentityKind;
    /** Resource group id that holds the managed identity. @default the fleet's resource group. */
    identityResourceGroupId?: pulumi.Input<string>;
    /** Region of the managed identity. @default the resource group's region. */
    identityLocation?: pulumi.Input<string>;
    /**
     * Name of the managed identity (or display name of the application). @default "gh-OWNER-REPO-NAMESPACE", trimmed to
     * 128 characters: it depends on neither the branch nor the component's name, so changing branches or renaming the
     * component keeps the identity and its client id (which every running pipeline uses).
     */
    identityName?: string;
    /**
     * Whether the Azure sign-in ids are GitHub variables or secrets. @default "variables": with OIDC they are
     * identifiers, not credentials, and variables keep them reviewable.
     */
    credentialStore?: CredentialStore;
    /**
     * Suffix of the GitHub variable (or secret) names, `AZURE_CLIENT_ID_<SUFFIX>`... @default the namespace, uppercased
     * with '-' as '_' (`AZURE_CLIENT_ID_STOREFRONT`): unique per deployment on a fleet, so several apps and branches of one
     * repository never write each other's variables, and each workflow reads only its own identity. "" gives the
     * portal's names (`AZURE_CLIENT_ID`), for a repository with a single deployment.
     */
    variableSuffix?: string;
    /** Path of the workflow file. @default ".github/workflows/fleet-deploy-APP.yml" */
    workflowPath?: string;
    /**
     * Who owns the workflow after the first commit. @default "managed": the repository always runs what
     * `pulumi preview` showed; "seed" commits once and then leaves the file to the team.
     */
    workflowOwnership?: FileOwnership;
    /** Commit the files through a pull request from a new branch, as the portal does. @default false: a direct commit of what preview showed. */
    pullRequest?: boolean;
    /**
     * Take over files that already exist at the committed paths (`overwriteOnCreate`), e.g. a workflow the portal
     * committed, or the files of a merged `pullRequest` once `pullRequest` is turned off. @default false: an existing
     * file is someone else's, so committing over it fails instead of overwriting it.
     */
    adoptExistingFiles?: boolean;
    /** Where the image is built. @default "runner": needs only AcrPush, and caches layers. "acrTasks" also grants Container Registry Tasks Contributor. */
    buildMode?: BuildMode;
    /** Layer cache for runner builds. @default "registry": shared across branches, outside GitHub's cache quota. */
    layerCache?: LayerCache;
    /** Path of the Dockerfile in the repository. @default "Dockerfile" */
    dockerfile?: string;
    /** Build context in the repository. @default "." */
    dockerContext?: string;
    /** What describes the workload in the repository. @default "directory": a folder of plain manifests. */
    manifestSource?: ManifestSource;
    /** Folder of manifests, kustomization folder, or chart folder. @default "manifests", "kustomize/overlays/production" or "charts/APP" by source. */
    manifestPath?: string;
    /**
     * Values files for `helm template`, in order, relative to the repository root. Needs manifestSource "helm".
     * @default none: the chart's own values.yaml.
     */
    helmValuesFiles?: string[];
    /**
     * `--set` overrides for `helm template`, applied after helmValuesFiles, e.g. { "replicaCount": "3" }. Keys are plain Helm
     * paths (`a.b[0].c`); values are one-line strings (Helm types them as --set does). `image.repository` and `image.tag` are
     * set last, to the image the workflow built. Needs manifestSource "helm". @default none
     */
    helmSet?: { [key: string]: string };
    /**
     * Generate a Dockerfile and .dockerignore (the repository has none): the language is detected from the deploy
     * branch's files, or from `containerize.files`. @default none: the repository's own Dockerfile is built.
     */
    containerize?: ContainerizeArgs;
    /**
     * Generate the app's manifests (Deployment, Service, ConfigMap, optional HPA, secure defaults) into `manifestPath`,
     * and an optional PDB in a ResourceEnvelope on the hub. Needs manifestSource "directory". @default none: the
     * repository's own manifests are staged.
     */
    generateManifests?: GeneratedManifestsArgs;
    /**
     * Changed paths that make a branch push deploy, as GitHub `on.push.paths` globs (e.g. ["services/api/**",
     * "libs/common/**"]; a leading '!' excludes). GitHub ignores path filters for tag pushes. `[]`: every push deploys.
     * @default for an app in a folder (dockerContext not "."): its own files, so a push to another app of a monorepo does
     * not redeploy it: `CONTEXT/**`, the Dockerfile, the manifest folder (a Kustomize overlay's whole tree), the Helm
     * values files, and the workflow file. None for an app at the repository root, or when pathsIgnore is given
     * (GitHub refuses both on one event): every push deploys. Add the folders the app also builds from (shared
     * libraries), or they will not redeploy it.
     */
    paths?: string[];
    /**
     * Changed paths that alone do not trigger a deploy (e.g. ["docs/**", "*.md"]). Not with `paths` (GitHub refuses
     * both on one event: write exclusions in `paths` with a leading '!'). @default none: every push deploys.
     */
    pathsIgnore?: string[];
    /**
     * Member clusters granted AcrPull on the registry, each chosen explicitly. @default none: granting every
     * member would let any cluster joined later pull every image. A member's grant is one Azure object shared by every
     * deployment (and FleetMemberRegistryAccess) of the program that lists it, named `REGISTRY-pull-FLEET-MEMBER` at the
     * stack's root (`member-pull-MEMBER` when fleetId or registryId is not a plain string: a secret, another resource's id, a
     * stack reference output; one registry per program then): it stays while any of them lists the member. A member
     * whose grant another stack, `--attach-acr` or the portal owns is listed with `pullGrant: "external"` (no grant here);
     * one granted by `--attach-acr` or the portal can be taken over with `existingPullGrantId`.
     */
    members?: FleetMemberArgs[];
    /** A ClusterResourcePlacement that spreads the namespace to members. @default none: the manifests are only staged on the hub. */
    placement?: FleetPlacementArgs;
    /**
     * Objects the portal's Automated Deployments (or a person) already created for this app, adopted on the first `up` with
     * Pulumi's `import` option and their real ids instead of created beside them: the identity (its client id, so running
     * workflows keep signing in), its federated credentials and role assignments, the GitHub variables or secrets, the
     * workflow file and the hub namespace. `pulumi preview` lists them as imports. What must match for each import and what
     * the first `up` changes: docs/adoption.md. @default none: every object is created, and one that exists fails the `up`.
     */
    adopt?: AdoptionArgs;
    /**
     * Kubernetes provider for the hub. @default one per fleet per program (`FLEET-hub`, at the stack's root), built from the
     * fleet's credentials (needs kubelogin where Pulumi runs): every deployment on the fleet shares it.
     */
    hubProvider?: Provider;
    /**
     * How the provider built for the hub signs in (when no hubProvider is given). @default "azurecli": the Azure CLI's
     * account, what both a developer (`az login`) and a CI job after `azure/login` have; never device code, which would
     * leave a non-interactive `pulumi preview` waiting for a person forever.
     */
    hubLogin?: HubLogin;
}
