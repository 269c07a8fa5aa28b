// The GitHub wiring part: the workflow (rendered from every other part's spec), the variables or secrets it reads, the
// environment it runs in, and how its files are committed (directly, or through a pull request).
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { AzureCloud } from "../azure/cloud";
import { oneOf } from "../checks/validate";
import { Claim } from "../core/claims";
import { lift } from "../core/inputs";
import { PartPlan, under } from "../core/part";
import { Problem } from "../core/problems";
import { BuildPartSpec, fileClaim } from "../build/part";
import { GeneratedFile } from "../build/generatedFiles";
import { AdoptionSpec } from "../identity/adoption";
import { Names } from "../naming/part";
import { pathFilters } from "../naming/triggers";
import { branchFilterOf } from "../identity/subjects";
import { BuildMode, CredentialStore, renderPullRequestWorkflow, renderWorkflow, WorkflowSpec, WorkflowVariableNames } from "../render/workflow";
import { FileOwnership, ownershipProblems, wireRepository, WiringSpec } from "./repositoryWiring";

/** The deployment's arguments this part reads. */
export interface GitHubPartArgs {
    credentialStore?: CredentialStore;
    workflowOwnership?: FileOwnership;
    pullRequest?: boolean;
    pullRequestBuilds?: boolean;
    adoptExistingFiles?: boolean;
    tagsOnly?: boolean;
    paths?: string[];
    pathsIgnore?: string[];
}

export interface GitHubPartSpec {
    workflow: WorkflowSpec;
    /** The variables (or secrets) the workflow reads: the build's and the rollout's only when they need them. */
    variables: WorkflowVariableNames;
    credentialStore: CredentialStore;
    ownership: FileOwnership;
    pullRequest: boolean;
    pullRequestBuilds: boolean;
    adoptExistingFiles: boolean;
    adoption: AdoptionSpec;
}

/** What the GitHub part is told by the parts planned before it. */
export interface GitHubContext {
    build: BuildPartSpec;
    /** The registry is in ABAC mode. */
    registryAbac: boolean;
    rollout?: WorkflowSpec["rollout"];
    cloud: AzureCloud;
    adoption: AdoptionSpec;
}

/** Checks how the files are committed and what the workflow reads; renders nothing yet (the workflow's spec only). */
export function planGitHub(args: GitHubPartArgs, path: string, names: Names, context: GitHubContext): PartPlan<GitHubPartSpec> {
    const problems: Problem[] = [];
    const credentialStore = oneOf(args.credentialStore, CredentialStore, CredentialStore.Variables, "credentialStore", problems);
    const { build, adoption } = context;
    const all = names.variables;
    const variables: WorkflowVariableNames = {
        clientId: all.clientId,
        tenantId: all.tenantId,
        subscriptionId: all.subscriptionId,
        registryName: all.registryName,
        registryLoginServer: all.registryLoginServer,
        fleetName: all.fleetName,
        fleetResourceGroup: all.fleetResourceGroup,
        ...(build.mode === BuildMode.AcrTasks ? { registryResourceGroup: all.registryResourceGroup, registrySubscriptionId: all.registrySubscriptionId } : {}),
        ...(context.rollout ? { rolloutClientId: all.rolloutClientId } : {}),
    };
    problems.push(...adoptedFileProblems(args, adoption, variables));
    const ownership = oneOf(args.workflowOwnership, FileOwnership, FileOwnership.Managed, "workflowOwnership", problems);
    problems.push(...ownershipProblems(ownership, args.pullRequest, { ownership: "workflowOwnership", pullRequest: "pullRequest" }));
    if (args.adoptExistingFiles && args.workflowOwnership === FileOwnership.Released) {
        problems.push({ path: "adoptExistingFiles", message: 'adoptExistingFiles takes over files at creation, but workflowOwnership "released" commits none: drop adoptExistingFiles.' });
    }
    const { paths, pathsIgnore } = pathFilters(
        { ...args, environment: names.environment !== undefined },
        {
            context: build.context,
            dockerfile: build.dockerfile,
            manifestPath: build.manifestPath,
            manifestSource: build.manifestSource,
            helmValuesFiles: build.helmValuesFiles,
            workflowPath: names.workflowPath,
        },
        problems,
    );
    const triggers = names.triggers;
    const workflow: WorkflowSpec = {
        name: `Deploy ${names.appName} to the fleet`,
        deploymentName: names.deploymentName,
        // Without an environment a pattern is a flexible credential's, whose `*` spans '/': the trigger deploys exactly
        // what it trusts. In an environment its subject is trusted whatever the branch, and GitHub's filter applies as written.
        branches: names.environment ? triggers.branches : triggers.branches.map((b) => (triggers.branchPatterns.includes(b) ? branchFilterOf(b) : b)),
        commitBranch: names.branch,
        tags: triggers.tags,
        environment: names.environment?.name,
        paths,
        pathsIgnore,
        build: { mode: build.mode, layerCache: build.layerCache, dockerfile: build.dockerfile, context: build.context, imageName: names.appName },
        manifests: { source: build.manifestSource, path: build.manifestPath, releaseName: names.appName, helmValuesFiles: build.helmValuesFiles, helmSet: build.helmSet },
        namespace: names.namespace,
        variables,
        credentialStore,
        registryAbac: context.registryAbac,
        rollout: context.rollout,
        cloud: context.cloud,
    };
    const spec: GitHubPartSpec = {
        workflow,
        variables,
        credentialStore,
        ownership,
        pullRequest: args.pullRequest ?? false,
        pullRequestBuilds: args.pullRequestBuilds ?? false,
        adoptExistingFiles: args.adoptExistingFiles ?? false,
        adoption,
    };
    return under(path, { spec, problems, claims: gitHubClaims(spec, names) });
}

/** Adoption that contradicts how the files are committed, or names values this deployment does not write. */
function adoptedFileProblems(args: GitHubPartArgs, adoption: AdoptionSpec, variables: WorkflowVariableNames): Problem[] {
    const problems: Problem[] = [];
    if (adoption.workflow && args.pullRequest) {
        problems.push({
            path: "adopt.workflow",
            message: "adopt.workflow imports the workflow file on branch, but pullRequest commits to a new branch: drop pullRequest (the portal's pull request is merged already), or adopt.workflow.",
        });
    }
    if (adoption.workflow && args.workflowOwnership === FileOwnership.Released) {
        problems.push({ path: "adopt.workflow", message: 'adopt.workflow imports the workflow file, but workflowOwnership "released" declares none: drop one of them.' });
    }
    const written = [...Object.values(variables)];
    adoption.githubValues.forEach((n, i) => {
        if (!written.includes(n)) {
            problems.push({
                path: `adopt.githubValues[${i}]`,
                message: `adopt.githubValues[${i}] ${JSON.stringify(n)} is not a name this deployment writes (${written.join(", ")}): adopt only those (variableSuffix "" gives the portal's bare names), and delete the others by hand once the new ones are read.`,
            });
        }
    });
    return problems;
}

/** The workflow files, the pull request's branch, the variables and the environment are this deployment's alone. */
function gitHubClaims(spec: GitHubPartSpec, names: Names): Claim[] {
    const repo = `${names.owner}/${names.repo}`;
    const repoKey = repo.toLowerCase();
    const environment = names.environment;
    const claims: Claim[] = [fileClaim(names, names.workflowPath, "workflowPath", names.defaulted.workflowPath)];
    if (spec.pullRequestBuilds) claims.push(fileClaim(names, names.verifyWorkflowPath, "workflowPath", names.defaulted.workflowPath));
    if (spec.pullRequest) {
        claims.push({
            key: `branch|${repoKey}|${names.commitBranch}`,
            object: `branch ${names.commitBranch} of ${repo}`,
            path: "pullRequest",
            fix: "set appName or namespace on one of them: the pull request's branch is named after both.",
            derivedFrom: "namespace",
        });
    }
    // Environment variables live in their environment, which belongs to one deployment.
    const scope = environment ? `environment ${environment.name} of ${repo}` : repo;
    for (const name of Object.values(spec.variables)) {
        claims.push({
            key: `variable|${repoKey}|${environment?.name.toLowerCase() ?? ""}|${name}`,
            object: `GitHub ${spec.credentialStore === "secrets" ? "variable or secret" : "variable"} ${name} in ${scope}`,
            path: "variableSuffix",
            fix: "one deployment's workflow would sign in as the other's identity; set a distinct variableSuffix on one of them.",
            derivedFrom: names.defaulted.variableSuffix ? "namespace" : undefined,
        });
    }
    if (environment) {
        claims.push({
            key: `environment|${repoKey}|${environment.name.toLowerCase()}`,
            object: `GitHub environment ${environment.name} of ${repo}`,
            path: "environment.name",
            fix: `give each deployment its own environment (e.g. "${environment.name}-${names.appName}"): its identity then trusts only its own jobs.`,
        });
    }
    return claims;
}

/** What the GitHub part needs from the parts registered before it. */
export interface GitHubAfter {
    fleet: pulumi.Input<ArmId>;
    registry: pulumi.Input<ArmId>;
    ids: { clientId: pulumi.Input<string>; tenantId: pulumi.Input<string> };
    rolloutClientId?: pulumi.Input<string>;
    loginServer: pulumi.Input<string>;
    generated: GeneratedFile[];
    /** A provider whose owner is not known here is checked at deploy time, before it writes (github/providerOwner.ts). */
    checkOwner: boolean;
    /** What the workflow's first run needs (identity, grants, namespace): the values wait for it, and the workflow for `workflowNeeds` too. */
    runNeeds: pulumi.Resource[];
    workflowNeeds: pulumi.Resource[];
}

/** The wiring of the repository: variables (or secrets), the environment, the workflow and generated files. */
export function gitHubWiring(spec: GitHubPartSpec, names: Names, after: Pick<GitHubAfter, "fleet" | "registry" | "ids" | "rolloutClientId" | "loginServer" | "generated">): WiringSpec {
    const n = spec.variables;
    const { fleet, registry } = after;
    const signIn = {
        [n.clientId]: after.ids.clientId,
        [n.tenantId]: after.ids.tenantId,
        [n.subscriptionId]: lift(fleet, (f) => f.subscriptionId),
        ...(n.rolloutClientId ? { [n.rolloutClientId]: after.rolloutClientId ?? "" } : {}),
    };
    const plain = {
        [n.registryName]: lift(registry, (r) => r.name),
        [n.registryLoginServer]: after.loginServer,
        [n.fleetName]: lift(fleet, (f) => f.name),
        [n.fleetResourceGroup]: lift(fleet, (f) => f.resourceGroup),
        ...(n.registryResourceGroup ? { [n.registryResourceGroup]: lift(registry, (r) => r.resourceGroup) } : {}),
        ...(n.registrySubscriptionId ? { [n.registrySubscriptionId]: lift(registry, (r) => r.subscriptionId) } : {}),
    };
    const secrets = spec.credentialStore === CredentialStore.Secrets;
    return {
        owner: names.owner,
        repo: names.repo,
        branch: names.branch,
        variables: secrets ? plain : { ...signIn, ...plain },
        secrets: secrets ? signIn : {},
        files: [
            { path: names.workflowPath, content: renderWorkflow(spec.workflow) },
            ...(spec.pullRequestBuilds ? [{ path: names.verifyWorkflowPath, content: renderPullRequestWorkflow(spec.workflow) }] : []),
            ...after.generated,
        ],
        ownership: spec.ownership,
        pullRequest: spec.pullRequest,
        pullRequestBranch: names.pullRequestBranch,
        adoptExistingFiles: spec.adoptExistingFiles,
        commitMessage: `Deploy ${names.appName} to the fleet with GitHub Actions`,
        environment: names.environment,
        adopt: { values: spec.adoption.githubValues, files: spec.adoption.workflow ? [names.workflowPath] : [] },
    };
}

/** Registers the wiring: the values once the workflow's first run could succeed, the workflow after everything it needs. */
export function createGitHub(name: string, spec: GitHubPartSpec, names: Names, parent: pulumi.ComponentResource, after: GitHubAfter) {
    return wireRepository(
        `${name}-github`,
        {
            ...gitHubWiring(spec, names, after),
            checkOwner: after.checkOwner,
            // A workflow already in the repository (the portal's) reads the values on its next run: they name this identity
            // only once it can sign in and do its work, so an up that fails earlier leaves them as they were.
            valuesDependOn: after.runNeeds,
            workflowDependsOn: [...after.runNeeds, ...after.workflowNeeds],
        },
        parent,
    );
}
