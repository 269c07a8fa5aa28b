/** `owner/name` of a GitHub repository, with the numeric ids when they are known. */
export interface RepositoryRef {
    owner: string;
    name: string;
    /** Numeric id of the owner (user or organization), for immutable subjects. */
    ownerId?: number;
    /** Numeric id of the repository, for immutable subjects. */
    repositoryId?: number;
}

/** How the repository's OIDC tokens spell their subject. */
export const SubjectFormat = {
    /**
     * Trust both spellings of the default subject: works for repositories created before GitHub's
     * immutable-subject change (2026-07-15) and after it, and keeps working when an old repository opts
     * in. Costs two federated credentials per trigger (of Entra's 20).
     */
    LegacyAndImmutable: "legacyAndImmutable",
    /** `repo:OWNER/REPO:...`: repositories created before 2026-07-15 that have not opted in. Breaks on rename or transfer. */
    Legacy: "legacy",
    /**
     * `repo:OWNER@OWNER_ID/REPO@REPO_ID:...`: cannot be claimed by a re-created repository of the same name. The names
     * stay in the subject, so a rename or transfer still changes it (the credentials must then be planned again).
     */
    Immutable: "immutable",
    /** The repository's custom subject template (`use_default: false`): `key:value` pairs in the order of its claim keys. */
    Custom: "custom",
} as const;
export type SubjectFormat = (typeof SubjectFormat)[keyof typeof SubjectFormat];

/** What a job runs for, which decides the `context` part of its subject. */
export type Trigger = { kind: "branch"; branch: string } | { kind: "tag"; tag: string } | { kind: "environment"; environment: string } | { kind: "pullRequest" };

/** The context part of a default subject: `ref:refs/heads/main`, `environment:prod`, `pull_request`. */
export function subjectContext(trigger: Trigger): string {
    switch (trigger.kind) {
        case "branch":
            return `ref:refs/heads/${trigger.branch}`;
        case "tag":
            return `ref:refs/tags/${trigger.tag}`;
        case "environment":
            return `environment:${trigger.environment}`;
        case "pullRequest":
            return "pull_request";
    }
}

/** The legacy default subject: exact and case-sensitive, so it is built here once. */
export function legacySubject(repo: RepositoryRef, trigger: Trigger): string {
    return `repo:${repo.owner}/${repo.name}:${subjectContext(trigger)}`;
}

/** The immutable default subject; needs the numeric ids. */
export function immutableSubject(repo: RepositoryRef, trigger: Trigger): string {
    return `repo:${repoClaim(repo, "immutable")}:${subjectContext(trigger)}`;
}

/** The subject of a job running on a push to `branch` (no `environment:` on the job), legacy form. */
export function branchSubject(repo: RepositoryRef, branch: string): string {
    return legacySubject(repo, { kind: "branch", branch });
}

/** How the `repo` claim of a subject is spelled: by name, or (immutable subjects) with the numeric ids. */
export type RepoSpelling = "legacy" | "immutable";

/** The `repo` part of a subject; GitHub writes the ids into it on a repository with immutable subjects, customized or not. */
export function repoClaim(repo: RepositoryRef, spelling: RepoSpelling): string {
    if (spelling === "legacy") return `${repo.owner}/${repo.name}`;
    if (repo.ownerId === undefined || repo.repositoryId === undefined) {
        throw new Error(`immutable subjects need the numeric ids of ${repo.owner}/${repo.name} (ownerId, repositoryId)`);
    }
    return `${repo.owner}@${repo.ownerId}/${repo.name}@${repo.repositoryId}`;
}

/** Claim keys whose value the library can know before the token exists, and how. */
const CLAIMS: Record<string, (repo: RepositoryRef, trigger: Trigger, workflowPath: string, spelling: RepoSpelling) => string | undefined> = {
    repo: (r, _, __, spelling) => repoClaim(r, spelling),
    repository: (r) => `${r.owner}/${r.name}`,
    repository_owner: (r) => r.owner,
    repository_id: (r) => (r.repositoryId === undefined ? undefined : String(r.repositoryId)),
    repository_owner_id: (r) => (r.ownerId === undefined ? undefined : String(r.ownerId)),
    context: (_, t) => subjectContext(t),
    ref: (_, t) => (t.kind === "branch" ? `refs/heads/${t.branch}` : t.kind === "tag" ? `refs/tags/${t.tag}` : undefined),
    ref_type: (_, t) => (t.kind === "branch" ? "branch" : t.kind === "tag" ? "tag" : undefined),
    environment: (_, t) => (t.kind === "environment" ? t.environment : undefined),
    job_workflow_ref: (r, t, w) => (t.kind === "branch" ? `${r.owner}/${r.name}/${w}@refs/heads/${t.branch}` : undefined),
};

/** The claim keys a custom subject can be built from. */
export const SUPPORTED_CLAIM_KEYS = Object.keys(CLAIMS);

/**
 * A subject under a custom template: `key:value` for each claim key, joined by ':' in the template's
 * order, except `context`, which GitHub writes as the context itself (`repo:o/r:environment:prod`).
 * `spelling` is how `repo` is written: a repository on immutable subjects puts the ids into the `repo` claim of a
 * customized subject too (github/docs, OpenID Connect reference, "Immutable subject claims").
 * Throws, naming the key, when a value cannot be known ahead (e.g. `run_id`, or `ref` of an
 * environment job): such a template cannot be matched by an exact credential.
 */
export function customSubject(repo: RepositoryRef, trigger: Trigger, claimKeys: string[], workflowPath: string, spelling: RepoSpelling = "legacy"): string {
    if (claimKeys.length === 0) throw new Error("the custom subject template has no claim keys");
    return claimKeys
        .map((key) => {
            const value = CLAIMS[key]?.(repo, trigger, workflowPath, spelling);
            if (value === undefined) {
                throw new Error(
                    `the custom subject template's claim "${key}" has no value known ahead for a ${trigger.kind} trigger ` +
                        `(supported: ${SUPPORTED_CLAIM_KEYS.join(", ")}): use subjectFormat "immutable" or "legacy", or change the template`,
                );
            }
            return key === "context" ? value : `${key}:${value}`;
        })
        .join(":");
}

/**
 * The workflow's branch filter for a flexible credential's branch pattern, so the workflow deploys exactly the
 * branches the credential trusts. Entra's `*` in `claims['sub'] matches '...'` matches any characters, `/` included
 * (workload-identities-flexible-federated-identity-credentials); GitHub's filter `*` stops at `/` and `**` does not
 * (docs.github.com, "Workflow syntax", filter pattern cheat sheet). So each run of `*` is written `**`: with `*` the
 * identity would trust `release/a/b`, a branch the workflow never deploys.
 */
export function branchFilterOf(pattern: string): string {
    return pattern.replace(/\*+/g, "**");
}
