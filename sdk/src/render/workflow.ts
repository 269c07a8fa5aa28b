import * as YAML from "yaml";
import { actionPins, PinnedAction } from "./actions";
import { hubCredentialsStep, hubSteps, manifestSteps } from "./hubSteps";
import { rolloutGrantProbe, rolloutRbacName, rolloutScript, stagedUpdateRun } from "./rollout";
import { azureLogin, buildSteps, expr, signInSteps, Step, uses } from "./workflowSteps";
import { BUILDKIT_DRIVER_OPTS, TOOL_VERSIONS } from "./tools";
import { LayerCache, WorkflowSpec } from "./workflowSpec";

export { BuildMode, CredentialStore, LayerCache, ManifestSource } from "./workflowSpec";
export type { WorkflowSpec, WorkflowVariableNames } from "./workflowSpec";

/** Renders the deployment workflow as YAML text. Pure: the same spec gives the same bytes. */
export function renderWorkflow(spec: WorkflowSpec): string {
    // Only tags, when no branch deploys: "If you define only tags/tags-ignore ..., the workflow won't run for events
    // affecting the undefined Git ref" (docs.github.com workflow syntax, on.push.<branches|tags>).
    const push: Record<string, unknown> = spec.branches.length > 0 ? { branches: spec.branches } : {};
    if (spec.tags.length > 0) push.tags = spec.tags;
    // Path filters apply to branch pushes only ("Path filters are not evaluated for pushes of tags", same page).
    if (spec.branches.length > 0 && (spec.paths ?? []).length > 0) push.paths = spec.paths;
    if (spec.branches.length > 0 && spec.pathsIgnore.length > 0) push["paths-ignore"] = spec.pathsIgnore;
    const workflow = {
        name: spec.name,
        on: { push, workflow_dispatch: {} },
        // The token gets nothing unless a job asks for it.
        permissions: {},
        concurrency: { group: concurrencyGroup(spec), "cancel-in-progress": false },
        jobs: { ...(spec.environment ? environmentJobs(spec, spec.environment) : branchJobs(spec)), ...rolloutJobs(spec) },
    };
    return toWorkflowText(workflow, "Builds the image into the registry and stages the manifests\n# on the Azure Kubernetes Fleet Manager hub; a ClusterResourcePlacement spreads them to members.");
}

/**
 * One run at a time per hub namespace, whatever the ref: two refs of one deployment (extra branches, tags) stage
 * the same namespace, and keyed by `github.ref` they would race, an older commit possibly landing last. GitHub keeps
 * one running and one pending run per group, and a newer pending run replaces an older one, so the newest commit
 * is staged last. Keyed by the fleet (its variables; the workflow-level concurrency may read `vars`, docs.github.com
 * "Contexts reference", context availability) and the namespace. In an environment the variables are the
 * environment's, which only its jobs can read, so the key is the environment: it belongs to one deployment, which
 * stages into one namespace of one fleet.
 */
export function concurrencyGroup(spec: WorkflowSpec): string {
    const v = spec.variables;
    const fleet = spec.environment ? `environment-${spec.environment}` : `${expr(`vars.${v.fleetResourceGroup}`)}-${expr(`vars.${v.fleetName}`)}`;
    return `fleet-autodeploy-${fleet}-${spec.namespace}`;
}

const SIGN_IN = { contents: "read", "id-token": "write" };

/**
 * What a job's token may do: sign in, read the repository, and, where Azure/k8s-deploy runs, read Actions. It lists
 * the repository's workflows through the API to annotate what it deploys (GET /repos/{owner}/{repo}/actions/workflows,
 * src/types/githubClient.ts and src/utilities/githubUtils.ts at v7.0.0): 403 on a private repository without it.
 */
function permissionsFor(steps: Step[]) {
    return steps.some((s) => String(s.uses ?? "").startsWith("Azure/k8s-deploy@")) ? { ...SIGN_IN, actions: "read" } : SIGN_IN;
}

function branchJobs(spec: WorkflowSpec) {
    const stage = manifestSteps(spec);
    const deploySteps = [...signInSteps(spec), ...stage.steps, ...hubSteps(spec, stage.manifests, expr("needs.build.outputs.image"))];
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
            permissions: permissionsFor(deploySteps),
            // Its own job, so its sign-in is fresh: nothing long runs between it and the hub.
            steps: deploySteps,
        },
    };
}

/** One job in the environment: its protection rules gate the whole run, and approval is asked once. */
function environmentJobs(spec: WorkflowSpec, environment: string) {
    const stage = manifestSteps(spec);
    const steps = [
        ...signInSteps(spec),
        ...buildSteps(spec),
        // The OIDC assertion azure/login stored expires after 5 minutes and Azure CLI cannot renew it (AADSTS700024,
        // Azure/azure-cli#28708); kubelogin needs a new token for the hub after the build. (The hub's wait signs in
        // afresh on each attempt as well; this keeps the steps before it, Kustomize's among them, signed in.)
        azureLogin(spec, "Sign in to Azure again (the first assertion expired during the build)"),
        ...stage.steps,
        ...hubSteps(spec, stage.manifests, expr("steps.image.outputs.ref")),
    ];
    return {
        deploy: {
            name: `Build and stage on the fleet hub (environment ${environment}, namespace ${spec.namespace})`,
            // Only tags deploy: a dispatch from a branch is skipped (the environment's rules would refuse it anyway).
            ...(spec.branches.length === 0 ? { if: tagGuard(spec.tags) } : {}),
            environment,
            "runs-on": "ubuntu-latest",
            "timeout-minutes": 45,
            permissions: permissionsFor(steps),
            steps,
        },
    };
}

/** The refs of `tags`: exact tags by name, else any tag (a pattern has no expression of its own). */
function tagGuard(tags: string[]): string {
    return tags.every((t) => !/[*?[\]!+]/.test(t)) ? tags.map((t) => `github.ref == 'refs/tags/${t}'`).join(" || ") : "startsWith(github.ref, 'refs/tags/')";
}

/**
 * A staged rollout's second job: after staging, start this commit's update run, signed in as the rollout identity
 * (it may start update runs on the hub, nothing else; the deploy identity cannot). Nothing from the repository runs
 * here: no checkout. In the deployment's environment, when it has one, whose protection rules then ask again before
 * the rollout (each job that names an environment waits for its approval).
 */
function rolloutJobs(spec: WorkflowSpec) {
    if (!spec.rollout) return {};
    const v = spec.variables;
    if (!v.rolloutClientId) throw new Error("a staged rollout needs variables.rolloutClientId");
    const { placement, strategy, namespace } = spec.rollout;
    const runs = namespace ? `StagedUpdateRuns in namespace ${namespace}` : "ClusterStagedUpdateRuns";
    const binding = namespace ? `RoleBinding ${rolloutRbacName(placement)} in namespace ${namespace}` : `ClusterRoleBinding ${rolloutRbacName(placement)}`;
    return {
        rollout: {
            name: `Start the staged rollout (placement ${placement})`,
            needs: "deploy",
            ...(spec.environment ? { environment: spec.environment } : {}),
            "runs-on": "ubuntu-latest",
            "timeout-minutes": 15,
            permissions: { "id-token": "write" },
            steps: [
                ...signInSteps(spec, { clientId: v.rolloutClientId, checkout: false }),
                uses("azure/use-kubelogin", "Set up kubelogin", { "kubelogin-version": TOOL_VERSIONS.kubelogin }),
                hubCredentialsStep(
                    spec,
                    {
                        what: `Azure Kubernetes Fleet Manager Hub Cluster User on the fleet and the hub ${namespace ? "RoleBinding" : "ClusterRoleBinding"} to create update runs`,
                        probe: rolloutGrantProbe(namespace),
                        title: "Rollout access not granted",
                        failure: `The rollout identity still cannot create ${runs} on the hub: check its Hub Cluster User Role assignment on the fleet and ${binding}.`,
                    },
                    v.rolloutClientId,
                ),
                {
                    name: "Start this commit's update run",
                    env: {
                        PLACEMENT: placement,
                        STRATEGY: strategy,
                        COMMIT: expr("github.sha"),
                        ATTEMPT: expr("github.run_attempt"),
                        RUN_TEMPLATE: JSON.stringify(stagedUpdateRun(placement, strategy, undefined, namespace)),
                    },
                    run: rolloutScript(namespace),
                },
            ],
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
        on: { pull_request: { branches: [spec.commitBranch ?? spec.branches[0]] } },
        permissions: { contents: "read" },
        concurrency: { group: `fleet-autodeploy-verify-${spec.deploymentName}-${expr("github.ref")}`, "cancel-in-progress": true },
        jobs: {
            build: {
                name: "Build the image (no push)",
                "runs-on": "ubuntu-latest",
                "timeout-minutes": 30,
                steps: [
                    uses("actions/checkout", "Check out", { "persist-credentials": "false" }),
                    uses("docker/setup-buildx-action", "Set up buildx", { "driver-opts": BUILDKIT_DRIVER_OPTS }),
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
    return `# Generated by fleet-autodeploy. ${purpose}\n${doc.toString({ lineWidth: 0 })}`;
}
