// A staged rollout's update runs: who starts them (the workflow's rollout job, as its own identity), with what object,
// and the hub permission that identity holds. Pure: plain data in, objects and bash out.
import { KubeObject } from "./kube";
import { PLACEMENT_API, placementKinds } from "./placementTypes";
import { hubAccessProbe } from "./scripts";
import { MANAGED_BY, MANAGED_BY_LABEL, managedByLabels } from "../vocabulary/labels";

/**
 * The run the rollout job creates after each staging. `resourceSnapshotIndex` is left out: with the External
 * strategy Fleet snapshots nothing on its own, and a run without an index uses "the latest snapshot, creating one if
 * it doesn't already exist" (learn.microsoft.com/azure/kubernetes-fleet/concepts-rollout-strategy), which is the
 * namespace as the deploy job just staged it. `state: Run`: without a state a run only initializes (the CRD's
 * default `Initialize`; troubleshoot-staged-update-run-api-issues, "ClusterStagedUpdateRun doesn't run
 * automatically"). The job sets the name.
 */
export function stagedUpdateRun(placementName: string, strategyName: string, name = "set-by-the-rollout-job", namespace?: string): KubeObject {
    return {
        apiVersion: PLACEMENT_API,
        kind: kindsOf(namespace).run,
        metadata: { name, ...(namespace ? { namespace } : {}), labels: managedByLabels() },
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
 * For a ClusterResourcePlacement, a ClusterRole and ClusterRoleBinding, never a Role in the app's namespace: the
 * placement of the namespace would copy that onto every member. For a ResourcePlacement (in a managed namespace), a
 * Role and RoleBinding in the namespace on its StagedUpdateRuns: the ResourcePlacement selects only the app's kinds
 * (NAMESPACED_SELECTED_KINDS), never RBAC objects. The subject of an Entra service principal is its object id
 * (kubelogin, topics/sp.html).
 */
export const ROLLOUT_VERBS = ["create", "get", "list", "patch", "delete"] as const;

/** The update runs' resource, cluster-scoped or in a namespace. */
const kindsOf = (namespace?: string) => placementKinds({ scope: namespace ? "Namespaced" : "Cluster" });
/** A kind's REST resource, as kubectl and RBAC name it: ClusterStagedUpdateRun -> clusterstagedupdateruns. */
const resourceOf = (kind: string) => `${kind.toLowerCase()}s`;
const runsResource = (namespace?: string) => resourceOf(kindsOf(namespace).run);

export function rolloutRbacName(placementName: string): string {
    return `fleet-autodeploy-rollout-${placementName}`;
}

const rbacMetadata = (placementName: string, namespace?: string) => ({
    name: rolloutRbacName(placementName),
    ...(namespace ? { namespace } : {}),
    labels: managedByLabels(),
});

/** The rollout identity's role: a ClusterRole, or a Role in `namespace` for a namespaced placement. */
export function rolloutRole(placementName: string, namespace?: string): KubeObject {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: namespace ? "Role" : "ClusterRole",
        metadata: rbacMetadata(placementName, namespace),
        rules: [{ apiGroups: ["placement.kubernetes-fleet.io"], resources: [runsResource(namespace)], verbs: [...ROLLOUT_VERBS] }],
    };
}

/** Its binding to the identity; `principalId` is the object id, or (for the shell) an Output of it. */
export function rolloutRoleBinding<P = string>(placementName: string, principalId: P, namespace?: string): KubeObject {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: namespace ? "RoleBinding" : "ClusterRoleBinding",
        metadata: rbacMetadata(placementName, namespace),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: namespace ? "Role" : "ClusterRole", name: rolloutRbacName(placementName) },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: principalId }],
    };
}

/** Probe (see scripts.ts waitForGrant): the hub's credentials, then may the signed-in identity create update runs? */
export function rolloutGrantProbe(namespace?: string): string[] {
    return hubAccessProbe(["create", `${runsResource(namespace)}.placement.kubernetes-fleet.io`, ...(namespace ? ["--namespace", namespace] : [])]);
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
export function rolloutScript(namespace?: string): string {
    const runs = runsResource(namespace),
        run1 = runs.slice(0, -1);
    const ns = namespace ? ` --namespace ${namespace}` : "";
    return [
        "set -euo pipefail",
        "placement_part=$(printf '%s' \"${PLACEMENT:0:40}\" | sed 's/-*$//')",
        'name="${placement_part}-${COMMIT:0:12}-${ATTEMPT}"',
        `runs=$(kubectl get ${runs}${ns} -l ${MANAGED_BY_LABEL}=${MANAGED_BY} -o json)`,
        'finished=\'any(.status.conditions[]?; .type == "Succeeded" and (.status == "True" or .status == "False"))\'',
        String.raw`older=$(jq -r --arg p "$PLACEMENT" --arg n "$name" ".items[] | select(.spec.placementName == \$p and .metadata.name != \$n) | select($finished | not) | \"\(.metadata.name) \(.spec.state // \"Initialize\")\"" <<<"$runs")`,
        "while read -r run state; do",
        '  [ -n "$run" ] || continue',
        '  echo "Stopping update run $run of placement $PLACEMENT: this commit supersedes it. Deleting it deletes its approval requests."',
        // Initialize cannot go to Stop (CRD rule); such a run has changed no member yet, and is only deleted.
        `  if [ "$state" = Run ]; then kubectl patch ${run1} "$run"${ns} --type merge -p '{"spec":{"state":"Stop"}}'; fi`,
        `  kubectl delete ${run1} "$run"${ns} --wait=false`,
        'done <<<"$older"',
        String.raw`stale=$(jq -r --arg p "$PLACEMENT" --argjson keep ${KEPT_FINISHED_RUNS} "[.items[] | select(.spec.placementName == \$p) | select($finished)] | sort_by(.metadata.creationTimestamp) | reverse | .[\$keep:][] | .metadata.name" <<<"$runs")`,
        "for run in $stale; do",
        `  echo "Deleting finished update run $run of placement $PLACEMENT (the newest ${KEPT_FINISHED_RUNS} finished runs are kept)."`,
        `  kubectl delete ${run1} "$run"${ns} --wait=false`,
        "done",
        'run=$(jq -c --arg name "$name" \'.metadata.name = $name\' <<<"$RUN_TEMPLATE")',
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
        `  echo "Placement \\\`$PLACEMENT\\\`, strategy \\\`$STRATEGY\\\`. Follow it on the hub with \\\`kubectl get ${run1} $name${ns}\\\`;"`,
        `  echo "stages that wait for an approval list theirs with \\\`kubectl get ${resourceOf(kindsOf(namespace).approval)}${ns}\\\`."`,
        '} >> "$GITHUB_STEP_SUMMARY"',
        "",
    ].join("\n");
}
