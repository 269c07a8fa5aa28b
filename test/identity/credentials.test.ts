// planCredentials and the limit check: which credentials an identity gets, under which stable names (a renamed slug
// is a replaced credential, and a sign-in outage while it is replaced), and the refusal over Entra's 20.
import * as assert from "node:assert";
import { createHash } from "node:crypto";
import { credentialLimitProblems, planCredentials } from "../../sdk/src/identity/credentials";
import { Trigger } from "../../sdk/src/identity/subjects";

const repo = { owner: "contoso", name: "web" };
const branch = (b: string): Trigger => ({ kind: "branch", branch: b });
const ids = { ownerId: 4711, repositoryId: 99 };
const WF = ".github/workflows/deploy.yml";

describe("identity/credentials: planCredentials", () => {
    it("one credential per trigger and spelling, named after the trigger", () => {
        const triggers: Trigger[] = [branch("main"), { kind: "tag", tag: "v1" }, { kind: "environment", environment: "prod" }, { kind: "pullRequest" }];
        const plan = planCredentials(repo, triggers, "legacyAndImmutable", WF);
        assert.deepStrictEqual(
            plan.map((c) => [c.slug, c.variant]),
            [
                ["branch-main", "legacy"],
                ["branch-main-immutable", "immutable"],
                ["tag-v1", "legacy"],
                ["tag-v1-immutable", "immutable"],
                ["env-prod", "legacy"],
                ["env-prod-immutable", "immutable"],
                ["pull-request", "legacy"],
                ["pull-request-immutable", "immutable"],
            ],
        );
        assert.deepStrictEqual(
            plan.map((c) => c.subject(ids)),
            [
                "repo:contoso/web:ref:refs/heads/main",
                "repo:contoso@4711/web@99:ref:refs/heads/main",
                "repo:contoso/web:ref:refs/tags/v1",
                "repo:contoso@4711/web@99:ref:refs/tags/v1",
                "repo:contoso/web:environment:prod",
                "repo:contoso@4711/web@99:environment:prod",
                "repo:contoso/web:pull_request",
                "repo:contoso@4711/web@99:pull_request",
            ],
        );
        assert.deepStrictEqual(
            plan.map((c) => c.known),
            [
                "repo:contoso/web:ref:refs/heads/main",
                undefined,
                "repo:contoso/web:ref:refs/tags/v1",
                undefined,
                "repo:contoso/web:environment:prod",
                undefined,
                "repo:contoso/web:pull_request",
                undefined,
            ],
            "a legacy subject is known before GitHub is asked; an immutable one needs the ids",
        );
    });

    it("each format plans only its own spelling", () => {
        assert.deepStrictEqual(
            planCredentials(repo, [branch("main")], "legacy", WF).map((c) => c.variant),
            ["legacy"],
        );
        assert.deepStrictEqual(
            planCredentials(repo, [branch("main")], "immutable", WF).map((c) => [c.slug, c.variant]),
            [["branch-main-immutable", "immutable"]],
        );
        const custom = planCredentials(repo, [branch("main")], "custom", WF, [], ["repository_owner_id", "job_workflow_ref"]);
        assert.deepStrictEqual(
            custom.map((c) => [c.slug, c.variant, c.known]),
            [["branch-main-custom", "custom", undefined]],
            "no `repo` claim: one spelling",
        );
        const withRepo = planCredentials(repo, [branch("main")], "custom", WF, [], ["repo", "context"]);
        assert.deepStrictEqual(
            withRepo.map((c) => [c.slug, c.variant]),
            [
                ["branch-main-custom", "custom"],
                ["branch-main-custom-immutable", "customImmutable"],
            ],
        );
        assert.deepStrictEqual(
            withRepo.map((c) => c.subject({ ...ids, claimKeys: ["repo", "context"] })),
            ["repo:contoso/web:ref:refs/heads/main", `repo:contoso@${ids.ownerId}/web@${ids.repositoryId}:ref:refs/heads/main`],
        );
        assert.deepStrictEqual(
            planCredentials(repo, [branch("main")], "custom", WF).map((c) => c.variant),
            ["custom", "customImmutable"],
            "keys read later: both",
        );
        assert.strictEqual(
            custom[0].subject({ ...ids, claimKeys: ["repository_owner_id", "job_workflow_ref"] }),
            "repository_owner_id:4711:job_workflow_ref:contoso/web/.github/workflows/deploy.yml@refs/heads/main",
        );
        assert.throws(() => custom[0].subject(ids), /no claim keys/, "a custom credential without the template's keys has no subject");
        assert.deepStrictEqual(planCredentials(repo, [branch("main")], "unknown" as never, WF), []);
    });

    it("triggers whose names slug alike get a short hash of the trigger, so their names stay distinct and stable", () => {
        const hash = (t: Trigger) => createHash("sha256").update(JSON.stringify(t)).digest("hex").slice(0, 6);
        const plan = planCredentials(repo, [branch("release/1"), branch("release-1"), branch("main")], "legacy", WF);
        assert.deepStrictEqual(
            plan.map((c) => c.slug),
            [`branch-release-1-${hash(branch("release/1"))}`, `branch-release-1-${hash(branch("release-1"))}`, "branch-main"],
        );
    });

    it("explicit subjects come last, named after their context, trusted exactly as given", () => {
        const explicit = ["repo:contoso/web:ref:refs/tags/v1", "repo:contoso/web:environment:prod", "odd", "repo:contoso/web:environment/prod"];
        const plan = planCredentials(repo, [branch("main")], "legacy", WF, explicit);
        assert.deepStrictEqual(
            plan.map((c) => [c.slug, c.variant, c.known, c.subject({})]),
            [
                ["branch-main", "legacy", "repo:contoso/web:ref:refs/heads/main", "repo:contoso/web:ref:refs/heads/main"],
                ["subject-ref-refs-tags-v1", "explicit", explicit[0], explicit[0]],
                [`subject-environment-prod-${createHash("sha256").update(explicit[1]).digest("hex").slice(0, 6)}`, "explicit", explicit[1], explicit[1]],
                ["subject-odd", "explicit", "odd", "odd"],
                [`subject-environment-prod-${createHash("sha256").update(explicit[3]).digest("hex").slice(0, 6)}`, "explicit", explicit[3], explicit[3]],
            ],
        );
    });

    it("a long branch name is cut to a bounded slug", () => {
        const [c] = planCredentials(repo, [branch("x".repeat(200))], "legacy", WF);
        assert.strictEqual(c.slug, `branch-${"x".repeat(80)}`);
    });
});

describe("identity/credentials: credentialLimitProblems", () => {
    it("20 pass, 21 are refused with the count and what to do", () => {
        assert.deepStrictEqual(credentialLimitProblems(20, "legacy", "branches"), []);
        assert.deepStrictEqual(credentialLimitProblems(21, "legacy", "branches"), [
            {
                path: "branches",
                message:
                    "branches need 21 federated credentials, over Entra ID's limit of 20 per identity: split the branches across deployments (one identity each), deploy through one GitHub environment, or use an application identity with branchPatterns.",
            },
        ]);
    });

    it("with both spellings, says that each trigger costs two and how to halve it", () => {
        assert.strictEqual(
            credentialLimitProblems(22, "legacyAndImmutable", "extraBranches")[0].message,
            'extraBranches need 22 federated credentials (two per trigger with subjectFormat "legacyAndImmutable": choosing "immutable" halves it), over Entra ID\'s limit of 20 per identity: split the branches across deployments (one identity each), deploy through one GitHub environment, or use an application identity with branchPatterns.',
        );
    });
});
