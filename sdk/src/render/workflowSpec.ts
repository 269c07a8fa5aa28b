// What the deployment workflow is rendered from: plain data, so the text is known at preview time.
import { AzureCloud } from "../azure/cloud";

/** Where the image is built. */
export const BuildMode = {
    /** On the GitHub runner with buildx, pushing with the deploy identity's push rights; layers cached. */
    Runner: "runner",
    /** In the registry with `az acr build`; needs the extra Container Registry Tasks Contributor role. */
    AcrTasks: "acrTasks",
} as const;
export type BuildMode = (typeof BuildMode)[keyof typeof BuildMode];

/** Where buildx keeps its layer cache (runner builds only: `az acr build` has no cache option). */
export const LayerCache = {
    /** A `buildcache` tag in the same registry: shared by every branch, outside GitHub's 10 GB cache quota. */
    Registry: "registry",
    /** The GitHub Actions cache service. */
    GitHub: "github",
    /** No cache: every build starts cold. */
    None: "none",
} as const;
export type LayerCache = (typeof LayerCache)[keyof typeof LayerCache];

/** What the repository holds to describe the workload. */
export const ManifestSource = {
    /** A folder of plain Kubernetes manifests. */
    Directory: "directory",
    /** A Kustomize folder (a kustomization.yaml), rendered by azure/k8s-bake. */
    Kustomize: "kustomize",
    /**
     * A Helm chart, rendered with `helm template --no-hooks` and staged like plain manifests: no release Secrets in
     * the namespace (Fleet would place them on every member) and no hook Jobs (a hub has no nodes to run them).
     */
    Helm: "helm",
} as const;
export type ManifestSource = (typeof ManifestSource)[keyof typeof ManifestSource];

/** Whether the Azure sign-in ids are stored as GitHub variables or secrets. */
export const CredentialStore = {
    /** Repository variables: the ids are identifiers, not credentials (OIDC needs no secret), and stay readable in logs and settings. */
    Variables: "variables",
    /** Repository secrets, as the portal does: masked in logs, write-only in settings. */
    Secrets: "secrets",
} as const;
export type CredentialStore = (typeof CredentialStore)[keyof typeof CredentialStore];

/** Names of the GitHub variables (and secrets) the workflow reads. */
export interface WorkflowVariableNames {
    clientId: string;
    tenantId: string;
    subscriptionId: string;
    registryName: string;
    registryLoginServer: string;
    fleetName: string;
    fleetResourceGroup: string;
    /**
     * The registry's resource group and subscription (plain variables). `az acr build --registry NAME` looks the
     * registry up in the signed-in subscription (the fleet's), so ACR Tasks builds pass both when they are given.
     */
    registryResourceGroup?: string;
    registrySubscriptionId?: string;
    /** Client id of the rollout identity (staged rollouts only), stored like `clientId`. */
    rolloutClientId?: string;
}

/** Everything the workflow text depends on: plain data, so the text is known at preview time. */
export interface WorkflowSpec {
    /** The workflow's display name. */
    name: string;
    /** The app and its namespace: names the pull-request check's concurrency group. */
    deploymentName: string;
    /** Branches whose pushes deploy (exact names or patterns); empty when only tags deploy. */
    branches: string[];
    /**
     * The branch the workflow is committed to, whose pull requests the verification workflow builds; with only tags
     * deploying, pushes to it do not deploy. @default branches[0]
     */
    commitBranch?: string;
    /** Tag patterns whose pushes deploy; empty for none. */
    tags: string[];
    /**
     * GitHub environment the deploy runs in. Build and deploy then run as ONE job in it: each job that names an
     * environment waits for its approval, and the identity trusts only the environment's subject.
     */
    environment?: string;
    /** Changed paths of which one must be in a branch push for it to deploy (GitHub ignores them for tag pushes). @default none */
    paths?: string[];
    /** Changed paths that should not trigger a deploy; empty means every push deploys. */
    pathsIgnore: string[];
    build: {
        mode: BuildMode;
        layerCache: LayerCache;
        /** Path of the Dockerfile, relative to the repository root. */
        dockerfile: string;
        /** Build context, relative to the repository root. */
        context: string;
        /** Repository of the image inside the registry. */
        imageName: string;
    };
    manifests: {
        source: ManifestSource;
        /** Folder of manifests, kustomization folder, or chart folder. */
        path: string;
        /** Helm release name (Helm only): `.Release.Name` in the chart's templates. */
        releaseName: string;
        /** Values files passed to `helm template` in order, relative to the repository root (Helm only). */
        helmValuesFiles?: string[];
        /** `--set` overrides (Helm only), applied after the values files; the image repository and tag come last. */
        helmSet?: Record<string, string>;
    };
    /** The hub namespace the manifests are staged into. */
    namespace: string;
    variables: WorkflowVariableNames;
    credentialStore: CredentialStore;
    /**
     * The registry is in ABAC mode (`roleAssignmentMode: AbacRepositoryPermissions`). ACR Tasks then has no data-plane
     * access of its own: the build runs with `--source-acr-auth-id [caller]`, pushing as the deploy identity.
     */
    registryAbac?: boolean;
    /**
     * A staged rollout: after staging, a separate job signs in as the rollout identity (`variables.rolloutClientId`)
     * and starts an update run of this placement through this strategy (see rollout.ts): a ClusterStagedUpdateRun, or
     * with `namespace` (a ResourcePlacement) a StagedUpdateRun in that namespace.
     */
    rollout?: { placement: string; strategy: string; namespace?: string };
    /**
     * The Azure cloud every azure/login step signs in to: outside the public cloud each gets the cloud's `environment`
     * and the `audience` its federated credentials accept. @default "public": no such inputs (azure/login's defaults).
     */
    cloud?: AzureCloud;
}
