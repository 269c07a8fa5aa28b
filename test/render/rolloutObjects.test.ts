import * as assert from "assert";
import { rolloutGrantProbe, rolloutRole, rolloutRoleBinding, rolloutRbacName, rolloutScript, stagedUpdateRun } from "../../sdk/src/render/rollout";
import { validateFleetObject } from "../validators/fleetCrds";
import { validateKubeObject } from "../validators/kubernetesModels";

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
        const role = rolloutRole("api");
        const binding = rolloutRoleBinding("api", "object-id");
        assert.deepStrictEqual(role.metadata, { name: "fleet-autodeploy-rollout-api", labels: MANAGED });
        assert.deepStrictEqual(binding.metadata, { name: "fleet-autodeploy-rollout-api", labels: MANAGED });
        assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "fleet-autodeploy-rollout-api" });
        role.rules && (role.rules as { verbs: string[] }[])[0].verbs.push("escalate");
        assert.deepStrictEqual((rolloutRole("api").rules as { verbs: string[] }[])[0].verbs, ["create", "get", "list", "patch", "delete"], "each role gets its own copy of the rules");
    });

    it("for a ResourcePlacement: a Role and RoleBinding in its namespace, StagedUpdateRuns there, and the script and probe ask there", async () => {
        const role = rolloutRole("web", "web"), binding = rolloutRoleBinding("web", "object-id", "web");
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
