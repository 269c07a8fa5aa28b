import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeploymentArgs } from "./args";
import { containerizeFiles, generatedManifestFiles } from "./github/generatedFiles";
import { GitHubRepositoryWiring } from "./github/repositoryWiring";
import { HubNamespace } from "./hub/hubNamespace";
import { hubProviderFromFleet } from "./hub/hubProvider";
import { NamespacePlacement } from "./hub/namespacePlacement";
import { ungrantedPlacementWarning } from "./hub/placementSpec";
import { GitHubOidcIdentity } from "./identity/githubOidcIdentity";
import { FleetMemberRegistryAccess, grantRegistryPush } from "./registry/grants";
import { BuildMode } from "./render/workflow";
import { deploymentSpec, deploymentWiring } from "./spec";

/**
 * Connects one GitHub repository + branch to an Azure Kubernetes Fleet Manager hub: the OIDC identity
 * GitHub Actions signs in as, its least-privilege grants, the repository's variables and workflow,
 * AcrPull for explicitly chosen members, the hub namespace, and optionally a placement.
 */
export class FleetAutomatedDeployment extends pulumi.ComponentResource {
    /** Client id the workflow signs in with. */
    public readonly clientId: pulumi.Output<string>;
    /** Object id of the deploy identity's service principal. */
    public readonly principalId: pulumi.Output<string>;
    /** Entra tenant id. */
    public readonly tenantId: pulumi.Output<string>;
    /** OIDC subjects the identity trusts. */
    public readonly subjects: pulumi.Output<string[]>;
    /** Path of the committed workflow file. */
    public readonly workflowPath: pulumi.Output<string>;
    /** The hub namespace manifests are staged into. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the ClusterResourcePlacement, when one was asked for. */
    public readonly placementName: pulumi.Output<string | undefined>;

    constructor(name: string, args: FleetAutomatedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        const spec = deploymentSpec(name, args);
        super("fleet-autodeploy:index:FleetAutomatedDeployment", name, {}, opts);
        const parent = { parent: this };

        const identity = new GitHubOidcIdentity(`${name}-oidc`, spec.identityArgs, parent);

        grantRegistryPush(name, spec.registryTarget, identity.principalId, spec.workflow.build.mode === BuildMode.AcrTasks, parent);

        const generated = [
            ...(spec.containerize ? containerizeFiles(spec.containerize, spec.repo, spec.branch, this) : []),
            ...(spec.manifests ? generatedManifestFiles(spec.manifests, pulumi.interpolate`${spec.registryLoginServer}/${spec.appName}`, spec.workflow.manifests.path) : []),
        ];
        const wiring = deploymentWiring(spec, identity, generated);
        new GitHubRepositoryWiring(`${name}-github`, {
            repository: `${spec.owner}/${spec.repo}`,
            branch: wiring.branch,
            variables: wiring.variables,
            secrets: wiring.secrets,
            files: wiring.files,
            ownership: wiring.ownership,
            pullRequest: wiring.pullRequest,
            commitMessage: wiring.commitMessage,
            environment: spec.environment,
        }, parent);

        if (spec.members.length > 0) {
            new FleetMemberRegistryAccess(`${name}-members`, {
                registryId: spec.registry.id,
                fleetId: spec.fleet.id,
                members: spec.members,
                accessMode: spec.registryTarget.mode,
                repositories: spec.registryTarget.mode === "abac" ? spec.registryTarget.repositories : undefined,
            }, parent);
        }

        const hubProvider = args.hubProvider ?? hubProviderFromFleet(name, spec.fleet, this);
        const hub = new HubNamespace(`${name}-ns`, {
            fleetId: spec.fleet.id,
            namespace: spec.namespace,
            existing: spec.existingNamespace,
            deleteOnDestroy: spec.deleteNamespaceOnDestroy,
            deployerPrincipalId: identity.principalId,
            hubProvider,
        }, parent);

        if (spec.placement) {
            const warning = ungrantedPlacementWarning(spec.placement, spec.members);
            if (warning) pulumi.log.warn(warning, this);
            new NamespacePlacement(`${name}-placement`, {
                fleetId: spec.fleet.id,
                namespace: spec.namespace,
                placement: { ...args.placement, clusterNames: spec.placement.clusterNames },
                hubProvider,
            }, { parent: this, dependsOn: [hub] });
        }

        this.clientId = identity.clientId;
        this.principalId = identity.principalId;
        this.tenantId = identity.tenantId;
        this.subjects = identity.subjects;
        this.workflowPath = pulumi.output(spec.workflowPath);
        this.namespace = pulumi.output(spec.namespace);
        this.placementName = pulumi.output(spec.placement?.name);
        this.registerOutputs({
            clientId: this.clientId, principalId: this.principalId, tenantId: this.tenantId, subjects: this.subjects,
            workflowPath: this.workflowPath, namespace: this.namespace, placementName: this.placementName,
        });
    }
}
