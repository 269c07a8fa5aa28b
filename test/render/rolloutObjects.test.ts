import * as assert from "assert";
import { rolloutClusterRole, rolloutClusterRoleBinding, rolloutRbacName, rolloutScript, stagedUpdateRun } from "../../sdk/src/render/rollout";

// The rollout job finds the runs it started by label and stops them; the RBAC objects are named per placement so two
// apps' rollout grants never claim one object. These tie the objects to the script that acts on them.
const MANAGED = { "app.kubernetes.io/managed-by": "fleet-autodeploy" };

describe("render/rollout: the objects the rollout job and the hub agree on", () => {
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
        const role = rolloutClusterRole("api");
        const binding = rolloutClusterRoleBinding("api", "object-id");
        assert.deepStrictEqual(role.metadata, { name: "fleet-autodeploy-rollout-api", labels: MANAGED });
        assert.deepStrictEqual(binding.metadata, { name: "fleet-autodeploy-rollout-api", labels: MANAGED });
        assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "fleet-autodeploy-rollout-api" });
        role.rules && (role.rules as { verbs: string[] }[])[0].verbs.push("escalate");
        assert.deepStrictEqual((rolloutClusterRole("api").rules as { verbs: string[] }[])[0].verbs, ["create", "get", "list", "patch", "delete"], "each role gets its own copy of the rules");
    });

    it("the script stops at its first failing command", () => {
        assert.strictEqual(rolloutScript().split("\n")[0], "set -euo pipefail");
        assert.ok(rolloutScript().endsWith('} >> "$GITHUB_STEP_SUMMARY"\n'));
    });
});
