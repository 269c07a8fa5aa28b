// A staged rollout's update runs: who starts them (the workflow's rollout job, as its own identity), with what object,
// and the hub permission that identity holds. Pure: plain data in, objects and bash out.
import { KubeObject } from "./kube";
import { PLACEMENT_API } from "./placementTypes";
import { hubAccessProbe } from "./scripts";

/**
 * The run the rollout job creates after each staging. `resourceSnapshotIndex` is left out: with the External
 * strategy Fleet snapshots nothing on its own, and a run without an index uses "the latest snapshot, creating one if
 * it doesn't already exist" (learn.microsoft.com/azure/kubernetes-fleet/concepts-rollout-strategy), which is the
 * namespace as the deploy job just staged it. `state: Run`: without a state a run only initializes (the CRD's
 * default `Initialize`; troubleshoot-staged-update-run-api-issues, "ClusterStagedUpdateRun doesn't run
 * automatically"). The job sets the name.
 */
export function stagedUpdateRun(placementName: string, strategyName: string, name = "set-by-the-rollout-job"): KubeObject {
    return {
        apiVersion: PLACEMENT_API,
        kind: "ClusterStagedUpdateRun",
        metadata: { name, labels: { "app.kubernetes.io/managed-by": "fleet-autodeploy" } },
        spec: { placementName, stagedRolloutStrategyName: strategyName, state: "Run" },
    };
}

/**
 * What the rollout identity may do on the hub, and nothing else: create update runs, read and stop them (a newer
 * commit stops the older run still rolling out, as the workflow's concurrency group cancels older pending runs), and
 * delete them (a superseded run, and finished runs beyond the newest few, which would otherwise pile up one per commit).
 * Kubernetes RBAC cannot narrow `create` to names, so it may start a run of any placement: the run only rolls out
 * what is already staged, through a strategy that already exists. No Azure role is narrower: Fleet's RBAC roles
 * "don't support access control for specific Kubernetes Custom Resources", and the only built-in one that reaches
 * update runs is RBAC Cluster Admin, on everything (learn.microsoft.com/azure/kubernetes-fleet/concepts-rbac).
 * A ClusterRole and ClusterRoleBinding, never a Role in the app's namespace: a placement of the namespace would copy
 * that onto every member. The subject of an Entra service principal is its object id (kubelogin, topics/sp.html).
 */
export const ROLLOUT_RULES = [
    { apiGroups: ["placement.kubernetes-fleet.io"], resources: ["clusterstagedupdateruns"], verbs: ["create", "get", "list", "patch", "delete"] },
] as const;

export function rolloutRbacName(placementName: string): string {
    return `fleet-autodeploy-rollout-${placementName}`;
}

export function rolloutClusterRole(placementName: string): KubeObject {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: rolloutRbacName(placementName), labels: { "app.kubernetes.io/managed-by": "fleet-autodeploy" } },
        rules: ROLLOUT_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
    };
}

/** `principalId` is the object id, or (for the shell) an Output of it. */
export function rolloutClusterRoleBinding<P = string>(placementName: string, principalId: P): KubeObject {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: rolloutRbacName(placementName), labels: { "app.kubernetes.io/managed-by": "fleet-autodeploy" } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: rolloutRbacName(placementName) },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: principalId }],
    };
}

/** Probe (see scripts.ts waitForGrant): the hub's credentials, then may the signed-in identity create update runs? */
export function rolloutGrantProbe(): string[] {
    return hubAccessProbe(["create", "clusterstagedupdateruns.placement.kubernetes-fleet.io"]);
}

/** Finished runs of a placement kept on the hub for their history; older ones are deleted. */
export const KEPT_FINISHED_RUNS = 5;

/**
 * Starts the update run of this commit: stops the placement's unfinished runs that this job started (an older
 * commit's, maybe waiting for an approval; never one a person started: two runs of one placement would fight over its
 * members, and "it's up to the DevOps team to ensure they don't conflict", CRD spec.placementName) and deletes them:
 * deleting a run deletes its approval requests (kubefleet's update-run finalizer, pkg/controllers/updaterun/controller.go
 * handleDelete), so none is left asking for an approval that gates nothing any more. Then it deletes this placement's
 * finished runs beyond the newest KEPT_FINISHED_RUNS, and creates this one from RUN_TEMPLATE. The name is the
 * placement, the commit and the attempt: a re-run of the job starts a new run instead of failing on the old name, and
 * names stay within the CRD's 63 characters. A run is finished once its Succeeded condition is True or False.
 */
export function rolloutScript(): string {
    return [
        "set -euo pipefail",
        'placement_part=$(printf \'%s\' "${PLACEMENT:0:40}" | sed \'s/-*$//\')',
        'name="${placement_part}-${COMMIT:0:12}-${ATTEMPT}"',
        'runs=$(kubectl get clusterstagedupdateruns -l app.kubernetes.io/managed-by=fleet-autodeploy -o json)',
        "finished='any(.status.conditions[]?; .type == \"Succeeded\" and (.status == \"True\" or .status == \"False\"))'",
        String.raw`older=$(jq -r --arg p "$PLACEMENT" --arg n "$name" ".items[] | select(.spec.placementName == \$p and .metadata.name != \$n) | select($finished | not) | \"\(.metadata.name) \(.spec.state // \"Initialize\")\"" <<<"$runs")`,
        'while read -r run state; do',
        '  [ -n "$run" ] || continue',
        '  echo "Stopping update run $run of placement $PLACEMENT: this commit supersedes it. Deleting it deletes its approval requests."',
        // Initialize cannot go to Stop (CRD rule); such a run has changed no member yet, and is only deleted.
        "  if [ \"$state\" = Run ]; then kubectl patch clusterstagedupdaterun \"$run\" --type merge -p '{\"spec\":{\"state\":\"Stop\"}}'; fi",
        '  kubectl delete clusterstagedupdaterun "$run" --wait=false',
        'done <<<"$older"',
        String.raw`stale=$(jq -r --arg p "$PLACEMENT" --argjson keep ${KEPT_FINISHED_RUNS} "[.items[] | select(.spec.placementName == \$p) | select($finished)] | sort_by(.metadata.creationTimestamp) | reverse | .[\$keep:][] | .metadata.name" <<<"$runs")`,
        'for run in $stale; do',
        '  echo "Deleting finished update run $run of placement $PLACEMENT (the newest ' + KEPT_FINISHED_RUNS + ' finished runs are kept)."',
        '  kubectl delete clusterstagedupdaterun "$run" --wait=false',
        "done",
        "run=$(jq -c --arg name \"$name\" '.metadata.name = $name' <<<\"$RUN_TEMPLATE\")",
        'if out=$(kubectl create -f - <<<"$run" 2>&1); then',
        '  echo "$out"',
        'elif grep -q AlreadyExists <<<"$out"; then',
        '  echo "::notice title=Update run exists::Update run $name was already created by this attempt."',
        "else",
        '  echo "::error title=Update run not created::$(printf \'%s\\n\' "$out" | tail -n 1)"',
        "  exit 1",
        "fi",
        "{",
        '  echo "### Staged rollout started: update run \\`$name\\`"',
        '  echo "Placement \\`$PLACEMENT\\`, strategy \\`$STRATEGY\\`. Follow it on the hub with \\`kubectl get clusterstagedupdaterun $name\\`;"',
        '  echo "stages that wait for an approval list theirs with \\`kubectl get clusterapprovalrequests\\`."',
        '} >> "$GITHUB_STEP_SUMMARY"',
        "",
    ].join("\n");
}
