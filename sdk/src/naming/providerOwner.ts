import { Problem } from "../core/problems";

/**
 * GitHub resources name the repository without its owner, so a provider for another owner would put
 * the workflow and variables in a same-named repository there, while the identity trusts this one.
 */
export function providerOwnerProblems(repositoryOwner: string, providerOwner: string | undefined, path: string): Problem[] {
    if (providerOwner === undefined || providerOwner.toLowerCase() === repositoryOwner.toLowerCase()) return [];
    return [
        {
            path,
            message:
                `${path} belongs to ${JSON.stringify(repositoryOwner)}, but the GitHub provider acts for ${JSON.stringify(providerOwner)} (github:owner or GITHUB_OWNER): ` +
                `the workflow and variables would land in ${providerOwner}'s repository of that name. Set github:owner to ${repositoryOwner}, or pass a GitHub provider for ${repositoryOwner} in the providers option.`,
        },
    ];
}
