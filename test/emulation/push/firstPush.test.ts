// The first push as it really runs: the generated workflow, every job and step, against stateful fakes of Entra,
// GitHub's ID tokens, Azure CLI, the registry and the hub (fake.js), on a virtual clock. A first push starts the moment
// `pulumi up` commits the workflow, while the new federated credential and role assignments still propagate.
import * as assert from "node:assert";
import { renderWorkflow, WorkflowSpec } from "../../../sdk/src/render/workflow";
import { base, haveBash, layouts } from "../../render/workflowFixtures";
import { runWorkflow, RunResult } from "./runner";
import { Timing, world } from "./world";

const MIN = 60;
/** Credential usable after 3 minutes, roles after 9, a 12-minute build: what onboarding can meet on a busy day. */
const LATE: Timing = { credential: 3 * MIN, registryRoles: 9 * MIN, hubRoles: 9 * MIN, build: 12 * MIN };

const run = (spec: WorkflowSpec, timing: Timing, text = renderWorkflow(spec), plant?: (script: string) => string) => runWorkflow(text, { ...world(spec, timing), plant });
const results = (r: RunResult) => Object.fromEntries(Object.entries(r.jobs).map(([k, j]) => [k, j.result]));
const stepOf = (r: RunResult, job: string, name: RegExp) => r.jobs[job].steps.find((s) => name.test(s.name))!;
const stagingJob = (r: RunResult) => ("deploy" in r.jobs ? "deploy" : Object.keys(r.jobs)[0]);
const IMAGE = "contoso.azurecr.io/web:0123456789abcdef0123456789abcdef01234567";

describe("emulated first push: the workflow's jobs against stateful fakes, on a virtual clock", function () {
    this.timeout(300000);
    before(function () {
        if (!haveBash()) this.skip();
    });

    describe("credential accepted after 3 minutes, roles after 9, a 12-minute build: every layout deploys", () => {
        // Every build mode x registry mode x environment x manifest source, and each further family (rollouts, clouds,
        // ids in secrets) with one manifest source: a family changes the sign-ins and jobs, not how manifests are staged.
        // test/render/actionContracts.test.ts checks every layout's steps; each run here costs seconds of bash.
        const families = layouts.filter((l) => /^(runner|acrTasks) x/.test(l.label) || l.label.endsWith("x directory"));
        for (const { label, spec } of families) {
            it(label, () => {
                const r = run(spec, LATE);
                const expected = Object.fromEntries(Object.keys(r.jobs).map((k) => [k, "success"]));
                assert.deepStrictEqual(results(r), expected, r.log);
                assert.ok(
                    r.state.registry.images.some((i: string) => i.endsWith("web:0123456789abcdef0123456789abcdef01234567")),
                    r.log,
                );
                const deployment = r.state.hub.objects.find((o: any) => o.kind === "Deployment");
                assert.ok(deployment && deployment.namespace === "web", r.log);
                // A namespaced placement (managed namespace) is rolled out by a StagedUpdateRun in its namespace.
                const runKind = spec.rollout?.namespace ? "StagedUpdateRun" : "ClusterStagedUpdateRun";
                if (spec.rollout)
                    assert.ok(
                        r.state.hub.objects.some((o: any) => o.kind === runKind),
                        r.log,
                    );
                // The run outlived the first ID token many times over: the waits signed in again.
                assert.ok(r.state.now > 20 * MIN, String(r.state.now));
            });
        }

        it("with the ids in secrets and in Azure Government (its audience), too", () => {
            for (const spec of [
                { ...base, credentialStore: "secrets" as const },
                { ...base, cloud: "usGovernment" as const },
            ]) {
                const r = run(spec, LATE);
                assert.deepStrictEqual(results(r), { build: "success", deploy: "success" }, r.log);
            }
        });
    });

    // The hub's roles land 6.5 minutes into the deploy job's wait: its first token for the hub is requested after
    // azure/login's ID token expired. Only a fresh sign-in inside the wait gets it.
    const HUB_LATE: Timing = { ...LATE, hubRoles: 28 * MIN };
    for (const spec of [base, { ...base, environment: "production" }]) {
        const kind = spec.environment ? "one job in an environment" : "build and deploy jobs";
        it(`hub roles landing 6+ minutes into the hub's wait: deploys (${kind})`, () => {
            const r = run(spec, HUB_LATE);
            assert.strictEqual(r.jobs[stagingJob(r)].result, "success", r.log);
            const wait = stepOf(r, stagingJob(r), /^Get the fleet hub's credentials/);
            assert.match(wait.output, /attempt 6\/10/, "it did wait that long");
        });

        it(`planted: the same with the wait's re-sign-in removed fails with AADSTS700024 (${kind})`, () => {
            const r = run(spec, HUB_LATE, undefined, (script) => script.replace("  sign_in || return 1\n", ""));
            assert.strictEqual(r.jobs[stagingJob(r)].result, "failure");
            const wait = stepOf(r, stagingJob(r), /^Get the fleet hub's credentials/);
            assert.strictEqual(wait.outcome, "failure");
            assert.match(
                wait.output,
                /::error title=Hub access not granted::.*Gave up after 10 attempts; last answer: kubectl auth can-i .*AADSTS700024: Client assertion is not within its valid time range/,
            );
        });
    }

    it("a role that never lands: the wait gives up with its error after its bound (about 7 minutes of waiting)", () => {
        const r = run(base, { ...LATE, hubRoles: Infinity });
        assert.deepStrictEqual(results(r), { build: "success", deploy: "failure" });
        const wait = stepOf(r, "deploy", /^Get the fleet hub's credentials/);
        assert.match(
            wait.output,
            /::error title=Hub access not granted::The deploy identity still cannot write Deployments in hub namespace web: check its Hub Cluster User Role assignment .* Gave up after 10 attempts; last answer: subscription sub-1 is not among those|Gave up after 10 attempts; last answer: getting the hub credentials failed: ERROR: \(AuthorizationFailed\)/,
        );
        const after = r.jobs.deploy.steps[r.jobs.deploy.steps.indexOf(wait) + 1];
        const span = (after?.at ?? r.state.now) - wait.at;
        assert.ok(span >= 430 && span <= 10 * MIN, `the wait took ${span}s`);
        assert.strictEqual(r.jobs.deploy.steps.at(-1)!.outcome, "skipped", "nothing staged");
    });

    it("a flaky cache export (ACR's 400): the build succeeds, the image is pushed, the cache is skipped once", () => {
        const r = run(base, { ...LATE, cacheExportFailures: 1 });
        assert.deepStrictEqual(results(r), { build: "success", deploy: "success" }, r.log);
        assert.match(stepOf(r, "build", /^Build and push$/).output, /WARNING: failed to export cache \(ignored\)/);
    });

    it("planted: the same cache-to without ignore-error=true fails the build although the image is already pushed", () => {
        const text = renderWorkflow(base).replace(/,ignore-error=true/g, "");
        const r = run(base, { ...LATE, cacheExportFailures: 1 }, text);
        assert.deepStrictEqual(results(r), { build: "failure", deploy: "skipped" });
        assert.match(stepOf(r, "build", /^Build and push$/).output, /ERROR: failed to solve: .*400 Bad Request/);
        assert.ok(r.state.registry.images.includes(IMAGE), "pushed before the export failed");
    });

    describe("a push grant landing between the probe's first registry call and its token request", () => {
        // Docker's credential taken first, as the probe did before: the planted order.
        const dockerFirst = (script: string) => {
            const docker = 'if ! out=$(az acr login --name "$REGISTRY" -o none 2>&1); then\n    reason="the registry sign-in failed: $(printf \'%s\\n\' "$out" | tail -n 1)"\n    return 1\n  fi\n';
            if (!script.includes("--expose-token")) return script;
            const stripped = script.split(docker).join("");
            return stripped.replace("  if ! token=$(az acr login", `  ${docker}  if ! token=$(az acr login`);
        };
        // Calibrated on the virtual clock: the time Docker's credential is taken in the planted order's first try.
        const landsAt = () => {
            const probe = run(base, { credential: 0, registryRoles: 0, hubRoles: 0, build: MIN }, undefined, dockerFirst);
            const line = probe.state.log.find((l: string) => l.includes("docker credential"));
            return Number(line.split(" ")[0]) + 1;
        };

        it("planted: Docker's credential taken before the grant, the probe passes after it, the push is denied", () => {
            const at = landsAt();
            const r = run(base, { credential: 0, registryRoles: at, hubRoles: 0, build: MIN }, undefined, dockerFirst);
            assert.strictEqual(r.jobs.build.result, "failure", r.log);
            assert.match(stepOf(r, "build", /^Build and push$/).output, /denied: requested access to the resource is denied/);
        });

        it("as rendered: the token is probed first and Docker's credential taken after it shows push: the push succeeds", () => {
            const at = landsAt();
            const r = run(base, { credential: 0, registryRoles: at, hubRoles: 0, build: MIN });
            assert.deepStrictEqual(results(r), { build: "success", deploy: "success" }, r.log);
        });
    });
});
