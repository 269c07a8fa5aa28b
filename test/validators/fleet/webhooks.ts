// kubefleet's hub admission webhooks, ported as a test validator: the mutating webhook of ClusterResourcePlacement and
// the validating webhooks of ClusterResourcePlacement, ResourcePlacement, ResourceOverride, ClusterResourceOverride and
// (with --enable-pdbs=false) PodDisruptionBudget, at kubefleet commit e160c1cdfdd9bf4c0234713d2b7f34e0ec95dab6.
//
// What pkg/webhook/webhook.go configures at that commit (the API server only calls a handler a configuration names):
//   - mutating  fleet.clusterresourceplacementv1beta1.mutating: clusterresourceplacements v1beta1, CREATE+UPDATE
//     (webhook.go:398-419, failurePolicy Ignore). matchPolicy is unset, so the admissionregistration/v1 default
//     Equivalent applies and v1 requests reach it converted (the CRD's conversion is None: only apiVersion changes).
//   - validating fleet.clusterresourceplacementv1beta1.validating: clusterresourceplacements, CREATE+UPDATE (514-527).
//   - validating fleet.clusterresourceoverride.validating / fleet.resourceoverride.validating: CREATE+UPDATE (542-565).
//   - validating fleet.poddisruptionbudget.validating: policy/v1 poddisruptionbudgets, CREATE, only when the hub agent
//     runs with --enable-pdbs=false (497-512).
//   - resourceplacements: NO webhook configuration. buildFleetValidatingWebhooks (webhook.go:461-593) names none, though
//     pkg/webhook/add_handler.go:24 registers resourceplacement.Add, so the handler is served but never called. The RP
//     rules are applied here anyway (conservative: a later release that wires it up must not surprise us); every rule
//     that applies to ResourcePlacement says so in WebhookRule.configured.
//
// Denials: Go returns one admission response whose message is an aggregate ("[a, b]") of every error. Here each error
// is its own string, prefixed with its rule id and carrying the same wrapping prefixes Go puts around it; the early
// returns of the Go code (which hide later errors) are kept.
//
// Go's `%+v` of a struct is reproduced for flat structs ({Key:k Operator:Equal ...}) and for *metav1.LabelSelector (its
// generated String()); other nested pointers, which Go prints as addresses, are printed as JSON.
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

const CRP = "ClusterResourcePlacement";
const RP = "ResourcePlacement";
const RO = "ResourceOverride";
const CRO = "ClusterResourceOverride";
const PDB = "PodDisruptionBudget";
const FLEET_GROUP = "placement.kubernetes-fleet.io";

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

// ---------------------------------------------------------------------------------------------------------------------
// The mutating webhook: pkg/utils/defaulter/clusterresourceplacement.go SetPlacementDefaults.

export function mutate(obj: Obj): Obj {
    const out: Obj = structuredClone(obj);
    if (!isFleet(out) || out.kind !== CRP) return out;
    const spec: Obj = (out.spec ??= {});
    if (spec.policy == null) spec.policy = { placementType: "PickAll" };
    for (const tsc of list(spec.policy.topologySpreadConstraints)) {
        if (tsc.maxSkew == null) tsc.maxSkew = 1;
        if (!tsc.whenUnsatisfiable) tsc.whenUnsatisfiable = "DoNotSchedule";
    }
    for (const t of list(spec.policy.tolerations)) if (!t.operator) t.operator = "Equal";
    spec.strategy = defaultStrategy(spec.strategy ?? {});
    if (spec.revisionHistoryLimit == null) spec.revisionHistoryLimit = 10;
    // The webhook answers with a patch from the request to json.Marshal(decoded CRP): `omitempty` lists that are empty
    // disappear. Only the policy's lists matter to validation (PickFixed refuses `tolerations: []`, which is not nil).
    for (const key of ["clusterNames", "topologySpreadConstraints", "tolerations"]) {
        if (Array.isArray(spec.policy[key]) && spec.policy[key].length === 0) delete spec.policy[key];
    }
    return out;
}

function defaultStrategy(strategy: Obj): Obj {
    if (!strategy.type) strategy.type = "RollingUpdate";
    if (strategy.type === "RollingUpdate") {
        const ru: Obj = (strategy.rollingUpdate ??= {});
        if (ru.maxUnavailable == null) ru.maxUnavailable = "25%";
        if (ru.maxSurge == null) ru.maxSurge = "25%";
        if (ru.unavailablePeriodSeconds == null) ru.unavailablePeriodSeconds = 60;
    }
    strategy.applyStrategy = defaultApplyStrategy(strategy.applyStrategy ?? {});
    return strategy;
}

/** SetDefaultsApplyStrategy. */
function defaultApplyStrategy(as: Obj): Obj {
    if (!as.type) as.type = "ClientSideApply";
    if (as.type === "ServerSideApply" && as.serverSideApplyConfig == null) as.serverSideApplyConfig = { force: false };
    if (!as.comparisonOption) as.comparisonOption = "PartialComparison";
    if (!as.whenToApply) as.whenToApply = "Always";
    if (!as.whenToTakeOver) as.whenToTakeOver = "Always";
    return as;
}

// ---------------------------------------------------------------------------------------------------------------------
// The validating webhooks.

interface Denial {
    id: string;
    msg: string;
}
const deny = (id: string, msg: string): Denial => ({ id, msg });
const wrap = (prefix: string, ds: Denial[]): Denial[] => ds.map((d) => ({ id: d.id, msg: prefix + d.msg }));

export function validate(req: WebhookRequest, options: Partial<HubOptions> = {}): string[] {
    const opts: HubOptions = { enablePDBs: options.enablePDBs ?? true };
    return denials(req, opts).map((d) => `[${d.id}] ${d.msg}`);
}

function denials(req: WebhookRequest, opts: HubOptions): Denial[] {
    const o = req.object;
    if (isFleet(o)) {
        if (o.kind === CRP || o.kind === RP) return placementWebhook(req, o.kind === CRP);
        if (o.kind === RO) return resourceOverrideWebhook(req);
        if (o.kind === CRO) return clusterResourceOverrideWebhook(req);
    }
    if (groupOf(o) === "policy" && o.kind === PDB && !opts.enablePDBs) return pdbWebhook(req);
    return [];
}

const groupOf = (o: Obj) => (String(o?.apiVersion ?? "").includes("/") ? String(o.apiVersion).split("/")[0] : "");
const isFleet = (o: Obj) => groupOf(o) === FLEET_GROUP;

// --- pkg/webhook/pdb/pdb_validating_webhook.go ------------------------------------------------------------------------

function pdbWebhook(req: WebhookRequest): Denial[] {
    if (req.operation !== "CREATE") return [];
    const ns = str(req.object.metadata?.namespace);
    if (isReservedNamespace(ns)) return [];
    const name = str(req.object.metadata?.name);
    return [deny("pdb.reserved-namespace", `PDBs ${ns}/${name} cannot be directly created in the hub cluster due to potential side effects; to place a PDB to member clusters, consider wrapping it in a resource envelope.`)];
}

/** pkg/utils/common.go IsReservedNamespace (FleetNSNamePrefix, KubeNSNamePrefix). */
const isReservedNamespace = (ns: string) => ns.startsWith("fleet-") || ns.startsWith("kube-");

// --- HandlePlacementValidation (placement.go:763) --------------------------------------------------------------------

function placementWebhook(req: WebhookRequest, isCluster: boolean): Denial[] {
    const resourceType = isCluster ? "CRP" : "RP";
    const obj = req.object;
    if (req.operation === "UPDATE") {
        // Go decodes req.OldObject; without one the request is an error (400), which a caller should never send.
        if (!req.oldObject) throw new Error("an UPDATE request needs oldObject");
        const old = req.oldObject;
        const oldErrs = validatePlacement(old, isCluster);
        if (oldErrs.length) {
            if (obj.metadata?.deletionTimestamp != null) return [];
            return [deny("placement.update-old-invalid", `deny update on old invalid v1beta1 ${resourceType} with DeletionTimestamp not set ${aggregate(oldErrs.map((d) => d.msg))}`)];
        }
        if (isPlacementPolicyTypeUpdated(old.spec?.policy, obj.spec?.policy)) return [deny("placement.update-type-immutable", "placement type is immutable")];
        if (isTolerationsUpdatedOrDeleted(list(old.spec?.policy?.tolerations), list(obj.spec?.policy?.tolerations))) {
            return [deny("placement.update-tolerations", "tolerations have been updated/deleted, only additions to tolerations are allowed")];
        }
    }
    return wrap(`deny create/update v1beta1 ${resourceType} has invalid fields `, validatePlacement(obj, isCluster));
}

/** A missing policy means PickAll. */
function isPlacementPolicyTypeUpdated(oldPolicy: Obj | undefined, policy: Obj | undefined): boolean {
    if (oldPolicy == null && policy != null) return policy.placementType !== "PickAll";
    if (oldPolicy != null && policy == null) return oldPolicy.placementType !== "PickAll";
    if (oldPolicy != null && policy != null) return policy.placementType !== oldPolicy.placementType;
    return false;
}

function isTolerationsUpdatedOrDeleted(oldTolerations: Obj[], tolerations: Obj[]): boolean {
    const now = new Set(tolerations.map(tolerationKey));
    return oldTolerations.some((t) => !now.has(tolerationKey(t)));
}

/** Go compares the Toleration struct: all four string fields, "" when absent. */
const tolerationKey = (t: Obj) => JSON.stringify([str(t.key), str(t.operator), str(t.value), str(t.effect)]);

// --- validatePlacement (placement.go:131) ----------------------------------------------------------------------------

function validatePlacement(obj: Obj, isCluster: boolean): Denial[] {
    const spec: Obj = obj.spec ?? {};
    const errs: Denial[] = [];
    if (byteLength(str(obj.metadata?.name)) > 63) errs.push(deny("placement.name-length", "the name field cannot have length exceeding 63"));
    const selectors = list(spec.resourceSelectors);
    const nsWithSelectors = selectors.some((s) => str(s.group) === "" && s.version === "v1" && s.kind === "Namespace" && s.selectionScope === "NamespaceWithResourceSelectors");
    for (const sel of selectors) {
        errs.push(...validateSelectorFields(sel));
        const mapping = restMapping(str(sel.group), str(sel.version), str(sel.kind));
        if (typeof mapping === "string") {
            errs.push(deny("placement.selector-rest-mapping", `failed to get GVR of the selector: ${mapping}`));
            return errs; // Go: "skip next check if we cannot get GVR" -- and every later selector, policy and strategy.
        }
        errs.push(...validateSelectorScope(sel, isCluster, nsWithSelectors));
    }
    if (spec.policy != null) errs.push(...wrap("the placement policy field is invalid: ", validatePlacementPolicy(spec.policy)));
    errs.push(...wrap("the rollout Strategy field  is invalid: ", validateRolloutStrategy(spec.strategy ?? {})));
    return errs;
}

function validateSelectorFields(sel: Obj): Denial[] {
    if (sel.labelSelector == null) return [];
    const errs: Denial[] = [];
    if (str(sel.name) !== "") errs.push(deny("placement.selector-name-and-label-selector", `the labelSelector and name fields are mutually exclusive in selector ${selectorTermV(sel)}`));
    errs.push(...validateLabelSelector(sel.labelSelector, "resource selector", "placement.selector-label-selector"));
    return errs;
}

/**
 * The ResourceInformer checks (placement.go:157-172). Go asks the informer manager, which only knows the exact GVKs it
 * discovered: a kind it does not know counts as "not cluster scoped". The static SERVED_KINDS table stands in for it.
 * (The informer-is-nil branch, "cannot perform resource scope check for now, please retry", cannot happen here.)
 */
function validateSelectorScope(sel: Obj, isCluster: boolean, nsWithSelectors: boolean): Denial[] {
    const [group, version, kind] = [str(sel.group), str(sel.version), str(sel.kind)];
    const clusterScoped = SERVED_KINDS.find((k) => k.group === group && k.versions.includes(version) && k.kind === kind)?.clusterScoped ?? false;
    const gvk = `${group}/${version}, Kind=${kind}`;
    if (isCluster && !clusterScoped && !nsWithSelectors) {
        return [deny("placement.selector-crp-cluster-scoped", `the resource is not found in schema (please retry) or it is not a cluster scoped resource: ${gvk}`)];
    }
    if (!isCluster && clusterScoped) {
        return [deny("placement.selector-rp-namespace-scoped", `the resource is not found in schema (please retry) or it is a cluster scoped resource: ${gvk}`)];
    }
    return [];
}

// --- RESTMapping: the kinds a hub serves -----------------------------------------------------------------------------

interface ServedKind {
    group: string;
    versions: string[];
    kind: string;
    clusterScoped: boolean;
}

const served = (group: string, versions: string[], clusterScoped: boolean, names: string[]): ServedKind[] =>
    names.map((kind) => ({ group, versions, kind, clusterScoped }));

/**
 * A static stand-in for the hub's discovery (Go asks controller-runtime's dynamic RESTMapper): common built-in kinds at
 * their GA versions on a current Kubernetes, plus Fleet's envelope kinds. A CRD installed on a real hub is not here.
 */
const SERVED_KINDS: readonly ServedKind[] = [
    ...served("", ["v1"], true, ["Namespace", "PersistentVolume"]),
    ...served("", ["v1"], false, ["ConfigMap", "Secret", "Service", "ServiceAccount", "ResourceQuota", "LimitRange", "PersistentVolumeClaim", "Pod"]),
    ...served("apps", ["v1"], false, ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]),
    ...served("batch", ["v1"], false, ["Job", "CronJob"]),
    ...served("autoscaling", ["v2", "v1"], false, ["HorizontalPodAutoscaler"]),
    ...served("policy", ["v1"], false, ["PodDisruptionBudget"]),
    ...served("networking.k8s.io", ["v1"], false, ["Ingress", "NetworkPolicy"]),
    ...served("networking.k8s.io", ["v1"], true, ["IngressClass"]),
    ...served("rbac.authorization.k8s.io", ["v1"], false, ["Role", "RoleBinding"]),
    ...served("rbac.authorization.k8s.io", ["v1"], true, ["ClusterRole", "ClusterRoleBinding"]),
    ...served("storage.k8s.io", ["v1"], true, ["StorageClass"]),
    ...served("scheduling.k8s.io", ["v1"], true, ["PriorityClass"]),
    ...served("apiextensions.k8s.io", ["v1"], true, ["CustomResourceDefinition"]),
    ...served(FLEET_GROUP, ["v1beta1"], false, ["ResourceEnvelope"]),
    ...served(FLEET_GROUP, ["v1beta1"], true, ["ClusterResourceEnvelope"]),
];

/**
 * RESTMapping(GroupKind, version): undefined when served, else the error text. The messages follow controller-runtime's
 * mapper on a hub with aggregated discovery: a group/version the hub does not serve fails discovery; an unknown kind in
 * a served group/version is a NoKindMatchError; an empty version means "any (the preferred) version".
 */
function restMapping(group: string, version: string, kind: string): string | undefined {
    const gv = group ? `${group}/${version}` : version;
    const inGroup = SERVED_KINDS.filter((k) => k.group === group && (version === "" || k.versions.includes(version)));
    if (inGroup.some((k) => k.kind === kind)) return undefined;
    if (inGroup.length === 0 && version !== "") {
        return `unable to retrieve the complete list of server APIs: ${gv}: no matches for ${group}/${version}, Resource=`;
    }
    return `no matches for kind ${goQuote(kind)} in version ${goQuote(gv)}`;
}

// --- policies --------------------------------------------------------------------------------------------------------

function validatePlacementPolicy(policy: Obj): Denial[] {
    switch (policy.placementType) {
        case "PickFixed":
            return validatePickFixed(policy);
        case "PickAll":
            return validatePickAll(policy);
        case "PickN":
            return validatePickN(policy);
        default:
            return []; // Go validates nothing else (the CRD defaults placementType to PickAll).
    }
}

function validatePickFixed(policy: Obj): Denial[] {
    const errs = validateFixedClusterNames(list(policy.clusterNames).map(str));
    if (policy.numberOfClusters != null) errs.push(deny("placement.pickfixed-number-of-clusters", "number of clusters must be nil for policy type PickFixed, only valid for PickN placement policy type"));
    if (policy.affinity != null) errs.push(deny("placement.pickfixed-affinity", "affinity must be nil for policy type PickFixed, only valid for PickAll/PickN placement policy types"));
    if (list(policy.topologySpreadConstraints).length > 0) {
        errs.push(deny("placement.pickfixed-topology-spread", "topology spread constraints needs to be empty for policy type PickFixed, only valid for PickN policy type"));
    }
    // Go: `policy.Tolerations != nil` -- a present empty list is refused too.
    if (policy.tolerations != null) errs.push(deny("placement.pickfixed-tolerations", "tolerations needs to be empty for policy type PickFixed, only valid for PickAll/PickN"));
    return errs;
}

function validateFixedClusterNames(names: string[]): Denial[] {
    const errs: Denial[] = [];
    const seen = new Set<string>();
    for (const name of names) {
        const dnsErrs = isDNS1123Subdomain(name);
        if (dnsErrs.length) errs.push(deny("placement.pickfixed-cluster-name-invalid", `PickFixed cluster name ${name} is not a valid member name: ${dnsErrs.join("; ")}`));
        if (byteLength(name) > 63) errs.push(deny("placement.pickfixed-cluster-name-length", `PickFixed cluster name ${name} cannot have length exceeding 63`));
        if (seen.has(name)) {
            errs.push(deny("placement.pickfixed-cluster-names-unique", "cluster names must be unique for policy type PickFixed"));
            break; // Go stops at the first duplicate.
        }
        seen.add(name);
    }
    return errs;
}

function validatePickAll(policy: Obj): Denial[] {
    const errs: Denial[] = [];
    if (list(policy.clusterNames).length > 0) errs.push(deny("placement.pickall-cluster-names", "cluster names needs to be empty for policy type PickAll, only valid for PickFixed policy type"));
    if (policy.numberOfClusters != null) errs.push(deny("placement.pickall-number-of-clusters", "number of clusters must be nil for policy type PickAll, only valid for PickN placement policy type"));
    if (policy.affinity?.clusterAffinity != null) errs.push(...validateClusterAffinity(policy.affinity.clusterAffinity, "PickAll"));
    if (list(policy.topologySpreadConstraints).length > 0) {
        errs.push(deny("placement.pickall-topology-spread", "topology spread constraints needs to be empty for policy type PickAll, only valid for PickN policy type"));
    }
    errs.push(...validateTolerations(list(policy.tolerations)));
    return errs;
}

function validatePickN(policy: Obj): Denial[] {
    const errs: Denial[] = [];
    if (list(policy.clusterNames).length > 0) errs.push(deny("placement.pickn-cluster-names", "cluster names needs to be empty for policy type PickN, only valid for PickFixed policy type"));
    if (policy.numberOfClusters == null) {
        errs.push(deny("placement.pickn-number-of-clusters-nil", "number of cluster cannot be nil for policy type PickN"));
    } else if (policy.numberOfClusters < 0) {
        errs.push(deny("placement.pickn-number-of-clusters-negative", `number of clusters cannot be ${policy.numberOfClusters} for policy type PickN`));
    }
    if (policy.affinity?.clusterAffinity != null) errs.push(...validateClusterAffinity(policy.affinity.clusterAffinity, "PickN"));
    for (const tsc of list(policy.topologySpreadConstraints)) {
        const w = str(tsc.whenUnsatisfiable);
        if (w !== "" && w !== "DoNotSchedule" && w !== "ScheduleAnyway") errs.push(deny("placement.topology-when-unsatisfiable", `unknown unsatisfiable type ${w}`));
    }
    errs.push(...validateTolerations(list(policy.tolerations)));
    return errs;
}

function validateClusterAffinity(affinity: Obj, placementType: "PickAll" | "PickN"): Denial[] {
    const errs: Denial[] = [];
    if (affinity.requiredDuringSchedulingIgnoredDuringExecution != null) errs.push(...validateClusterSelector(affinity.requiredDuringSchedulingIgnoredDuringExecution));
    const preferred = list(affinity.preferredDuringSchedulingIgnoredDuringExecution);
    if (preferred.length === 0) return errs;
    if (placementType === "PickAll") {
        errs.push(deny("placement.affinity-pickall-preferred", "PreferredDuringSchedulingIgnoredDuringExecution will be ignored for placement policy type PickAll"));
    } else {
        errs.push(...preferred.flatMap(validatePreferredClusterSelector));
    }
    return errs;
}

function validateClusterSelector(selector: Obj): Denial[] {
    return list(selector.clusterSelectorTerms).flatMap((term) => [
        ...validateLabelSelector(term.labelSelector, "cluster selector", "placement.cluster-selector-label-selector"),
        ...(term.propertySorter != null ? [deny("placement.cluster-selector-property-sorter", "PropertySorter is not allowed for RequiredDuringSchedulingIgnoredDuringExecution affinity")] : []),
        ...(term.propertySelector != null ? validatePropertySelectorRequirements(list(term.propertySelector.matchExpressions)) : []),
    ]);
}

function validatePreferredClusterSelector(preferred: Obj): Denial[] {
    const term: Obj = preferred.preference ?? {};
    return [
        ...validateLabelSelector(term.labelSelector, "preferred cluster selector", "placement.preferred-selector-label-selector"),
        ...(term.propertySelector != null ? [deny("placement.preferred-selector-property-selector", "PropertySelector is not allowed for PreferredDuringSchedulingIgnoredDuringExecution affinity")] : []),
        ...(term.propertySorter != null ? validatePropertySorter(term.propertySorter) : []),
    ];
}

/** validateLabelSelector: a nil selector is fine (LabelSelectorAsSelector returns labels.Nothing()). */
function validateLabelSelector(ls: Obj | undefined, parent: string, id: string): Denial[] {
    if (ls == null) return [];
    const err = labelSelectorAsSelectorError(ls);
    return err === undefined ? [] : [deny(id, `the labelSelector in ${parent} ${labelSelectorString(ls)} is invalid: ${err}`)];
}

// --- tolerations -----------------------------------------------------------------------------------------------------

function validateTolerations(tolerations: Obj[]): Denial[] {
    const errs: Denial[] = [];
    const seen = new Set<string>();
    for (const t of tolerations) {
        errs.push(...validateToleration(t));
        const key = tolerationKey(t);
        if (seen.has(key)) errs.push(deny("placement.toleration-unique", `toleration ${tolerationV(t)} already exists, tolerations must be unique`));
        seen.add(key);
    }
    return errs;
}

function validateToleration(t: Obj): Denial[] {
    const [key, value] = [str(t.key), str(t.value)];
    const errs: Denial[] = [];
    const invalid = (id: string, msg: string) => deny(id, `invalid toleration ${tolerationV(t)}: ${msg}`);
    if (key !== "") for (const msg of isQualifiedName(key)) errs.push(deny("placement.toleration-key", `invalid toleration key ${tolerationV(t)}: ${msg}`));
    if (t.operator === "Exists" && value !== "") errs.push(invalid("placement.toleration-exists-value", "toleration value needs to be empty, when operator is Exists"));
    if (t.operator === "Equal") {
        if (key === "") errs.push(invalid("placement.toleration-equal-key", "toleration key cannot be empty, when operator is Equal"));
        for (const msg of isValidLabelValue(value)) errs.push(deny("placement.toleration-equal-value", `invalid toleration value ${tolerationV(t)}: ${msg}`));
    }
    return errs;
}

// --- rollout strategy ------------------------------------------------------------------------------------------------

function validateRolloutStrategy(strategy: Obj): Denial[] {
    const errs: Denial[] = [];
    const type = str(strategy.type);
    if (type !== "" && type !== "RollingUpdate" && type !== "External") errs.push(deny("placement.rollout-type", `unsupported rollout strategy type \`${type}\``));
    if (strategy.rollingUpdate != null) errs.push(...validateRollingUpdate(strategy.rollingUpdate, type));
    const as = strategy.applyStrategy;
    if (as != null && as.type !== "ServerSideApply" && as.serverSideApplyConfig != null) {
        errs.push(deny("placement.rollout-ssa-config", "serverSideApplyConfig is only valid for ServerSideApply strategy type"));
    }
    return errs;
}

function validateRollingUpdate(ru: Obj, type: string): Denial[] {
    const errs: Denial[] = [];
    // Go's typo ("Conifg") is kept: the message is verbatim.
    if (type === "External") errs.push(deny("placement.rollout-external-rolling-update", "rollingUpdateConifg is not valid for ExternalRollout strategy type"));
    if (ru.unavailablePeriodSeconds != null && ru.unavailablePeriodSeconds < 0) {
        errs.push(deny("placement.rollout-unavailable-period", `unavailablePeriodSeconds must be greater than or equal to 0, got ${ru.unavailablePeriodSeconds}`));
    }
    errs.push(...validateIntOrPercent("maxUnavailable", ru.maxUnavailable, "placement.rollout-max-unavailable"));
    errs.push(...validateIntOrPercent("maxSurge", ru.maxSurge, "placement.rollout-max-surge"));
    return errs;
}

function validateIntOrPercent(field: string, v: unknown, idPrefix: string): Denial[] {
    if (v == null) return [];
    const scaled = getScaledValueFromIntOrPercent(v, 10, true);
    if (typeof scaled === "string") return [deny(`${idPrefix}-invalid`, `${field} \`${String(v)}\` is invalid: ${scaled}`)];
    // Go keeps value 0 after an error, so only a parsed value can be negative. Math.ceil(-0.1) is -0, which is not < 0.
    if (scaled < 0) return [deny(`${idPrefix}-negative`, `${field} must be greater than or equal to 0, got \`${String(v)}\``)];
    return [];
}

/** intstr.GetScaledValueFromIntOrPercent: the value, or the error text. */
function getScaledValueFromIntOrPercent(v: unknown, total: number, roundUp: boolean): number | string {
    if (typeof v === "number") return Math.trunc(v);
    const s = String(v);
    if (!s.endsWith("%")) return "invalid value for IntOrString: invalid type: string is not a percentage";
    const n = atoi(s.slice(0, -1));
    if (typeof n === "string") return `invalid value for IntOrString: invalid value ${goQuote(s)}: ${n}`;
    const scaled = (n * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** strconv.Atoi (64-bit int): the number, or the error text. */
function atoi(s: string): number | string {
    if (!/^[+-]?[0-9]+$/.test(s)) return `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
    const n = BigInt(s);
    if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) return `strconv.Atoi: parsing ${goQuote(s)}: value out of range`;
    return Number(n);
}

// --- property selectors and sorters ----------------------------------------------------------------------------------

const OPERATORS = ["Gt", "Ge", "Lt", "Le", "Eq", "Ne"];

function validatePropertySelectorRequirements(reqs: Obj[]): Denial[] {
    const errs: Denial[] = [];
    const byName = new Map<string, Obj[]>();
    for (const req of reqs) {
        const name = str(req.name);
        const nameErr = validateName(name);
        if (nameErr) errs.push(deny(nameErr.id, `invalid property name ${name}: ${nameErr.msg}`));
        const opErr = validateOperatorAndValues(str(req.operator), list(req.values).map(str));
        if (opErr) errs.push(deny(opErr.id, `invalid requirement on property ${name}: ${opErr.msg}`));
        byName.set(name, [...(byName.get(name) ?? []), req]);
    }
    // Go ranges over a map (random order); insertion order here.
    for (const [name, group] of byName) {
        const err = validateRequirementsConsistency(group);
        if (err) errs.push(deny(err.id, `inconsistent requirements on property ${name}: ${err.msg}`));
    }
    return errs;
}

function validatePropertySorter(sorter: Obj): Denial[] {
    const errs: Denial[] = [];
    const nameErr = validateName(str(sorter.name));
    if (nameErr) errs.push(nameErr);
    const order = str(sorter.sortOrder);
    if (order !== "Descending" && order !== "Ascending") errs.push(deny("placement.property-sorter-order", `invalid property sort order ${order}`));
    return errs;
}

const RESOURCE_PROPERTY_PREFIX = "resources.kubernetes-fleet.io/";
const CAPACITY_TYPES = ["allocatable", "available", "total"]; // sorted, as supportedResourceCapacityTypes() returns them

/** validateName: the first error only, as Go returns it. */
function validateName(name: string): Denial | undefined {
    if (name.startsWith(RESOURCE_PROPERTY_PREFIX)) return validateResourcePropertyName(name);
    const segs = name.split("/");
    if (segs.length <= 1) {
        const errs = isQualifiedName(name);
        return errs.length ? deny("placement.property-name-unprefixed", `property name ${name} is not valid: ${errs.join("; ")}`) : undefined;
    }
    const prefix = segs[0];
    const [subdomainErrs, qualifiedErrs] = [isDNS1123Subdomain(prefix), isQualifiedName(prefix)];
    if (subdomainErrs.length && qualifiedErrs.length) {
        return deny("placement.property-name-prefix", `property name first segment ${prefix} is not valid: it is neither a valid DNS subdomain (${subdomainErrs.join("; ")}) nor a valid qualified name (${qualifiedErrs.join("; ")})`);
    }
    for (const seg of segs.slice(1)) {
        const errs = isQualifiedName(seg);
        if (errs.length) return deny("placement.property-name-segment", `property name segment ${seg} is not valid: ${errs.join("; ")}`);
    }
    return undefined;
}

function validateResourcePropertyName(name: string): Denial | undefined {
    const rest = name.slice(RESOURCE_PROPERTY_PREFIX.length);
    const dash = rest.indexOf("-");
    if (dash < 0) return deny("placement.property-name-resource-format", `invalid resource property name ${name}, expected format is [PREFIX]/[CAPACITY_TYPE]-[RESOURCE_NAME]`);
    if (!CAPACITY_TYPES.includes(rest.slice(0, dash))) {
        return deny("placement.property-name-capacity-type", `invalid capacity type in resource property name ${name}, supported values are [${CAPACITY_TYPES.join(" ")}]`);
    }
    const errs = isQualifiedName(name);
    return errs.length ? deny("placement.property-name-resource-qualified", `property name ${name} is not valid: ${errs.join("; ")}`) : undefined;
}

function validateOperatorAndValues(op: string, values: string[]): Denial | undefined {
    if (!OPERATORS.includes(op)) return deny("placement.property-operator-unsupported", `unsupported operator ${op}`);
    if (values.length !== 1) return deny("placement.property-operator-value-count", `operator ${op} requires exactly one value, got ${values.length}`);
    const q = parseQuantity(values[0]);
    if (typeof q === "string") return deny("placement.property-value-quantity", `value ${goQuote(values[0])} is not a valid resource.Quantity: ${q}`);
    return undefined;
}

interface Bound {
    q: Quantity;
    strict: boolean;
}
interface Bounds {
    lower?: Bound;
    upper?: Bound;
    eq?: Quantity;
    ne: Quantity[];
}

/** validateRequirementsConsistency: malformed requirements are skipped (validateOperatorAndValues reports them). */
function validateRequirementsConsistency(reqs: Obj[]): Denial | undefined {
    if (reqs.length < 2) return undefined;
    const bounds: Bounds = { ne: [] };
    for (const req of reqs) {
        const values = list(req.values).map(str);
        const q = OPERATORS.includes(req.operator) && values.length === 1 ? parseQuantity(values[0]) : undefined;
        if (q === undefined || typeof q === "string") continue;
        const err = applyToBounds(bounds, req.operator, q);
        if (err) return err;
    }
    return checkEqVsNe(bounds) ?? checkInterval(bounds) ?? checkEqInsideBounds(bounds);
}

function applyToBounds(b: Bounds, op: string, q: Quantity): Denial | undefined {
    if (op === "Gt" || op === "Ge") {
        const nb = { q, strict: op === "Gt" };
        if (!b.lower || isMoreRestrictive(nb, b.lower, 1)) b.lower = nb;
    } else if (op === "Lt" || op === "Le") {
        const nb = { q, strict: op === "Lt" };
        if (!b.upper || isMoreRestrictive(nb, b.upper, -1)) b.upper = nb;
    } else if (op === "Ne") {
        b.ne.push(q);
    } else {
        if (b.eq && cmpQuantity(b.eq, q) !== 0) return deny("placement.property-eq-conflict", `conflicting Eq values ${quantityString(b.eq)} and ${quantityString(q)}`);
        b.eq = q;
    }
    return undefined;
}

/** isMoreRestrictiveLower (direction 1) / isMoreRestrictiveUpper (direction -1): strict wins a tie. */
function isMoreRestrictive(a: Bound, b: Bound, direction: 1 | -1): boolean {
    const c = cmpQuantity(a.q, b.q);
    return c !== 0 ? c === direction : a.strict && !b.strict;
}

function checkEqVsNe(b: Bounds): Denial | undefined {
    const eq = b.eq;
    if (eq && b.ne.some((ne) => cmpQuantity(eq, ne) === 0)) return deny("placement.property-eq-ne-conflict", `conflicting Eq and Ne on same value ${quantityString(eq)}`);
    return undefined;
}

function checkInterval(b: Bounds): Denial | undefined {
    if (!b.lower || !b.upper) return undefined;
    const c = cmpQuantity(b.lower.q, b.upper.q);
    if (c > 0 || (c === 0 && (b.lower.strict || b.upper.strict))) {
        return deny("placement.property-interval-empty", `lower bound (${quantityString(b.lower.q)}) and upper bound (${quantityString(b.upper.q)}) exclude all values`);
    }
    return undefined;
}

function checkEqInsideBounds(b: Bounds): Denial | undefined {
    if (!b.eq) return undefined;
    if (b.lower) {
        const c = cmpQuantity(b.eq, b.lower.q);
        if (c < 0 || (c === 0 && b.lower.strict)) return deny("placement.property-eq-below-lower", `eq value ${quantityString(b.eq)} violates lower bound ${quantityString(b.lower.q)}`);
    }
    if (b.upper) {
        const c = cmpQuantity(b.eq, b.upper.q);
        if (c > 0 || (c === 0 && b.upper.strict)) return deny("placement.property-eq-above-upper", `eq value ${quantityString(b.eq)} violates upper bound ${quantityString(b.upper.q)}`);
    }
    return undefined;
}

// --- ResourceOverride / ClusterResourceOverride ----------------------------------------------------------------------

function resourceOverrideWebhook(req: WebhookRequest): Denial[] {
    const ns = str(req.object.metadata?.namespace);
    // client.List(InNamespace(ro.Namespace)) with the uncached reader: every stored RO of the namespace.
    const stored = req.existing.filter((o) => isFleet(o) && o.kind === RO && str(o.metadata?.namespace) === ns);
    if (req.operation === "CREATE" && stored.length >= 100) return [deny("ro.limit", "resourceOverride limit has been reached: at most 100 resources can be created.")];
    const selectors = list(req.object.spec?.resourceSelectors);
    const dupes = duplicates(selectors, resourceSelectorKey).map((s) => deny("ro.selector-duplicate", `resource selector ${resourceSelectorV(s)} already exists, and must be unique`));
    if (dupes.length) return dupes; // Go skips every other check.
    const conflicts = selectorConflicts(req.object, stored, (o) => list(o.spec?.resourceSelectors), resourceSelectorKey, resourceSelectorV, "ro.selector-conflict");
    return [...conflicts, ...validateOverridePolicy(req.object.spec?.policy)];
}

function clusterResourceOverrideWebhook(req: WebhookRequest): Denial[] {
    const stored = req.existing.filter((o) => isFleet(o) && o.kind === CRO);
    if (req.operation === "CREATE" && stored.length >= 100) return [deny("cro.limit", "clusterResourceOverride limit has been reached: at most 100 cluster resources can be created.")];
    const selectors = list(req.object.spec?.clusterResourceSelectors);
    const selectorErrs = validateClusterResourceSelectors(selectors);
    if (selectorErrs.length) return selectorErrs; // Go skips every other check.
    const conflicts = selectorConflicts(req.object, stored, (o) => list(o.spec?.clusterResourceSelectors), selectorTermKey, selectorTermV, "cro.selector-conflict");
    return [...conflicts, ...validateOverridePolicy(req.object.spec?.policy)];
}

function validateClusterResourceSelectors(selectors: Obj[]): Denial[] {
    const errs: Denial[] = [];
    const seen = new Set<string>();
    for (const s of selectors) {
        if (s.labelSelector != null) {
            errs.push(deny("cro.selector-label-selector", `label selector is not supported for resource selection ${selectorTermV(s)}`));
        } else if (str(s.name) === "") {
            errs.push(deny("cro.selector-name-required", `resource name is required for resource selection ${selectorTermV(s)}`));
        } else {
            if (seen.has(selectorTermKey(s))) errs.push(deny("cro.selector-duplicate", `resource selector ${selectorTermV(s)} already exists, and must be unique`));
            seen.add(selectorTermKey(s));
        }
    }
    return errs;
}

/** Every later occurrence of a selector seen before (Go reports each repeat). */
function duplicates(selectors: Obj[], key: (s: Obj) => string): Obj[] {
    const seen = new Set<string>();
    return selectors.filter((s) => {
        const k = key(s);
        const dup = seen.has(k);
        seen.add(k);
        return dup;
    });
}

/**
 * validate{,Cluster}ResourceOverrideResourceLimit: a selector another stored override already uses. Go fills a map
 * selector -> override name in list order, so the last override wins, and an override that is itself the last one
 * for a selector (the stored copy of the object being updated) hides any other.
 */
function selectorConflicts(obj: Obj, stored: Obj[], selectorsOf: (o: Obj) => Obj[], key: (s: Obj) => string, show: (s: Obj) => string, id: string): Denial[] {
    const owner = new Map<string, string>();
    for (const o of stored) for (const s of selectorsOf(o)) if (key(s)) owner.set(key(s), str(o.metadata?.name));
    const name = str(obj.metadata?.name);
    return selectorsOf(obj)
        .filter((s) => owner.get(key(s)) && owner.get(key(s)) !== name)
        .map((s) => deny(id, `invalid resource selector ${show(s)}: the resource has been selected by both ${name} and ${owner.get(key(s))}, which is not supported`));
}

/** ResourceSelector (RO) compares group, version, kind, name. */
const resourceSelectorKey = (s: Obj) => JSON.stringify([str(s.group), str(s.version), str(s.kind), str(s.name)]);

/**
 * ResourceSelectorTerm (CRO) compares every field, labelSelector by pointer: a term with one never equals another
 * ("" = no key). selectionScope counts; a missing one is the CRD default (the API server defaults stored objects too).
 */
const selectorTermKey = (s: Obj) =>
    s.labelSelector != null ? "" : JSON.stringify([str(s.group), str(s.version), str(s.kind), str(s.name), str(s.selectionScope) || "NamespaceWithResources"]);

function validateOverridePolicy(policy: Obj | undefined): Denial[] {
    if (policy == null) return [];
    const errs: Denial[] = [];
    for (const rule of list(policy.overrideRules)) {
        if (rule.clusterSelector != null) errs.push(...list(rule.clusterSelector.clusterSelectorTerms).flatMap(validateOverrideClusterSelectorTerm));
        const patches = list(rule.jsonPatchOverrides);
        if (rule.overrideType === "Delete" && patches.length !== 0) {
            // Go returns this error alone, dropping every error collected so far.
            return [deny("override.delete-with-patches", "invalid JSONPatchOverrides: JSONPatchOverrides cannot be set when the override type is Delete")];
        }
        if (rule.overrideType === "JSONPatch") errs.push(...validateJSONPatchOverrides(patches));
    }
    return errs;
}

function validateOverrideClusterSelectorTerm(term: Obj): Denial[] {
    if (term.propertySelector != null || term.propertySorter != null) {
        return [deny("override.cluster-selector-property", `invalid clusterSelector ${clusterSelectorTermV(term)}: only labelSelector is supported`)];
    }
    if (term.labelSelector == null) return [deny("override.cluster-selector-label-required", `invalid clusterSelector ${clusterSelectorTermV(term)}: labelSelector is required`)];
    return validateLabelSelector(term.labelSelector, "cluster selector", "override.cluster-selector-label-invalid");
}

function validateJSONPatchOverrides(patches: Obj[]): Denial[] {
    if (patches.length === 0) return [deny("override.jsonpatch-empty", "invalid JSONPatchOverrides: JSONPatchOverrides cannot be empty")];
    const errs: Denial[] = [];
    for (const patch of patches) {
        const pathErr = validateJSONPatchPath(str(patch.path));
        if (pathErr) errs.push(deny(pathErr.id, `invalid JSONPatchOverride ${patchS(patch)}: ${pathErr.msg}`));
        // apiextensionsv1.JSON keeps no Raw for a JSON null.
        if (patch.op === "remove" && patch.value != null) errs.push(deny("override.jsonpatch-remove-value", `invalid JSONPatchOverride ${patchS(patch)}: remove operation cannot have value`));
    }
    return errs;
}

function validateJSONPatchPath(path: string): Denial | undefined {
    const id = (s: string) => `override.jsonpatch-path-${s}`;
    if (path === "") return deny(id("empty"), "path cannot be empty");
    if (!path.startsWith("/")) return deny(id("leading-slash"), "path must start with /");
    const parts = path.split("/").slice(1);
    if (parts[0] === "kind" || parts[0] === "apiVersion") return deny(id("typemeta"), "cannot override typeMeta fields");
    if (parts[0] === "metadata" && parts.length === 1) return deny(id("metadata"), "cannot override field metadata");
    if (parts[0] === "metadata" && parts[1] !== "annotations" && parts[1] !== "labels") return deny(id("metadata-field"), "cannot override metadata fields except annotations and labels");
    if (parts[0] === "status") return deny(id("status"), "cannot override status fields");
    if (parts.some((p) => p.trim() === "")) return deny(id("empty-segment"), "path cannot contain empty string");
    return undefined;
}

// ---------------------------------------------------------------------------------------------------------------------
// Go formatting.

const str = (v: unknown): string => (typeof v === "string" ? v : v == null ? "" : String(v));
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v : []);
/** Go's len() of a string counts bytes. */
const byteLength = (s: string) => Buffer.byteLength(s, "utf8");
/** Go's %q (JSON quoting agrees for printable ASCII). */
const goQuote = (s: string) => JSON.stringify(s);
/** %+v of a struct: {Field:value ...}. */
const plusV = (fields: [string, string][]) => `{${fields.map(([k, v]) => `${k}:${v}`).join(" ")}}`;
/** A nested pointer without String(): Go prints an address (or <nil>); JSON is more use. */
const ptrV = (v: unknown) => (v == null ? "<nil>" : JSON.stringify(v));

const tolerationV = (t: Obj) => plusV([["Key", str(t.key)], ["Operator", str(t.operator)], ["Value", str(t.value)], ["Effect", str(t.effect)]]);
const resourceSelectorV = (s: Obj) => plusV([["Group", str(s.group)], ["Version", str(s.version)], ["Kind", str(s.kind)], ["Name", str(s.name)]]);
const selectorTermV = (s: Obj) =>
    plusV([["Group", str(s.group)], ["Version", str(s.version)], ["Kind", str(s.kind)], ["Name", str(s.name)], ["LabelSelector", labelSelectorString(s.labelSelector)], ["SelectionScope", str(s.selectionScope)]]);
const clusterSelectorTermV = (t: Obj) => plusV([["LabelSelector", labelSelectorString(t.labelSelector)], ["PropertySelector", ptrV(t.propertySelector)], ["PropertySorter", ptrV(t.propertySorter)]]);
/** %s of a JSONPatchOverride: {op path {raw}}. */
const patchS = (p: Obj) => `{${str(p.op)} ${str(p.path)} {${p.value == null ? "" : JSON.stringify(p.value)}}}`;

/** The generated String() of *metav1.LabelSelector (gogo protobuf); a nil pointer prints "nil". */
function labelSelectorString(ls: Obj | undefined): string {
    if (ls == null) return "nil";
    const labels = Object.keys(ls.matchLabels ?? {}).sort().map((k) => `${k}: ${str(ls.matchLabels[k])},`).join("");
    const exprs = list(ls.matchExpressions)
        .map((e) => `LabelSelectorRequirement{Key:${str(e.key)},Operator:${str(e.operator)},Values:[${list(e.values).map(str).join(" ")}],},`)
        .join("");
    return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several (deduplicated) in brackets. */
function aggregate(msgs: string[]): string {
    const unique = [...new Set(msgs)];
    return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

// ---------------------------------------------------------------------------------------------------------------------
// k8s.io/apimachinery v0.34.1 (the version kubefleet's go.mod pins).

// pkg/util/validation/validation.go
const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const anchored = (fmt: string) => new RegExp(`^${fmt}$`);

const maxLenError = (n: number) => `must be no more than ${n} characters`;
const regexError = (msg: string, fmt: string, ...examples: string[]) =>
    examples.length === 0 ? `${msg} (regex used for validation is '${fmt}')` : `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(" or ")}regex used for validation is '${fmt}')`;

function isDNS1123Subdomain(value: string): string[] {
    const errs: string[] = [];
    if (byteLength(value) > 253) errs.push(maxLenError(253));
    if (!anchored(DNS1123_SUBDOMAIN_FMT).test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
    return errs;
}

function isQualifiedName(value: string): string[] {
    const errs: string[] = [];
    const parts = value.split("/");
    if (parts.length > 2) {
        return [`a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
    }
    const name = parts[parts.length - 1];
    if (parts.length === 2) {
        if (parts[0] === "") errs.push("prefix part must be non-empty");
        else errs.push(...isDNS1123Subdomain(parts[0]).map((m) => `prefix part ${m}`));
    }
    if (name === "") errs.push("name part must be non-empty");
    else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
    if (!anchored(QUALIFIED_NAME_FMT).test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
    return errs;
}

function isValidLabelValue(value: string): string[] {
    const errs: string[] = [];
    if (byteLength(value) > 63) errs.push(maxLenError(63));
    if (!anchored(LABEL_VALUE_FMT).test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    return errs;
}

// pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and pkg/labels/selector.go NewRequirement: the first failing
// requirement's error (its field errors aggregated), matchLabels first.
const SELECTOR_OPS: Record<string, "in" | "notin" | "exists" | "!"> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

function labelSelectorAsSelectorError(ls: Obj): string | undefined {
    for (const [k, v] of Object.entries(ls.matchLabels ?? {})) {
        const err = newRequirementError(k, "=", [str(v)]);
        if (err) return err;
    }
    for (const expr of list(ls.matchExpressions)) {
        const op = SELECTOR_OPS[str(expr.operator)];
        if (!op) return `${goQuote(str(expr.operator))} is not a valid label selector operator`;
        const err = newRequirementError(str(expr.key), op, list(expr.values).map(str));
        if (err) return err;
    }
    return undefined;
}

function newRequirementError(key: string, op: string, vals: string[]): string | undefined {
    const errs: string[] = [];
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join("; ")}`);
    // field.Invalid renders the []string as JSON; LabelSelectorAsSelector passes a nil slice when there are none.
    const badVals = vals.length ? JSON.stringify(vals) : "null";
    if ((op === "in" || op === "notin") && vals.length === 0) errs.push(`values: Invalid value: ${badVals}: for 'in', 'notin' operators, values set can't be empty`);
    if ((op === "exists" || op === "!") && vals.length !== 0) errs.push(`values: Invalid value: ${badVals}: values set must be empty for exists and does not exist`);
    vals.forEach((v, i) => {
        const valErrs = isValidLabelValue(v);
        if (valErrs.length) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${valErrs.join("; ")}`);
    });
    return errs.length ? aggregate(errs) : undefined;
}

// pkg/api/resource/quantity.go ParseQuantity. A quantity is kept as n * 10^e, already rounded up (away from zero) to
// nanos as Go rounds it; e stays a number so that 1e1000000 costs nothing until two such values are compared.
type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";
interface Quantity {
    n: bigint;
    e: number;
    format: QuantityFormat;
}

const ERR_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_SUFFIX = "unable to parse quantity's suffix";
const DEC_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = 2n ** 63n - 1n;

/** The quantity, or the error text. */
function parseQuantity(s: string): Quantity | string {
    if (s === "") return ERR_FORMAT;
    // Go's leading-zero loop returns 0 as soon as it reaches the end: "0", "-", "+", "000" are all zero.
    if (/^[+-]?0*$/.test(s)) return { n: 0n, e: 0, format: "DecimalSI" };
    const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/s.exec(s)!;
    const [, sign, num, denom = "", suffix] = m;
    if (!/^[eEinumkKMGTP]*[+-]?[0-9]*$/.test(suffix)) return ERR_FORMAT;
    const parsed = interpretSuffix(suffix);
    if (!parsed) return ERR_SUFFIX;
    const digits = BigInt(num + denom || "0");
    const q =
        parsed.format === "BinarySI"
            ? capBinary(roundToNano(digits * 2n ** BigInt(parsed.exponent), -denom.length))
            : roundToNano(digits, parsed.exponent - denom.length);
    return { n: sign === "-" ? -q.n : q.n, e: q.e, format: parsed.format };
}

function interpretSuffix(suffix: string): { format: QuantityFormat; exponent: number } | undefined {
    if (suffix in DEC_SUFFIXES) return { format: "DecimalSI", exponent: DEC_SUFFIXES[suffix] };
    if (suffix in BIN_SUFFIXES) return { format: "BinarySI", exponent: BIN_SUFFIXES[suffix] };
    if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
        const exp = BigInt(suffix.slice(1));
        if (exp > MAX_INT64 || exp < -MAX_INT64 - 1n) return undefined; // strconv.ParseInt range error
        return { format: "DecimalExponent", exponent: Number(BigInt.asIntN(32, exp)) }; // Go: int32(parsed)
    }
    return undefined;
}

/** Round |n| * 10^e up to a whole number of nanos (inf.RoundUp), as ParseQuantity does. */
function roundToNano(n: bigint, e: number): { n: bigint; e: number } {
    if (e >= -9 || n === 0n) return { n, e: n === 0n ? 0 : e };
    const shift = -9 - e;
    if (shift > n.toString().length) return { n: 1n, e: -9 };
    const d = 10n ** BigInt(shift);
    return { n: (n + d - 1n) / d, e: -9 };
}

/** A BinarySI amount is capped at the largest int64. */
function capBinary(q: { n: bigint; e: number }): { n: bigint; e: number } {
    return cmpAbs(q, { n: MAX_INT64, e: 0 }) > 0 ? { n: MAX_INT64, e: 0 } : q;
}

function stripZeros(n: bigint, e: number): [bigint, number] {
    while (n !== 0n && n % 10n === 0n) [n, e] = [n / 10n, e + 1];
    return [n, e];
}

function cmpAbs(a: { n: bigint; e: number }, b: { n: bigint; e: number }): number {
    const [na, ea] = stripZeros(a.n < 0n ? -a.n : a.n, a.e);
    const [nb, eb] = stripZeros(b.n < 0n ? -b.n : b.n, b.e);
    if (na === 0n || nb === 0n) return na === nb ? 0 : na === 0n ? -1 : 1;
    const [ma, mb] = [na.toString().length + ea, nb.toString().length + eb];
    if (ma !== mb) return ma < mb ? -1 : 1;
    const e = Math.min(ea, eb); // same magnitude: the exponents differ by fewer than the digits, so this is cheap
    const [x, y] = [na * 10n ** BigInt(ea - e), nb * 10n ** BigInt(eb - e)];
    return x < y ? -1 : x > y ? 1 : 0;
}

const signOf = (n: bigint) => (n > 0n ? 1 : n < 0n ? -1 : 0);

/** Quantity.Cmp. */
function cmpQuantity(a: Quantity, b: Quantity): number {
    const [sa, sb] = [signOf(a.n), signOf(b.n)];
    if (sa !== sb) return sa < sb ? -1 : 1;
    return sa * cmpAbs(a, b);
}

/** Quantity.String(): CanonicalizeBytes (BinarySI below 1024 or fractional shows as DecimalSI). */
function quantityString(q: Quantity): string {
    if (q.n === 0n) return "0";
    const sign = q.n < 0n ? "-" : "";
    let [n, e] = stripZeros(q.n < 0n ? -q.n : q.n, q.e);
    if (q.format === "BinarySI" && e >= 0 && cmpAbs({ n, e }, { n: 1024n, e: 0 }) >= 0) {
        let [v, i] = [n * 10n ** BigInt(e), 0];
        while (v % 1024n === 0n && i < 6) [v, i] = [v / 1024n, i + 1];
        return sign + v.toString() + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][i];
    }
    const r = ((e % 3) + 3) % 3; // down to a multiple of 3
    [n, e] = [n * 10n ** BigInt(r), e - r];
    const si = Object.entries(DEC_SUFFIXES).find(([, x]) => x === e)?.[0];
    const suffix = q.format !== "DecimalExponent" && si !== undefined ? si : e === 0 ? "" : `e${e}`;
    return sign + n.toString() + suffix;
}
