import * as assert from "assert";
import {
    customSubject, immutableSubject, legacySubject, SUPPORTED_CLAIM_KEYS, Trigger,
} from "../../sdk/src/identity/subjects";

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
        assert.strictEqual(customSubject(repo, { kind: "environment", environment: "prod" }, ["repository_owner_id", "repository_id", "context"], "w"),
            "repository_owner_id:4711:repository_id:123456789:environment:prod");
        assert.strictEqual(customSubject(repo, main, ["repo", "context", "job_workflow_ref"], ".github/workflows/deploy.yml"),
            "repo:contoso/web:ref:refs/heads/main:job_workflow_ref:contoso/web/.github/workflows/deploy.yml@refs/heads/main");
        assert.strictEqual(customSubject(repo, main, ["ref", "repository_owner"], "w"), "ref:refs/heads/main:repository_owner:contoso");
    });

    it("refuses a template whose claims cannot be known ahead, naming the claim", () => {
        assert.throws(() => customSubject(repo, main, ["repo", "run_id"], "w"), /"run_id".*supported: /);
        assert.throws(() => customSubject(repo, { kind: "environment", environment: "prod" }, ["ref"], "w"), /"ref".*environment trigger/);
        assert.throws(() => customSubject(repo, main, [], "w"), /no claim keys/);
        assert.ok(SUPPORTED_CLAIM_KEYS.includes("job_workflow_ref"));
    });
});
