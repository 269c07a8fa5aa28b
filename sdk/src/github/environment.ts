import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { nameParts } from "../core/names";
import { EnvironmentSpec } from "../naming/environment";

/** Registers the environment and its deployment policy: only the listed branches and tags may use it. */
export function createEnvironment(name: string, repo: pulumi.Input<string>, env: EnvironmentSpec, parent: pulumi.Resource): github.RepositoryEnvironment {
    const reviewers = env.reviewerUserIds.length + env.reviewerTeamIds.length > 0 ? [{ users: env.reviewerUserIds, teams: env.reviewerTeamIds }] : undefined;
    const environment = new github.RepositoryEnvironment(
        `${name}-env`,
        {
            repository: repo,
            environment: env.name,
            waitTimer: env.waitTimerMinutes,
            reviewers,
            preventSelfReview: reviewers ? env.preventSelfReview : undefined,
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        },
        { parent },
    );
    const branchPart = nameParts(env.deploymentBranches),
        tagPart = nameParts(env.deploymentTags);
    for (const branchPattern of env.deploymentBranches) {
        new github.RepositoryEnvironmentDeploymentPolicy(
            `${name}-env-branch-${branchPart(branchPattern)}`,
            { repository: repo, environment: env.name, branchPattern },
            { parent, dependsOn: [environment] },
        );
    }
    for (const tagPattern of env.deploymentTags) {
        new github.RepositoryEnvironmentDeploymentPolicy(`${name}-env-tag-${tagPart(tagPattern)}`, { repository: repo, environment: env.name, tagPattern }, { parent, dependsOn: [environment] });
    }
    return environment;
}
