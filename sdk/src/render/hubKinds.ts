// What the deploy identity may stage into its hub namespace, and the step that refuses anything else.

/**
 * The kinds "Azure Kubernetes Fleet Manager RBAC Writer" (5af6afb3-c06c-4fa4-8848-71a8aee05683) may write, by API
 * group ("" is the core group). Source: Microsoft Learn, "Azure built-in roles for Containers", the role's data
 * actions `Microsoft.ContainerService/fleets/<group>/<resource>/*`
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers). Like Kubernetes' `edit`
 * role it has no Roles or RoleBindings, and Fleet RBAC roles cover no custom resources (concepts-rbac). Left out:
 * what it may only read (controllerrevisions, events, limitranges, namespaces, resourcequotas), everything
 * cluster-scoped, and the `extensions` group entries (daemonsets, deployments, ingresses, networkpolicies), which no
 * supported Kubernetes serves any more.
 */
export const FLEET_WRITER_KINDS: Readonly<Record<string, readonly string[]>> = {
    "": ["ConfigMap", "Endpoints", "PersistentVolumeClaim", "ReplicationController", "Secret", "Service", "ServiceAccount"],
    apps: ["DaemonSet", "Deployment", "StatefulSet"],
    autoscaling: ["HorizontalPodAutoscaler"],
    batch: ["CronJob", "Job"],
    "networking.k8s.io": ["Ingress", "NetworkPolicy"],
    policy: ["PodDisruptionBudget"],
};

/** `core/ConfigMap apps/Deployment ...`: the allow-list as the guard script matches it. */
export function allowedKindKeys(): string[] {
    return Object.entries(FLEET_WRITER_KINDS).flatMap(([group, kinds]) => kinds.map((k) => `${group || "core"}/${k}`));
}

/**
 * Lists "file<TAB>apiVersion<TAB>kind" for every YAML document of the files given: top-level keys start a line, so no
 * YAML parser is needed (and mawk, Ubuntu's awk, runs it). A document with content but no top-level kind (flow
 * style, a typo) is listed with kind "-", so the allow-list refuses it instead of letting it through unchecked.
 */
const LIST_DOCUMENTS = String.raw`
function value(line) { sub(/^[^:]*:[ \t]*/, "", line); sub(/[ \t]+#.*$/, "", line); sub(/[ \t]+$/, "", line); gsub(/^["']|["']$/, "", line); return line }
function emit() { if (body) print file "\t" (api == "" ? "-" : api) "\t" (kind == "" ? "-" : kind); api = ""; kind = ""; body = 0 }
FNR == 1 { emit(); file = FILENAME }
{ sub(/\r$/, "") }
/^---/ || /^\.\.\.[ \t]*$/ { emit(); next }
/^apiVersion:/ { api = value($0) }
/^kind:/ { kind = value($0) }
/^[^# \t]/ { body = 1 }
END { emit() }`.trim();

/**
 * Fails the job, naming each file and kind, when the manifests hold anything outside FLEET_WRITER_KINDS: the
 * namespace's identity could not write it (a Role, a custom resource), or it is not namespaced (a ClusterRole, a
 * Namespace), and Fleet would never place it with the namespace anyway. No API discovery: `kubectl api-resources`
 * exits non-zero when any aggregated API is down, and would let through kinds the identity cannot write.
 */
export function scopeCheckScript(): string {
    return [
        "set -euo pipefail",
        `allowed=" ${allowedKindKeys().join(" ")} "`,
        "mapfile -d '' files < <(find \"$MANIFESTS\" -type f \\( -name '*.yaml' -o -name '*.yml' \\) -print0 | sort -z)",
        'if [ "${#files[@]}" -eq 0 ]; then',
        '  echo "::error title=No manifests::$MANIFESTS holds no .yaml or .yml file to stage."',
        "  exit 1",
        "fi",
        // Captured first: under set -e a failing awk stops the step instead of passing an empty listing.
        `listing=$(awk '${LIST_DOCUMENTS.replace(/'/g, "'\\''")}' "\${files[@]}")`,
        "refused=0",
        "while IFS=$'\\t' read -r file api kind; do",
        '  if [ -z "$file" ]; then continue; fi',
        '  group="${api%/*}"',
        '  if [ "$group" = "$api" ]; then group=core; fi',
        '  case "$allowed" in',
        '    *" $group/$kind "*) ;;',
        "    *)",
        '      echo "::error file=$file,title=Not stageable into namespace $NAMESPACE::$file holds kind $kind (apiVersion $api), which the namespace\'s deploy identity (Azure Kubernetes Fleet Manager RBAC Writer) cannot write: only namespaced workloads, Services, ConfigMaps, Secrets, ServiceAccounts, PVCs, HPAs, PDBs, Ingresses and NetworkPolicies are staged. Manage cluster-scoped objects, Roles, RoleBindings and custom resources from the platform stack."',
        "      refused=$((refused + 1))",
        "      ;;",
        "  esac",
        'done <<<"$listing"',
        'if [ "$refused" -gt 0 ]; then exit 1; fi',
        'echo "Every document in $MANIFESTS is a kind the namespace identity may write."',
        "",
    ].join("\n");
}
