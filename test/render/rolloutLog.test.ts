import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { rolloutScript, stagedUpdateRun } from "../../sdk/src/render/rollout";
import { haveBash, runStep } from "./workflowFixtures";

// What the rollout job tells a person: which older run it stopped and why, and, in the job summary, the run it
// started and the commands to follow it and its approvals.
describe("render/rollout: the rollout job's log and summary", function () {
    before(function () { if (!haveBash()) this.skip(); });

    it("names each run it stops, and writes the run, the placement, the strategy and how to follow them to the summary", () => {
        const older = { metadata: { name: "web-aaaaaaaaaaaa-1" }, spec: { placementName: "web", state: "Run" }, status: { conditions: [] } };
        const kubectl = ['case "$1" in', `  get) echo '${JSON.stringify({ items: [older] })}';;`, "  create) cat >/dev/null; echo created;;", "esac"].join("\n");
        const r = runStep(rolloutScript(), {
            PLACEMENT: "web", STRATEGY: "web-strategy", COMMIT: "0123456789abcdef", ATTEMPT: "1",
            RUN_TEMPLATE: JSON.stringify(stagedUpdateRun("web", "web-strategy")), GITHUB_STEP_SUMMARY: "summary.md",
        }, { kubectl });
        assert.strictEqual(r.status, 0, r.stdout + r.stderr);
        assert.deepStrictEqual(r.stdout.split("\n").filter(Boolean), ["Stopping update run web-aaaaaaaaaaaa-1 of placement web: this commit supersedes it.", "created"]);
        assert.strictEqual(fs.readFileSync(path.join(r.dir, "work", "summary.md"), "utf8"), [
            "### Staged rollout started: update run `web-0123456789ab-1`",
            "Placement `web`, strategy `web-strategy`. Follow it on the hub with `kubectl get clusterstagedupdaterun web-0123456789ab-1`;",
            "stages that wait for an approval list theirs with `kubectl get clusterapprovalrequests`.",
            "",
        ].join("\n"));
    });
});
