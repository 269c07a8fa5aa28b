// The deployment's plan: a composition of its parts. Each part checks its own arguments, fills in its defaults and says
// what it alone will own (core/part.ts); this runs them in the order their specs feed each other, collects every
// problem and claim, and fails once, naming each argument, before anything is registered.
import { Claim } from "../core/claims";
import { PartPlan } from "../core/part";
import { Problem } from "../core/problems";
import { failOnProblems } from "../checks/validate";
import { BuildPartSpec, planBuild } from "../build/part";
import { GitHubPartSpec, planGitHub } from "../github/part";
import { HubNamespacePartSpec, planHubNamespace } from "../hub/part";
import { AdoptionSpec } from "../identity/adoption";
import { IdentityPartSpec, planAdoption, planIdentity, withRolloutIdentity } from "../identity/part";
import { Names, planNaming } from "../naming/part";
import { PlacementPartSpec, planPlacement } from "../placement/part";
import { RegistryAccessMode } from "../registry/abac";
import { planRegistry, RegistryPartSpec } from "../registry/part";
import { AzureCloud } from "../azure/cloud";
import { BuildMode, WorkflowSpec } from "../render/workflow";
import { FleetAutomatedDeploymentArgs } from "./args";

/** Everything a deployment is, validated and with defaults filled, part by part: what the parts create, never the raw args. */
export interface DeploymentSpec {
    name: string;
    names: Names;
    adoption: AdoptionSpec;
    hub: HubNamespacePartSpec;
    identity: IdentityPartSpec;
    registry: RegistryPartSpec;
    build: BuildPartSpec;
    placement: PlacementPartSpec;
    github: GitHubPartSpec;
    /** The rendered workflow's spec (the GitHub part's). */
    workflow: WorkflowSpec;
    /** The Azure cloud (the identity part's): the credentials' audience, every azure/login step's cloud, the registry's domain. */
    cloud: AzureCloud;
    /** What the deployment alone owns, from the same specs the parts create from. */
    claims: Claim[];
}

/**
 * Validates the arguments of a deployment and fills in every default, part by part. Collects all problems and
 * throws one `InputPropertiesError` naming each argument, before anything is registered.
 */
export function deploymentSpec(name: string, args: FleetAutomatedDeploymentArgs, providerOwner?: string, path = ""): DeploymentSpec {
    const problems: Problem[] = [];
    const claims: Claim[] = [];
    const run = <S>(plan: PartPlan<S>): S => {
        problems.push(...plan.problems);
        claims.push(...plan.claims);
        return plan.spec;
    };
    const names = run(planNaming(args, path, providerOwner));
    const adoption = run(planAdoption(args, path, names));
    const roles = adoption.roles;
    const hub = run(planHubNamespace(args, path, names, { adoptNamespace: adoption.namespace, adopted: { writer: roles.hubNamespaceWriter, user: roles.hubClusterUser } }));
    const deployIdentity = run(planIdentity(args, path, names, hub.fleet, adoption));
    const build = run(planBuild(args, path, names, { adoptsTasksRole: roles.registryTasks !== undefined }));
    const registry = run(
        planRegistry(args, path, names, {
            cloud: deployIdentity.cloud,
            acrTasks: build.mode === BuildMode.AcrTasks,
            adopted: { push: roles.registryPush, tasks: roles.registryTasks },
        }),
    );
    const placement = run(planPlacement(args, path, names, { mode: hub.mode, adoptedNamespace: adoption.namespace, autoscaledDeployment: build.manifests?.hpa ? build.manifests.appName : undefined }));
    const identity = run(withRolloutIdentity(deployIdentity, placement.rollout !== undefined));
    const github = run(
        planGitHub(args, path, names, {
            build,
            registryAbac: registry.target.mode === RegistryAccessMode.Abac,
            rollout: placement.rollout,
            cloud: identity.cloud,
            adoption,
        }),
    );
    failOnProblems("FleetAutomatedDeployment", name, problems);
    return { name, names, adoption, hub, identity, registry, build, placement, github, workflow: github.workflow, cloud: identity.cloud, claims };
}
