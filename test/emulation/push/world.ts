// The world a first push meets, as the fake's state: the deploy (and rollout) identity with its federated credentials
// and role assignments created at t=0 by `pulumi up`, each usable only after its propagation delay; the registry; the
// fleet's hub; GitHub's ID token service. Plus the repository's variables/secrets and files. Times are in seconds.
import { cloudSettings } from "../../../sdk/src/azure/cloud";
import { BuildMode, CredentialStore, WorkflowSpec } from "../../../sdk/src/render/workflow";

export interface Timing {
    /** Seconds until a new federated credential is accepted (AADSTS70021 before). */
    credential: number;
    /** Seconds until the registry roles (AcrPush / Repository Writer, Tasks Contributor) are in effect. */
    registryRoles: number;
    /** Seconds until the hub roles (Hub Cluster User, RBAC Writer; the rollout's) are in effect; Infinity: never. */
    hubRoles: number;
    /** How long the image build takes. */
    build: number;
    /** How many cache exports fail before one succeeds (ACR's intermittent 400s). */
    cacheExportFailures?: number;
}

export const IDS = { deploy: "deploy-client", rollout: "rollout-client", tenant: "tenant-1", subscription: "sub-1" };
export const REPOSITORY = "contoso/web";

const DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web\n";
export const REPOSITORY_FILES: Record<string, string> = {
    Dockerfile: "FROM scratch\n",
    "manifests/deployment.yaml": DEPLOYMENT,
    "kustomize/overlays/production/kustomization.yaml": "resources: [deployment.yaml]\n",
    "kustomize/overlays/production/deployment.yaml": DEPLOYMENT,
    "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
};

/** JSON cannot hold Infinity: "never" is a time no run reaches. */
const at = (seconds: number) => (Number.isFinite(seconds) ? seconds : 1e9);

export function world(spec: WorkflowSpec, t: Timing) {
    const audience = cloudSettings(spec.cloud).tokenAudience;
    const subjects = [`repo:${REPOSITORY}:ref:refs/heads/main`, ...(spec.environment ? [`repo:${REPOSITORY}:environment:${spec.environment}`] : [])];
    const identity = () => ({ credentials: subjects.map((subject) => ({ subject, audience, createdAt: 0, propagationSeconds: t.credential })) });
    const role = (client: string, r: string, seconds: number) => ({ client, role: r, visibleAt: at(seconds) });
    const roles = [
        role(IDS.deploy, spec.registryAbac ? "Container Registry Repository Writer" : "AcrPush", t.registryRoles),
        ...(spec.build.mode === BuildMode.AcrTasks ? [role(IDS.deploy, "Container Registry Tasks Contributor", t.registryRoles)] : []),
        role(IDS.deploy, "Azure Kubernetes Fleet Manager Hub Cluster User Role", t.hubRoles),
        role(IDS.deploy, "Azure Kubernetes Fleet Manager RBAC Writer", t.hubRoles),
        ...(spec.rollout ? [role(IDS.rollout, "Azure Kubernetes Fleet Manager Hub Cluster User Role", t.hubRoles), role(IDS.rollout, "rollout-runs", t.hubRoles)] : []),
    ];
    const state = {
        now: 0,
        seq: 0,
        log: [],
        issued: {},
        accessTokenSeconds: 3600,
        buildSeconds: t.build,
        tenant: IDS.tenant,
        subscription: IDS.subscription,
        github: { idTokenUrl: "https://pipelines.actions.test/idtoken?api-version=2.0", requestToken: "REQUEST-TOKEN-456", idTokenSeconds: 300 },
        identities: { [IDS.deploy]: identity(), ...(spec.rollout ? { [IDS.rollout]: identity() } : {}) },
        roles,
        registry: { name: "contoso", loginServer: "contoso.azurecr.io", abac: Boolean(spec.registryAbac), images: [], cache: [], cacheExportFailures: t.cacheExportFailures ?? 0 },
        fleet: { name: "fleet", resourceGroup: "fleet-rg", namespace: spec.namespace, serverId: "6dae42f8-4368-4678-94ff-3960e28e3630" },
        hub: { objects: [] },
    };
    const v = spec.variables;
    const ids: Record<string, string> = {
        [v.clientId]: IDS.deploy,
        [v.tenantId]: IDS.tenant,
        [v.subscriptionId]: IDS.subscription,
        ...(v.rolloutClientId ? { [v.rolloutClientId]: IDS.rollout } : {}),
    };
    const plain = { [v.registryName]: "contoso", [v.registryLoginServer]: "contoso.azurecr.io", [v.fleetName]: "fleet", [v.fleetResourceGroup]: "fleet-rg" };
    const secretsStore = spec.credentialStore === CredentialStore.Secrets;
    return {
        state,
        vars: { ...plain, ...(secretsStore ? {} : ids) },
        secrets: secretsStore ? ids : {},
        github: { sha: "0123456789abcdef0123456789abcdef01234567", ref: "refs/heads/main", repository: REPOSITORY },
        files: REPOSITORY_FILES,
    };
}
