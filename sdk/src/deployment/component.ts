import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeploymentArgs } from "./args";
import { defaultGitHubOwner } from "../github/providerOwner";
import { createBuild } from "../build/part";
import { createGitHub } from "../github/part";
import { createHubNamespacePart } from "../hub/part";
import { createDeployIdentity, createRolloutIdentity } from "../identity/part";
import { createPlacement } from "../placement/part";
import { createRegistryAccess, loginServerOf } from "../registry/part";
import { claimOrFail, Holder } from "../core/claims";
import { Declaration, declareMemberGrants } from "../registry/grantDeclarations";
import { deploymentSpec } from "./plan";
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
export function checkedDeployment(name: string, given: FleetAutomatedDeploymentArgs, opts?: pulumi.ComponentResourceOptions, scope: CheckScope = {}, label = `FleetAutomatedDeployment "${name}"`) {
    const args = checkedArguments("FleetAutomatedDeployment", name, given);
    const providerOwner = defaultGitHubOwner(opts);
    const spec = deploymentSpec(name, args, providerOwner);
    // What this deployment alone owns; shared objects (member grants, the hub provider) are the program's.
    claimOrFail(label, spec.claims, scope.claims);
    declareMemberGrants(spec.registry.target, spec.hub.fleet, spec.registry.members, label, scope.declarations);
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
        super("fleet-autodeploy:index:FleetAutomatedDeployment", name, {}, opts);

        // The parts are the same functions the standalone components wrap, registered straight under
        // the deployment: one component per app instead of six keeps a 100-app plan close to the
        // floor, and the child names (`${name}-oidc-identity`, ...) are those of the parts.
        const identity = createDeployIdentity(name, spec.identity, this);
        const registry = createRegistryAccess(name, spec.registry, this, identity.principalId, spec.hub.fleet, label);
        const hub = createHubNamespacePart(name, spec.hub, this, identity.principalId);
        // A staged rollout's runs are started by the workflow's rollout job, as an identity of their own.
        const rolloutIdentity = createRolloutIdentity(name, spec.identity, this);
        const placed = createPlacement(name, spec.placement, this, { fleet: spec.hub.fleet, hubProvider: hub.hubProvider, namespace: hub.namespace, rolloutPrincipalId: rolloutIdentity?.principalId });

        // The workflow's first run starts with its commit: it signs in (credentials), pushes (AcrPush),
        // stages into the namespace (hub roles), and members then pull (their grants).
        const loginServer = loginServerOf(spec.registry);
        const generated = createBuild(name, spec.build, spec.names, this, {
            repo: spec.names.repo,
            branch: spec.names.branch,
            hubProvider: hub.hubProvider,
            namespace: hub.namespace,
            loginServer,
            deleteOnDestroy: spec.placement.placement?.deleteOnDestroy ?? spec.hub.deleteOnDestroy,
        });
        createGitHub(name, spec.github, spec.names, this, {
            fleet: spec.hub.fleet,
            registry: spec.registry.registry,
            ids: identity,
            rolloutClientId: rolloutIdentity?.clientId,
            loginServer,
            generated,
            checkOwner: providerOwner === undefined,
            runNeeds: [...identity.credentials, ...registry.push, ...registry.pulls, ...hub.namespace, ...hub.hubAccess],
            // The rollout job's first run needs its identity, its grants and the placement with its strategy.
            workflowNeeds: rolloutIdentity ? [...rolloutIdentity.credentials, ...placed.rolloutAccess, ...(placed.placement ? [placed.placement] : [])] : [],
        });

        this.clientId = identity.clientId;
        this.principalId = identity.principalId;
        this.tenantId = identity.tenantId;
        this.subjects = identity.subjects;
        this.workflowPath = pulumi.output(spec.names.workflowPath);
        this.namespace = pulumi.output(spec.names.namespace);
        this.placementName = pulumi.output(spec.placement.placement?.name);
        this.registerOutputs({
            clientId: this.clientId,
            principalId: this.principalId,
            tenantId: this.tenantId,
            subjects: this.subjects,
            workflowPath: this.workflowPath,
            namespace: this.namespace,
            placementName: this.placementName,
        });
    }
}
