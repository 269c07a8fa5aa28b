import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FileOwnership } from "./github/repositoryWiring";
import { IdentityKind } from "./identity/githubOidcIdentity";
import { FleetPlacementArgs } from "./hub/placementArgs";
import { FleetMemberArgs } from "./registry/members";
import { BuildMode, CredentialStore, LayerCache, ManifestSource } from "./render/workflow";

/** Arguments of {@link FleetAutomatedDeployment}: one GitHub repository + branch connected to one fleet hub. */
export interface FleetAutomatedDeploymentArgs {
    /** The GitHub repository, `owner/name` (e.g. `contoso/web`). The GitHub provider must be configured for this owner. */
    repository: string;
    /** The branch whose pushes build and deploy. @default "main" */
    branch?: string;
    /** Resource id of the Azure Kubernetes Fleet Manager (`.../providers/Microsoft.ContainerService/fleets/NAME`); it must have a hub cluster. */
    fleetId: pulumi.Input<string>;
    /** Resource id of the existing Azure Container Registry images are pushed to (`.../providers/Microsoft.ContainerRegistry/registries/NAME`). */
    registryId: pulumi.Input<string>;
    /** The registry's login server. @default "NAME.azurecr.io" (Azure public cloud); set it for sovereign clouds. */
    registryLoginServer?: pulumi.Input<string>;
    /**
     * The app's name: image repository, workflow file and generated object names. @default the repository's name,
     * lowercased, with characters outside [a-z0-9-] replaced by '-'.
     */
    appName?: string;
    /** The hub namespace manifests are staged into. @default the app name. */
    namespace?: string;
    /**
     * Adopt a namespace that already exists on the hub instead of creating it (only an annotation is added, and
     * only that annotation is removed with the deployment). @default false
     */
    existingNamespace?: boolean;
    /** What GitHub Actions signs in as. @default "managedIdentity": needs no Microsoft Graph permission. */
    identityKind?: IdentityKind;
    /** Resource group id that holds the managed identity. @default the fleet's resource group. */
    identityResourceGroupId?: pulumi.Input<string>;
    /** Region of the managed identity. @default the resource group's region. */
    identityLocation?: pulumi.Input<string>;
    /** Name of the managed identity (or display name of the application). @default "gh-OWNER-REPO-BRANCH", trimmed to 128 characters. */
    identityName?: string;
    /**
     * Whether the Azure sign-in ids are GitHub variables or secrets. @default "variables": with OIDC they are
     * identifiers, not credentials, and variables keep them reviewable.
     */
    credentialStore?: CredentialStore;
    /**
     * Suffix for the GitHub variable names (`AZURE_CLIENT_ID_<SUFFIX>`...), to connect several branches of the same
     * repository, each with its own identity. @default none (`AZURE_CLIENT_ID`, as the portal names them).
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
    /** Changed paths that do not trigger a deploy (e.g. ["docs/**", "*.md"]). @default none: every push deploys. */
    pathsIgnore?: string[];
    /**
     * Member clusters granted AcrPull on the registry, each chosen explicitly. @default none: granting every
     * member would let any cluster joined later pull every image.
     */
    members?: FleetMemberArgs[];
    /** A ClusterResourcePlacement that spreads the namespace to members. @default none: the manifests are only staged on the hub. */
    placement?: FleetPlacementArgs;
    /** Kubernetes provider for the hub. @default built from the fleet's credentials (needs kubelogin where Pulumi runs). */
    hubProvider?: k8s.Provider;
}
