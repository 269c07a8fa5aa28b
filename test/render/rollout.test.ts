// A staged rollout that rolls out: the workflow's rollout job starts an update run after each staging, as its own
// identity, whose only hub permission is update runs. The job's bash runs for real against a fake kubectl.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { overlappingStageProblems } from "../../sdk/src/render/placementProblems";
import { renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { rolloutRole, rolloutRoleBinding, rolloutScript, stagedUpdateRun } from "../../sdk/src/render/rollout";
import { actionlintFindings, pinViolations } from "../validators/actionlint";
import { validateFleetObject } from "../validators/fleetCrds";
import { validateKubeObject } from "../validators/kubernetesModels";
import { base, haveBash, NO_SLEEP, parse, runStep, withSignIn } from "./workflowFixtures";

const staged: WorkflowSpec = {
    ...base,
    variables: { ...base.variables, rolloutClientId: "AZURE_ROLLOUT_CLIENT_ID" },
    rollout: { placement: "web", strategy: "web" },
};

describe("render/rollout: staged rollouts start their update runs", () => {
    describe("the update run", () => {
        it("is valid against the ClusterStagedUpdateRun CRD, starts at once, and takes the latest snapshot", () => {
            const run = stagedUpdateRun("web", "web", "web-0123456789ab-1");
            assert.deepStrictEqual(validateFleetObject(run), []);
            assert.deepStrictEqual(run.spec, { placementName: "web", stagedRolloutStrategyName: "web", state: "Run" });
            // An index would pin an old snapshot; with External, Fleet snapshots only for a run without one.
            assert.ok(!("resourceSnapshotIndex" in (run.spec as object)));
        });
    });

    describe("the rollout identity's hub permission", () => {
        it("is a ClusterRole on update runs only, bound to the identity's object id; both valid Kubernetes objects", async () => {
            const role = rolloutRole("web");
            const binding = rolloutRoleBinding("web", "11111111-2222-3333-4444-555555555555");
            await validateKubeObject(role);
            await validateKubeObject(binding);
            assert.deepStrictEqual(role.rules, [{ apiGroups: ["placement.kubernetes-fleet.io"], resources: ["clusterstagedupdateruns"], verbs: ["create", "get", "list", "patch", "delete"] }]);
            assert.deepStrictEqual(binding.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "11111111-2222-3333-4444-555555555555" }]);
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name });
            // Cluster-scoped: a placement of the app's namespace never copies them to members.
            assert.strictEqual(role.metadata.namespace, undefined);
            assert.strictEqual(binding.metadata.namespace, undefined);
        });
    });

    describe("the workflow's rollout job", () => {
        it("runs after staging, signs in as the rollout identity, checks nothing out, and is actionlint-clean", async () => {
            const text = renderWorkflow(staged);
            assert.deepStrictEqual(await actionlintFindings(text), []);
            assert.deepStrictEqual(pinViolations(text), []);
            const job = parse(staged).jobs.rollout;
            assert.strictEqual(job.needs, "deploy");
            assert.deepStrictEqual(job.permissions, { "id-token": "write" });
            const logins = job.steps.filter((s: any) => String(s.uses).startsWith("azure/login@"));
            assert.ok(logins.length > 0);
            for (const l of logins) assert.strictEqual(l.with["client-id"], "${{ vars.AZURE_ROLLOUT_CLIENT_ID }}");
            assert.ok(!job.steps.some((s: any) => String(s.uses).startsWith("actions/checkout@")), "no repository code in the job that can roll out");
            // The deploy job keeps signing in as the deploy identity.
            for (const l of parse(staged).jobs.deploy.steps.filter((s: any) => String(s.uses).startsWith("azure/login@"))) {
                assert.strictEqual(l.with["client-id"], "${{ vars.AZURE_CLIENT_ID }}");
            }
            const start = job.steps.find((s: any) => s.name === "Start this commit's update run");
            assert.deepStrictEqual(JSON.parse(start.env.RUN_TEMPLATE).spec, { placementName: "web", stagedRolloutStrategyName: "web", state: "Run" });
        });

        it("in an environment, runs in it too (its protection rules ask before the rollout), and without a staged rollout there is no such job", async () => {
            const env = parse({ ...staged, environment: "production" });
            assert.strictEqual(env.jobs.rollout.environment, "production");
            assert.deepStrictEqual(await actionlintFindings(renderWorkflow({ ...staged, environment: "production" })), []);
            assert.strictEqual(parse(base).jobs.rollout, undefined);
        });

        it("waits, bounded, for the rollout grant: kubectl auth can-i create clusterstagedupdateruns", function () {
            if (!haveBash()) this.skip();
            const step = parse(staged).jobs.rollout.steps.find((s: any) => s.name === "Get the fleet hub's credentials (waits for access)");
            const r = runStep(step.run, { ...step.env, FLEET_RESOURCE_GROUP: "rg", FLEET_NAME: "fleet", SIGN_IN_CLIENT_ID: "rollout-client" }, withSignIn({
                ...NO_SLEEP,
                az: 'echo "apiVersion: v1" > "$KUBECONFIG"',
                kubelogin: "exit 0",
                kubectl: 'c=$(( $(cat "$CALLS.k" 2>/dev/null || echo 0) + 1 )); echo "$c" > "$CALLS.k"; if [ "$c" -ge 2 ]; then echo yes; else echo no; exit 1; fi',
            }));
            assert.strictEqual(step.env.SIGN_IN_CLIENT_ID, "${{ vars.AZURE_ROLLOUT_CLIENT_ID }}", "each attempt signs in again as the rollout identity");
            assert.ok(r.calls.some((c) => c.startsWith("az login --service-principal --username rollout-client ")), r.calls.join("\n"));
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.ok(r.calls.includes("kubectl auth can-i create clusterstagedupdateruns.placement.kubernetes-fleet.io"), r.calls.join("\n"));
            assert.match(r.stdout, /attempt 1\/10: kubectl auth can-i create clusterstagedupdateruns.placement.kubernetes-fleet.io answered: no/);
            assert.ok(r.calls.includes("kubelogin convert-kubeconfig -l azurecli"));
        });
    });

    describe("the rollout script, against a fake kubectl", function () {
        before(function () { if (!haveBash()) this.skip(); });
        const item = (name: string, placement: string, state: string, succeeded?: string) => ({
            metadata: { name }, spec: { placementName: placement, stagedRolloutStrategyName: placement, state },
            status: succeeded ? { conditions: [{ type: "Succeeded", status: succeeded }] } : { conditions: [{ type: "Progressing", status: "True" }] },
        });
        const existing = {
            items: [
                item("web-aaaaaaaaaaaa-1", "web", "Run"),                // an older commit, still rolling out (or waiting for approval)
                item("web-bbbbbbbbbbbb-1", "web", "Run", "True"),        // finished
                item("web-cccccccccccc-1", "web", "Run", "False"),       // failed: finished too
                item("web-dddddddddddd-1", "web", "Stop"),               // already stopped
                item("api-eeeeeeeeeeee-1", "api", "Run"),                // another placement's
            ],
        };
        const env = (extra: Record<string, string> = {}) => ({
            PLACEMENT: "web", STRATEGY: "web", COMMIT: "0123456789abcdef0123456789abcdef01234567", ATTEMPT: "2",
            RUN_TEMPLATE: JSON.stringify(stagedUpdateRun("web", "web")), ...extra,
        });
        const kubectl = (createAnswer: string) => [
            'case "$1" in',
            `  get) cat <<'EOF'\n${JSON.stringify(existing)}\nEOF\n;;`,
            '  create) cat > "$CALLS.created"; ' + createAnswer + ";;",
            "  patch) exit 0;;",
            "esac",
        ].join("\n");

        it("stops only this placement's unfinished runs it started, then creates this commit's run, valid against the CRD", () => {
            const r = runStep(rolloutScript(), env({ GITHUB_STEP_SUMMARY: "/dev/null" }), { kubectl: kubectl('echo "clusterstagedupdaterun created"') });
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.ok(r.calls.includes("kubectl get clusterstagedupdateruns -l app.kubernetes.io/managed-by=fleet-autodeploy -o json"), r.calls.join("\n"));
            assert.deepStrictEqual(r.calls.filter((c) => c.startsWith("kubectl patch")), [
                'kubectl patch clusterstagedupdaterun web-aaaaaaaaaaaa-1 --type merge -p {"spec":{"state":"Stop"}}',
            ]);
            const created = JSON.parse(fs.readFileSync(path.join(r.dir, "calls.created"), "utf8"));
            assert.strictEqual(created.metadata.name, "web-0123456789ab-2");
            assert.deepStrictEqual(created.spec, { placementName: "web", stagedRolloutStrategyName: "web", state: "Run" });
            assert.deepStrictEqual(validateFleetObject(created), []);
        });

        it("keeps the run's name within the CRD's 63 characters for the longest placement name", () => {
            const long = "p".repeat(63);
            const r = runStep(rolloutScript(), env({ PLACEMENT: long, STRATEGY: long, ATTEMPT: "999", RUN_TEMPLATE: JSON.stringify(stagedUpdateRun(long, long)), GITHUB_STEP_SUMMARY: "/dev/null" }),
                { kubectl: kubectl("exit 0") });
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            const created = JSON.parse(fs.readFileSync(path.join(r.dir, "calls.created"), "utf8"));
            assert.ok(created.metadata.name.length <= 63, created.metadata.name);
            assert.deepStrictEqual(validateFleetObject(created), []);
        });

        it("a re-run of the same attempt finds its run and succeeds; any other refusal fails the job with the API's answer", () => {
            const again = runStep(rolloutScript(), env({ GITHUB_STEP_SUMMARY: "/dev/null" }), { kubectl: kubectl('echo "Error from server (AlreadyExists): already exists" >&2; exit 1') });
            assert.strictEqual(again.status, 0, again.stdout + again.stderr);
            assert.match(again.stdout, /::notice title=Update run exists::/);
            const refused = runStep(rolloutScript(), env({ GITHUB_STEP_SUMMARY: "/dev/null" }), { kubectl: kubectl('echo "Error from server (Forbidden): cannot create" >&2; exit 1') });
            assert.strictEqual(refused.status, 1);
            assert.match(refused.stdout, /::error title=Update run not created::Error from server \(Forbidden\)/);
        });
    });

    describe("stages that could share a member are refused (Fleet fails such a run at initialization)", () => {
        const stage = (name: string, labels: Record<string, string>) => ({ name, labels });
        it("one key with different values is disjoint; a missing key, a subset or equal labels overlap", () => {
            assert.deepStrictEqual(overlappingStageProblems([stage("canary", { "fleet-stage": "canary" }), stage("prod", { "fleet-stage": "prod" })], "s"), []);
            assert.deepStrictEqual(overlappingStageProblems([stage("a", { ring: "0", region: "eu" }), stage("b", { ring: "1" })], "s"), []);
            const cases: Record<string, string>[][] = [
                [{ "fleet-stage": "canary" }, { region: "eu" }],
                [{ ring: "0" }, { ring: "0", region: "eu" }],
                [{ ring: "0" }, { ring: "0" }],
            ];
            for (const [a, b] of cases) {
                const p = overlappingStageProblems([stage("first", a), stage("second", b)], "placement.stagedRollout.stages");
                assert.strictEqual(p.length, 1, JSON.stringify([a, b]));
                assert.strictEqual(p[0].path, "placement.stagedRollout.stages[1].clusterLabels");
                assert.match(p[0].message, /stage "second".*stage "first".*overlapping clusters between stages/);
            }
        });
    });
});
