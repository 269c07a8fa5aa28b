// The deployment's triggers, pure: push filters, their defaults, and the environment rules that must admit them.
// Sources: docs.github.com "Workflow syntax for GitHub Actions" (on.push.<branches|tags>, on.push.paths, filter pattern
// cheat sheet; github/docs data/reusables/actions/workflows/triggering-a-workflow-paths1.md) and "Deployments and
// environments" (deployment branches and tags: Ruby File.fnmatch, "Wildcard characters will not match /").
import * as assert from "node:assert";
import { environmentRuleMatches, literalPathPattern, triggerSamples, unadmitted } from "../../sdk/src/naming/refPatterns";
import { admissionProblems, AppFiles, defaultPaths, environmentRule, pathFilters, TriggerArgs, triggerSpec } from "../../sdk/src/naming/triggers";
import { Problem } from "../../sdk/src/core/problems";
import { renderWorkflow } from "../../sdk/src/render/workflow";
import { actionlintFindings } from "../validators/actionlint";
import { base } from "../render/workflowFixtures";

const app: AppFiles = { context: ".", dockerfile: "Dockerfile", manifestPath: "manifests", manifestSource: "directory", workflowPath: ".github/workflows/fleet-deploy-web.yml" };
const inFolder: AppFiles = { ...app, context: "services/api", dockerfile: "services/api/Dockerfile", manifestPath: "services/api/manifests", workflowPath: ".github/workflows/fleet-deploy-api.yml" };
const env = { environment: true };
const refs = (args: TriggerArgs, branches = ["main"]) => {
    const problems: Problem[] = [];
    return { spec: triggerSpec(args, branches, problems), problems };
};
const filters = (args: TriggerArgs, files = app) => {
    const problems: Problem[] = [];
    return { spec: pathFilters(args, files, problems), problems };
};
const paths = (ps: Problem[]) => ps.map((p) => p.path);

describe("naming/triggers: what makes the workflow run", () => {
    describe("tags only", () => {
        it("no branch deploys: the triggers hold the tags alone", () => {
            const { spec, problems } = refs({ ...env, tags: ["v*"], tagsOnly: true });
            assert.deepStrictEqual(problems, []);
            assert.deepStrictEqual([spec.branches, spec.tags, spec.tagsOnly], [[], ["v*"], true]);
        });

        it("refuses tagsOnly without tags, and with extra branches or branch patterns, naming each", () => {
            assert.deepStrictEqual(paths(refs({ ...env, tagsOnly: true }).problems), ["tagsOnly"]);
            const { problems } = refs({ ...env, tags: ["v*"], tagsOnly: true, branchPatterns: ["release/*"] }, ["main", "hotfix"]);
            assert.deepStrictEqual(paths(problems), ["extraBranches", "branchPatterns"]);
            assert.match(problems[0].message, /^extraBranches \["hotfix"\] deploy branch pushes, but tagsOnly says only tags deploy: drop extraBranches, or drop tagsOnly\.$/);
        });

        it("refuses path filters with tagsOnly: GitHub evaluates none for a tag push (triggering-a-workflow-paths1.md)", () => {
            const { spec, problems } = filters({ ...env, tags: ["v*"], tagsOnly: true, paths: ["src/**"], pathsIgnore: ["docs/**"] });
            assert.deepStrictEqual(paths(problems).slice(0, 2), ["paths", "pathsIgnore"]);
            assert.match(problems[0].message, /GitHub evaluates no path filter for a tag push/);
            assert.deepStrictEqual(spec, { paths: [], pathsIgnore: [] });
            assert.deepStrictEqual(filters({ ...env, tags: ["v*"], tagsOnly: true }, inFolder).spec.paths, [], "no default paths either");
        });

        it("tags still need an environment (their subject names each release)", () => {
            assert.deepStrictEqual(paths(refs({ environment: false, tags: ["v*"] }).problems), ["tags"]);
            assert.deepStrictEqual(paths(refs({ environment: false, tags: ["v 1"] }).problems), ["tags[0]", "tags"]);
        });

        it("the workflow: `on.push.tags` alone, a deploy job that runs from tag refs only, and pull requests into the commit branch verified", () => {
            const spec = { ...base, branches: [], commitBranch: "main", tags: ["v*"], environment: "production", paths: ["src/**"] };
            const text = renderWorkflow(spec);
            const wf = require("yaml").parse(text);
            assert.deepStrictEqual(wf.on, { push: { tags: ["v*"] }, workflow_dispatch: {} }, "no branches key: GitHub then runs for no branch push; no paths on tag pushes");
            assert.strictEqual(wf.jobs.deploy.if, "startsWith(github.ref, 'refs/tags/')");
            assert.strictEqual(require("yaml").parse(renderWorkflow({ ...spec, tags: ["v1", "v2"] })).jobs.deploy.if, "github.ref == 'refs/tags/v1' || github.ref == 'refs/tags/v2'");
            const verify = require("yaml").parse(require("../../sdk/src/render/workflow").renderPullRequestWorkflow(spec));
            assert.deepStrictEqual(verify.on, { pull_request: { branches: ["main"] } });
        });
    });

    describe("paths", () => {
        it("an app at the repository root: no default, every push deploys", () => {
            assert.deepStrictEqual(filters({ environment: false }).spec, { paths: [], pathsIgnore: [] });
        });

        it("an app in a folder: its context, its manifests, its values files outside it, and its own workflow", () => {
            assert.deepStrictEqual(defaultPaths(inFolder), ["services/api/**", ".github/workflows/fleet-deploy-api.yml"]);
            assert.deepStrictEqual(
                defaultPaths({
                    ...inFolder,
                    dockerfile: "docker/api.Dockerfile",
                    manifestPath: "deploy/api",
                    manifestSource: "helm",
                    helmValuesFiles: ["values/prod.yaml", "services/api/values.yaml"],
                }),
                ["services/api/**", "deploy/api/**", "docker/api.Dockerfile", "values/prod.yaml", ".github/workflows/fleet-deploy-api.yml"],
            );
        });

        it("a Kustomize overlay brings its whole tree: an overlay reads ../../base", () => {
            assert.deepStrictEqual(defaultPaths({ ...inFolder, manifestSource: "kustomize", manifestPath: "deploy/api/overlays/production" }), [
                "services/api/**",
                "deploy/api/**",
                ".github/workflows/fleet-deploy-api.yml",
            ]);
        });

        it("pattern characters in a folder name are escaped (the cheat sheet: escape them with \\)", () => {
            assert.deepStrictEqual(defaultPaths({ ...inFolder, context: "apps/c++[1]" }).slice(0, 1), ["apps/c\\+\\+\\[1\\]/**"]);
            assert.strictEqual(literalPathPattern("!x"), "\\!x");
        });

        it("given paths win, [] turns the default off, and pathsIgnore turns it off (the two cannot be combined)", () => {
            assert.deepStrictEqual(filters({ environment: false, paths: ["libs/**", "services/api/**"] }, inFolder).spec.paths, ["libs/**", "services/api/**"]);
            assert.deepStrictEqual(filters({ environment: false, paths: [] }, inFolder).spec.paths, []);
            assert.deepStrictEqual(filters({ environment: false, pathsIgnore: ["docs/**"] }, inFolder).spec, { paths: [], pathsIgnore: ["docs/**"] });
        });

        it("refuses paths with pathsIgnore, as GitHub does: actionlint reports the same file", async () => {
            const { problems } = filters({ environment: false, paths: ["src/**"], pathsIgnore: ["docs/**"] });
            assert.deepStrictEqual(paths(problems), ["paths"]);
            assert.match(problems[0].message, /"!docs\/\*\*"/);
            const both = await actionlintFindings(renderWorkflow({ ...base, paths: ["src/**"], pathsIgnore: ["docs/**"] }));
            assert.ok(
                both.some((f) => /paths.*paths-ignore|paths-ignore.*paths/.test(f)),
                both.join("\n"),
            );
        });

        it('refuses paths that only exclude ("you must also define at least one path without the ! character") and empty entries', () => {
            assert.deepStrictEqual(paths(filters({ environment: false, paths: ["!docs/**"] }).problems), ["paths"]);
            assert.deepStrictEqual(paths(filters({ environment: false, paths: ["src/**", ""] }).problems), ["paths[1]"]);
        });

        it("the workflow filters branch pushes by paths, with zero actionlint findings", async () => {
            const spec = { ...base, paths: ["services/api/**", ".github/workflows/fleet-deploy-api.yml"] };
            assert.deepStrictEqual(require("yaml").parse(renderWorkflow(spec)).on.push, { branches: ["main"], paths: spec.paths });
            assert.deepStrictEqual(await actionlintFindings(renderWorkflow(spec)), []);
            assert.deepStrictEqual(await actionlintFindings(renderWorkflow({ ...spec, branches: [], tags: ["v*"], environment: "production" })), []);
        });
    });

    describe("environment rules (Ruby File.fnmatch; wildcards never match '/')", () => {
        it("match like GitHub's documented examples", () => {
            assert.ok(environmentRuleMatches("releases/*", "releases/1.0"));
            assert.ok(!environmentRuleMatches("releases/*", "releases/1/hotfix"), '"Wildcard characters will not match /"');
            assert.ok(environmentRuleMatches("release/*/*", "release/1/hotfix"), '"use release/*/*"');
            assert.ok(environmentRuleMatches("v[0-9]*", "v1.2") && !environmentRuleMatches("v[0-9]*", "vx"));
            assert.ok(environmentRuleMatches("feature/**/*", "feature/a") && environmentRuleMatches("feature/**/*", "feature/a/b"));
            assert.ok(environmentRuleMatches("main", "main") && !environmentRuleMatches("main", "main2"));
        });

        it("a trigger pattern is admitted when every name it fires on is", () => {
            assert.deepStrictEqual(triggerSamples("v*"), ["v", "vx7", "vRc-1.0_b"]);
            assert.strictEqual(unadmitted("v*", ["v*"]), undefined);
            assert.strictEqual(unadmitted("v1.*", ["v*"]), undefined);
            assert.strictEqual(unadmitted("v*", ["v1*"]), "v");
            assert.strictEqual(unadmitted("release/**", ["release/*"]), "release/a/b.9", "a push filter's ** crosses '/', a rule's * does not");
            assert.strictEqual(unadmitted("release/**", [environmentRule("release/**")]), undefined, "the default rule for a trailing ** admits it");
        });

        it("refuses each trigger its environment does not admit, naming both arguments and GitHub's refusal", () => {
            const problems = admissionProblems(
                { name: "production", deploymentBranches: ["release/*"], deploymentTags: ["v*"] },
                [
                    { path: "branch", value: "main" },
                    { path: "extraBranches[0]", value: "release/2026" },
                ],
                [
                    { path: "tags[0]", value: "v*" },
                    { path: "tags[1]", value: "stable" },
                ],
            );
            assert.deepStrictEqual(paths(problems), ["environment.deploymentBranches", "environment.deploymentTags"]);
            assert.strictEqual(
                problems[0].message,
                'environment.deploymentBranches ["release/*"] does not admit branch "main": GitHub would refuse every such deploy: ' +
                    'Branch "main" is not allowed to deploy to production due to environment protection rules. Add "main" to environment.deploymentBranches ' +
                    "(or leave environment.deploymentBranches out: it defaults to the triggers), or set tagsOnly, so that pushes to branch do not deploy.",
            );
            assert.match(problems[1].message, /does not admit tags\[1\] "stable".*or drop it from tags\.$/);
        });
    });
});
