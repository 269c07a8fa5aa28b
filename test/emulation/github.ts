// A stateful fake of the GitHub REST API as terraform-provider-github (under @pulumi/github 6.15) drives it:
// repositories that exist beforehand, Actions variables and secrets, files, branches, environments with reviewers and
// deployment branch policies, pull requests, and the OIDC subject template. Provider sources are cited as
// github/<file>:<line> at integrations/terraform-provider-github@b6ce8c06.
import { CloudError, Created, Fake, Inputs, OperationContext, Read, turns, WRITE_TURNS } from "./cloudError";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { guid, numeric, WorldSpec } from "./world";

const T = {
    variable: "github:index/actionsVariable:ActionsVariable",
    secret: "github:index/actionsSecret:ActionsSecret",
    envVariable: "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
    envSecret: "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    file: "github:index/repositoryFile:RepositoryFile",
    branch: "github:index/branch:Branch",
    environment: "github:index/repositoryEnvironment:RepositoryEnvironment",
    policy: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    pullRequest: "github:index/repositoryPullRequest:RepositoryPullRequest",
};

/** Secrets by name, with the value written (GitHub never returns it; kept so an emulated run can read it). */
interface Environment {
    customBranchPolicies: boolean;
    policies: Map<string, number>;
    variables: Map<string, string>;
    secrets: Map<string, string>;
}
interface Repository {
    name: string;
    id: number;
    defaultBranch: string;
    branches: Map<string, { commits: string[]; files: Map<string, string> }>;
    variables: Map<string, string>;
    secrets: Map<string, string>;
    environments: Map<string, Environment>;
    pulls: { number: number; head: string; base: string; state: "open" | "closed" }[];
    subjectTemplate?: { useDefault: boolean; includeClaimKeys: string[] };
    userOwned: { files: Set<string> };
}

/** A secret input arrives wrapped as the runtime serializes secrets ({ [specialSigKey]: specialSecretSig, value }). */
const plain = (v: any): string => (v && typeof v === "object" && v[specialSigKey] === specialSecretSig ? v.value : v);
const notFound = (what: string) => new CloudError("GitHub", 404, "Not Found", what);
const unprocessable = (what: string) => new CloudError("GitHub", 422, "Validation Failed", what);

/**
 * The provider's import ids: parts joined by ":", split with strings.SplitN (the last part keeps any further ":"), a
 * ":" inside a part escaped as "??" (github/util.go: parseID, escapeIDPart).
 */
function parseId(id: string, count: number): string[] {
    const parts = id.split(":");
    const joined = parts.length > count ? [...parts.slice(0, count - 1), parts.slice(count - 1).join(":")] : parts;
    if (id.length === 0 || joined.length !== count) throw new CloudError("GitHub", 0, "InvalidId", `unexpected ID format (${JSON.stringify(id)}); expected ${count} parts separated by ":"`);
    return joined;
}
const escapeIdPart = (part: string) => part.split(":").join("??");
const unescapeIdPart = (part: string) => part.split("??").join(":");

export class GitHubFake implements Fake {
    readonly types = Object.values(T);
    readonly repositories = new Map<string, Repository>();
    private commits = 0;

    constructor(private readonly world: WorldSpec) {
        for (const r of world.github.repositories) {
            const defaultBranch = r.defaultBranch ?? "main";
            const files = new Map((r.files ?? []).map((f) => [f, `existing ${f}`] as [string, string]));
            this.repositories.set(r.name.toLowerCase(), {
                name: r.name,
                id: numeric(`repo:${world.github.owner}/${r.name}`),
                defaultBranch,
                branches: new Map([defaultBranch, ...(r.branches ?? [])].map((b) => [b, { commits: [`initial-${r.name}`], files: new Map(files) }])),
                variables: new Map(),
                secrets: new Map(Object.entries(r.secrets ?? {})),
                environments: new Map(),
                pulls: [],
                subjectTemplate: r.subjectTemplate,
                userOwned: { files: new Set(r.files ?? []) },
            });
        }
    }

    repo(name: string): Repository {
        const r = this.repositories.get(String(name).toLowerCase());
        if (!r) throw notFound(`repository ${this.world.github.owner}/${name}`);
        return r;
    }

    private env(r: Repository, name: string): Environment {
        const e = r.environments.get(name);
        if (!e) throw notFound(`environment ${name} of ${r.name}`);
        return e;
    }

    /** A commit on `branch`, as the contents API makes one per file. */
    private commit(r: Repository, branch: string): string {
        const sha = guid(`commit:${r.name}:${branch}:${++this.commits}`)
            .replace(/-/g, "")
            .padEnd(40, "0")
            .slice(0, 40);
        r.branches.get(branch)!.commits.push(sha);
        return sha;
    }

    async create(type: string, i: Inputs, _ctx: OperationContext): Promise<Created> {
        const r = this.repo(i.repository ?? i.baseRepository);
        await turns(WRITE_TURNS);
        switch (type) {
            case T.variable: {
                // POST /repos/{o}/{r}/actions/variables (resource_github_actions_variable.go:88): 409 when the name exists.
                if (r.variables.has(i.variableName)) throw new CloudError("GitHub", 409, "Conflict", `Already exists - Variable ${i.variableName} already exists in ${r.name}`);
                r.variables.set(i.variableName, i.value);
                return { id: `${r.name}:${i.variableName}`, outputs: { repositoryId: r.id } };
            }
            case T.envVariable: {
                const e = this.env(r, i.environment);
                if (e.variables.has(i.variableName)) throw new CloudError("GitHub", 409, "Conflict", `Already exists - Variable ${i.variableName} already exists in environment ${i.environment}`);
                e.variables.set(i.variableName, i.value);
                return { id: `${r.name}:${i.environment}:${i.variableName}`, outputs: {} };
            }
            case T.secret:
            case T.envSecret: {
                // PUT: creates or replaces, never 409 ("Create or update a repository secret").
                (type === T.secret ? r.secrets : this.env(r, i.environment).secrets).set(i.secretName, plain(i.plaintextValue));
                return { id: `${r.name}:${i.secretName}`, outputs: {} };
            }
            case T.branch: {
                const source = i.sourceBranch ?? "main";
                // GET ref of the source first (resource_github_branch.go:89-97): 404 when it does not exist.
                const from = r.branches.get(source);
                if (!from) throw notFound(`error querying GitHub branch reference ${this.world.github.owner}/${r.name} (refs/heads/${source})`);
                // "422 Reference already exists" is adopted, not refused (resource_github_branch.go:105-110).
                if (!r.branches.has(i.branch)) r.branches.set(i.branch, { commits: [...from.commits], files: new Map(from.files) });
                return { id: `${r.name}:${i.branch}`, outputs: { ref: `refs/heads/${i.branch}`, sha: r.branches.get(i.branch)!.commits.at(-1) } };
            }
            case T.file:
                return this.writeFile(r, i, true);
            case T.environment:
                return this.putEnvironment(r, i);
            case T.policy: {
                const e = this.env(r, i.environment);
                // "The deployment_branch_policy.custom_branch_policies property for the environment must be set to true to use these endpoints"
                // (docs.github.com/rest/deployments/branch-policies).
                if (!e.customBranchPolicies) throw notFound(`custom deployment branch policies are off for environment ${i.environment} of ${r.name}`);
                const pattern = `${i.branchPattern ? "branch" : "tag"}:${i.branchPattern ?? i.tagPattern}`;
                // "303: Response if the same branch name pattern already exists" (same page).
                if (e.policies.has(pattern)) throw new CloudError("GitHub", 303, "See Other", `a deployment policy ${pattern} already exists in ${i.environment}`);
                const id = numeric(`policy:${r.name}:${i.environment}:${pattern}`);
                e.policies.set(pattern, id);
                return { id: `${r.name}:${i.environment}:${id}`, outputs: { policyId: id } };
            }
            case T.pullRequest:
                return this.openPullRequest(r, i);
        }
        throw new Error(`GitHubFake cannot create ${type}`);
    }

    /** The provider's file create (resource_github_repository_file.go:168-243). */
    private async writeFile(r: Repository, i: Inputs, create: boolean): Promise<Created> {
        const branch = i.branch ?? r.defaultBranch;
        let b = r.branches.get(branch);
        if (!b) {
            // util_repo.go:16-30: "branch %s not found in repository %s/%s or repository is not readable", unless autocreateBranch.
            if (!i.autocreateBranch) throw notFound(`branch ${branch} not found in repository ${this.world.github.owner}/${r.name} or repository is not readable`);
            const from = r.branches.get(i.autocreateBranchSourceBranch ?? "main");
            if (!from) throw notFound(`source branch of ${branch}`);
            r.branches.set(branch, (b = { commits: [...from.commits], files: new Map(from.files) }));
        }
        // resource_github_repository_file.go:227-235; the API itself answers 422 "sha wasn't supplied" (Create or update file contents).
        if (create && b.files.has(i.file) && !i.overwriteOnCreate) {
            throw unprocessable(`refusing to overwrite existing file ${i.file} on ${branch}: configure \`overwrite_on_create\` to \`true\` to override`);
        }
        b.files.set(i.file, i.content);
        const commitSha = this.commit(r, branch);
        // The provider's id: repository, path (":" escaped) and branch (resource_github_repository_file.go:245).
        return { id: `${r.name}:${escapeIdPart(i.file)}:${branch}`, outputs: { commitSha, sha: commitSha.slice(0, 40), ref: branch, branch } };
    }

    /** PUT /repos/{o}/{r}/environments/{name} (resource_github_repository_environment.go:173-203, 358-398). */
    private putEnvironment(r: Repository, i: Inputs): Created {
        const reviewers = (i.reviewers ?? []).flatMap((x: Inputs) => [...(x.teams ?? []).map((t: number) => ["team", t]), ...(x.users ?? []).map((u: number) => ["user", u])]);
        // "You can list up to six users or teams as reviewers" (docs.github.com, Managing environments for deployment).
        if (reviewers.length > 6) throw unprocessable(`environment ${i.environment} lists ${reviewers.length} reviewers; at most 6`);
        for (const [kind, id] of reviewers) {
            const known = kind === "team" ? this.world.github.teams : this.world.github.users;
            if (!known.includes(id)) throw unprocessable(`reviewers: ${kind} ${id} does not exist or has no access to ${r.name}`);
        }
        const policy = i.deploymentBranchPolicy;
        // protected_branches and custom_branch_policies: exactly one is true (REST, DeploymentBranchPolicySettings).
        if (policy && !!policy.protectedBranches === !!policy.customBranchPolicies) {
            throw unprocessable(`deployment_branch_policy: protected_branches and custom_branch_policies cannot both be ${!!policy.protectedBranches}`);
        }
        const existing = r.environments.get(i.environment);
        const env: Environment = existing ?? { customBranchPolicies: false, policies: new Map(), variables: new Map(), secrets: new Map() };
        env.customBranchPolicies = !!policy?.customBranchPolicies;
        if (!env.customBranchPolicies) env.policies.clear();
        r.environments.set(i.environment, env);
        return { id: `${r.name}:${i.environment}`, outputs: { repositoryId: r.id } };
    }

    /** POST /repos/{o}/{r}/pulls (resource_github_repository_pull_request.go:161-167); GitHub's 422s (Create a pull request). */
    private openPullRequest(r: Repository, i: Inputs): Created {
        const head = r.branches.get(i.headRef);
        const base = r.branches.get(i.baseRef);
        if (!head) throw unprocessable(`field head: invalid (branch ${i.headRef} does not exist)`);
        if (!base) throw unprocessable(`field base: invalid (branch ${i.baseRef} does not exist)`);
        if (head.commits.every((c) => base.commits.includes(c))) throw unprocessable(`No commits between ${i.baseRef} and ${i.headRef}`);
        if (r.pulls.some((p) => p.state === "open" && p.head === i.headRef && p.base === i.baseRef)) {
            throw unprocessable(`A pull request already exists for ${this.world.github.owner}:${i.headRef}.`);
        }
        const number = r.pulls.length + 1;
        r.pulls.push({ number, head: i.headRef, base: i.baseRef, state: "open" });
        return { id: `${this.world.github.owner}:${r.name}:${number}`, outputs: { number, state: "open", headSha: head.commits.at(-1) } };
    }

    async update(type: string, id: string, olds: Inputs, news: Inputs, _ctx?: OperationContext): Promise<Created> {
        const r = this.repo(news.repository ?? news.baseRepository);
        switch (type) {
            case T.variable:
                r.variables.set(news.variableName, news.value);
                return { id, outputs: olds };
            case T.envVariable:
                this.env(r, news.environment).variables.set(news.variableName, news.value);
                return { id, outputs: olds };
            case T.file:
                return this.writeFile(r, news, false);
            case T.environment:
                return this.putEnvironment(r, news);
            case T.pullRequest:
                return { id, outputs: olds };
            case T.secret:
                r.secrets.set(news.secretName, plain(news.plaintextValue));
                return { id, outputs: olds };
            case T.envSecret:
                this.env(r, news.environment).secrets.set(news.secretName, plain(news.plaintextValue));
                return { id, outputs: olds };
        }
        throw unprocessable(`GitHubFake has no in-place update for ${type}`);
    }

    /**
     * The provider's import and Read (resource_github_actions_secret.go:338, resource_github_actions_variable.go:211,
     * resource_github_repository_file.go:435, and the environment ones): a secret's value is never returned, so it is not
     * among the inputs read; a file is read at its branch (the default branch when the id leaves it empty). The repository
     * read is the id's, as the importers set it (d.Set("repository", repoName)).
     */
    async read(type: string, id: string, _ctx?: OperationContext): Promise<Read> {
        switch (type) {
            case T.secret:
            case T.variable: {
                const [repo, name] = parseId(id, 2);
                const r = this.repo(repo);
                if (type === T.secret) {
                    if (!r.secrets.has(name)) throw notFound(`secret ${name} of ${r.name}`);
                    return { id: `${repo}:${name}`, inputs: { repository: repo, secretName: name }, outputs: { repositoryId: r.id } };
                }
                if (!r.variables.has(name)) throw notFound(`variable ${name} of ${r.name}`);
                return { id: `${repo}:${name}`, inputs: { repository: repo, variableName: name, value: r.variables.get(name) }, outputs: { repositoryId: r.id } };
            }
            case T.envSecret:
            case T.envVariable: {
                const [repo, envPart, name] = parseId(id, 3);
                const r = this.repo(repo);
                const environment = unescapeIdPart(envPart);
                const e = this.env(r, environment);
                const base = { repository: repo, environment };
                if (type === T.envSecret) {
                    if (!e.secrets.has(name)) throw notFound(`secret ${name} of environment ${environment} of ${r.name}`);
                    return { id, inputs: { ...base, secretName: name }, outputs: {} };
                }
                if (!e.variables.has(name)) throw notFound(`variable ${name} of environment ${environment} of ${r.name}`);
                return { id, inputs: { ...base, variableName: name, value: e.variables.get(name) }, outputs: {} };
            }
            case T.file: {
                const [repo, pathPart, branchPart] = parseId(id, 3);
                const r = this.repo(repo);
                const file = unescapeIdPart(pathPart);
                const branch = branchPart || r.defaultBranch;
                const b = r.branches.get(branch);
                if (!b) throw notFound(`No commit found for the ref ${branch} in ${this.world.github.owner}/${r.name}`);
                if (!b.files.has(file)) throw notFound(`filePath ${file} is not a file in repository ${this.world.github.owner}/${r.name} or repository is not readable`);
                const commitSha = b.commits.at(-1)!;
                return { id: `${repo}:${escapeIdPart(file)}:${branch}`, inputs: { repository: repo, file, branch, content: b.files.get(file) }, outputs: { commitSha, sha: commitSha, ref: branch } };
            }
        }
        throw new CloudError("Engine", 0, "NoRead", `GitHubFake cannot read ${type}`);
    }

    async delete(type: string, _id: string, s: Inputs, _ctx?: OperationContext): Promise<void> {
        const r = this.repo(s.repository ?? s.baseRepository);
        switch (type) {
            case T.variable:
                r.variables.delete(s.variableName);
                return;
            case T.envVariable:
                r.environments.get(s.environment)?.variables.delete(s.variableName);
                return;
            case T.secret:
                r.secrets.delete(s.secretName);
                return;
            case T.envSecret:
                r.environments.get(s.environment)?.secrets.delete(s.secretName);
                return;
            case T.file: {
                if (r.userOwned.files.has(s.file)) throw new CloudError("Engine", 0, "UserOwned", `refusing to delete ${s.file} of ${r.name}: it existed before the program`);
                const b = r.branches.get(s.branch ?? r.defaultBranch);
                if (b?.files.delete(s.file)) this.commit(r, s.branch ?? r.defaultBranch);
                return;
            }
            case T.branch:
                if (s.branch === r.defaultBranch) throw new CloudError("Engine", 0, "UserOwned", `refusing to delete the default branch of ${r.name}`);
                r.branches.delete(s.branch);
                return;
            case T.environment:
                r.environments.delete(s.environment);
                return;
            case T.policy:
                r.environments.get(s.environment)?.policies.forEach((v, k) => v === s.policyId && r.environments.get(s.environment)!.policies.delete(k));
                return;
            case T.pullRequest:
                r.pulls.forEach((p) => p.head === s.headRef && (p.state = "closed"));
                return;
        }
    }

    private requirePermission(permission: string, what: string): void {
        // Fine-grained tokens need the permission each endpoint lists: 403 "Resource not accessible by personal access token".
        if (!this.world.github.tokenPermissions.includes(permission))
            throw new CloudError("GitHub", 403, "Forbidden", `Resource not accessible by personal access token (${what} needs ${permission})`);
    }

    readonly invokes: Record<string, (a: Inputs) => Inputs> = {
        "github:index/getRepository:getRepository": (a) => {
            const fullName: string = a.fullName ?? `${this.world.github.owner}/${a.name}`;
            const [owner, name] = fullName.split("/");
            if (owner.toLowerCase() !== this.world.github.owner.toLowerCase()) throw notFound(`repository ${fullName}`);
            const r = this.repo(name);
            return { fullName, name: r.name, repoId: r.id, nodeId: `R_${r.id}`, defaultBranch: r.defaultBranch, visibility: "private" };
        },
        "github:index/getUser:getUser": (a) => {
            if (String(a.username).toLowerCase() !== this.world.github.owner.toLowerCase()) throw notFound(`user ${a.username}`);
            return { login: a.username, id: String(numeric(`owner:${a.username}`)), nodeId: `U_${a.username}` };
        },
        "github:index/getOrganization:getOrganization": (a) => ({ login: a.name, name: a.name, id: String(numeric(`owner:${a.name}`)), orgId: String(numeric(`owner:${a.name}`)) }),
        // GET /repos/{o}/{r}/actions/oidc/customization/sub: fine-grained tokens need "Actions" repository permissions (read)
        // (docs.github.com/rest/actions/oidc).
        "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate": (a) => {
            const r = this.repo(a.name);
            this.requirePermission("actions:read", `the OIDC subject template of ${r.name}`);
            return { name: r.name, useDefault: r.subjectTemplate?.useDefault ?? true, includeClaimKeys: r.subjectTemplate?.includeClaimKeys ?? [] };
        },
        "github:index/getActionsOrganizationOidcSubjectClaimCustomizationTemplate:getActionsOrganizationOidcSubjectClaimCustomizationTemplate": () => {
            this.requirePermission("organization_administration:read", "the organization's OIDC subject template");
            return { includeClaimKeys: [] };
        },
        "github:index/getTree:getTree": (a) => {
            const r = this.repo(a.repository);
            const b = r.branches.get(a.treeSha) ?? r.branches.get(r.defaultBranch)!;
            return { repository: r.name, treeSha: a.treeSha, entries: [...b.files.keys()].map((path) => ({ path, type: "blob", mode: "100644", sha: "0", size: 1 })) };
        },
    };
}
