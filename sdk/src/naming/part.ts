// The naming/repository part: which repository and refs deploy, in which environment, and every name derived from
// them, computed once here and handed to the other parts (app name, namespace, variable names, workflow path, the pull
// request's branch, the identity's default name). It registers nothing of its own.
import { PartPlan, under } from "../core/part";
import { Problem } from "../core/problems";
import { branchProblems, derivedProblems, dnsLabelProblems, duplicates, namespaceProblems, parseRepository } from "../checks/validate";
import { WorkflowVariableNames } from "../render/workflowSpec";
import { environmentSpec, EnvironmentSpec, GitHubEnvironmentArgs } from "./environment";
import { providerOwnerProblems } from "./providerOwner";
import { admissionProblems, environmentRule, TriggerSpec, triggerSpec } from "./triggers";

/** The deployment's arguments this part reads. */
export interface NamingArgs {
    repository: string;
    branch?: string;
    extraBranches?: string[];
    tags?: string[];
    tagsOnly?: boolean;
    branchPatterns?: string[];
    environment?: GitHubEnvironmentArgs;
    appName?: string;
    namespace?: string;
    variableSuffix?: string;
    workflowPath?: string;
    pullRequest?: boolean;
}

/** Every name a deployment derives, once. */
export interface Names {
    owner: string;
    repo: string;
    branch: string;
    extraBranches: string[];
    appName: string;
    namespace: string;
    /** The workflow and its pull-request twin (`pullRequestBuilds`). */
    workflowPath: string;
    verifyWorkflowPath: string;
    /** Every variable a deployment may write; the GitHub part writes those its build and rollout need. */
    variables: Required<WorkflowVariableNames>;
    /** The app and its namespace, not the component's name: a rename leaves the workflow and its branch as they are. */
    deploymentName: string;
    /** The pull request's head branch (`pullRequest`). */
    pullRequestBranch: string;
    /** Where the deployment's files are committed: the pull request's branch, or `branch`. */
    commitBranch: string;
    /** The identity's name unless given or adopted: not the branch nor the component's name, so renaming either keeps it. */
    identityName: string;
    /** Which names were left to their defaults (a clash of a default is reported at its source). */
    defaulted: { namespace: boolean; variableSuffix: boolean; workflowPath: boolean };
    /** Branches whose pushes deploy, tags, and the environment that admits them. */
    triggers: Omit<TriggerSpec, "paths" | "pathsIgnore">;
    environment?: EnvironmentSpec;
}

/** `Contoso/My_Web.App` -> `my-web-app`: a DNS-1123 label from a repository name. */
export function defaultAppName(repo: string): string {
    return repo
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 63)
        .replace(/-+$/, "");
}

/** `.github/workflows/fleet-deploy-web.yml` -> `.github/workflows/fleet-deploy-web-verify.yml` */
export function verifyWorkflowPath(workflowPath: string): string {
    return workflowPath.replace(/(\.ya?ml)$/, "-verify$1");
}

/** The pull request's head branch: named after the deployment's target, not the component, so a rename keeps it. */
export const pullRequestBranchOf = (deploymentName: string) => `fleet-autodeploy/${deploymentName}`;

/** The variable names of a deployment, `AZURE_CLIENT_ID_WEB` for the suffix `WEB`. */
export function variableNamesOf(variableSuffix: string): Required<WorkflowVariableNames> {
    const suffix = variableSuffix ? `_${variableSuffix}` : "";
    return {
        clientId: `AZURE_CLIENT_ID${suffix}`,
        tenantId: `AZURE_TENANT_ID${suffix}`,
        subscriptionId: `AZURE_SUBSCRIPTION_ID${suffix}`,
        registryName: `ACR_NAME${suffix}`,
        registryLoginServer: `ACR_LOGIN_SERVER${suffix}`,
        fleetName: `FLEET_NAME${suffix}`,
        fleetResourceGroup: `FLEET_RESOURCE_GROUP${suffix}`,
        // `az acr build` finds the registry in the signed-in subscription (the fleet's) unless told where it is.
        registryResourceGroup: `ACR_RESOURCE_GROUP${suffix}`,
        registrySubscriptionId: `ACR_SUBSCRIPTION_ID${suffix}`,
        rolloutClientId: `AZURE_ROLLOUT_CLIENT_ID${suffix}`,
    };
}

/** Checks the repository, refs and names of a deployment and derives every name from them. */
export function planNaming(args: NamingArgs, path: string, providerOwner?: string): PartPlan<Names> {
    const problems: Problem[] = [];
    const repository = parseRepository(args.repository, "repository", providerOwner);
    if ("message" in repository) problems.push(repository);
    else problems.push(...providerOwnerProblems(repository.owner, providerOwner, "repository"));
    const owner = "message" in repository ? "owner" : repository.owner;
    const repo = "message" in repository ? "repo" : repository.name;
    const branch = args.branch ?? "main";
    problems.push(...branchProblems(branch, "branch"));

    // One message per mistake: a derived value's problem names its source, and what derives from an invalid
    // value reads a valid stand-in (like owner and repo above), never read past the deployment's failure.
    const appNameProblems = dnsLabelProblems(args.appName ?? defaultAppName(repo), "appName", "app name");
    problems.push(...(args.appName === undefined ? derivedProblems(appNameProblems, "repository") : appNameProblems));
    const appName = appNameProblems.length === 0 ? (args.appName ?? defaultAppName(repo)) : "app";
    const namespaceGiven = namespaceProblems(args.namespace ?? appName, "namespace");
    problems.push(...(args.namespace === undefined ? derivedProblems(namespaceGiven, "appName") : namespaceGiven));
    const namespace = namespaceGiven.length === 0 ? (args.namespace ?? appName) : "app";

    const extraBranches = args.extraBranches ?? [];
    const { triggers, environment } = refTriggers(args, branch, extraBranches, problems);

    // Named after the namespace by default, unique on a fleet: two deployments of one repository never
    // write each other's variables, and each workflow reads only its own identity's ids.
    const variableSuffix = args.variableSuffix ?? namespace.toUpperCase().replace(/-/g, "_");
    if (typeof variableSuffix !== "string" || !/^[A-Z0-9_]*$/.test(variableSuffix)) {
        problems.push({
            path: "variableSuffix",
            message: `variableSuffix ${JSON.stringify(args.variableSuffix)} must be uppercase letters, digits and '_', e.g. "STAGING" (or "" for the portal's names).`,
        });
    }
    const workflowPath = args.workflowPath ?? `.github/workflows/fleet-deploy-${appName}.yml`;
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(workflowPath)) {
        problems.push({ path: "workflowPath", message: `workflowPath ${JSON.stringify(workflowPath)} is not a workflow file: GitHub runs only .github/workflows/NAME.yml (or .yaml).` });
    }
    const deploymentName = namespace === appName ? appName : `${appName}-${namespace}`;
    const pullRequestBranch = pullRequestBranchOf(deploymentName);
    return under(path, {
        spec: {
            owner,
            repo,
            branch,
            extraBranches,
            appName,
            namespace,
            workflowPath,
            verifyWorkflowPath: verifyWorkflowPath(workflowPath),
            variables: variableNamesOf(variableSuffix),
            deploymentName,
            pullRequestBranch,
            commitBranch: args.pullRequest ? pullRequestBranch : branch,
            identityName: `gh-${owner}-${repo}-${namespace}`.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 128),
            defaulted: { namespace: args.namespace === undefined, variableSuffix: args.variableSuffix === undefined, workflowPath: args.workflowPath === undefined },
            triggers,
            environment,
        },
        problems,
        claims: [],
    });
}

/** The refs whose pushes deploy and, in an environment, the rules that must admit each of them. */
function refTriggers(args: NamingArgs, branch: string, extraBranches: string[], problems: Problem[]) {
    extraBranches.forEach((b, i) => problems.push(...branchProblems(b, `extraBranches[${i}]`)));
    const branches = [branch, ...extraBranches];
    for (const dup of duplicates(branches))
        problems.push({ path: "extraBranches", message: `extraBranches repeats ${JSON.stringify(dup)} (the deploy branch or another entry): list each branch once.` });
    const triggers = triggerSpec({ ...args, environment: args.environment !== undefined }, branches, problems);
    const tags = triggers.tags;
    // By default the environment admits exactly what triggers the workflow: a tags-only deployment's branch never deploys.
    const environment = args.environment ? environmentSpec(args.environment, triggers.branches.map(environmentRule), tags.map(environmentRule), problems) : undefined;
    if (environment && args.environment && (args.environment.deploymentBranches !== undefined || args.environment.deploymentTags !== undefined)) {
        const named = (list: string[], field: string) => list.map((value, i) => ({ path: `${field}[${i}]`, value }));
        const branchTriggers = triggers.tagsOnly ? [] : [{ path: "branch", value: branch }, ...named(extraBranches, "extraBranches"), ...named(triggers.branchPatterns, "branchPatterns")];
        problems.push(...admissionProblems(environment, branchTriggers, named(tags, "tags")));
    }
    return { triggers, environment };
}
