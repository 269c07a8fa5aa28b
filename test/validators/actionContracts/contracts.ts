// Each pinned action's contract, read from its source at the pinned SHA (src/*.ts; action.yml for inputs/outputs):
// what a step must give it, what the job must allow, what the runner must have, and what it downloads. Every rule
// cites `path:line` in the action's repository at that SHA unless it names another source. docs/action-contracts.md
// is the prose; checker.ts applies these to a parsed workflow.
import { actionPins, PinnedAction } from "../../../sdk/src/render/actions";

/** A step's `with:` inputs as the action reads them: strings, or undefined when not given. */
export type With = Readonly<Record<string, string | undefined>>;
type When = (w: With) => boolean;

/** Job state one step leaves for later ones. */
export type State =
    /** An Azure CLI account (azure/login). */
    | "az-signed-in"
    /** Docker credentials for the registry (`az acr login`, docker/login-action). */
    | "registry-credentials"
    /** A buildx builder on the docker-container driver (docker/setup-buildx-action's default). */
    | "container-builder";

interface Rule {
    why: string;
    cite: string;
    when?: When;
}
export interface InputRule extends Rule {
    input: string;
    /** The value must be given (when `when` holds). */
    required?: boolean;
    /** A given value the code refuses or mishandles: the problem, or undefined. */
    check?: (value: string) => string | undefined;
}
export interface EnvRule extends Rule {
    name: string;
}
export interface PermissionRule extends Rule {
    scope: string;
    level: "read" | "write";
}
/** A binary the action runs from PATH. `renders`: its output is what is staged, so it must be a pinned install. */
export interface BinaryRule extends Rule {
    binary: string;
    renders?: boolean;
}
/** Something the action downloads: `version` is what it will fetch, `floating` whether that resolves at run time. */
export interface DownloadRule extends Rule {
    tool: string;
    from: string;
    version: (w: With) => string;
    floating: (version: string) => boolean;
    /** The form the download needs (e.g. the exact release tag in a URL). */
    format?: RegExp;
}
export interface StateRule extends Rule {
    state: State;
}
export interface Provides {
    /** Put on PATH; `pinned` when the version it installs is fixed by the inputs. */
    binaries?: { binary: string; pinned: When; cite: string }[];
    /** Exported to later steps ($GITHUB_ENV). */
    env?: { name: string; cite: string }[];
    states?: { state: State; when?: When; cite: string }[];
}

export interface ActionContract {
    /** The repository and the files read at the pinned SHA. */
    repo: string;
    files: string[];
    inputs: InputRule[];
    env: EnvRule[];
    permissions: PermissionRule[];
    binaries: BinaryRule[];
    downloads: DownloadRule[];
    needs: StateRule[];
    provides: Provides;
    /** Other behaviour worth knowing, for docs/action-contracts.md. */
    notes: string[];
}

const given = (w: With, k: string) => (w[k] ?? "") !== "";
const isTrue = (v: string | undefined) => (v ?? "").toLowerCase() === "true";
const isLatest = (v: string) => v.toLowerCase() === "latest";
const SEMVER = /^v?\d+\.\d+\.\d+$/;
const TAG = /^v\d+\.\d+\.\d+$/;
/** A relative path inside the workspace, or an expression (resolved at run time). */
const insideWorkspace = (v: string) =>
    v
        .split(/[\n,;]+/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (p.includes("${{") ? undefined : p.startsWith("/") || p.split("/").includes("..") ? `${p} is outside GITHUB_WORKSPACE` : undefined))
        .find(Boolean);
const oneOf =
    (values: string[], caseless = true) =>
    (v: string) =>
        values.includes(caseless ? v.toLowerCase() : v) ? undefined : `${JSON.stringify(v)} is not one of ${values.join(", ")}`;

export const actionContracts = {
    "actions/checkout": {
        repo: "actions/checkout",
        files: ["src/input-helper.ts", "src/git-command-manager.ts", "src/git-source-provider.ts", "src/unsafe-pr-checkout-helper.ts", "README.md"],
        inputs: [],
        env: [],
        permissions: [
            {
                scope: "contents",
                level: "read",
                when: (w) => !given(w, "token") && !given(w, "ssh-key"),
                why: "fetches the repository with the job's token (input `token`, default github.token)",
                cite: "README.md:377-384; src/input-helper.ts:157",
            },
        ],
        binaries: [
            {
                binary: "git",
                why: "git 2.18 or newer, else it downloads a tarball through the REST API instead of a repository",
                cite: "src/git-command-manager.ts:15,676; src/git-source-provider.ts:78-93",
            },
        ],
        downloads: [],
        needs: [],
        provides: {},
        notes: [
            '`persist-credentials` defaults to true: the token stays in .git/config for later steps unless it is "false".',
            "v7 refuses a fork's pull-request code under pull_request_target or workflow_run unless `allow-unsafe-pr-checkout` (src/unsafe-pr-checkout-helper.ts:13-21); a `pull_request` workflow is not affected.",
        ],
    },
    "azure/login": {
        repo: "Azure/login",
        files: ["action.yml", "src/main.ts", "src/common/LoginConfig.ts", "src/Cli/AzureCliLogin.ts", "src/common/Utils.ts", "src/cleanup.ts"],
        inputs: [
            {
                input: "client-id",
                required: true,
                when: (w) => !given(w, "creds") && (w["auth-type"] ?? "SERVICE_PRINCIPAL").toUpperCase() === "SERVICE_PRINCIPAL",
                why: "\"Ensure 'client-id' and 'tenant-id' are supplied\"",
                cite: "src/common/LoginConfig.ts:101-105",
            },
            {
                input: "tenant-id",
                required: true,
                when: (w) => !given(w, "creds") && (w["auth-type"] ?? "SERVICE_PRINCIPAL").toUpperCase() === "SERVICE_PRINCIPAL",
                why: "\"Ensure 'client-id' and 'tenant-id' are supplied\"",
                cite: "src/common/LoginConfig.ts:101-105",
            },
            {
                input: "subscription-id",
                required: true,
                when: (w) => !given(w, "creds") && !isTrue(w["allow-no-subscriptions"]),
                why: "\"Ensure 'subscription-id' is supplied or 'allow-no-subscriptions' is 'true'\"",
                cite: "src/common/LoginConfig.ts:106-108",
            },
            {
                input: "environment",
                check: oneOf(["azureusgovernment", "azurechinacloud", "azuregermancloud", "azurecloud", "azurestack"]),
                why: "lower-cased, then checked against the supported clouds",
                cite: "src/common/LoginConfig.ts:6-11,30,95-97",
            },
            { input: "auth-type", check: (v) => oneOf(["SERVICE_PRINCIPAL", "IDENTITY"], false)(v.toUpperCase()), why: "upper-cased, then checked", cite: "src/common/LoginConfig.ts:13-15,33,98-100" },
        ],
        env: [],
        permissions: [
            {
                scope: "id-token",
                level: "write",
                when: (w) => !given(w, "creds") && (w["auth-type"] ?? "SERVICE_PRINCIPAL").toUpperCase() === "SERVICE_PRINCIPAL",
                why: 'OIDC: core.getIDToken(audience) needs ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, which the runner sets only with id-token: write ("Please make sure to give write permissions to id-token")',
                cite: "src/common/LoginConfig.ts:76-83; src/Cli/AzureCliLogin.ts:45-55,110-114",
            },
        ],
        binaries: [
            { binary: "az", why: 'io.which("az", true), then `az cloud set`, `az login --federated-token`, `az account set`', cite: "src/Cli/AzureCliLogin.ts:20,42,138-155" },
            { binary: "pwsh", when: (w) => isTrue(w["enable-AzPSSession"]), why: "the Azure PowerShell session", cite: "src/main.ts:28-31" },
        ],
        downloads: [],
        needs: [],
        provides: { states: [{ state: "az-signed-in", cite: "src/Cli/AzureCliLogin.ts:138-149" }] },
        notes: [
            "The post step runs `az account clear` (src/cleanup.ts, src/common/Utils.ts:14-19) unless AZURE_LOGIN_POST_CLEANUP is 'false' (action.yml:43).",
            "The stored GitHub ID token is the assertion; Azure CLI cannot renew it, so a later token request after 5-10 minutes fails (FACTS.md).",
        ],
    },
    "azure/use-kubelogin": {
        repo: "Azure/use-kubelogin",
        files: ["action.yml", "src/run.ts", "src/gh.ts", "src/release.ts"],
        inputs: [],
        env: [
            {
                name: "GITHUB_TOKEN",
                when: (w) => ["latest", "*", ""].includes((w["kubelogin-version"] ?? "").toLowerCase()),
                why: 'with no kubelogin-version it resolves the latest release through the GitHub API and throws "GITHUB_TOKEN is not set, unable to resolve the latest version of kubelogin"; the runner does not export GITHUB_TOKEN by itself',
                cite: "src/gh.ts:6-9,11-20,37-42; src/release.ts:64-66",
            },
        ],
        permissions: [],
        binaries: [],
        downloads: [
            {
                tool: "kubelogin",
                from: "https://github.com/Azure/kubelogin/releases/download/VERSION/kubelogin-linux-amd64.zip (+ .sha256, checked)",
                version: (w) => w["kubelogin-version"] ?? "",
                floating: (v) => ["latest", "*", ""].includes(v.toLowerCase()),
                format: TAG,
                why: "the version is put in the release URL verbatim, so it must be the release tag (v0.2.19, not 0.2.19)",
                cite: "src/release.ts:60-80,131-157; Azure/kubelogin .github/workflows/release.yml:19 (tags are v + version)",
            },
        ],
        needs: [],
        provides: { binaries: [{ binary: "kubelogin", pinned: (w) => !["latest", "*", ""].includes((w["kubelogin-version"] ?? "").toLowerCase()), cite: "src/release.ts:160-182" }] },
        notes: ["main() is not awaited inside its try (src/run.ts:30-34): a failure surfaces as an unhandled rejection, not core.setFailed."],
    },
    "azure/aks-set-context": {
        repo: "Azure/aks-set-context",
        files: ["action.yml", "src/run.ts"],
        inputs: [
            { input: "resource-group", required: true, why: "required: true", cite: "src/run.ts:28-30" },
            { input: "cluster-name", required: true, why: "required: true (the fleet's name for fleets)", cite: "src/run.ts:31" },
            { input: "resource-type", check: oneOf(["microsoft.containerservice/fleets", "microsoft.containerservice/managedclusters"]), why: "lower-cased and checked", cite: "src/run.ts:38-50" },
            {
                input: "admin",
                when: (w) => (w["resource-type"] ?? "").toLowerCase() === "microsoft.containerservice/fleets",
                check: (v) => (isTrue(v) ? "admin must not be true for fleets" : undefined),
                why: "refused for fleets",
                cite: "src/run.ts:60-64",
            },
            {
                input: "public-fqdn",
                when: (w) => (w["resource-type"] ?? "").toLowerCase() === "microsoft.containerservice/fleets",
                check: (v) => (isTrue(v) ? "public-fqdn must not be true for fleets" : undefined),
                why: "refused for fleets",
                cite: "src/run.ts:65-69",
            },
        ],
        env: [],
        permissions: [],
        binaries: [
            { binary: "az", why: "`az aks|fleet get-credentials -f RUNNER_TEMP/kubeconfig_*`", cite: "src/run.ts:72-101" },
            { binary: "kubelogin", when: (w) => isTrue(w["use-kubelogin"]) && !isTrue(w.admin), why: "`kubelogin convert-kubeconfig -l azurecli`", cite: "src/run.ts:54-55,110-119" },
        ],
        downloads: [],
        needs: [{ state: "az-signed-in", why: "get-credentials runs as the signed-in Azure CLI account", cite: "src/run.ts:85-101" }],
        provides: {
            env: [
                { name: "KUBECONFIG", cite: "src/run.ts:106" },
                { name: "KUBE_CONFIG_PATH", cite: "src/run.ts:108" },
            ],
        },
        notes: ["Not used by the renderer: the hub-credentials step does the same inside a retry (sdk/src/render/scripts.ts hubAccessProbe)."],
    },
    "Azure/k8s-deploy": {
        repo: "Azure/k8s-deploy",
        files: [
            "action.yml",
            "src/run.ts",
            "src/inputUtils.ts",
            "src/types/kubectl.ts",
            "src/strategyHelpers/deploymentHelper.ts",
            "src/utilities/githubUtils.ts",
            "src/types/githubClient.ts",
            "src/utilities/dockerUtils.ts",
            "src/utilities/fileUtils.ts",
            "src/utilities/manifestStabilityUtils.ts",
        ],
        inputs: [
            {
                input: "manifests",
                required: true,
                check: insideWorkspace,
                why: "required; every path must resolve inside GITHUB_WORKSPACE (v7)",
                cite: "src/run.ts:30-37; src/utilities/fileUtils.ts:25-60",
            },
            { input: "action", check: oneOf(["deploy", "promote", "reject"]), why: "parsed, anything else throws", cite: "src/run.ts:26-28,77-107" },
            {
                input: "resource-type",
                check: oneOf(["microsoft.containerservice/fleets", "microsoft.containerservice/managedclusters"]),
                why: "lower-cased and checked",
                cite: "src/inputUtils.ts:22-31",
            },
        ],
        env: [{ name: "KUBECONFIG", why: "kubectl reaches the cluster through it (the action only warns when unset, then kubectl has no hub)", cite: "src/run.ts:19-23" }],
        permissions: [
            {
                scope: "actions",
                level: "read",
                when: (w) => !given(w, "token"),
                why: "lists the repository's workflows (GET /repos/{owner}/{repo}/actions/workflows) with the `token` input (default github.token) to annotate what it deploys: 403 on a private repository without it",
                cite: "src/strategyHelpers/deploymentHelper.ts:171-179; src/utilities/githubUtils.ts:4-13; src/types/githubClient.ts:10,24-38",
            },
        ],
        binaries: [
            { binary: "kubectl", why: "io.which('kubectl', true) (or the tool cache with an undeclared `kubectl-version`)", cite: "src/types/kubectl.ts:260-271" },
            {
                binary: "docker",
                when: (w) => (w["pull-images"] ?? "true").toLowerCase() !== "false",
                why: "pulls each image to read its dockerfile-path label",
                cite: "src/utilities/dockerUtils.ts:33-45,74-79",
            },
        ],
        downloads: [],
        needs: [],
        provides: {},
        notes: ["With resource-type Microsoft.ContainerService/fleets it skips the rollout-status checks (src/utilities/manifestStabilityUtils.ts:19-20)."],
    },
    "azure/k8s-bake": {
        repo: "Azure/k8s-bake",
        files: ["action.yml", "src/bake.ts", "src/kubectl-util.ts", "src/helm-util.ts", "src/utilities.ts", "src/cleanup.ts"],
        inputs: [
            { input: "renderEngine", required: true, check: oneOf(["helm", "helm2", "kompose", "kustomize"], false), why: 'anything else: "Unknown render engine"', cite: "src/bake.ts:321-335" },
            { input: "kustomizationPath", required: true, when: (w) => w.renderEngine === "kustomize", why: "required for kustomize", cite: "src/bake.ts:246-248" },
            { input: "helmChart", required: true, when: (w) => w.renderEngine === "helm" || w.renderEngine === "helm2", why: "required for helm", cite: "src/bake.ts:60" },
            { input: "dockerComposeFile", required: true, when: (w) => w.renderEngine === "kompose", why: "required for kompose", cite: "src/bake.ts:214-216" },
        ],
        env: [],
        permissions: [],
        binaries: [
            {
                binary: "kubectl",
                renders: true,
                when: (w) => w.renderEngine === "kustomize" && !given(w, "kubectl-version"),
                why: "with no kubectl-version, `kubectl kustomize` runs with the kubectl on PATH (the runner image's unless a step installed one)",
                cite: "src/kubectl-util.ts:38-76; src/bake.ts:242-277",
            },
        ],
        downloads: [
            {
                tool: "kubectl",
                from: "https://dl.k8s.io/VERSION/bin/linux/amd64/kubectl (latest: dl.k8s.io/release/stable.txt)",
                when: (w) => w.renderEngine === "kustomize" && given(w, "kubectl-version"),
                version: (w) => w["kubectl-version"] ?? "",
                floating: isLatest,
                format: TAG,
                why: "kubectl-version is put in the URL verbatim",
                cite: "src/kubectl-util.ts:20-36,38-54,78-84; src/utilities.ts:63-108,149-160",
            },
            {
                tool: "helm",
                from: "https://get.helm.sh/helm-VERSION-linux-amd64.zip",
                when: (w) => w.renderEngine === "helm" || w.renderEngine === "helm2",
                version: (w) => w["helm-version"] ?? "^3.0.0",
                floating: (v) => isLatest(v) || /[\^~*x]|>=|<=|>|<|\s-\s|\|\|/.test(v),
                format: TAG,
                why: "the default `^3.0.0` is a range, resolved by unauthenticated GitHub API calls (up to 5 pages); when they fail (rate limit) it installs v3.0.0",
                cite: "action.yml:30-33; src/helm-util.ts:76-90; src/utilities.ts:208-311",
            },
        ],
        needs: [],
        provides: {},
        notes: [
            "The bundle (output manifestsBundle) is written under $GITHUB_WORKSPACE/.k8s-bake/, inside the workspace k8s-deploy v7 requires (src/bake.ts:15-35,276); the post step deletes it (src/cleanup.ts).",
        ],
    },
    "azure/setup-helm": {
        repo: "Azure/setup-helm",
        files: ["action.yml", "src/run.ts", "src/index.ts"],
        inputs: [],
        env: [],
        permissions: [],
        binaries: [],
        downloads: [
            {
                tool: "helm",
                from: "https://get.helm.sh/helm-VERSION-linux-amd64.tar.gz (latest: get.helm.sh/helm-latest-version)",
                version: (w) => w.version ?? "latest",
                floating: isLatest,
                format: SEMVER,
                why: "`version` defaults to latest, read from get.helm.sh at run time (falling back to v3.18.4 when that fails); a version without a leading v gets one",
                cite: "action.yml:4-7; src/run.ts:13,16-24,50-61,79-83",
            },
        ],
        needs: [],
        provides: { binaries: [{ binary: "helm", pinned: (w) => !isLatest(w.version ?? "latest"), cite: "src/run.ts:33-35,41" }] },
        notes: ["The `token` input is deprecated: no GitHub API call any more (action.yml:8-12)."],
    },
    "azure/setup-kubectl": {
        repo: "Azure/setup-kubectl",
        files: ["action.yml", "src/run.ts", "src/helpers.ts"],
        inputs: [],
        env: [],
        permissions: [],
        binaries: [],
        downloads: [
            {
                tool: "kubectl",
                from: "https://dl.k8s.io/release/VERSION/bin/linux/amd64/kubectl (latest: dl.k8s.io/release/stable.txt)",
                version: (w) => w.version ?? "latest",
                floating: (v) => isLatest(v) || /^v?\d+\.\d+$/.test(v.trim()),
                format: SEMVER,
                why: "latest reads stable.txt and MAJOR.MINOR reads stable-MAJOR.MINOR.txt at run time; only MAJOR.MINOR.PATCH is fixed",
                cite: "action.yml:4-7; src/run.ts:14-24,93-116; src/helpers.ts:14-49",
            },
        ],
        needs: [],
        provides: { binaries: [{ binary: "kubectl", pinned: (w) => !isLatest(w.version ?? "latest") && !/^v?\d+\.\d+$/.test((w.version ?? "").trim()), cite: "src/run.ts:26" }] },
        notes: [],
    },
    "docker/setup-buildx-action": {
        repo: "docker/setup-buildx-action",
        files: ["action.yml", "src/main.ts", "src/context.ts", "dist/index.cjs"],
        inputs: [],
        env: [],
        permissions: [],
        binaries: [{ binary: "docker", why: "creates the builder with `docker buildx create` (the plugin on the image when `version` is not given)", cite: "src/main.ts:27-29,46-61,128-140" }],
        downloads: [
            {
                tool: "buildx",
                from: "https://github.com/docker/buildx/releases/download/vVERSION/ (latest: docker/actions-toolkit .github/buildx-releases.json)",
                when: (w) => given(w, "version"),
                version: (w) => w.version ?? "",
                floating: isLatest,
                why: "downloaded only when `version` is given (or buildx is missing); otherwise the image's plugin is used",
                cite: "src/main.ts:46-61; dist/index.cjs (actions-toolkit buildx install)",
            },
            {
                tool: "BuildKit image",
                from: "Docker Hub moby/buildkit",
                when: (w) => (w.driver ?? "docker-container") === "docker-container",
                version: (w) =>
                    (w["driver-opts"] ?? "")
                        .split("\n")
                        .map((o) => o.trim())
                        .find((o) => o.startsWith("image="))
                        ?.slice("image=".length) ?? "moby/buildkit:buildx-stable-1",
                floating: (ref) => !/(:v\d+\.\d+\.\d+|@sha256:[0-9a-f]{64})$/.test(ref),
                why: "the docker-container builder runs buildx's default image, the moving tag moby/buildkit:buildx-stable-1, unless driver-opts gives image=REF",
                cite: "src/context.ts:33-35; docker/buildx v0.36.1 driver/bkimage/bkimage.go:4, driver/docker-container/factory.go:65-66",
            },
        ],
        needs: [],
        provides: {
            states: [{ state: "container-builder", when: (w) => (w.driver ?? "docker-container") === "docker-container" && (w.use ?? "true") !== "false", cite: "src/context.ts:33-35,53-70" }],
        },
        notes: ["With `BUILDX_DEFAULT_POLICY=1` buildx verifies signed moby/buildkit tags (docker/buildx docs/reference/buildx_create.md:176-183); off by default."],
    },
    "docker/build-push-action": {
        repo: "docker/build-push-action",
        files: ["action.yml", "src/main.ts", "src/context.ts", "README.md"],
        inputs: [],
        env: [],
        permissions: [],
        binaries: [
            { binary: "docker", why: "runs `docker buildx build`", cite: "src/main.ts:95-103" },
            { binary: "buildx", why: '"Docker buildx is required"', cite: "src/main.ts:76-79" },
        ],
        downloads: [],
        needs: [
            {
                state: "registry-credentials",
                when: (w) => isTrue(w.push),
                why: "buildx pushes with the Docker credentials an earlier step stored (docker/login-action in its usage)",
                cite: "README.md:60-80",
            },
            {
                state: "container-builder",
                when: (w) => given(w, "cache-to"),
                why: "the default docker driver cannot export a cache (type=registry or gha); setup-buildx's docker-container builder can",
                cite: 'docker/buildx v0.36.1 tests/build.go:943-953 (testBuildCacheExportNotSupported: the docker driver answers "Cache export is not supported")',
            },
        ],
        provides: {},
        notes: [
            "`github-token` (default github.token) is passed as a build secret only for a Git context (src/context.ts:191-192); a path context (`context: .`) gets none.",
            "type=gha caches use the runner's ACTIONS_RUNTIME_TOKEN, not a job permission (src/main.ts:34-40).",
        ],
    },
    "docker/login-action": {
        repo: "docker/login-action",
        files: ["action.yml", "src/main.ts", "src/context.ts", "src/docker.ts"],
        inputs: [
            { input: "username", required: true, when: (w) => !given(w, "registry-auth"), why: '"Username required"', cite: "src/docker.ts:36-47" },
            { input: "password", required: true, when: (w) => !given(w, "registry-auth"), why: '"Password required"', cite: "src/docker.ts:36-47" },
        ],
        env: [],
        permissions: [],
        binaries: [{ binary: "docker", why: "`docker login` (and `docker logout` in the post step)", cite: "src/docker.ts:16-34,57-70" }],
        downloads: [],
        needs: [],
        provides: { states: [{ state: "registry-credentials", cite: "src/docker.ts:36-47,57-70" }] },
        notes: ["`registry` defaults to docker.io; `registry-auth` excludes every other input (src/context.ts:39-72)."],
    },
} satisfies Record<PinnedAction, ActionContract>;

/** The contract of `action` (GitHub reads owner/name without regard to case), with the SHA it was read at. */
export function contractOf(action: string): { action: PinnedAction; sha: string; contract: ActionContract } | undefined {
    const key = (Object.keys(actionContracts) as PinnedAction[]).find((k) => k.toLowerCase() === action.toLowerCase());
    return key && { action: key, sha: actionPins[key].sha, contract: actionContracts[key] };
}
