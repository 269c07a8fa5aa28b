// identitySpec, the identity's pure validation and plan: each refusal with its exact words (the argument, the value
// and the fix, which is all a user sees of a refused deployment), each accepted option with its effect, and nothing
// reported twice.
import * as assert from "node:assert";
import { identitySpec, GitHubOidcIdentityArgs } from "../../sdk/src/identity/githubOidcIdentity";
import { Problem } from "../../sdk/src/core/problems";

const RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-identities";
const BASE: GitHubOidcIdentityArgs = { repository: "contoso/web", branches: ["main"], resourceGroupId: RG };

/** The problems of `args` (over a valid managed identity), with argument names prefixed as a deployment embeds them. */
function problemsOf(args: Partial<GitHubOidcIdentityArgs>, base: GitHubOidcIdentityArgs = BASE): Problem[] {
    const problems: Problem[] = [];
    identitySpec("deployer", { ...base, ...args } as GitHubOidcIdentityArgs, (f) => `id.${f}`, problems);
    return problems;
}
const only = (args: Partial<GitHubOidcIdentityArgs>, base?: GitHubOidcIdentityArgs) => {
    const problems = problemsOf(args, base);
    assert.strictEqual(problems.length, 1, JSON.stringify(problems));
    return problems[0];
};
const APP: GitHubOidcIdentityArgs = { repository: "contoso/web", branches: ["main"], kind: "application" };

describe("identitySpec: refusals, in the caller's argument names and exact words", () => {
    const cases: [string, Partial<GitHubOidcIdentityArgs>, Problem, GitHubOidcIdentityArgs?][] = [
        ["a branch listed twice", { branches: ["main", "main"] }, { path: "id.branches", message: 'id.branches lists "main" twice: list each once.' }],
        ["an environment listed twice", { environments: ["prod", "prod"] }, { path: "id.environments", message: 'id.environments lists "prod" twice: list each once.' }],
        [
            "a subject listed twice",
            { subjects: ["repo:contoso/web:environment:x", "repo:contoso/web:environment:x"] },
            { path: "id.subjects", message: 'id.subjects lists "repo:contoso/web:environment:x" twice: list each once.' },
        ],
        [
            "a repository id of zero",
            { repositoryId: 0 },
            { path: "id.repositoryId", message: "id.repositoryId 0 is not a GitHub numeric id: give the number from the REST API (e.g. 123456789), or leave it out to look it up." },
        ],
        [
            "an owner id with a fraction",
            { ownerId: 1.5 },
            { path: "id.ownerId", message: "id.ownerId 1.5 is not a GitHub numeric id: give the number from the REST API (e.g. 123456789), or leave it out to look it up." },
        ],
        [
            "a claim key known only in a run",
            { subjectFormat: "custom", subjectClaimKeys: ["repo", "run_id"] },
            {
                path: "id.subjectClaimKeys",
                message:
                    'id.subjectClaimKeys has claim "run_id", whose value cannot be known before a run: supported are repo, repository, repository_owner, repository_id, repository_owner_id, context, ref, ref_type, environment, job_workflow_ref.',
            },
        ],
        [
            "branch patterns on a managed identity",
            { branchPatterns: ["release/*"] },
            {
                path: "id.branchPatterns",
                message:
                    'id.branchPatterns needs an application identity: the azure-native provider cannot create flexible federated credentials on a managed identity (its FederatedIdentityCredential has no claimsMatchingExpression). Set id.kind "application", or list exact branches.',
            },
        ],
        [
            "branch patterns with a custom template",
            { subjectFormat: "custom", subjectClaimKeys: ["repo", "context"], branchPatterns: ["release/*"] },
            {
                path: "id.branchPatterns",
                message:
                    'id.branchPatterns match the default subject spellings only: with subjectFormat "custom" the subject carries the repository\'s own claims, which a branch pattern cannot anticipate. List exact branches instead.',
            },
            APP,
        ],
        [
            "a branch pattern with a space",
            { branchPatterns: ["release *"] },
            { path: "id.branchPatterns[0]", message: "id.branchPatterns[0] \"release *\" may hold letters, digits, '.', '_', '-', '/' and '*' only." },
            APP,
        ],
        [
            "a branch pattern that is a full ref",
            { branchPatterns: ["refs/heads/release/*"] },
            { path: "id.branchPatterns[0]", message: 'id.branchPatterns[0] "refs/heads/release/*" is a full ref: give the branch pattern alone, "release/*" (the subject adds refs/heads/).' },
            APP,
        ],
        [
            "a branch pattern that is a tag ref",
            { branchPatterns: ["refs/tags/v*"] },
            { path: "id.branchPatterns[0]", message: 'id.branchPatterns[0] "refs/tags/v*" is a full ref: give the branch pattern alone, "v*" (the subject adds refs/heads/).' },
            APP,
        ],
        [
            "an identity that trusts nothing",
            { branches: [] },
            { path: "id.branches", message: "id.branches: the identity trusts nothing: give at least one branch, environment, subject or branch pattern." },
        ],
        [
            "a pull-request subject",
            { subjects: ["repo:contoso/web:pull_request"] },
            { path: "id.subjects", message: 'id.subjects trusts "repo:contoso/web:pull_request": any pull request author can mint that token, so it must never reach an identity with deploy rights.' },
        ],
        [
            "a resource group on an application",
            { resourceGroupId: RG },
            {
                path: "id.resourceGroupId",
                message:
                    'id.resourceGroupId places a managed identity, but id.kind is "application" (an Entra application lives in the tenant, not a resource group): drop id.resourceGroupId, or use a managed identity.',
            },
            APP,
        ],
        [
            "a location on an application",
            { location: "westeurope" },
            {
                path: "id.location",
                message:
                    'id.location places a managed identity, but id.kind is "application" (an Entra application lives in the tenant, not a resource group): drop id.location, or use a managed identity.',
            },
            APP,
        ],
        [
            "claim keys without the custom format",
            { subjectFormat: "immutable", subjectClaimKeys: ["repo"] },
            {
                path: "id.subjectClaimKeys",
                message: 'id.subjectClaimKeys describe a custom subject template, but id.subjectFormat is "immutable": set id.subjectFormat "custom", or drop id.subjectClaimKeys.',
            },
        ],
        [
            "a repository id with legacy subjects",
            { subjectFormat: "legacy", repositoryId: 42 },
            {
                path: "id.repositoryId",
                message: 'id.repositoryId is used by immutable subjects only, and id.subjectFormat is "legacy": drop it, or use "legacyAndImmutable" (the default) or "immutable".',
            },
        ],
        [
            "an owner id with legacy subjects",
            { subjectFormat: "legacy", ownerId: 42 },
            { path: "id.ownerId", message: 'id.ownerId is used by immutable subjects only, and id.subjectFormat is "legacy": drop it, or use "legacyAndImmutable" (the default) or "immutable".' },
        ],
        [
            "an identity name of two characters",
            { identityName: "gh" },
            { path: "id.identityName", message: "id.identityName \"gh\" is not a valid identity name: 3-128 letters, digits, '-' or '_', starting with a letter or digit." },
        ],
        [
            "an identity name starting with '-'",
            { identityName: "-github" },
            { path: "id.identityName", message: "id.identityName \"-github\" is not a valid identity name: 3-128 letters, digits, '-' or '_', starting with a letter or digit." },
        ],
        ["an unknown kind", { kind: "servicePrincipal" as never }, { path: "id.kind", message: 'id.kind "servicePrincipal" is not one of "managedIdentity", "application".' }],
        ["an unknown cloud", { cloud: "germany" as never }, { path: "id.cloud", message: 'id.cloud "germany" is not one of "public", "usGovernment", "china".' }],
    ];
    for (const [label, args, expected, base] of cases) {
        it(label, () => assert.deepStrictEqual(only(args, base), expected));
    }

    it("a component's own names are used as given, and each bad entry of a list is named by its index", () => {
        const problems: Problem[] = [];
        identitySpec("deployer", { ...BASE, branches: ["main", "a b"], environments: ["prod", "x:y"] }, (f) => f, problems);
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["branches[1]", "environments[1]"],
        );
    });

    it("the 20-credential limit counts flexible credentials, two per pattern with both spellings", () => {
        const branches = Array.from({ length: 9 }, (_, i) => `b${i}`);
        // 9 branches x 2 spellings + 1 pattern x 2 spellings = 20: accepted; one more pattern is 22.
        assert.deepStrictEqual(problemsOf({ branches, branchPatterns: ["r/*"] }, APP), []);
        assert.match(only({ branches, branchPatterns: ["r/*", "s/*"] }, APP).message, /^id\.branches need 22 federated credentials \(two per trigger/);
        // One spelling: 18 branches + 2 patterns = 20.
        const legacy = Array.from({ length: 18 }, (_, i) => `b${i}`);
        assert.deepStrictEqual(problemsOf({ branches: legacy, branchPatterns: ["r/*", "s/*"], subjectFormat: "legacy" }, APP), []);
        assert.match(only({ branches: legacy, branchPatterns: ["r/*", "s/*", "t/*"], subjectFormat: "legacy" }, APP).message, /^id\.branches need 21 federated credentials, over/);
    });

    it("an unknown kind or format is reported as itself, not again as what it would have needed", () => {
        assert.deepStrictEqual(
            problemsOf({ kind: "app" as never, branchPatterns: ["r/*"] }).map((p) => p.path),
            ["id.kind"],
        );
        assert.deepStrictEqual(
            problemsOf({ subjectFormat: "Custom" as never, subjectClaimKeys: ["repo"] }).map((p) => p.path),
            ["id.subjectFormat"],
        );
        assert.deepStrictEqual(
            problemsOf({ repository: "web" }).map((p) => p.path),
            ["id.repository"],
        );
    });
});

describe("identitySpec: what an accepted identity becomes", () => {
    it("defaults: a managed identity named after the component, both spellings, the public cloud, in the given resource group", async () => {
        const problems: Problem[] = [];
        const spec = identitySpec("deployer", { ...BASE, environments: ["prod"], location: "westeurope" }, (f) => f, problems);
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(spec.kind, "managedIdentity");
        assert.strictEqual(spec.identityName, "deployer");
        assert.strictEqual(spec.format, "legacyAndImmutable");
        assert.strictEqual(spec.cloud, "public");
        assert.strictEqual(spec.location, "westeurope");
        assert.strictEqual(await spec.resourceGroup, "rg-identities");
        assert.deepStrictEqual(spec.repo, { owner: "contoso", name: "web", ownerId: undefined, repositoryId: undefined });
        assert.deepStrictEqual(
            spec.credentials.map((c) => [c.slug, c.variant, c.known]),
            [
                ["branch-main", "legacy", "repo:contoso/web:ref:refs/heads/main"],
                ["branch-main-immutable", "immutable", undefined],
                ["env-prod", "legacy", "repo:contoso/web:environment:prod"],
                ["env-prod-immutable", "immutable", undefined],
            ],
        );
        assert.deepStrictEqual(spec.branchPatterns, []);
    });

    it("an application has no resource group; ids, claim keys, the workflow path and patterns are carried", () => {
        const problems: Problem[] = [];
        const spec = identitySpec(
            "deployer",
            {
                repository: "contoso/web",
                branches: ["main"],
                kind: "application",
                subjectFormat: "custom",
                subjectClaimKeys: ["repo", "job_workflow_ref"],
                workflowPath: ".github/workflows/ship.yml",
                ownerId: 7,
                repositoryId: 70,
                identityName: "gh-web",
                cloud: "china",
            },
            (f) => f,
            problems,
        );
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(spec.resourceGroup, undefined);
        assert.strictEqual(spec.identityName, "gh-web");
        assert.strictEqual(spec.cloud, "china");
        assert.deepStrictEqual(spec.claimKeys, ["repo", "job_workflow_ref"]);
        assert.deepStrictEqual(spec.repo, { owner: "contoso", name: "web", ownerId: 7, repositoryId: 70 });
        assert.deepStrictEqual(
            spec.credentials.map((c) => c.subject({ ownerId: 7, repositoryId: 70, claimKeys: spec.claimKeys })),
            [
                "repo:contoso/web:job_workflow_ref:contoso/web/.github/workflows/ship.yml@refs/heads/main",
                "repo:contoso@7/web@70:job_workflow_ref:contoso/web/.github/workflows/ship.yml@refs/heads/main",
            ],
        );
    });

    it("the workflow path defaults to .github/workflows/deploy.yml, and explicit subjects come after the triggers", () => {
        const problems: Problem[] = [];
        const spec = identitySpec("deployer", { ...BASE, subjectFormat: "custom", subjectClaimKeys: ["job_workflow_ref"], subjects: ["repo:contoso/web:environment:x"] }, (f) => f, problems);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(
            spec.credentials.map((c) => c.subject({ claimKeys: ["job_workflow_ref"] })),
            ["job_workflow_ref:contoso/web/.github/workflows/deploy.yml@refs/heads/main", "repo:contoso/web:environment:x"],
        );
    });
});
