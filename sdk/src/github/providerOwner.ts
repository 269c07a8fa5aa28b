import { getRepositoryOutput } from "@pulumi/github/getRepository";
import { Provider } from "@pulumi/github/provider";
import * as pulumi from "@pulumi/pulumi";

/**
 * The owner the default GitHub provider acts for (`github:owner`, else GITHUB_OWNER), or undefined when
 * a GitHub provider is passed to the component or its parent (its owner cannot be read) or none is set.
 */
export function defaultGitHubOwner(opts: pulumi.ComponentResourceOptions | undefined): string | undefined {
    const providers = opts?.providers;
    const given =
        Provider.isInstance(opts?.provider) ||
        (Array.isArray(providers) ? providers.some((p) => Provider.isInstance(p)) : providers !== undefined && "github" in providers) ||
        opts?.parent?.getProvider("github::") !== undefined;
    if (given) return undefined;
    return new pulumi.Config("github").get("owner") ?? (process.env.GITHUB_OWNER || undefined);
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
            throw new Error(
                `repository ${owner}/${repo}: the GitHub provider acts for ${actual} (github:owner is unset, so it acts for the token's own account, or the provider passed in names another owner), ` +
                    `so the workflow, variables and secrets would land in ${found.fullName}, while the identity trusts ${owner}/${repo}. Nothing was written to GitHub. ` +
                    `Set github:owner to ${owner} (pulumi config set github:owner ${owner}), or pass a GitHub provider whose owner is ${owner}.`,
            );
        }
        return repo;
    });
}
