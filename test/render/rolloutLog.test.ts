import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { rolloutScript, stagedUpdateRun } from "../../sdk/src/render/rollout";
import { haveBash, runStep } from "./workflowFixtures";

// What the rollout job tells a person: which older run it stopped and why, and, in the job summary, the run it
// started and the commands to follow it and its approvals.
describe("render/rollout: the rollout job's log and summary", function () {
    before(function () { if (!haveBash()) this.skip(); });

    it("stops and deletes each superseded run, deletes finished runs beyond the newest five, and names each", () => {
        const at = (day: number) => `2026-01-${String(day).padStart(2, "0")}T00:00:00Z`;
        const done = (name: string, day: number, status = "True") => ({ metadata: { name, creationTimestamp: at(day) }, spec: { placementName: "web", state: "Run" }, status: { conditions: [{ type: "Succeeded", status }] } });
        const items = [
            { metadata: { name: "web-aaaaaaaaaaaa-1", creationTimestamp: at(20) }, spec: { placementName: "web", state: "Run" }, status: { conditions: [] } },
            { metadata: { name: "web-initializing", creationTimestamp: at(21) }, spec: { placementName: "web" } },
            // Another placement's runs are never touched.
            { metadata: { name: "api-run", creationTimestamp: at(1) }, spec: { placementName: "api", state: "Run" } },
            ...[1, 2, 3, 4, 5, 6, 7].map((d) => done(`web-done-${d}`, d, d === 3 ? "False" : "True")),
        ];
        const kubectl = ['echo "kubectl $*" >> calls.log', 'case "$1" in', `  get) echo '${JSON.stringify({ items })}';;`, "  create) cat >/dev/null; echo created;;", "esac"].join("\n");
        const r = runStep(rolloutScript(), {
            PLACEMENT: "web", STRATEGY: "web-strategy", COMMIT: "0123456789abcdef", ATTEMPT: "1",
            RUN_TEMPLATE: JSON.stringify(stagedUpdateRun("web", "web-strategy")), GITHUB_STEP_SUMMARY: "summary.md",
        }, { kubectl });
        assert.strictEqual(r.status, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(r.stdout.split("\n").filter(Boolean), [
            "Stopping update run web-aaaaaaaaaaaa-1 of placement web: this commit supersedes it. Deleting it deletes its approval requests.",
            "Stopping update run web-initializing of placement web: this commit supersedes it. Deleting it deletes its approval requests.",
            "Deleting finished update run web-done-2 of placement web (the newest 5 finished runs are kept).",
            "Deleting finished update run web-done-1 of placement web (the newest 5 finished runs are kept).",
            "created",
        ]);
        const calls = fs.readFileSync(path.join(r.dir, "work", "calls.log"), "utf8").split("\n").filter(Boolean);
        assert.deepStrictEqual(calls.filter((c) => !c.startsWith("kubectl get") && !c.startsWith("kubectl create")), [
            `kubectl patch clusterstagedupdaterun web-aaaaaaaaaaaa-1 --type merge -p {"spec":{"state":"Stop"}}`,
            "kubectl delete clusterstagedupdaterun web-aaaaaaaaaaaa-1 --wait=false",
            // An initializing run cannot be stopped (CRD rule: Initialize to Stop), only deleted.
            "kubectl delete clusterstagedupdaterun web-initializing --wait=false",
            "kubectl delete clusterstagedupdaterun web-done-2 --wait=false",
            "kubectl delete clusterstagedupdaterun web-done-1 --wait=false",
        ]);
        assert.strictEqual(fs.readFileSync(path.join(r.dir, "work", "summary.md"), "utf8"), [
            "### Staged rollout started: update run `web-0123456789ab-1`",
            "Placement `web`, strategy `web-strategy`. Follow it on the hub with `kubectl get clusterstagedupdaterun web-0123456789ab-1`;",
            "stages that wait for an approval list theirs with `kubectl get clusterapprovalrequests`.",
            "",
        ].join("\n"));
    });
});
