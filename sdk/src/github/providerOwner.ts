import { getRepositoryOutput } from "@pulumi/github/getRepository";
import { Provider } from "@pulumi/github/provider";
import * as pulumi from "@pulumi/pulumi";
import { Problem } from "../core/problems";

/**
 * The owner the default GitHub provider acts for (`github:owner`, else GITHUB_OWNER), or undefined when
 * a GitHub provider is passed to the component or its parent (its owner cannot be read) or none is set.
 */
export function defaultGitHubOwner(opts: pulumi.ComponentResourceOptions | undefined): string | undefined {
    const providers = opts?.providers;
    const given = Provider.isInstance(opts?.provider)
        || (Array.isArray(providers) ? providers.some((p) => Provider.isInstance(p)) : providers !== undefined && "github" in providers)
        || opts?.parent?.getProvider("github::") !== undefined;
    if (given) return undefined;
    return new pulumi.Config("github").get("owner") ?? (process.env.GITHUB_OWNER || undefined);
}

/**
 * GitHub resources name the repository without its owner, so a provider for another owner would put
 * the workflow and variables in a same-named repository there, while the identity trusts this one.
 */
export function providerOwnerProblems(repositoryOwner: string, providerOwner: string | undefined, path: string): Problem[] {
    if (providerOwner === undefined || providerOwner.toLowerCase() === repositoryOwner.toLowerCase()) return [];
    return [{
        path,
        message: `${path} belongs to ${JSON.stringify(repositoryOwner)}, but the GitHub provider acts for ${JSON.stringify(providerOwner)} (github:owner or GITHUB_OWNER): ` +
            `the workflow and variables would land in ${providerOwner}'s repository of that name. Set github:owner to ${repositoryOwner}, or pass a GitHub provider for ${repositoryOwner} in the providers option.`,
    }];
}

/**
 * The repository's name, once the GitHub provider that writes into it is known to act for `owner`. GitHub resources name
 * the repository without its owner, and a provider whose owner is not known here (github:owner unset: the token's own
 * account; a provider passed in) resolves the name against its own owner. So the repository is looked up by name through
 * that provider, and every resource takes its name from the answer: when the provider would write into another owner's
 * repository, `pulumi preview` and `pulumi up` fail here, before anything is written.
 */
export function checkedRepository(owner: string, repo: string, parent: pulumi.Resource): pulumi.Output<string> {
    return getRepositoryOutput({ name: repo }, { parent }).apply((found) => {
        const actual = found.fullName?.split("/")[0];
        if (actual && actual.toLowerCase() !== owner.toLowerCase()) {
            throw new Error(`repository ${owner}/${repo}: the GitHub provider acts for ${actual} (github:owner is unset, so it acts for the token's own account, or the provider passed in names another owner), ` +
                `so the workflow, variables and secrets would land in ${found.fullName}, while the identity trusts ${owner}/${repo}. Nothing was written to GitHub. ` +
                `Set github:owner to ${owner} (pulumi config set github:owner ${owner}), or pass a GitHub provider whose owner is ${owner}.`);
        }
        return repo;
    });
}
