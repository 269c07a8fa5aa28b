/** The issuer and audience every GitHub Actions OIDC token carries for Azure (FACTS.md). */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const AZURE_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

/** `owner/name` of a GitHub repository. */
export interface RepositoryRef {
    owner: string;
    name: string;
}

/**
 * The subject of a job running on a push to `branch` (no `environment:` on the job): exact and
 * case-sensitive, so it is built here once and read by the credential and the docs alike.
 */
export function branchSubject(repo: RepositoryRef, branch: string): string {
    return `repo:${repo.owner}/${repo.name}:ref:refs/heads/${branch}`;
}
