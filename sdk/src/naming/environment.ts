import { Problem } from "../core/problems";
import { environmentNameProblems } from "../checks/validate";

/** A GitHub environment that gates deployments: who approves, how long to wait, which refs may deploy. */
export interface GitHubEnvironmentArgs {
    /** The environment's name, e.g. "production". No ':' (GitHub would escape it in the OIDC subject). */
    name: string;
    /** Numeric ids of users who must approve each deploy (at most 6 reviewers in all). @default none */
    reviewerUserIds?: number[];
    /** Numeric ids of teams who must approve each deploy. @default none */
    reviewerTeamIds?: number[];
    /** Minutes to wait before a deploy starts (0-43200). @default 0 */
    waitTimerMinutes?: number;
    /** Stop the author of a change from approving their own deploy. @default true: approval means a second person looked. */
    preventSelfReview?: boolean;
    /**
     * Branch patterns that may deploy to the environment (GitHub's rules: Ruby fnmatch, no wildcard matches '/'). They
     * must admit every branch that triggers the deployment, or construction fails: GitHub would refuse each such
     * deploy. @default the deployment's branches and branch patterns; none with tagsOnly.
     */
    deploymentBranches?: string[];
    /** Tag patterns that may deploy to the environment; they must admit every one of `tags`. @default the deployment's tags */
    deploymentTags?: string[];
}

export interface EnvironmentSpec {
    name: string;
    reviewerUserIds: number[];
    reviewerTeamIds: number[];
    waitTimerMinutes: number;
    preventSelfReview: boolean;
    deploymentBranches: string[];
    deploymentTags: string[];
}

/** Checks an environment; `branches` and `tags` are the defaults for who may deploy. */
export function environmentSpec(args: GitHubEnvironmentArgs, branches: string[], tags: string[], problems: Problem[], path = "environment"): EnvironmentSpec {
    const name = args.name;
    problems.push(...environmentNameProblems(name, `${path}.name`));
    const reviewers = [...(args.reviewerUserIds ?? []), ...(args.reviewerTeamIds ?? [])];
    if (reviewers.length > 6) problems.push({ path: `${path}.reviewerUserIds`, message: `${path} has ${reviewers.length} reviewers; GitHub allows 6 per environment: use a team.` });
    for (const [field, ids] of [
        ["reviewerUserIds", args.reviewerUserIds ?? []],
        ["reviewerTeamIds", args.reviewerTeamIds ?? []],
    ] as const) {
        ids.forEach((id, i) => {
            if (!(Number.isSafeInteger(id) && id > 0))
                problems.push({ path: `${path}.${field}[${i}]`, message: `${path}.${field}[${i}] ${JSON.stringify(id)} is not a GitHub numeric id (e.g. from \`gh api users/NAME --jq .id\`).` });
        });
    }
    const wait = args.waitTimerMinutes ?? 0;
    if (!(Number.isInteger(wait) && wait >= 0 && wait <= 43200)) {
        problems.push({ path: `${path}.waitTimerMinutes`, message: `${path}.waitTimerMinutes ${JSON.stringify(wait)} must be a whole number of minutes from 0 to 43200 (30 days).` });
    }
    return {
        name,
        reviewerUserIds: args.reviewerUserIds ?? [],
        reviewerTeamIds: args.reviewerTeamIds ?? [],
        waitTimerMinutes: wait,
        preventSelfReview: args.preventSelfReview ?? true,
        deploymentBranches: args.deploymentBranches ?? branches,
        deploymentTags: args.deploymentTags ?? tags,
    };
}
