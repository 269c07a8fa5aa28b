// The steps that talk to the Fleet hub: credentials, the wait for the namespace grant, the scope check, staging.
import { scopeCheckScript } from "./hubKinds";
import { hubGrantProbe, waitForGrant } from "./scripts";
import { expr, Step, uses } from "./workflowSteps";
import { ManifestSource, WorkflowSpec } from "./workflowSpec";

/** Fails the job when the manifests hold anything the namespace's identity may not write (see hubKinds.ts). */
function scopeCheckStep(manifests: string, namespace: string): Step {
    return { name: "Refuse manifests the namespace cannot hold", env: { MANIFESTS: manifests, NAMESPACE: namespace }, run: scopeCheckScript() };
}

/** The first hub call: the hub's credentials, once the fleet and namespace grants are effective (see hubGrantProbe). */
function hubCredentialsStep(spec: WorkflowSpec): Step {
    const v = spec.variables;
    return {
        name: "Get the fleet hub's credentials (waits for access)",
        env: {
            FLEET_RESOURCE_GROUP: expr(`vars.${v.fleetResourceGroup}`),
            FLEET_NAME: expr(`vars.${v.fleetName}`),
            NAMESPACE: spec.namespace,
            // `az fleet` is an extension: install it without a prompt the runner cannot answer.
            AZURE_EXTENSION_USE_DYNAMIC_INSTALL: "yes_without_prompt",
        },
        run: [
            "set -euo pipefail",
            'export KUBECONFIG="$RUNNER_TEMP/kubeconfig-fleet-hub"',
            ...waitForGrant(
                "Azure Kubernetes Fleet Manager Hub Cluster User on the fleet and RBAC Writer on hub namespace $NAMESPACE",
                hubGrantProbe,
                "Hub access not granted",
                "The deploy identity still cannot write Deployments in hub namespace $NAMESPACE: check its Hub Cluster User Role assignment on the fleet and its RBAC Writer assignment on the namespace.",
            ),
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
    const m = spec.manifests;
    switch (m.source) {
        case ManifestSource.Directory:
            return { steps: [scopeCheckStep(m.path, spec.namespace)], manifests: m.path };
        case ManifestSource.Kustomize: {
            const bundle = expr("steps.bake.outputs.manifestsBundle");
            return {
                steps: [
                    uses("azure/k8s-bake", "Render with Kustomize", { renderEngine: "kustomize", kustomizationPath: m.path }, { id: "bake" }),
                    scopeCheckStep(bundle, spec.namespace),
                ],
                manifests: bundle,
            };
        }
        case ManifestSource.Helm: {
            const rendered = "${{ runner.temp }}/rendered";
            const render: Step = {
                name: "Render the chart",
                env: helmEnv(spec),
                run: `mkdir -p "$RUNNER_TEMP/rendered"\nhelm template ${HELM_ARGS} > "$RUNNER_TEMP/rendered/chart.yaml"\n`,
            };
            return { steps: [render, scopeCheckStep(rendered, spec.namespace)], manifests: rendered };
        }
    }
}

const HELM_ARGS = '"$RELEASE" "$CHART" --namespace "$NAMESPACE" --set image.repository="$IMAGE_REPOSITORY" --set image.tag="$IMAGE_TAG"';
const helmEnv = (spec: WorkflowSpec) => ({
    RELEASE: spec.manifests.releaseName,
    CHART: spec.manifests.path,
    NAMESPACE: spec.namespace,
    IMAGE_REPOSITORY: `${expr(`vars.${spec.variables.registryLoginServer}`)}/${spec.build.imageName}`,
    IMAGE_TAG: expr("github.sha"),
});

/**
 * From the hub's credentials to the staged manifests: the caller signs in right before these (see workflow.ts).
 * `image` is the built image reference.
 */
export function hubSteps(spec: WorkflowSpec, manifests: string, image: string): Step[] {
    const steps = [uses("azure/use-kubelogin", "Set up kubelogin"), hubCredentialsStep(spec)];
    if (spec.manifests.source === ManifestSource.Helm) {
        // No --wait: the hub runs no workloads, so it would wait until the timeout.
        return [...steps, { name: "Stage the chart on the hub", env: helmEnv(spec), run: `helm upgrade --install ${HELM_ARGS} --history-max 10\n` }];
    }
    return [
        ...steps,
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
