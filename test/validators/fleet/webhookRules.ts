// The shared types of the kubefleet webhook port (see webhooks.ts) and the table of every ported rule.
export type Obj = Record<string, any>;

export interface WebhookRequest {
    operation: "CREATE" | "UPDATE";
    /** The object as the webhook receives it (after API-server defaulting and, for validating webhooks, after mutation). */
    object: Obj;
    /** UPDATE only: the stored object. */
    oldObject?: Obj;
    /** Every object already stored on the hub (for the overrides' one-per-object and 100-object limits). */
    existing: Obj[];
}

export interface HubOptions {
    /** kubefleet's --enable-pdbs flag (default true today; "will be set to false in a later release"). */
    enablePDBs: boolean;
}

/** One ported rule: an id, the source line it comes from, and the kinds it applies to. */
export interface WebhookRule {
    id: string;
    source: string;
    kinds: string[];
    summary: string;
    /**
     * Present when a kind in `kinds` has a served handler but no webhook configuration at this commit (the API server
     * never calls it): `{ ResourcePlacement: false }`, with `true` for the kinds that are configured.
     */
    configured?: Record<string, boolean>;
}

// ---------------------------------------------------------------------------------------------------------------------
// The rule table.

export const CRP = "ClusterResourcePlacement";
export const RP = "ResourcePlacement";
export const RO = "ResourceOverride";
export const CRO = "ClusterResourceOverride";
export const PDB = "PodDisruptionBudget";
export const FLEET_GROUP = "placement.kubernetes-fleet.io";

export const groupOf = (o: Obj) => (String(o?.apiVersion ?? "").includes("/") ? String(o.apiVersion).split("/")[0] : "");
export const isFleet = (o: Obj) => groupOf(o) === FLEET_GROUP;

const AT = "kubefleet@e160c1cd";
const PLACEMENT_GO = "pkg/utils/validator/placement.go";
const RO_GO = "pkg/utils/validator/resourceoverride.go";
const CRO_GO = "pkg/utils/validator/clusterresourceoverride.go";
const RO_HOOK = "pkg/webhook/resourceoverride/resourceoverride_validating_webhook.go";
const CRO_HOOK = "pkg/webhook/clusterresourceoverride/clusterresourceoverride_validating_webhook.go";
const PDB_HOOK = "pkg/webhook/pdb/pdb_validating_webhook.go";

function r(id: string, file: string, line: number, kinds: string[], summary: string): WebhookRule {
    const rule: WebhookRule = { id, source: `${AT} ${file}:${line}`, kinds, summary };
    if (kinds.includes(RP)) rule.configured = Object.fromEntries(kinds.map((k) => [k, k !== RP]));
    return rule;
}
const placement = (id: string, line: number, summary: string, kinds = [CRP, RP]) => r(`placement.${id}`, PLACEMENT_GO, line, kinds, summary);
const override = (id: string, line: number, summary: string) => r(`override.${id}`, RO_GO, line, [RO, CRO], summary);

export const WEBHOOK_RULES: readonly WebhookRule[] = [
    placement("name-length", 134, "metadata.name is at most 63 bytes (DNS-1035 label length)"),
    placement("selector-name-and-label-selector", 142, "a resource selector has a name or a labelSelector, not both"),
    placement("selector-label-selector", 145, "a resource selector's labelSelector converts to a selector (metav1.LabelSelectorAsSelector)"),
    placement("selector-rest-mapping", 152, "a resource selector's group/version/kind is served by the hub (RESTMapping); the first failure ends validation"),
    placement("selector-crp-cluster-scoped", 165, "a CRP selects cluster-scoped kinds only, unless a Namespace selector has selectionScope NamespaceWithResourceSelectors", [CRP]),
    placement("selector-rp-namespace-scoped", 170, "an RP selects namespace-scoped kinds only", [RP]),
    placement("pickfixed-cluster-name-invalid", 256, "PickFixed: each cluster name is a DNS-1123 subdomain"),
    placement("pickfixed-cluster-name-length", 259, "PickFixed: each cluster name is at most 63 bytes"),
    placement("pickfixed-cluster-names-unique", 262, "PickFixed: cluster names are unique"),
    placement("pickfixed-number-of-clusters", 268, "PickFixed: no numberOfClusters"),
    placement("pickfixed-affinity", 271, "PickFixed: no affinity (even an empty one)"),
    placement("pickfixed-topology-spread", 274, "PickFixed: no topologySpreadConstraints"),
    placement("pickfixed-tolerations", 277, "PickFixed: no tolerations (an empty list counts unless the mutating webhook dropped it)"),
    placement("pickall-cluster-names", 286, "PickAll: no clusterNames"),
    placement("pickall-number-of-clusters", 289, "PickAll: no numberOfClusters"),
    placement("pickall-topology-spread", 296, "PickAll: no topologySpreadConstraints"),
    placement("pickn-cluster-names", 306, "PickN: no clusterNames"),
    placement("pickn-number-of-clusters-negative", 310, "PickN: numberOfClusters >= 0"),
    placement("pickn-number-of-clusters-nil", 314, "PickN: numberOfClusters is set"),
    placement("affinity-pickall-preferred", 336, "PickAll: no preferredDuringSchedulingIgnoredDuringExecution"),
    placement("topology-when-unsatisfiable", 396, "topology spread whenUnsatisfiable is DoNotSchedule or ScheduleAnyway"),
    placement("cluster-selector-label-selector", 407, "a required cluster selector term's labelSelector converts to a selector"),
    placement("cluster-selector-property-sorter", 410, "a required cluster selector term has no propertySorter"),
    placement("preferred-selector-label-selector", 426, "a preferred cluster selector term's labelSelector converts to a selector"),
    placement("preferred-selector-property-selector", 429, "a preferred cluster selector term has no propertySelector"),
    placement("property-sorter-order", 524, "a property sorter's sortOrder is Ascending or Descending"),
    placement("property-name-resource-format", 536, "a resources.kubernetes-fleet.io/ property name is [PREFIX]/[CAPACITY_TYPE]-[RESOURCE_NAME]"),
    placement("property-name-capacity-type", 539, "a resource property's capacity type is allocatable, available or total"),
    placement("property-name-resource-qualified", 543, "a resource property name is a qualified name"),
    placement("property-name-unprefixed", 560, "a property name without '/' is a qualified name"),
    placement("property-name-prefix", 569, "a property name's first segment is a DNS subdomain or a qualified name"),
    placement("property-name-segment", 576, "each later segment of a property name is a qualified name"),
    placement("property-operator-unsupported", 586, "a property selector operator is Gt, Ge, Eq, Ne, Lt or Le"),
    placement("property-operator-value-count", 589, "a property selector requirement has exactly one value"),
    placement("property-value-quantity", 593, "a property selector value parses as a resource.Quantity"),
    placement("property-eq-conflict", 672, "two Eq requirements on one property have the same value"),
    placement("property-eq-ne-conflict", 712, "Eq and Ne on one property have different values"),
    placement("property-interval-empty", 724, "the lower and upper bounds on one property leave some value"),
    placement("property-eq-below-lower", 737, "an Eq value is not below the property's lower bound"),
    placement("property-eq-above-upper", 743, "an Eq value is not above the property's upper bound"),
    placement("toleration-key", 355, "a non-empty toleration key is a qualified name"),
    placement("toleration-exists-value", 361, "an Exists toleration has no value"),
    placement("toleration-equal-key", 365, "an Equal toleration has a key"),
    placement("toleration-equal-value", 368, "an Equal toleration's value is a label value"),
    placement("toleration-unique", 372, "tolerations are unique"),
    placement("rollout-type", 450, "strategy.type is empty, RollingUpdate or External"),
    placement("rollout-external-rolling-update", 456, "an External strategy has no rollingUpdate"),
    placement("rollout-unavailable-period", 459, "rollingUpdate.unavailablePeriodSeconds >= 0"),
    placement("rollout-max-unavailable-invalid", 464, "rollingUpdate.maxUnavailable is an int or an integer percentage"),
    placement("rollout-max-unavailable-negative", 467, "rollingUpdate.maxUnavailable scaled to 10 clusters (rounded up) is >= 0"),
    placement("rollout-max-surge-invalid", 473, "rollingUpdate.maxSurge is an int or an integer percentage"),
    placement("rollout-max-surge-negative", 476, "rollingUpdate.maxSurge scaled to 10 clusters (rounded up) is >= 0"),
    placement("rollout-ssa-config", 484, "applyStrategy.serverSideApplyConfig only with type ServerSideApply"),
    placement("update-old-invalid", 789, "UPDATE: a stored object that fails validation today can only be updated once deletionTimestamp is set"),
    placement("update-type-immutable", 797, "UPDATE: the placement type cannot change (a missing policy is PickAll)"),
    placement("update-tolerations", 802, "UPDATE: tolerations can only be added, never changed or removed"),

    r("ro.selector-duplicate", RO_GO, 60, [RO], "resource selectors are unique (a failure ends validation)"),
    r("ro.selector-conflict", RO_GO, 87, [RO], "no other ResourceOverride in the namespace selects the same resource"),
    override("cluster-selector-property", 105, "an override rule's cluster selector terms have no propertySelector or propertySorter"),
    override("cluster-selector-label-required", 109, "an override rule's cluster selector term has a labelSelector"),
    override("cluster-selector-label-invalid", 111, "an override rule's cluster selector term's labelSelector converts to a selector"),
    override("delete-with-patches", 118, "a Delete rule has no jsonPatchOverrides (this error replaces every other error of the policy)"),
    override("jsonpatch-empty", 133, "a JSONPatch rule has at least one patch"),
    override("jsonpatch-remove-value", 143, "a remove patch has no value"),
    override("jsonpatch-path-empty", 151, "a patch path is not empty"),
    override("jsonpatch-path-leading-slash", 155, "a patch path starts with /"),
    override("jsonpatch-path-typemeta", 162, "a patch path does not touch kind or apiVersion"),
    override("jsonpatch-path-metadata", 165, "a patch path is not /metadata itself"),
    override("jsonpatch-path-metadata-field", 167, "a patch path under /metadata is under labels or annotations"),
    override("jsonpatch-path-status", 170, "a patch path does not touch status"),
    override("jsonpatch-path-empty-segment", 175, "a patch path has no empty (or blank) segment"),
    r("cro.selector-label-selector", CRO_GO, 58, [CRO], "a cluster resource selector selects by name, not by labelSelector (a failure ends validation)"),
    r("cro.selector-name-required", CRO_GO, 61, [CRO], "a cluster resource selector has a name (a failure ends validation)"),
    r("cro.selector-duplicate", CRO_GO, 67, [CRO], "cluster resource selectors are unique (a failure ends validation)"),
    r("cro.selector-conflict", CRO_GO, 94, [CRO], "no other ClusterResourceOverride selects the same resource"),
    r("ro.limit", RO_HOOK, 73, [RO], "CREATE: at most 100 ResourceOverrides per namespace"),
    r("cro.limit", CRO_HOOK, 72, [CRO], "CREATE: at most 100 ClusterResourceOverrides"),
    r("pdb.reserved-namespace", PDB_HOOK, 64, [PDB], "CREATE (only with --enable-pdbs=false): PodDisruptionBudgets only in fleet-*/kube-* namespaces"),
];
