import { clusterSelectorTermV, list, patchS, resourceSelectorV, selectorTermV, str } from "./apimachinery";
import { deny, Denial } from "./denial";
import { validateLabelSelector } from "./placementWebhook";
import { CRO, isFleet, Obj, RO, WebhookRequest } from "./webhookRules";

// --- ResourceOverride / ClusterResourceOverride ----------------------------------------------------------------------

export function resourceOverrideWebhook(req: WebhookRequest): Denial[] {
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

export function clusterResourceOverrideWebhook(req: WebhookRequest): Denial[] {
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
const selectorTermKey = (s: Obj) => (s.labelSelector != null ? "" : JSON.stringify([str(s.group), str(s.version), str(s.kind), str(s.name), str(s.selectionScope) || "NamespaceWithResources"]));

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
