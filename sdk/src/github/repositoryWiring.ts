import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { nameParts } from "../core/names";
import { Problem } from "../core/problems";
import { environmentSpec, EnvironmentSpec, GitHubEnvironmentArgs } from "../naming/environment";
import { createEnvironment } from "./environment";
import { checkedRepository, defaultGitHubOwner } from "./providerOwner";
import { providerOwnerProblems } from "../naming/providerOwner";
import { pullRequestBranchOf } from "../naming/part";
import { branchProblems, duplicates, failOnProblems, oneOf, parseRepository, repoPathProblems } from "../checks/validate";
import { checkedArguments } from "../config/argumentShapes";
import { admit, refusedComponent } from "../core/refusals";

/** Who owns a committed file after the first commit. */
export const FileOwnership = {
    /** The file always equals what the library renders; edits in the repository are reverted on the next `pulumi up`. */
    Managed: "managed",
    /** Committed once; afterwards the team edits it freely, Pulumi never rewrites it, and `pulumi destroy` leaves it in place. */
    Seed: "seed",
    /**
     * After a seed: the files are no longer declared. Seed files are retained on delete, so Pulumi forgets them and the
     * repository keeps them; a refresh can then never re-commit a file the team removed, nor a merged pull request's.
     * From "managed", the files are deleted (preview shows it).
     */
    Released: "released",
} as const;
export type FileOwnership = (typeof FileOwnership)[keyof typeof FileOwnership];

/** Released files are not declared, so there is nothing to open a pull request for. */
export function ownershipProblems(ownership: FileOwnership, pullRequest: boolean | undefined, paths: { ownership: string; pullRequest: string }): Problem[] {
    if (ownership !== FileOwnership.Released || !pullRequest) return [];
    return [{ path: paths.pullRequest, message: `${paths.pullRequest} is true, but ${paths.ownership} "released" commits no files: turn ${paths.pullRequest} off.` }];
}

/** A file to commit. */
export interface RepositoryFileArgs {
    /** Path inside the repository, e.g. `.github/workflows/deploy.yml`. */
    path: string;
    /** The file's content. */
    content: pulumi.Input<string>;
}

/** Arguments of {@link GitHubRepositoryWiring}. */
export interface GitHubRepositoryWiringArgs {
    /** The repository, `owner/name`. The GitHub provider must be configured for this owner (`github:owner`, or a provider passed in the `providers` option). */
    repository: string;
    /** The branch the files are committed to (or, with `pullRequest`, the pull request's base). */
    branch: string;
    /** GitHub Actions repository variables, by name. Values are visible to anyone who can read the repository settings. */
    variables?: { [name: string]: pulumi.Input<string> };
    /** GitHub Actions repository secrets, by name. @default none: OIDC needs no secret. */
    secrets?: { [name: string]: pulumi.Input<string> };
    /** Files to commit. */
    files?: RepositoryFileArgs[];
    /** Who owns the files after the first commit. @default "managed": the repository always runs what `pulumi preview` showed. */
    ownership?: FileOwnership;
    /**
     * Commit the files to a new branch `fleet-autodeploy/<name>` and open a pull request into `branch`, as the portal does,
     * instead of committing to `branch` directly. @default false: a direct commit is what `pulumi preview` reviewed.
     */
    pullRequest?: boolean;
    /**
     * Take over files that already exist at the committed paths (`overwriteOnCreate`), e.g. a workflow the portal
     * committed, or the files of a merged `pullRequest` once `pullRequest` is turned off. @default false: an existing
     * file is someone else's, so committing over it fails instead of overwriting it.
     */
    adoptExistingFiles?: boolean;
    /** Commit message. @default "Configure fleet automated deployment". */
    commitMessage?: string;
    /**
     * A GitHub environment to create; the variables and secrets then belong to it, so only jobs that run in the
     * environment (and pass its protection rules) can read them. @default none: repository-wide variables.
     */
    environment?: GitHubEnvironmentArgs;
}

export interface WiringSpec {
    owner: string;
    repo: string;
    branch: string;
    variables: Record<string, pulumi.Input<string>>;
    secrets: Record<string, pulumi.Input<string>>;
    files: RepositoryFileArgs[];
    ownership: FileOwnership;
    pullRequest: boolean;
    /** The pull request's head branch; unset: `fleet-autodeploy/<component name>`. */
    pullRequestBranch?: string;
    adoptExistingFiles: boolean;
    commitMessage: string;
    environment?: EnvironmentSpec;
    /** What a workflow's first run needs besides this wiring's own variables and files (its identity, grants, namespace). */
    workflowDependsOn?: pulumi.Resource[];
    /** What the variables and secrets wait for: a workflow already committed reads them on its next run. @default nothing */
    valuesDependOn?: pulumi.Resource[];
    /**
     * Look the repository up through the provider first, and write only if it is `owner`'s (providerOwner.ts): for a provider
     * whose owner is not known at construction. @default false
     */
    checkOwner?: boolean;
    /** What exists already and is imported on the first `up` (a deployment's `adopt`): variables and secrets by name, files by path. */
    adopt?: { values: string[]; files: string[] };
}

/** A file GitHub runs on its next push: committed after everything else of the wiring. */
const isWorkflow = (path: string) => /^\.github\/workflows\//.test(path);

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function wiringSpec(args: GitHubRepositoryWiringArgs, path: (f: string) => string, problems: Problem[]): WiringSpec {
    const repo = parseRepository(args.repository, path("repository"));
    if ("message" in repo) problems.push(repo);
    problems.push(...branchProblems(args.branch, path("branch")));
    const variables = args.variables ?? {};
    const secrets = args.secrets ?? {};
    for (const [kind, names] of [
        ["variables", Object.keys(variables)],
        ["secrets", Object.keys(secrets)],
    ] as const) {
        for (const n of names) {
            if (!VARIABLE_NAME.test(n) || n.toUpperCase().startsWith("GITHUB_")) {
                problems.push({
                    path: path(`${kind}.${n}`),
                    message: `${path(kind)} name ${JSON.stringify(n)} is not allowed by GitHub: letters, digits and '_', not starting with a digit or GITHUB_.`,
                });
            }
        }
    }
    for (const both of Object.keys(variables).filter((n) => n in secrets)) {
        problems.push({ path: path(`secrets.${both}`), message: `${both} is given both as a variable and as a secret: keep one.` });
    }
    const files = args.files ?? [];
    files.forEach((f, i) => problems.push(...repoPathProblems(f.path, path(`files[${i}].path`))));
    for (const dup of duplicates(files.map((f) => f.path))) {
        problems.push({ path: path("files"), message: `${path("files")} commits ${JSON.stringify(dup)} twice: keep one.` });
    }
    const ownership = oneOf(args.ownership, FileOwnership, FileOwnership.Managed, path("ownership"), problems);
    problems.push(...ownershipProblems(ownership, args.pullRequest, { ownership: path("ownership"), pullRequest: path("pullRequest") }));
    const environment = args.environment ? environmentSpec(args.environment, [args.branch], [], problems, path("environment")) : undefined;
    const ok = !("message" in repo);
    return {
        owner: ok ? repo.owner : "",
        repo: ok ? repo.name : "",
        branch: args.branch,
        variables,
        secrets,
        files,
        ownership,
        pullRequest: args.pullRequest ?? false,
        adoptExistingFiles: args.adoptExistingFiles ?? false,
        commitMessage: args.commitMessage ?? "Configure fleet automated deployment",
        environment,
    };
}

/**
 * The repository side of a deployment: Actions variables and secrets, and committed files, either
 * directly on the branch or through a pull request.
 */
export class GitHubRepositoryWiring extends pulumi.ComponentResource {
    /** The branch the files were committed to (the pull request's head in pull-request mode). */
    public readonly commitBranch!: pulumi.Output<string>;
    /** The pull request's number, in pull-request mode. */
    public readonly pullRequestNumber!: pulumi.Output<number | undefined>;

    constructor(name: string, args: GitHubRepositoryWiringArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `GitHubRepositoryWiring "${name}"`;
        const admitted = admit(label, () => {
            const problems: Problem[] = [];
            const spec = wiringSpec(checkedArguments("GitHubRepositoryWiring", name, args), (f) => f, problems);
            const providerOwner = defaultGitHubOwner(opts);
            if (spec.owner) problems.push(...providerOwnerProblems(spec.owner, providerOwner, "repository"));
            failOnProblems("GitHubRepositoryWiring", name, problems);
            return { spec, providerOwner };
        });
        if (!admitted) return refusedComponent(new.target, ["commitBranch", "pullRequestNumber"]);
        const { spec, providerOwner } = admitted;
        super("fleet-autodeploy:index:GitHubRepositoryWiring", name, {}, opts);
        const wired = wireRepository(name, { ...spec, checkOwner: providerOwner === undefined }, this);
        this.commitBranch = wired.commitBranch;
        this.pullRequestNumber = wired.pullRequestNumber;
        this.registerOutputs({ commitBranch: this.commitBranch, pullRequestNumber: this.pullRequestNumber });
    }
}

export function wireRepository(name: string, spec: WiringSpec, parent: pulumi.Resource) {
    // Stable resource-name parts for variables, secrets and files, never two alike.
    const part = nameParts([...Object.keys(spec.variables), ...Object.keys(spec.secrets), ...spec.files.map((f) => f.path)]);
    // Everything a workflow reads; the workflow is committed after it (see below).
    const read: pulumi.Resource[] = [];
    // Every write names the repository through the owner check, when there is one: none happens for another owner.
    const repository: pulumi.Input<string> = spec.checkOwner ? checkedRepository(spec.owner, spec.repo, parent) : spec.repo;
    // Import ids as the GitHub provider reads them: REPO:NAME, REPO:ENVIRONMENT:NAME, REPO:PATH:BRANCH, a ':' within a
    // part written "??" (its util.go, escapeIDPart).
    const importId = (...parts: string[]) => parts.map((p) => p.replace(/:/g, "??")).join(":");
    const after = spec.valuesDependOn ?? [];
    const adoptValue = (...parts: string[]) => (spec.adopt?.values.includes(parts[parts.length - 1]) ? { import: importId(spec.repo, ...parts) } : {});
    if (spec.environment) {
        const env = createEnvironment(name, repository, spec.environment, parent);
        const environment = spec.environment.name;
        read.push(env);
        for (const [variableName, value] of Object.entries(spec.variables)) {
            read.push(
                new github.ActionsEnvironmentVariable(
                    `${name}-env-var-${part(variableName)}`,
                    { repository, environment, variableName, value },
                    { parent, dependsOn: [env, ...after], ...adoptValue(environment, variableName) },
                ),
            );
        }
        for (const [secretName, value] of Object.entries(spec.secrets)) {
            read.push(
                new github.ActionsEnvironmentSecret(
                    `${name}-env-secret-${part(secretName)}`,
                    { repository, environment, secretName, plaintextValue: pulumi.secret(value) },
                    { parent, dependsOn: [env, ...after], ...adoptValue(environment, secretName) },
                ),
            );
        }
    } else {
        for (const [variableName, value] of Object.entries(spec.variables)) {
            read.push(new github.ActionsVariable(`${name}-var-${part(variableName)}`, { repository, variableName, value }, { parent, dependsOn: after, ...adoptValue(variableName) }));
        }
        for (const [secretName, value] of Object.entries(spec.secrets)) {
            read.push(
                new github.ActionsSecret(
                    `${name}-secret-${part(secretName)}`,
                    { repository, secretName, plaintextValue: pulumi.secret(value) },
                    { parent, dependsOn: after, ...adoptValue(secretName) },
                ),
            );
        }
    }
    let commitBranch = spec.branch;
    let branchResource: github.Branch | undefined;
    if (spec.pullRequest) {
        commitBranch = spec.pullRequestBranch ?? pullRequestBranchOf(name);
        branchResource = new github.Branch(`${name}-branch`, { repository, branch: commitBranch, sourceBranch: spec.branch }, { parent });
    }
    const seed = spec.ownership === FileOwnership.Seed;
    const declared = spec.ownership === FileOwnership.Released ? [] : spec.files;
    const commit = (f: RepositoryFileArgs, after: pulumi.Resource[]) =>
        new github.RepositoryFile(
            `${name}-file-${part(f.path)}`,
            {
                repository,
                branch: commitBranch,
                file: f.path,
                content: f.content,
                commitMessage: spec.commitMessage,
                // A file someone already committed is theirs: creating over it fails, unless the user adopts it.
                overwriteOnCreate: spec.adoptExistingFiles,
            },
            {
                parent,
                dependsOn: [...(branchResource ? [branchResource] : []), ...after],
                ...(spec.adopt?.files.includes(f.path) ? { import: importId(spec.repo, f.path, commitBranch) } : {}),
                // Seed files belong to the team after the first commit: never rewritten, never deleted.
                ...(seed ? { ignoreChanges: ["content", "commitMessage", "branch"], retainOnDelete: true } : {}),
            },
        );
    // Each file is its own commit, and a push of a workflow runs it at once (on: push): so the workflows
    // come last, after the files they build and stage, the variables they read, and what their first
    // run signs in with and writes to (workflowDependsOn).
    const others = declared.filter((f) => !isWorkflow(f.path)).map((f) => commit(f, []));
    const files = [...others, ...declared.filter((f) => isWorkflow(f.path)).map((f) => commit(f, [...read, ...others, ...(spec.workflowDependsOn ?? [])]))];
    let pullRequestNumber: pulumi.Output<number | undefined> = pulumi.output(undefined);
    if (spec.pullRequest) {
        const pr = new github.RepositoryPullRequest(
            `${name}-pr`,
            {
                baseRepository: repository,
                baseRef: spec.branch,
                headRef: commitBranch,
                title: spec.commitMessage,
                body: "Opened by fleet-autodeploy. Merging it enables automated deployment of this branch to the fleet.",
            },
            { parent, dependsOn: files },
        );
        pullRequestNumber = pr.number;
    }
    return { commitBranch: pulumi.output(commitBranch), pullRequestNumber };
}
