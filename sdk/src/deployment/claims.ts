import { Claim } from "../core/claims";
import { inputKey } from "../core/program";
import { namespaceClaim } from "../hub/namespaceClaim";
import { FleetAutomatedDeploymentArgs } from "./args";
import { DeploymentSpec, verifyWorkflowPath } from "./plan";

const repoKey = (spec: DeploymentSpec) => `${spec.owner}/${spec.repo}`.toLowerCase();

/** Everything a deployment declares that no other deployment may: its namespace, files, variables, environment, identity. */
export function deploymentClaims(spec: DeploymentSpec, args: FleetAutomatedDeploymentArgs): Claim[] {
    const repo = `${spec.owner}/${spec.repo}`;
    const claims: Claim[] = [namespaceClaim(spec.fleet, spec.namespace, args.namespace === undefined, `${spec.namespace}-${spec.branch}`)];

    const commitBranch = spec.pullRequest ? `fleet-autodeploy/${spec.workflow.deploymentName}` : spec.branch;
    const files: [string, string][] = [[spec.workflowPath, "workflowPath"]];
    if (spec.pullRequestBuilds) files.push([verifyWorkflowPath(spec.workflowPath), "workflowPath"]);
    if (spec.containerize) {
        const dir = spec.containerize.context === "." ? "" : `${spec.containerize.context.replace(/\/+$/, "")}/`;
        files.push([spec.containerize.dockerfile, "dockerfile"], [`${dir}.dockerignore`, "dockerContext"]);
    }
    if (spec.manifests) files.push([`${spec.workflow.manifests.path}/`, "manifestPath"]);
    for (const [path, arg] of files) {
        claims.push({
            key: `file|${repoKey(spec)}|${commitBranch}|${path}`,
            object: `file ${path} on ${repo}@${commitBranch}`,
            path: arg,
            fix: `each deployment commits its own files; set ${arg === "workflowPath" ? "appName or workflowPath" : arg} on one of them.`,
            derivedFrom: args[arg as keyof FleetAutomatedDeploymentArgs] === undefined ? "namespace" : undefined,
        });
    }
    if (spec.pullRequest) {
        claims.push({
            key: `branch|${repoKey(spec)}|${commitBranch}`,
            object: `branch ${commitBranch} of ${repo}`,
            path: "pullRequest",
            fix: "set appName or namespace on one of them: the pull request's branch is named after both.",
            derivedFrom: "namespace",
        });
    }

    // Environment variables live in their environment, which belongs to one deployment.
    const scope = spec.environment ? `environment ${spec.environment.name} of ${repo}` : repo;
    for (const name of Object.values(spec.variableNames)) {
        claims.push({
            key: `variable|${repoKey(spec)}|${spec.environment?.name.toLowerCase() ?? ""}|${name}`,
            object: `GitHub ${spec.credentialStore === "secrets" ? "variable or secret" : "variable"} ${name} in ${scope}`,
            path: "variableSuffix",
            fix: "one deployment's workflow would sign in as the other's identity; set a distinct variableSuffix on one of them.",
            derivedFrom: args.variableSuffix === undefined ? "namespace" : undefined,
        });
    }
    if (spec.environment) {
        claims.push({
            key: `environment|${repoKey(spec)}|${spec.environment.name.toLowerCase()}`,
            object: `GitHub environment ${spec.environment.name} of ${repo}`,
            path: "environment.name",
            fix: "give each deployment its own environment (e.g. \"" + `${spec.environment.name}-${spec.appName}` + "\"): its identity then trusts only its own jobs.",
        });
    }
    for (const identity of [spec.identity, ...(spec.rolloutIdentity ? [spec.rolloutIdentity] : [])]) {
        if (identity.kind !== "managedIdentity") continue;
        claims.push({
            key: `identity|${inputKey(spec.identityArgs.resourceGroupId)}|${identity.identityName.toLowerCase()}`,
            object: `managed identity ${identity.identityName}`,
            path: "identityName",
            fix: "each deployment signs in as its own identity; set identityName on one of them, or leave it to its default.",
            derivedFrom: args.identityName === undefined ? "namespace" : undefined,
        });
    }
    return claims;
}
