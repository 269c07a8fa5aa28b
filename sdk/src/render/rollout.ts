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
 * What the rollout identity may do on the hub, and nothing else: create update runs, and read and stop them (a newer
 * commit stops the older run still rolling out, as the workflow's concurrency group cancels older pending runs).
 * Kubernetes RBAC cannot narrow `create` to names, so it may start a run of any placement: the run only rolls out
 * what is already staged, through a strategy that already exists. No Azure role is narrower: Fleet's RBAC roles
 * "don't support access control for specific Kubernetes Custom Resources", and the only built-in one that reaches
 * update runs is RBAC Cluster Admin, on everything (learn.microsoft.com/azure/kubernetes-fleet/concepts-rbac).
 * A ClusterRole and ClusterRoleBinding, never a Role in the app's namespace: a placement of the namespace would copy
 * that onto every member. The subject of an Entra service principal is its object id (kubelogin, topics/sp.html).
 */
export const ROLLOUT_RULES = [
    { apiGroups: ["placement.kubernetes-fleet.io"], resources: ["clusterstagedupdateruns"], verbs: ["create", "get", "list", "patch"] },
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

/**
 * Starts the update run of this commit: stops the placement's unfinished runs that this job started (an older
 * commit's, maybe waiting for an approval; never one a person started: two runs of one placement would fight over its members, and "it's up to the DevOps team to ensure they
 * don't conflict", CRD spec.placementName), then creates this one from RUN_TEMPLATE. The name is the placement, the
 * commit and the attempt: a re-run of the job starts a new run instead of failing on the old name, and names stay
 * within the CRD's 63 characters. A run is finished once its Succeeded condition is True or False.
 */
export function rolloutScript(): string {
    return [
        "set -euo pipefail",
        'placement_part=$(printf \'%s\' "${PLACEMENT:0:40}" | sed \'s/-*$//\')',
        'name="${placement_part}-${COMMIT:0:12}-${ATTEMPT}"',
        'runs=$(kubectl get clusterstagedupdateruns -l app.kubernetes.io/managed-by=fleet-autodeploy -o json)',
        "older=$(jq -r --arg p \"$PLACEMENT\" --arg n \"$name\" '.items[] | select(.spec.placementName == $p and .metadata.name != $n and .spec.state == \"Run\") | select(any(.status.conditions[]?; .type == \"Succeeded\" and (.status == \"True\" or .status == \"False\")) | not) | .metadata.name' <<<\"$runs\")",
        'for run in $older; do',
        '  echo "Stopping update run $run of placement $PLACEMENT: this commit supersedes it."',
        "  kubectl patch clusterstagedupdaterun \"$run\" --type merge -p '{\"spec\":{\"state\":\"Stop\"}}'",
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
