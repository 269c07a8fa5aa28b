// A staged rollout's objects and script (sdk/src/render/rollout.ts): the update run the workflow's rollout job starts
// after each staging, as its own identity, whose only hub permission is update runs; the job's bash runs for real
// against a fake kubectl. The job itself is tested in workflow.test.ts.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { rolloutGrantProbe, rolloutRbacName, rolloutRole, rolloutRoleBinding, rolloutScript, stagedUpdateRun } from "../../sdk/src/render/rollout";
import { validateFleetObject } from "../validators/fleetCrds";
import { validateKubeObject } from "../validators/kubernetesModels";
import { haveBash, runStep } from "./workflowFixtures";

describe("render/rollout", () => {
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

    describe("the objects the rollout job and the hub agree on", () => {
        // The rollout job finds the runs it started by label and stops them; the RBAC objects are named per placement
        // so two apps' rollout grants never claim one object. These tie the objects to the script that acts on them.
        const MANAGED = { "app.kubernetes.io/managed-by": "fleet-autodeploy" };

        it("the run template carries the label the script selects older runs by, and a name the job replaces", () => {
            const selector = /kubectl get clusterstagedupdateruns -l ([^=\s]+)=(\S+) /.exec(rolloutScript());
            assert.ok(selector, "the script selects the runs it started by label");
            const run = stagedUpdateRun("web", "web-strategy");
            assert.deepStrictEqual(run.metadata, { name: "set-by-the-rollout-job", labels: { [selector![1]]: selector![2] } });
            assert.deepStrictEqual(run.metadata.labels, MANAGED);
            assert.match(rolloutScript(), /jq -c --arg name "\$name" '\.metadata\.name = \$name' <<<"\$RUN_TEMPLATE"/, "the job sets the name");
            assert.deepStrictEqual(run.spec, { placementName: "web", stagedRolloutStrategyName: "web-strategy", state: "Run" });
        });

        it("one ClusterRole and binding per placement, named after it, each labelled as ours", () => {
            assert.strictEqual(rolloutRbacName("web"), "fleet-autodeploy-rollout-web");
            assert.notStrictEqual(rolloutRbacName("web"), rolloutRbacName("api"));
            const role = rolloutRole("api");
            const binding = rolloutRoleBinding("api", "object-id");
            assert.deepStrictEqual(role.metadata, { name: "fleet-autodeploy-rollout-api", labels: MANAGED });
            assert.deepStrictEqual(binding.metadata, { name: "fleet-autodeploy-rollout-api", labels: MANAGED });
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "fleet-autodeploy-rollout-api" });
            role.rules && (role.rules as { verbs: string[] }[])[0].verbs.push("escalate");
            assert.deepStrictEqual((rolloutRole("api").rules as { verbs: string[] }[])[0].verbs, ["create", "get", "list", "patch", "delete"], "each role gets its own copy of the rules");
        });

        it("for a ResourcePlacement: a Role and RoleBinding in its namespace, StagedUpdateRuns there, and the script and probe ask there", async () => {
            const role = rolloutRole("web", "web"),
                binding = rolloutRoleBinding("web", "object-id", "web");
            assert.deepStrictEqual([role.kind, role.metadata.namespace, binding.kind, binding.metadata.namespace], ["Role", "web", "RoleBinding", "web"]);
            assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "fleet-autodeploy-rollout-web" });
            assert.deepStrictEqual((role.rules as { resources: string[] }[])[0].resources, ["stagedupdateruns"]);
            await validateKubeObject(role);
            await validateKubeObject(binding);
            const run = stagedUpdateRun("web", "web", "web-0123456789ab-1", "web");
            assert.deepStrictEqual([run.kind, run.metadata.namespace], ["StagedUpdateRun", "web"]);
            assert.deepStrictEqual(validateFleetObject(run), []);
            const script = rolloutScript("web");
            assert.match(script, /^runs=\$\(kubectl get stagedupdateruns --namespace web -l app\.kubernetes\.io\/managed-by=fleet-autodeploy -o json\)$/m);
            assert.match(script, /kubectl delete stagedupdaterun "\$run" --namespace web --wait=false/);
            assert.ok(!/clusterstagedupdaterun|clusterapprovalrequest/.test(script));
            assert.ok(rolloutGrantProbe("web").some((l) => l.includes("kubectl auth can-i create stagedupdateruns.placement.kubernetes-fleet.io --namespace web")));
        });

        it("the script stops at its first failing command", () => {
            assert.strictEqual(rolloutScript().split("\n")[0], "set -euo pipefail");
            assert.ok(rolloutScript().endsWith('} >> "$GITHUB_STEP_SUMMARY"\n'));
        });
    });

    describe("the rollout script, against a fake kubectl", () => {
        before(function () {
            if (!haveBash()) this.skip();
        });
        const item = (name: string, placement: string, state: string, succeeded?: string) => ({
            metadata: { name },
            spec: { placementName: placement, stagedRolloutStrategyName: placement, state },
            status: succeeded ? { conditions: [{ type: "Succeeded", status: succeeded }] } : { conditions: [{ type: "Progressing", status: "True" }] },
        });
        const existing = {
            items: [
                item("web-aaaaaaaaaaaa-1", "web", "Run"), // an older commit, still rolling out (or waiting for approval)
                item("web-bbbbbbbbbbbb-1", "web", "Run", "True"), // finished
                item("web-cccccccccccc-1", "web", "Run", "False"), // failed: finished too
                item("web-dddddddddddd-1", "web", "Stop"), // already stopped
                item("api-eeeeeeeeeeee-1", "api", "Run"), // another placement's
            ],
        };
        const env = (extra: Record<string, string> = {}) => ({
            PLACEMENT: "web",
            STRATEGY: "web",
            COMMIT: "0123456789abcdef0123456789abcdef01234567",
            ATTEMPT: "2",
            RUN_TEMPLATE: JSON.stringify(stagedUpdateRun("web", "web")),
            ...extra,
        });
        const kubectl = (createAnswer: string) =>
            ['case "$1" in', `  get) cat <<'EOF'\n${JSON.stringify(existing)}\nEOF\n;;`, `  create) cat > "$CALLS.created"; ${createAnswer};;`, "  patch) exit 0;;", "esac"].join("\n");

        it("stops only this placement's unfinished runs it started, then creates this commit's run, valid against the CRD", () => {
            const r = runStep(rolloutScript(), env({ GITHUB_STEP_SUMMARY: "/dev/null" }), { kubectl: kubectl('echo "clusterstagedupdaterun created"') });
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.ok(r.calls.includes("kubectl get clusterstagedupdateruns -l app.kubernetes.io/managed-by=fleet-autodeploy -o json"), r.calls.join("\n"));
            assert.deepStrictEqual(
                r.calls.filter((c) => c.startsWith("kubectl patch")),
                ['kubectl patch clusterstagedupdaterun web-aaaaaaaaaaaa-1 --type merge -p {"spec":{"state":"Stop"}}'],
            );
            const created = JSON.parse(fs.readFileSync(path.join(r.dir, "calls.created"), "utf8"));
            assert.strictEqual(created.metadata.name, "web-0123456789ab-2");
            assert.deepStrictEqual(created.spec, { placementName: "web", stagedRolloutStrategyName: "web", state: "Run" });
            assert.deepStrictEqual(validateFleetObject(created), []);
        });

        it("keeps the run's name within the CRD's 63 characters for the longest placement name", () => {
            const long = "p".repeat(63);
            const r = runStep(rolloutScript(), env({ PLACEMENT: long, STRATEGY: long, ATTEMPT: "999", RUN_TEMPLATE: JSON.stringify(stagedUpdateRun(long, long)), GITHUB_STEP_SUMMARY: "/dev/null" }), {
                kubectl: kubectl("exit 0"),
            });
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

    describe("the rollout job's log and summary", () => {
        // What the rollout job tells a person: which older run it stopped and why, and, in the job summary, the run it
        // started and the commands to follow it and its approvals.
        before(function () {
            if (!haveBash()) this.skip();
        });

        it("stops and deletes each superseded run, deletes finished runs beyond the newest five, and names each", () => {
            const at = (day: number) => `2026-01-${String(day).padStart(2, "0")}T00:00:00Z`;
            const done = (name: string, day: number, status = "True") => ({
                metadata: { name, creationTimestamp: at(day) },
                spec: { placementName: "web", state: "Run" },
                status: { conditions: [{ type: "Succeeded", status }] },
            });
            const items = [
                { metadata: { name: "web-aaaaaaaaaaaa-1", creationTimestamp: at(20) }, spec: { placementName: "web", state: "Run" }, status: { conditions: [] } },
                { metadata: { name: "web-initializing", creationTimestamp: at(21) }, spec: { placementName: "web" } },
                // Another placement's runs are never touched.
                { metadata: { name: "api-run", creationTimestamp: at(1) }, spec: { placementName: "api", state: "Run" } },
                ...[1, 2, 3, 4, 5, 6, 7].map((d) => done(`web-done-${d}`, d, d === 3 ? "False" : "True")),
            ];
            const kubectl = ['echo "kubectl $*" >> calls.log', 'case "$1" in', `  get) echo '${JSON.stringify({ items })}';;`, "  create) cat >/dev/null; echo created;;", "esac"].join("\n");
            const r = runStep(
                rolloutScript(),
                {
                    PLACEMENT: "web",
                    STRATEGY: "web-strategy",
                    COMMIT: "0123456789abcdef",
                    ATTEMPT: "1",
                    RUN_TEMPLATE: JSON.stringify(stagedUpdateRun("web", "web-strategy")),
                    GITHUB_STEP_SUMMARY: "summary.md",
                },
                { kubectl },
            );
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.deepStrictEqual(r.stdout.split("\n").filter(Boolean), [
                "Stopping update run web-aaaaaaaaaaaa-1 of placement web: this commit supersedes it. Deleting it deletes its approval requests.",
                "Stopping update run web-initializing of placement web: this commit supersedes it. Deleting it deletes its approval requests.",
                "Deleting finished update run web-done-2 of placement web (the newest 5 finished runs are kept).",
                "Deleting finished update run web-done-1 of placement web (the newest 5 finished runs are kept).",
                "created",
            ]);
            const calls = fs
                .readFileSync(path.join(r.dir, "work", "calls.log"), "utf8")
                .split("\n")
                .filter(Boolean);
            assert.deepStrictEqual(
                calls.filter((c) => !c.startsWith("kubectl get") && !c.startsWith("kubectl create")),
                [
                    `kubectl patch clusterstagedupdaterun web-aaaaaaaaaaaa-1 --type merge -p {"spec":{"state":"Stop"}}`,
                    "kubectl delete clusterstagedupdaterun web-aaaaaaaaaaaa-1 --wait=false",
                    // An initializing run cannot be stopped (CRD rule: Initialize to Stop), only deleted.
                    "kubectl delete clusterstagedupdaterun web-initializing --wait=false",
                    "kubectl delete clusterstagedupdaterun web-done-2 --wait=false",
                    "kubectl delete clusterstagedupdaterun web-done-1 --wait=false",
                ],
            );
            assert.strictEqual(
                fs.readFileSync(path.join(r.dir, "work", "summary.md"), "utf8"),
                [
                    "### Staged rollout started: update run `web-0123456789ab-1`",
                    "Placement `web`, strategy `web-strategy`. Follow it on the hub with `kubectl get clusterstagedupdaterun web-0123456789ab-1`;",
                    "stages that wait for an approval list theirs with `kubectl get clusterapprovalrequests`.",
                    "",
                ].join("\n"),
            );
        });
    });
});
