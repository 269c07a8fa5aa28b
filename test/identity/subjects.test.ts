import * as assert from "node:assert";
import { branchFilterOf, branchSubject, customSubject, immutableSubject, legacySubject, SUPPORTED_CLAIM_KEYS, Trigger } from "../../sdk/src/identity/subjects";

const repo = { owner: "contoso", name: "web", ownerId: 4711, repositoryId: 123456789 };
const main: Trigger = { kind: "branch", branch: "main" };

// Expected subjects written by hand from GitHub's documented formats (FACTS.md), not from the code.
describe("identity/subjects", () => {
    it("legacy subjects for each trigger kind", () => {
        assert.strictEqual(legacySubject(repo, main), "repo:contoso/web:ref:refs/heads/main");
        assert.strictEqual(legacySubject(repo, { kind: "branch", branch: "release/2026.11" }), "repo:contoso/web:ref:refs/heads/release/2026.11");
        assert.strictEqual(legacySubject(repo, { kind: "tag", tag: "v1.2.3" }), "repo:contoso/web:ref:refs/tags/v1.2.3");
        assert.strictEqual(legacySubject(repo, { kind: "environment", environment: "production" }), "repo:contoso/web:environment:production");
        assert.strictEqual(legacySubject(repo, { kind: "pullRequest" }), "repo:contoso/web:pull_request");
    });

    it("immutable subjects carry the numeric owner and repository ids", () => {
        assert.strictEqual(immutableSubject(repo, main), "repo:contoso@4711/web@123456789:ref:refs/heads/main");
        assert.strictEqual(immutableSubject(repo, { kind: "environment", environment: "prod" }), "repo:contoso@4711/web@123456789:environment:prod");
        assert.throws(() => immutableSubject({ owner: "contoso", name: "web" }, main), /numeric ids/);
    });

    it("custom-template subjects join key:value pairs in the template's order, context as itself", () => {
        assert.strictEqual(customSubject(repo, main, ["repo", "context"], ".github/workflows/d.yml"), "repo:contoso/web:ref:refs/heads/main");
        assert.strictEqual(
            customSubject(repo, { kind: "environment", environment: "prod" }, ["repository_owner_id", "repository_id", "context"], "w"),
            "repository_owner_id:4711:repository_id:123456789:environment:prod",
        );
        assert.strictEqual(
            customSubject(repo, main, ["repo", "context", "job_workflow_ref"], ".github/workflows/deploy.yml"),
            "repo:contoso/web:ref:refs/heads/main:job_workflow_ref:contoso/web/.github/workflows/deploy.yml@refs/heads/main",
        );
        assert.strictEqual(customSubject(repo, main, ["ref", "repository_owner"], "w"), "ref:refs/heads/main:repository_owner:contoso");
    });

    it("refuses a template whose claims cannot be known ahead, naming the claim", () => {
        assert.throws(() => customSubject(repo, main, ["repo", "run_id"], "w"), /"run_id".*supported: /);
        assert.throws(() => customSubject(repo, { kind: "environment", environment: "prod" }, ["ref"], "w"), /"ref".*environment trigger/);
        assert.throws(() => customSubject(repo, main, [], "w"), /no claim keys/);
        assert.ok(SUPPORTED_CLAIM_KEYS.includes("job_workflow_ref"));
    });
});

describe("identity/subjects: every claim a custom template can hold, per trigger", () => {
    const tag: Trigger = { kind: "tag", tag: "v1" };
    const env: Trigger = { kind: "environment", environment: "prod" };
    const pr: Trigger = { kind: "pullRequest" };
    const value = (key: string, trigger: Trigger, r: { owner: string; name: string; ownerId?: number; repositoryId?: number } = repo) => {
        try {
            return customSubject(r, trigger, [key], ".github/workflows/deploy.yml");
        } catch {
            return undefined;
        }
    };

    it("repository claims are the same for every trigger", () => {
        for (const t of [main, tag, env, pr]) {
            assert.deepStrictEqual(
                ["repo", "repository", "repository_owner", "repository_id", "repository_owner_id"].map((k) => value(k, t)),
                ["repo:contoso/web", "repository:contoso/web", "repository_owner:contoso", "repository_id:123456789", "repository_owner_id:4711"],
            );
        }
    });

    it("the numeric ids are unknown until looked up", () => {
        const bare = { owner: "contoso", name: "web" };
        assert.strictEqual(value("repository_id", main, bare), undefined);
        assert.strictEqual(value("repository_owner_id", main, bare), undefined);
        assert.strictEqual(value("repo", main, bare), "repo:contoso/web");
    });

    it("ref, ref_type, environment and job_workflow_ref exist only for the triggers that have them", () => {
        assert.deepStrictEqual(
            ["ref", "ref_type", "environment", "job_workflow_ref", "context"].map((k) => value(k, main)),
            ["ref:refs/heads/main", "ref_type:branch", undefined, "job_workflow_ref:contoso/web/.github/workflows/deploy.yml@refs/heads/main", "ref:refs/heads/main"],
        );
        assert.deepStrictEqual(
            ["ref", "ref_type", "environment", "job_workflow_ref", "context"].map((k) => value(k, tag)),
            ["ref:refs/tags/v1", "ref_type:tag", undefined, undefined, "ref:refs/tags/v1"],
        );
        assert.deepStrictEqual(
            ["ref", "ref_type", "environment", "job_workflow_ref", "context"].map((k) => value(k, env)),
            [undefined, undefined, "environment:prod", undefined, "environment:prod"],
        );
        assert.deepStrictEqual(
            ["ref", "ref_type", "environment", "job_workflow_ref", "context"].map((k) => value(k, pr)),
            [undefined, undefined, undefined, undefined, "pull_request"],
        );
    });

    it("names the claim, the trigger kind and every supported key when a value cannot be known", () => {
        assert.throws(() => customSubject(repo, env, ["ref"], "w"), {
            message:
                'the custom subject template\'s claim "ref" has no value known ahead for a environment trigger (supported: repo, repository, repository_owner, repository_id, repository_owner_id, context, ref, ref_type, environment, job_workflow_ref): use subjectFormat "immutable" or "legacy", or change the template',
        });
        assert.throws(() => customSubject(repo, main, [], "w"), { message: "the custom subject template has no claim keys" });
        assert.throws(() => immutableSubject({ owner: "contoso", name: "web", ownerId: 1 }, main), { message: "immutable subjects need the numeric ids of contoso/web (ownerId, repositoryId)" });
        assert.throws(() => immutableSubject({ owner: "contoso", name: "web", repositoryId: 1 }, main), /numeric ids/);
    });

    it("branchSubject is the legacy subject of a push to the branch", () => {
        assert.strictEqual(branchSubject(repo, "release/1"), "repo:contoso/web:ref:refs/heads/release/1");
    });
});

describe("identity/subjects: branchFilterOf", () => {
    // Entra's wildcard as GitHub's filter would spell it (docs.github.com, filter pattern cheat sheet: `*` stops at '/').
    const entraMatches = (pattern: string, branch: string) =>
        new RegExp(
            `^${pattern
                .split("*")
                .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join(".*")}$`,
        ).test(branch);
    const githubMatches = (filter: string, branch: string) =>
        new RegExp(
            `^${filter
                .split(/(\*\*|\*)/)
                .map((p) => (p === "**" ? ".*" : p === "*" ? "[^/]*" : p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
                .join("")}$`,
        ).test(branch);

    it("the workflow filter deploys exactly the branches the flexible credential trusts", () => {
        for (const pattern of ["release/*", "team-*-hotfix", "a/**", "*"]) {
            for (const branch of ["release/1", "release/a/b", "team-x-hotfix", "team-x/y-hotfix", "a/b/c", "main", "feature/x"]) {
                assert.strictEqual(githubMatches(branchFilterOf(pattern), branch), entraMatches(pattern, branch), `${pattern} ${branch}`);
            }
        }
        assert.notStrictEqual(githubMatches("release/*", "release/a/b"), entraMatches("release/*", "release/a/b"), "GitHub's own `*` disagrees with Entra's");
    });
});
