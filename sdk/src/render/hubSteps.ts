// The steps that talk to the Fleet hub: credentials, the wait for the namespace grant, the scope check, staging.
import { HELM_RENDERED_DIR, helmInputProblems, helmSetEntry, helmTemplateScript } from "./helm";
import { scopeCheckScript } from "./hubKinds";
import { hubGrantProbe, waitForGrant } from "./scripts";
import { TOOL_VERSIONS } from "./tools";
import { expr, signInEnv, Step, uses } from "./workflowSteps";
import { ManifestSource, WorkflowSpec } from "./workflowSpec";

/** Fails the job when the manifests hold anything the namespace's identity may not write (see hubKinds.ts). */
function scopeCheckStep(manifests: string, namespace: string): Step {
    return { name: "Refuse manifests the namespace cannot hold", env: { MANIFESTS: manifests, NAMESPACE: namespace }, run: scopeCheckScript() };
}

/** What a job waits for on the hub before its first hub call: see hubCredentialsStep. */
export interface HubAccess {
    /** The grants, for the log line. */
    what: string;
    probe: string[];
    title: string;
    failure: string;
    env?: Record<string, string>;
}

/** The deploy identity's access: Hub Cluster User and its namespace's RBAC Writer. */
const deployAccess = (namespace: string): HubAccess => ({
    what: "Azure Kubernetes Fleet Manager Hub Cluster User on the fleet and RBAC Writer on hub namespace $NAMESPACE",
    probe: hubGrantProbe(),
    title: "Hub access not granted",
    failure: "The deploy identity still cannot write Deployments in hub namespace $NAMESPACE: check its Hub Cluster User Role assignment on the fleet and its RBAC Writer assignment on the namespace.",
    env: { NAMESPACE: namespace },
});

/**
 * The first hub call: the hub's credentials, once the job's grants are effective (see hubAccessProbe), signed in as
 * `clientId` (a variable name) afresh on each attempt: the hub's token is the first one Azure CLI requests for that
 * resource, possibly minutes after the job's sign-in.
 */
export function hubCredentialsStep(spec: WorkflowSpec, access: HubAccess = deployAccess(spec.namespace), clientId = spec.variables.clientId): Step {
    const v = spec.variables;
    return {
        name: "Get the fleet hub's credentials (waits for access)",
        env: {
            FLEET_RESOURCE_GROUP: expr(`vars.${v.fleetResourceGroup}`),
            FLEET_NAME: expr(`vars.${v.fleetName}`),
            ...access.env,
            ...signInEnv(spec, clientId),
            // `az fleet` is an extension: install it without a prompt the runner cannot answer.
            AZURE_EXTENSION_USE_DYNAMIC_INSTALL: "yes_without_prompt",
        },
        run: [
            "set -euo pipefail",
            'export KUBECONFIG="$RUNNER_TEMP/kubeconfig-fleet-hub"',
            ...waitForGrant(access.what, access.probe, access.title, access.failure),
            'chmod 600 "$KUBECONFIG"',
            // Later steps (k8s-deploy) read the hub from here, as after azure/aks-set-context.
            'echo "KUBECONFIG=$KUBECONFIG" >> "$GITHUB_ENV"',
            "",
        ].join("\n"),
    };
}

/**
 * Renders (Kustomize, Helm) and checks the manifests: no hub call, so a bad manifest fails before any wait on the
 * hub. Returns the steps and the folder (or bundle) to stage.
 */
export function manifestSteps(spec: WorkflowSpec): { steps: Step[]; manifests: string } {
    const v = spec.variables;
    const m = spec.manifests;
    switch (m.source) {
        case ManifestSource.Directory:
            return { steps: [scopeCheckStep(m.path, spec.namespace)], manifests: m.path };
        case ManifestSource.Kustomize: {
            const bundle = expr("steps.bake.outputs.manifestsBundle");
            return {
                steps: [
                    // Renders with its own download of a pinned kubectl (`kubectl kustomize`), not the runner image's.
                    uses("azure/k8s-bake", "Render with Kustomize", { renderEngine: "kustomize", kustomizationPath: m.path, "kubectl-version": TOOL_VERSIONS.kubectl }, { id: "bake" }),
                    scopeCheckStep(bundle, spec.namespace),
                ],
                manifests: bundle,
            };
        }
        case ManifestSource.Helm: {
            const problems = helmInputProblems(m.helmValuesFiles, m.helmSet);
            if (problems.length > 0) throw new Error(`cannot render the Helm step: ${problems.map((p) => p.message).join(" ")}`);
            const files = m.helmValuesFiles ?? [];
            const sets = Object.entries(m.helmSet ?? {});
            const render: Step = {
                // Staged like any manifest folder, so no release Secret is written into the namespace (Fleet would
                // place it on every member) and nothing waits for hooks on a hub without nodes.
                name: "Render the chart",
                env: {
                    RELEASE: m.releaseName,
                    CHART: m.path,
                    NAMESPACE: spec.namespace,
                    RENDERED: HELM_RENDERED_DIR,
                    ...(files.length > 0 ? { HELM_VALUES_FILES: files.join("\n") } : {}),
                    ...(sets.length > 0 ? { HELM_SET: sets.map(([k, val]) => helmSetEntry(k, val)).join("\n") } : {}),
                    IMAGE_REPOSITORY: `${expr(`vars.${v.registryLoginServer}`)}/${spec.build.imageName}`,
                    IMAGE_TAG: expr("github.sha"),
                },
                run: helmTemplateScript(),
            };
            // The chart renders with a pinned Helm, not whichever one the runner image has this week.
            const helm = uses("azure/setup-helm", "Set up Helm", { version: TOOL_VERSIONS.helm });
            return { steps: [helm, render, scopeCheckStep(HELM_RENDERED_DIR, spec.namespace)], manifests: HELM_RENDERED_DIR };
        }
    }
}

/**
 * From the hub's credentials to the staged manifests: the caller signs in right before these (see workflow.ts).
 * `image` is the built image reference.
 */
export function hubSteps(spec: WorkflowSpec, manifests: string, image: string): Step[] {
    return [
        // A pinned release: without one the action asks the GitHub API for the latest and needs GITHUB_TOKEN.
        uses("azure/use-kubelogin", "Set up kubelogin", { "kubelogin-version": TOOL_VERSIONS.kubelogin }),
        hubCredentialsStep(spec),
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
        }),
    ];
}
