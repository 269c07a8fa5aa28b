import * as YAML from "yaml";
import { actionPins, PinnedAction } from "./actions";

/** Where the image is built. */
export const BuildMode = {
    /** On the GitHub runner with buildx, pushing with the deploy identity's push rights; layers cached. */
    Runner: "runner",
    /** In the registry with `az acr build`; needs the extra Container Registry Tasks Contributor role. */
    AcrTasks: "acrTasks",
} as const;
export type BuildMode = (typeof BuildMode)[keyof typeof BuildMode];

/** Where buildx keeps its layer cache (runner builds only). */
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
    /** A Helm chart, installed with `helm upgrade --install` (no `--wait`: pods never run on the hub). */
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
}

/** Everything the workflow text depends on: plain data, so the text is known at preview time. */
export interface WorkflowSpec {
    /** The workflow's display name. */
    name: string;
    /** Identifies the deployment in the concurrency group (the app and its namespace). */
    deploymentName: string;
    /** Branches whose pushes deploy (exact names or patterns). */
    branches: string[];
    /** Tag patterns whose pushes deploy; empty for none. */
    tags: string[];
    /**
     * GitHub environment the deploy runs in. Build and deploy then run as ONE job in it: each job that names an
     * environment waits for its approval, and the identity trusts only the environment's subject.
     */
    environment?: string;
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
        /** Helm release name (Helm only). */
        releaseName: string;
    };
    /** The hub namespace the manifests are staged into. */
    namespace: string;
    variables: WorkflowVariableNames;
    credentialStore: CredentialStore;
}

type Step = Record<string, unknown>;

/** A `uses:` step pinned to the SHA from the pins table; the version is added as a comment later. */
function uses(action: PinnedAction, name: string, withInputs?: Record<string, string>, extra?: Step): Step {
    return { name, ...extra, uses: `${action}@${actionPins[action].sha}`, ...(withInputs ? { with: withInputs } : {}) };
}

const expr = (e: string) => "${{ " + e + " }}";

function signInSteps(spec: WorkflowSpec): Step[] {
    const store = spec.credentialStore === CredentialStore.Secrets ? "secrets" : "vars";
    return [
        // No token left in .git/config for later steps to read.
        uses("actions/checkout", "Check out", { "persist-credentials": "false" }),
        uses("azure/login", "Sign in to Azure with OIDC", {
            "client-id": expr(`${store}.${spec.variables.clientId}`),
            "tenant-id": expr(`${store}.${spec.variables.tenantId}`),
            "subscription-id": expr(`${store}.${spec.variables.subscriptionId}`),
        }),
    ];
}

function buildSteps(spec: WorkflowSpec): Step[] {
    const v = spec.variables;
    const image = `${expr(`vars.${v.registryLoginServer}`)}/${spec.build.imageName}`;
    // Expressions reach scripts through env only, never spliced into the script text.
    const ref: Step = {
        name: "Name the image",
        id: "image",
        env: { IMAGE: image },
        run: 'echo "ref=$IMAGE:$GITHUB_SHA" >> "$GITHUB_OUTPUT"',
    };
    if (spec.build.mode === BuildMode.AcrTasks) {
        return [
            ref,
            {
                name: "Build and push with ACR Tasks",
                env: { REGISTRY: expr(`vars.${v.registryName}`), IMAGE: `${spec.build.imageName}:${expr("github.sha")}` },
                run: `az acr build --registry "$REGISTRY" --image "$IMAGE" --file ${quote(spec.build.dockerfile)} ${quote(spec.build.context)} -o none`,
            },
        ];
    }
    const cache = cacheInputs(spec.build.layerCache, image);
    return [
        ref,
        {
            name: "Sign in to the registry",
            env: { REGISTRY: expr(`vars.${v.registryName}`) },
            run: 'az acr login --name "$REGISTRY" -o none',
        },
        uses("docker/setup-buildx-action", "Set up buildx"),
        uses("docker/build-push-action", "Build and push", {
            context: spec.build.context,
            file: spec.build.dockerfile,
            push: "true",
            tags: expr("steps.image.outputs.ref"),
            ...cache,
        }),
    ];
}

function cacheInputs(cache: LayerCache, image: string): Record<string, string> {
    switch (cache) {
        case LayerCache.Registry:
            return { "cache-from": `type=registry,ref=${image}:buildcache`, "cache-to": `type=registry,ref=${image}:buildcache,mode=max` };
        case LayerCache.GitHub:
            return { "cache-from": "type=gha", "cache-to": "type=gha,mode=max" };
        case LayerCache.None:
            return {};
    }
}

/** Fails the job when the rendered manifests hold kinds the hub API serves as cluster-scoped. */
function scopeCheckStep(manifests: string, namespace: string): Step {
    return {
        name: "Refuse cluster-scoped manifests",
        env: { MANIFESTS: manifests, NAMESPACE: namespace },
        run: [
            "set -euo pipefail",
            "cluster_kinds=$(kubectl api-resources --namespaced=false --no-headers | awk '{print $NF}' | sort -u)",
            "manifest_kinds=$(find \"$MANIFESTS\" -type f \\( -name '*.yaml' -o -name '*.yml' \\) -print0 | xargs -0 -r yq ea -N '.kind' | grep -vx 'null' | sort -u || true)",
            'found=$(comm -12 <(echo "$cluster_kinds") <(echo "$manifest_kinds") | paste -sd, -)',
            'if [ -n "$found" ]; then',
            '  echo "::error title=Cluster-scoped manifests::$MANIFESTS holds cluster-scoped kinds ($found). Only namespace-scoped resources can be staged into namespace $NAMESPACE; manage the others from the platform stack."',
            "  exit 1",
            "fi",
            "",
        ].join("\n"),
    };
}

function deploySteps(spec: WorkflowSpec, builtImage: string, sameJob: boolean): Step[] {
    const v = spec.variables;
    const m = spec.manifests;
    const steps: Step[] = [
        uses("azure/use-kubelogin", "Set up kubelogin"),
        uses("azure/aks-set-context", "Get the fleet hub's credentials", {
            "resource-group": expr(`vars.${v.fleetResourceGroup}`),
            "cluster-name": expr(`vars.${v.fleetName}`),
            "resource-type": "Microsoft.ContainerService/fleets",
            "use-kubelogin": "true",
        }),
    ];
    const image = sameJob ? builtImage : expr("needs.build.outputs.image");
    const k8sDeploy = (manifests: string) =>
        uses("Azure/k8s-deploy", "Stage the manifests on the hub", {
            action: "deploy",
            strategy: "basic",
            namespace: spec.namespace,
            manifests,
            images: image,
            "resource-type": "Microsoft.ContainerService/fleets",
            // The hub identity may write in its namespace only, not annotate it.
            "annotate-namespace": "false",
            // The deploy job has no registry sign-in and needs none: the image is only referenced.
            "pull-images": "false",
        });
    switch (m.source) {
        case ManifestSource.Directory:
            return [...steps, scopeCheckStep(m.path, spec.namespace), k8sDeploy(m.path)];
        case ManifestSource.Kustomize:
            return [
                ...steps,
                uses("azure/k8s-bake", "Render with Kustomize", { renderEngine: "kustomize", kustomizationPath: m.path }, { id: "bake" }),
                scopeCheckStep(expr("steps.bake.outputs.manifestsBundle"), spec.namespace),
                k8sDeploy(expr("steps.bake.outputs.manifestsBundle")),
            ];
        case ManifestSource.Helm: {
            const env = {
                RELEASE: m.releaseName,
                CHART: m.path,
                NAMESPACE: spec.namespace,
                IMAGE_REPOSITORY: `${expr(`vars.${v.registryLoginServer}`)}/${spec.build.imageName}`,
                IMAGE_TAG: expr("github.sha"),
            };
            const helmArgs = '"$RELEASE" "$CHART" --namespace "$NAMESPACE" --set image.repository="$IMAGE_REPOSITORY" --set image.tag="$IMAGE_TAG"';
            return [
                ...steps,
                {
                    name: "Render the chart",
                    env,
                    run: `mkdir -p "$RUNNER_TEMP/rendered"\nhelm template ${helmArgs} > "$RUNNER_TEMP/rendered/chart.yaml"\n`,
                },
                scopeCheckStep("${{ runner.temp }}/rendered", spec.namespace),
                {
                    name: "Stage the chart on the hub",
                    env,
                    // No --wait: the hub runs no workloads, so it would wait until the timeout.
                    run: `helm upgrade --install ${helmArgs} --history-max 10\n`,
                },
            ];
        }
    }
}

/** Renders the deployment workflow as YAML text. Pure: the same spec gives the same bytes. */
export function renderWorkflow(spec: WorkflowSpec): string {
    const push: Record<string, unknown> = { branches: spec.branches };
    if (spec.tags.length > 0) push.tags = spec.tags;
    if (spec.pathsIgnore.length > 0) push["paths-ignore"] = spec.pathsIgnore;
    const workflow = {
        name: spec.name,
        on: { push, workflow_dispatch: {} },
        // The token gets nothing unless a job asks for it.
        permissions: {},
        // One deployment per ref at a time; a newer run queues instead of racing the running one.
        concurrency: { group: `fleet-autodeploy-${spec.deploymentName}-${expr("github.ref")}`, "cancel-in-progress": false },
        jobs: spec.environment ? environmentJobs(spec, spec.environment) : branchJobs(spec),
    };
    return toWorkflowText(workflow, "Builds the image into the registry and stages the manifests\n# on the Azure Kubernetes Fleet Manager hub; a ClusterResourcePlacement spreads them to members.");
}

const SIGN_IN = { contents: "read", "id-token": "write" };

function branchJobs(spec: WorkflowSpec) {
    const exact = spec.branches.every((b) => !/[*?[\]!+]/.test(b));
    return {
        build: {
            name: "Build the image",
            // A dispatch from another branch would be refused by the federated credential anyway;
            // skip it here so the run says so instead of failing at sign-in.
            ...(exact ? { if: spec.branches.map((b) => `github.ref == 'refs/heads/${b}'`).join(" || ") } : {}),
            "runs-on": "ubuntu-latest",
            "timeout-minutes": 30,
            permissions: SIGN_IN,
            outputs: { image: expr("steps.image.outputs.ref") },
            steps: [...signInSteps(spec), ...buildSteps(spec)],
        },
        deploy: {
            name: `Stage on the fleet hub (namespace ${spec.namespace})`,
            needs: "build",
            "runs-on": "ubuntu-latest",
            "timeout-minutes": 15,
            permissions: SIGN_IN,
            steps: [...signInSteps(spec), ...deploySteps(spec, expr("steps.image.outputs.ref"), false)],
        },
    };
}

/** One job in the environment: its protection rules gate the whole run, and approval is asked once. */
function environmentJobs(spec: WorkflowSpec, environment: string) {
    return {
        deploy: {
            name: `Build and stage on the fleet hub (environment ${environment}, namespace ${spec.namespace})`,
            environment,
            "runs-on": "ubuntu-latest",
            "timeout-minutes": 45,
            permissions: SIGN_IN,
            steps: [...signInSteps(spec), ...buildSteps(spec), ...deploySteps(spec, expr("steps.image.outputs.ref"), true)],
        },
    };
}

/**
 * The pull-request check: builds the image without pushing, with a token that can only read the
 * repository and no Azure sign-in, so a pull request (from anyone, forks included) gets no credential.
 */
export function renderPullRequestWorkflow(spec: WorkflowSpec): string {
    const workflow = {
        name: `Verify ${spec.build.imageName} builds`,
        on: { pull_request: { branches: [spec.branches[0]] } },
        permissions: { contents: "read" },
        concurrency: { group: `fleet-autodeploy-verify-${spec.deploymentName}-${expr("github.ref")}`, "cancel-in-progress": true },
        jobs: {
            build: {
                name: "Build the image (no push)",
                "runs-on": "ubuntu-latest",
                "timeout-minutes": 30,
                steps: [
                    uses("actions/checkout", "Check out", { "persist-credentials": "false" }),
                    uses("docker/setup-buildx-action", "Set up buildx"),
                    uses("docker/build-push-action", "Build", {
                        context: spec.build.context,
                        file: spec.build.dockerfile,
                        push: "false",
                        ...(spec.build.layerCache === LayerCache.GitHub ? { "cache-from": "type=gha" } : {}),
                    }),
                ],
            },
        },
    };
    return toWorkflowText(workflow, "Builds pull requests without pushing or signing in to Azure.");
}

function toWorkflowText(workflow: object, purpose: string): string {
    // Anchors and aliases are valid YAML, but GitHub (and actionlint) refuse them in a workflow.
    const doc = new YAML.Document(workflow, { aliasDuplicateObjects: false });
    YAML.visit(doc, {
        Pair(_, pair) {
            if (YAML.isScalar(pair.key) && pair.key.value === "uses" && YAML.isScalar(pair.value)) {
                const action = String(pair.value.value).split("@")[0] as PinnedAction;
                pair.value.comment = ` ${actionPins[action].version}`;
            }
        },
    });
    return `# Generated by fleet-autodeploy. ${purpose}\n` + doc.toString({ lineWidth: 0 });
}

/** Shell-quotes a path for a `run:` script. */
function quote(value: string): string {
    return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
