// The validating webhook of ClusterResourcePlacement and ResourcePlacement: pkg/utils/validator/placement.go.
import {
    aggregate,
    byteLength,
    goQuote,
    isDNS1123Subdomain,
    isQualifiedName,
    isValidLabelValue,
    labelSelectorAsSelectorError,
    labelSelectorString,
    list,
    selectorTermV,
    str,
    tolerationV,
} from "./apimachinery";
import { deny, Denial, wrap } from "./denial";
import { validatePropertySelectorRequirements, validatePropertySorter } from "./propertySelectors";
import { FLEET_GROUP, Obj, WebhookRequest } from "./webhookRules";

// --- HandlePlacementValidation (placement.go:763) --------------------------------------------------------------------

export function placementWebhook(req: WebhookRequest, isCluster: boolean): Denial[] {
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

const served = (group: string, versions: string[], clusterScoped: boolean, names: string[]): ServedKind[] => names.map((kind) => ({ group, versions, kind, clusterScoped }));

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
    if (policy.numberOfClusters != null)
        errs.push(deny("placement.pickfixed-number-of-clusters", "number of clusters must be nil for policy type PickFixed, only valid for PickN placement policy type"));
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
        ...(term.propertySelector != null
            ? [deny("placement.preferred-selector-property-selector", "PropertySelector is not allowed for PreferredDuringSchedulingIgnoredDuringExecution affinity")]
            : []),
        ...(term.propertySorter != null ? validatePropertySorter(term.propertySorter) : []),
    ];
}

/** validateLabelSelector: a nil selector is fine (LabelSelectorAsSelector returns labels.Nothing()). */
export function validateLabelSelector(ls: Obj | undefined, parent: string, id: string): Denial[] {
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
