import * as assert from "assert";
import * as YAML from "yaml";
import { stagedUpdateRun } from "../../sdk/src/render/rollout";
import { BUILDKIT_DRIVER_OPTS } from "../../sdk/src/render/tools";
import { concurrencyGroup, LayerCache, renderPullRequestWorkflow, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { base } from "./workflowFixtures";

// The workflow's frame, whole: triggers, the token's permissions per job, the concurrency group, job order, names and
// time limits. GitHub acts on each (a permission too many is a wider token; cancel-in-progress would kill a staging
// half-way), so each is pinned; the steps are tested in workflow.test.ts and the scripts by running them.
const frame = (spec: WorkflowSpec) => {
    const wf = YAML.parse(renderWorkflow(spec));
    for (const job of Object.values(wf.jobs) as { steps?: unknown }[]) delete job.steps;
    return wf;
};
const SIGN_IN = { contents: "read", "id-token": "write" };
const rollout: Partial<WorkflowSpec> = { rollout: { placement: "web-crp", strategy: "web-strategy" }, variables: { ...base.variables, rolloutClientId: "ROLLOUT_CLIENT_ID" } };

describe("render/workflow: the frame of each workflow", () => {
    it("branches, tags and ignored paths; a build job gated on the exact branches; a rollout job last", () => {
        assert.deepStrictEqual(frame({ ...base, ...rollout, branches: ["main", "release"], tags: ["v*"], pathsIgnore: ["docs/**"] }), {
            name: "Deploy web to the fleet",
            on: { push: { branches: ["main", "release"], tags: ["v*"], "paths-ignore": ["docs/**"] }, workflow_dispatch: {} },
            permissions: {},
            concurrency: { group: "fleet-autodeploy-${{ vars.FLEET_RESOURCE_GROUP }}-${{ vars.FLEET_NAME }}-web", "cancel-in-progress": false },
            jobs: {
                build: {
                    name: "Build the image", if: "github.ref == 'refs/heads/main' || github.ref == 'refs/heads/release'",
                    "runs-on": "ubuntu-latest", "timeout-minutes": 30, permissions: SIGN_IN, outputs: { image: "${{ steps.image.outputs.ref }}" },
                },
                deploy: { name: "Stage on the fleet hub (namespace web)", needs: "build", "runs-on": "ubuntu-latest", "timeout-minutes": 15, permissions: { ...SIGN_IN, actions: "read" } },
                rollout: { name: "Start the staged rollout (placement web-crp)", needs: "deploy", "runs-on": "ubuntu-latest", "timeout-minutes": 15, permissions: { "id-token": "write" } },
            },
        });
        assert.deepStrictEqual(Object.keys(frame({ ...base, ...rollout }).jobs), ["build", "deploy", "rollout"]);
    });

    it("a pattern among the branches drops the gate (a dispatch from a matching branch is allowed); no tags or ignored paths, no keys", () => {
        for (const pattern of ["release/*", "v?", "[ab]", "!main", "a+"]) {
            const wf = frame({ ...base, branches: ["main", pattern] });
            assert.ok(!("if" in wf.jobs.build), pattern);
        }
        assert.deepStrictEqual(frame(base).on, { push: { branches: ["main"] }, workflow_dispatch: {} });
        assert.strictEqual(frame(base).jobs.build.if, "github.ref == 'refs/heads/main'");
    });

    it("in an environment: one job for build and staging, and the rollout job in it too; the group is the environment's", () => {
        const wf = frame({ ...base, ...rollout, environment: "production" });
        assert.deepStrictEqual(wf.jobs, {
            deploy: {
                name: "Build and stage on the fleet hub (environment production, namespace web)", environment: "production",
                "runs-on": "ubuntu-latest", "timeout-minutes": 45, permissions: { ...SIGN_IN, actions: "read" },
            },
            rollout: { name: "Start the staged rollout (placement web-crp)", needs: "deploy", environment: "production", "runs-on": "ubuntu-latest", "timeout-minutes": 15, permissions: { "id-token": "write" } },
        });
        assert.strictEqual(concurrencyGroup({ ...base, environment: "production" }), "fleet-autodeploy-environment-production-web");
    });

    it("Actions read is asked only where Azure/k8s-deploy runs", () => {
        const steps = YAML.parse(renderWorkflow(base)).jobs.deploy.steps as { uses?: string }[];
        assert.ok(steps.some((s) => String(s.uses).startsWith("Azure/k8s-deploy@")));
        for (const layout of [{ ...base, manifests: { ...base.manifests, source: "helm" as const, path: "charts/web" } }, { ...base, manifests: { ...base.manifests, source: "kustomize" as const, path: "k" } }]) {
            const wf = YAML.parse(renderWorkflow(layout));
            const k8sDeploy = (wf.jobs.deploy.steps as { uses?: string }[]).some((s) => String(s.uses ?? "").startsWith("Azure/k8s-deploy@"));
            assert.deepStrictEqual(wf.jobs.deploy.permissions, k8sDeploy ? { ...SIGN_IN, actions: "read" } : SIGN_IN, layout.manifests.source);
        }
    });

    it("the rollout step: the placement, the strategy, this commit and attempt, and the run template", () => {
        const steps = YAML.parse(renderWorkflow({ ...base, ...rollout })).jobs.rollout.steps as { name: string; env?: Record<string, string> }[];
        const start = steps.find((s) => s.name === "Start this commit's update run")!;
        assert.deepStrictEqual(Object.keys(start.env!), ["PLACEMENT", "STRATEGY", "COMMIT", "ATTEMPT", "RUN_TEMPLATE"]);
        assert.deepStrictEqual([start.env!.PLACEMENT, start.env!.STRATEGY, start.env!.COMMIT, start.env!.ATTEMPT], ["web-crp", "web-strategy", "${{ github.sha }}", "${{ github.run_attempt }}"]);
        assert.deepStrictEqual(JSON.parse(start.env!.RUN_TEMPLATE), stagedUpdateRun("web-crp", "web-strategy"));
        assert.deepStrictEqual(steps.map((s) => s.name).slice(-3), ["Set up kubelogin", steps[steps.length - 2].name, "Start this commit's update run"]);
    });

    it("a staged rollout without the rollout identity's variable is refused", () => {
        assert.throws(() => renderWorkflow({ ...base, rollout: rollout.rollout }), (e: Error) => e.message === "a staged rollout needs variables.rolloutClientId");
    });

    it("the pull-request check: read-only, no sign-in, cancelled by a newer push, on the first branch", () => {
        const wf = YAML.parse(renderPullRequestWorkflow({ ...base, branches: ["main", "next"] }));
        const steps = wf.jobs.build.steps;
        delete wf.jobs.build.steps;
        assert.deepStrictEqual(wf, {
            name: "Verify web builds", on: { pull_request: { branches: ["main"] } }, permissions: { contents: "read" },
            concurrency: { group: "fleet-autodeploy-verify-web-${{ github.ref }}", "cancel-in-progress": true },
            jobs: { build: { name: "Build the image (no push)", "runs-on": "ubuntu-latest", "timeout-minutes": 30 } },
        });
        assert.deepStrictEqual(steps.map((s: { name: string; with?: object }) => [s.name, s.with]), [
            ["Check out", { "persist-credentials": "false" }], ["Set up buildx", { "driver-opts": BUILDKIT_DRIVER_OPTS }], ["Build", { context: ".", file: "Dockerfile", push: "false" }],
        ]);
        const gha = YAML.parse(renderPullRequestWorkflow({ ...base, build: { ...base.build, layerCache: LayerCache.GitHub } }));
        assert.strictEqual(gha.jobs.build.steps[2].with["cache-from"], "type=gha");
        assert.ok(renderPullRequestWorkflow(base).startsWith("# Generated by fleet-autodeploy. Builds pull requests without pushing or signing in to Azure.\n"));
        assert.match(renderPullRequestWorkflow(base), /uses: actions\/checkout@[0-9a-f]{40} # v\d/);
    });
});
