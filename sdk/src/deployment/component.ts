import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeploymentArgs } from "./args";
import { defaultGitHubOwner } from "../github/providerOwner";
import { containerizeFiles, containerizeStack, generatedManifestFiles } from "../github/generatedFiles";
import { wireRepository } from "../github/repositoryWiring";
import { createHubNamespace, grantHubAccess } from "../hub/hubNamespace";
import { sharedHubProvider } from "../hub/hubProvider";
import { createManagedNamespace, NamespaceMode } from "../hub/managedNamespace";
import { ArmId } from "../azure/ids";
import { applyPlacement } from "../hub/namespacePlacement";
import { applyEnvelope } from "../hub/envelopes";
import { renderAppManifests } from "../render/manifests";
import { grantRollout } from "../hub/rolloutAccess";
import { adoptedNamespacePlacementWarning, ungrantedPlacementWarning } from "../hub/placementSpec";
import { createIdentity } from "../identity/githubOidcIdentity";
import { grantRegistryPush } from "../registry/grants";
import { loginServerInCloud, registryLoginServer } from "../registry/loginServer";
import { grantMembersPull } from "../registry/memberAccess";
import { deploymentClaims } from "./claims";
import { claimOrFail, Holder } from "../core/claims";
import { Declaration, declareMemberGrants } from "../registry/grantDeclarations";
import { BuildMode } from "../render/workflow";
import { deploymentSpec, deploymentWiring } from "./plan";
import { checkedArguments } from "../config/argumentShapes";
import { admit, refusedComponent } from "../core/refusals";

const DEPLOYMENT_OUTPUTS = ["clientId", "principalId", "tenantId", "subjects", "workflowPath", "namespace", "placementName"];

/** Where a deployment's claims and member-grant declarations are recorded: the program's, unless a check keeps its own. */
export interface CheckScope {
    claims?: Map<string, Holder>;
    declarations?: Map<string, Declaration>;
}

/**
 * A deployment's arguments checked for shape, meaning and collisions with the other deployments of the program (or of
 * `scope`), and its spec: throws Pulumi's input errors and registers nothing. What it claims is recorded when it passes.
 */
export function checkedDeployment(name: string, given: FleetAutomatedDeploymentArgs, opts?: pulumi.ComponentResourceOptions, scope: CheckScope = {},
    label = `FleetAutomatedDeployment "${name}"`) {
    const args = checkedArguments("FleetAutomatedDeployment", name, given);
    const providerOwner = defaultGitHubOwner(opts);
    const spec = deploymentSpec(name, args, providerOwner);
    // What this deployment alone owns; shared objects (member grants, the hub provider) are the program's.
    claimOrFail(label, deploymentClaims(spec, args), scope.claims);
    declareMemberGrants(spec.registryTarget, spec.fleet, spec.members, label, scope.declarations);
    return { args, spec, providerOwner };
}

/**
 * Connects one GitHub repository + branch to an Azure Kubernetes Fleet Manager hub: the OIDC identity
 * GitHub Actions signs in as, its least-privilege grants, the repository's variables and workflow,
 * AcrPull for explicitly chosen members, the hub namespace, and optionally a placement.
 */
export class FleetAutomatedDeployment extends pulumi.ComponentResource {
    /** Client id the workflow signs in with. */
    public readonly clientId!: pulumi.Output<string>;
    /** Object id of the deploy identity's service principal. */
    public readonly principalId!: pulumi.Output<string>;
    /** Entra tenant id. */
    public readonly tenantId!: pulumi.Output<string>;
    /** OIDC subjects the identity trusts. */
    public readonly subjects!: pulumi.Output<string[]>;
    /** Path of the committed workflow file. */
    public readonly workflowPath!: pulumi.Output<string>;
    /** The hub namespace manifests are staged into. */
    public readonly namespace!: pulumi.Output<string>;
    /** Name of the placement, when one was asked for: a ClusterResourcePlacement, or in a managed namespace a ResourcePlacement in it. */
    public readonly placementName!: pulumi.Output<string | undefined>;

    constructor(name: string, args: FleetAutomatedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `FleetAutomatedDeployment "${name}"`;
        const admitted = admit(label, () => checkedDeployment(name, args, opts));
        // Refused, or held by another's refusal: the program fails when its turn ends, listing every problem (refusals.ts).
        if (!admitted) return refusedComponent(new.target, DEPLOYMENT_OUTPUTS);
        const { spec, providerOwner } = admitted;
        args = admitted.args;
        super("fleet-autodeploy:index:FleetAutomatedDeployment", name, {}, opts);
        const parent = { parent: this };

        // The parts are the same functions the standalone components wrap, registered straight under
        // the deployment: one component per app instead of six keeps a 100-app plan close to the
        // floor, and the child names (`${name}-oidc-identity`, ...) are those of the parts.
        const identity = createIdentity(`${name}-oidc`, spec.identity, this);
        const adopted = spec.adoption.roles;
        const push = grantRegistryPush(name, spec.registryTarget, identity.principalId, spec.workflow.build.mode === BuildMode.AcrTasks, parent,
            { push: adopted.registryPush, tasks: adopted.registryTasks });
        const pulls = grantMembersPull(spec.registryTarget, spec.fleet, spec.members, `FleetAutomatedDeployment "${name}"`);

        // A managed namespace is an ARM resource: hub credentials are needed only for its ResourcePlacement.
        const managed = spec.namespaceMode === NamespaceMode.Managed;
        const hubProvider = managed && !spec.placement ? undefined : args.hubProvider ?? sharedHubProvider(spec.fleet, name, this, spec.hubLogin);
        // What waits for the namespace: nothing, for an existing Kubernetes namespace (it is not registered).
        const managedNamespace = managed ? createManagedNamespace(`${name}-ns`, {
            fleet: spec.fleet as ArmId, namespace: spec.namespace, adopt: spec.existingNamespace, deleteOnDestroy: spec.deleteNamespaceOnDestroy,
            quota: spec.namespaceQuota, networkPolicy: spec.namespaceNetworkPolicy, propagation: spec.managedPropagation,
        }, this) : undefined;
        const namespace = managedNamespace ? [managedNamespace] : createHubNamespace(`${name}-ns`, {
            fleet: spec.fleet, namespace: spec.namespace, existing: spec.existingNamespace, deleteOnDestroy: spec.deleteNamespaceOnDestroy, adopt: spec.adoption.namespace,
        }, hubProvider!, this);
        const hubAccess = grantHubAccess(`${name}-ns`, spec.fleet, spec.namespace, identity.principalId, this, managedNamespace,
            { writer: adopted.hubNamespaceWriter, user: adopted.hubClusterUser });
        // A staged rollout's runs are started by the workflow's rollout job, as an identity of their own.
        const rolloutIdentity = spec.rolloutIdentity && createIdentity(`${name}-rollout`, spec.rolloutIdentity, this);
        const rolloutAccess = rolloutIdentity && hubProvider && spec.placement
            ? grantRollout(`${name}-rollout`, spec.fleet, spec.placement.name, rolloutIdentity.principalId, hubProvider, this, spec.workflow.rollout?.namespace, namespace) : [];

        let placement: pulumi.Resource | undefined;
        if (spec.placement && hubProvider) {
            const warning = ungrantedPlacementWarning(spec.placement, spec.members);
            if (warning) pulumi.log.warn(warning, this);
            // A namespace made by hand for the portal is placed by a hand-made placement already, most likely.
            const placedElsewhere = adoptedNamespacePlacementWarning(spec.placement, spec.existingNamespace || spec.adoption.namespace,
                spec.adoption.namespace ? "adopt.namespace" : undefined);
            if (placedElsewhere) pulumi.log.warn(placedElsewhere, this);
            placement = applyPlacement(`${name}-placement`, spec.placement, hubProvider, this, namespace);
        }

        // The workflow's first run starts with its commit: it signs in (credentials), pushes (AcrPush),
        // stages into the namespace (hub roles), and members then pull (their grants).
        const loginServer = spec.registryLoginServer !== undefined
            ? loginServerInCloud(spec.registryLoginServer, spec.cloud, { cloud: "cloud", loginServer: "registryLoginServer" })
            : registryLoginServer(spec.registry);
        // One detection for both: the Deployment runs as the generated Dockerfile's USER, with its runtime's writable paths.
        const stack = spec.containerize ? containerizeStack(spec.containerize, spec.repo, spec.branch, this) : undefined;
        // A generated PodDisruptionBudget goes to members in an envelope Pulumi applies, never as a PDB on the hub, which
        // kubefleet's hub webhook denies outside reserved namespaces once `--enable-pdbs` is off (render/envelope.ts).
        // Without hub access (a managed namespace with no placement) it stays a staged manifest.
        const enveloped = spec.manifests?.pdb && hubProvider ? renderAppManifests(spec.manifests).filter((o) => o.kind === "PodDisruptionBudget") : [];
        if (enveloped.length > 0) {
            applyEnvelope(`${name}-pdb`, { name: `${spec.appName}-pdb`, namespace: spec.namespace }, enveloped, hubProvider!, this, namespace, spec.placement?.deleteOnDestroy ?? spec.deleteNamespaceOnDestroy);
        }
        const staged = spec.manifests && (enveloped.length > 0 ? { ...spec.manifests, pdb: undefined } : spec.manifests);
        const generated = [
            ...(spec.containerize ? containerizeFiles(spec.containerize, spec.repo, spec.branch, this, stack) : []),
            ...(staged ? generatedManifestFiles(staged, pulumi.interpolate`${loginServer}/${spec.appName}`, spec.workflow.manifests.path, stack?.language) : []),
        ];
        const runNeeds = [...identity.credentials, ...push, ...Object.values(pulls), ...namespace, ...hubAccess];
        wireRepository(`${name}-github`, {
            ...deploymentWiring(spec, identity, loginServer, generated, rolloutIdentity?.clientId),
            // A provider whose owner is not known here is checked at deploy time, before it writes (github/providerOwner.ts).
            checkOwner: providerOwner === undefined,
            // A workflow already in the repository (the portal's) reads the values on its next run: they name this identity
            // only once it can sign in and do its work, so an up that fails earlier leaves them as they were.
            valuesDependOn: runNeeds,
            workflowDependsOn: [...runNeeds,
                // The rollout job's first run needs its identity, its grants and the placement with its strategy.
                ...(rolloutIdentity ? [...rolloutIdentity.credentials, ...rolloutAccess, ...(placement ? [placement] : [])] : [])],
        }, this);


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
