import * as pulumi from "@pulumi/pulumi";
import { inputKey, programState } from "./program";
import { FleetAutomatedDeploymentArgs } from "./args";
import { DeploymentSpec, verifyWorkflowPath } from "./spec";

// Objects that belong to exactly one deployment. Two deployments of one program that would declare
// the same one are refused at construction, naming both: Azure, GitHub and Kubernetes would refuse
// the second on `pulumi up` (or the last writer would win), and deleting either would delete it for both.

/** One object a component declares, keyed by what the cloud identifies it by. */
export interface Claim {
    /** What makes two claims one object, e.g. `namespace|<fleet>|web`. */
    key: string;
    /** The object as a person names it. */
    object: string;
    /** The argument that chose it. */
    path: string;
    /** How to choose another, and why it matters. */
    fix: string;
    /** The claim's path this one's default derives from: when both clash, only that one is reported. */
    derivedFrom?: string;
}

export interface Holder { component: string; path: string }

/**
 * Records `claims` for `component`, or throws one error naming every object another component already
 * holds, with both names and the fix; the claims that do not clash are recorded then too. `held` is the program's unless given.
 */
export function claimOrFail(component: string, claims: Claim[], held = programState("claims", () => new Map<string, Holder>())): void {
    const clashes = claims.filter((c) => held.has(c.key));
    if (clashes.length > 0) {
        // One line per argument to change: a defaulted name that clashes because its source does is not a second mistake.
        const paths = new Set(clashes.map((c) => c.path));
        const reported = new Map<string, { claim: Claim; more: number }>();
        for (const c of clashes.filter((x) => !(x.derivedFrom && paths.has(x.derivedFrom)))) {
            const seen = reported.get(c.path);
            if (seen) seen.more++;
            else reported.set(c.path, { claim: c, more: 0 });
        }
        const errors = [...reported.values()].map(({ claim: c, more }) => {
            const other = held.get(c.key)!;
            const also = more > 0 ? ` (and ${more} more like it)` : "";
            return { propertyPath: c.path, reason: `${c.object}${also} is already declared by ${other.component} (its ${other.path}): ${c.fix}` };
        });
        // What does not clash is still this component's: a later one that declares it collides with it, in the same run.
        for (const c of claims.filter((x) => !held.has(x.key))) held.set(c.key, { component, path: c.path });
        throw new pulumi.InputPropertiesError({
            message: `${component} collides with another deployment of this program:\n${errors.map((e) => `  - ${e.reason}`).join("\n")}`,
            errors,
        });
    }
    for (const c of claims) held.set(c.key, { component, path: c.path });
}

const repoKey = (spec: DeploymentSpec) => `${spec.owner}/${spec.repo}`.toLowerCase();

/** A hub namespace: one component stages into it (a deployment, or a HubNamespace). */
export function namespaceClaim(fleet: pulumi.Input<{ id: string }>, namespace: string, defaulted: boolean, suggestion: string): Claim {
    return {
        key: `namespace|${inputKey(fleet)}|${namespace}`,
        object: `hub namespace "${namespace}"`,
        path: "namespace",
        fix: `each deployment stages into its own namespace (two would overwrite each other's manifests, and one placement would withdraw the other's); set namespace${defaulted ? " (it defaults to the app name, itself defaulting to the repository's name)" : ""} on one of them, e.g. "${suggestion.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 63)}".`,
    };
}

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
