import { Problem } from "../core/problems";
import { overridesByObject } from "./placementOverrides";
import { isNamespace, PlacementSpec, PlacementType } from "./placementTypes";
import { DNS_LABEL, DNS_SUBDOMAIN, LABEL_NAME, LABEL_VALUE } from "../vocabulary/dns";

// Every problem a placement spec can have, with the argument, the value and the fix: checked before anything
// is rendered or registered, with the field names and limits of the CRDs the hub serves.

const PERCENT = /^(100|[0-9]{1,2})%$/;
/** The strategy CRD's stage name pattern (ClusterStagedUpdateStrategy spec.stages[].name). */
const STAGE_NAME = /^[a-z0-9]+$/;
const ENUMS = {
    type: ["ClientSideApply", "ServerSideApply", "ReportDiff"],
    comparisonOption: ["PartialComparison", "FullComparison"],
    whenToApply: ["Always", "IfNotDrifted"],
    whenToTakeOver: ["Always", "IfNoDiff", "Never"],
} as const;

/** apimachinery validation.IsQualifiedName: an optional DNS-subdomain prefix and '/', then a name of up to 63. */
export function qualifiedName(key: string): boolean {
    const [prefix, name] = key.includes("/") ? key.split(/\/(.*)/s) : [undefined, key];
    return name.length <= 63 && LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
}

export function labelProblems(labels: Record<string, string> | undefined, path: string): Problem[] {
    const problems: Problem[] = [];
    for (const [key, value] of Object.entries(labels ?? {})) {
        if (!qualifiedName(key))
            problems.push({ path, message: `${path} key ${JSON.stringify(key)} is not a Kubernetes label key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.').` });
        if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
            problems.push({ path, message: `${path} value ${JSON.stringify(value)} of ${key} is not a Kubernetes label value (up to 63 letters, digits, '-', '_' or '.').` });
        }
    }
    return problems;
}

/** Every problem with a placement spec; `path` is the argument prefix, e.g. `placement`. */
export function placementProblems(spec: PlacementSpec, path: string): Problem[] {
    const at = (field: string) => `${path}.${field}`;
    const stages = spec.stagedRollout?.stages;
    return [
        ...pickProblems(spec, at),
        ...clusterLabelProblems(spec, at),
        ...tolerationProblems(spec, at("tolerations")),
        ...rollingUpdateProblems(spec, path),
        ...applyStrategyProblems(spec, at),
        ...(stages !== undefined ? stageProblems(stages, at("stagedRollout.stages")) : []),
        ...overrideProblems(spec, at),
    ];
}

/** A field's argument path, e.g. `placement.name`. */
type At = (field: string) => string;

/** The placement type, its name, and which clusters it picks (each type takes its own fields). */
function pickProblems(spec: PlacementSpec, at: At): Problem[] {
    const p: Problem[] = [];
    if (!Object.values(PlacementType).includes(spec.type)) {
        p.push({ path: at("type"), message: `${at("type")} ${JSON.stringify(spec.type)} is not one of "PickAll", "PickN", "PickFixed".` });
    }
    if (!DNS_SUBDOMAIN.test(spec.name ?? "")) {
        p.push({ path: at("name"), message: `${at("name")} ${JSON.stringify(spec.name)} is not a valid placement name: lowercase letters, digits, '-' and '.'.` });
    } else if (spec.name.length > 63) {
        // kubefleet validatePlacement: "the name field cannot have length exceeding 63" (DNS1035LabelMaxLength).
        p.push({ path: at("name"), message: `${at("name")} ${JSON.stringify(spec.name)} has ${spec.name.length} characters; Fleet refuses placement names over 63: choose a shorter one.` });
    }
    const names = spec.clusterNames ?? [];
    if (spec.type === PlacementType.PickFixed) {
        if (names.length === 0) p.push({ path: at("clusterNames"), message: `${at("clusterNames")} is empty: PickFixed places on exactly the named clusters; name at least one.` });
        const seen = new Set<string>();
        for (const n of names) {
            if (seen.has(n)) p.push({ path: at("clusterNames"), message: `${at("clusterNames")} lists ${JSON.stringify(n)} twice: list each cluster once.` });
            seen.add(n);
        }
        if (names.length > 100) p.push({ path: at("clusterNames"), message: `${at("clusterNames")} has ${names.length} clusters; a placement names at most 100.` });
        for (const [field, present] of [
            ["numberOfClusters", spec.numberOfClusters !== undefined],
            ["clusterLabels", !!spec.requiredClusterLabels],
            ["topologySpread", !!spec.topologySpread?.length],
        ] as const) {
            if (present) p.push({ path: at(field), message: `${at(field)} does not apply to PickFixed, which places on exactly clusterNames: drop it, or choose type "PickN".` });
        }
    } else if (spec.clusterNames !== undefined && Object.values(PlacementType).includes(spec.type)) {
        p.push({ path: at("clusterNames"), message: `${at("clusterNames")} applies to PickFixed only; ${spec.type} picks clusters itself: drop clusterNames, or choose type "PickFixed".` });
    }
    if (spec.type === PlacementType.PickN && !(Number.isInteger(spec.numberOfClusters) && spec.numberOfClusters! >= 1)) {
        p.push({ path: at("numberOfClusters"), message: `${at("numberOfClusters")} ${JSON.stringify(spec.numberOfClusters)}: PickN needs a whole number of clusters, at least 1.` });
    }
    if (spec.type === PlacementType.PickAll) {
        if (spec.numberOfClusters !== undefined)
            p.push({ path: at("numberOfClusters"), message: `${at("numberOfClusters")} does not apply to PickAll, which picks every matching cluster: drop it, or choose type "PickN".` });
        if (spec.topologySpread?.length) p.push({ path: at("topologySpread"), message: `${at("topologySpread")} applies to PickN only.` });
    }
    return p;
}

/** Required and preferred cluster labels, and the topology spread. */
function clusterLabelProblems(spec: PlacementSpec, at: At): Problem[] {
    const p: Problem[] = [];
    p.push(...labelProblems(spec.requiredClusterLabels, at("clusterLabels")));
    (spec.preferredClusterLabels ?? []).forEach((pref, i) => {
        if (!(Number.isInteger(pref.weight) && pref.weight >= -100 && pref.weight <= 100))
            p.push({ path: `${at("preferredClusterLabels")}[${i}].weight`, message: `weight ${pref.weight} must be a whole number from -100 to 100.` });
        p.push(...labelProblems(pref.labels, `${at("preferredClusterLabels")}[${i}].labels`));
    });
    (spec.topologySpread ?? []).forEach((t, i) => {
        if (!t.topologyKey) p.push({ path: `${at("topologySpread")}[${i}].topologyKey`, message: "topologyKey is required: the member cluster label to spread across." });
        if (t.maxSkew !== undefined && !(Number.isInteger(t.maxSkew) && t.maxSkew >= 1))
            p.push({ path: `${at("topologySpread")}[${i}].maxSkew`, message: `maxSkew ${t.maxSkew} must be a whole number, at least 1.` });
        if (t.whenUnsatisfiable !== undefined && !["DoNotSchedule", "ScheduleAnyway"].includes(t.whenUnsatisfiable))
            p.push({ path: `${at("topologySpread")}[${i}].whenUnsatisfiable`, message: `whenUnsatisfiable ${JSON.stringify(t.whenUnsatisfiable)} is not "DoNotSchedule" or "ScheduleAnyway".` });
    });
    return p;
}

/** The apply strategy's enums and the revision history limit. */
function applyStrategyProblems(spec: PlacementSpec, at: At): Problem[] {
    const p: Problem[] = [];
    for (const [field, allowed] of Object.entries(ENUMS)) {
        const v = (spec.applyStrategy as Record<string, string> | undefined)?.[field];
        if (v !== undefined && !(allowed as readonly string[]).includes(v))
            p.push({ path: at(`applyStrategy.${field}`), message: `${at(`applyStrategy.${field}`)} ${JSON.stringify(v)} is not one of ${allowed.map((a) => `"${a}"`).join(", ")}.` });
    }
    if (spec.revisionHistoryLimit !== undefined && !(Number.isInteger(spec.revisionHistoryLimit) && spec.revisionHistoryLimit >= 1 && spec.revisionHistoryLimit <= 1000)) {
        p.push({ path: at("revisionHistoryLimit"), message: `${at("revisionHistoryLimit")} ${spec.revisionHistoryLimit} must be from 1 to 1000.` });
    }
    return p;
}

/** A staged rollout's stages; `sp` is their argument path. */
function stageProblems(stages: NonNullable<PlacementSpec["stagedRollout"]>["stages"], sp: string): Problem[] {
    const p: Problem[] = [];
    if (stages.length === 0 || stages.length > 31) p.push({ path: sp, message: `${sp} has ${stages.length} stages; a staged rollout has 1 to 31.` });
    const seen = new Set<string>();
    stages.forEach((st, i) => {
        if (!STAGE_NAME.test(st.name ?? "") || st.name.length > 63)
            p.push({
                path: `${sp}[${i}].name`,
                message: `${sp}[${i}].name ${JSON.stringify(st.name)} is not a stage name: up to 63 lowercase letters and digits, nothing else (the strategy CRD's pattern ^[a-z0-9]+$), e.g. "canary".`,
            });
        if (seen.has(st.name)) p.push({ path: `${sp}[${i}].name`, message: `${sp}[${i}].name ${JSON.stringify(st.name)} is used twice: stage names are unique.` });
        seen.add(st.name);
        if (Object.keys(st.labels ?? {}).length === 0) p.push({ path: `${sp}[${i}].clusterLabels`, message: `${sp}[${i}].clusterLabels is empty: a stage selects its clusters by label.` });
        p.push(...labelProblems(st.labels, `${sp}[${i}].clusterLabels`));
        if (st.maxConcurrency !== undefined && !/^([1-9][0-9]*|([1-9][0-9]?|100)%)$/.test(st.maxConcurrency))
            p.push({ path: `${sp}[${i}].maxConcurrency`, message: `${sp}[${i}].maxConcurrency ${JSON.stringify(st.maxConcurrency)} must be a count ("1") or a percentage ("50%"), above zero.` });
        if (st.afterStageWaitMinutes !== undefined && !(Number.isInteger(st.afterStageWaitMinutes) && st.afterStageWaitMinutes >= 1))
            p.push({ path: `${sp}[${i}].afterStageWaitMinutes`, message: `${sp}[${i}].afterStageWaitMinutes ${st.afterStageWaitMinutes} must be a whole number of minutes, at least 1.` });
        // After the last stage every picked member is updated: a wait or an approval there holds back nothing, and
        // a later commit's run stops the waiting one (rolloutScript), so its approval would never be asked for.
        if (i === stages.length - 1 && stages.length > 0) {
            for (const field of ["requireApproval", "afterStageWaitMinutes"] as const) {
                if (st[field])
                    p.push({
                        path: `${sp}[${i}].${field}`,
                        message: `${sp}[${i}].${field} is set on the last stage (${JSON.stringify(st.name)}): after it every member is already updated, so it gates nothing. Put it on the stage before the one it should hold back (e.g. requireApproval on "canary" holds back "production"), or drop it.`,
                    });
            }
        }
    });
    p.push(...overlappingStageProblems(stages, sp));
    return p;
}

/** The overrides: each entry, then the rules per object Fleet takes. */
function overrideProblems(spec: PlacementSpec, at: At): Problem[] {
    const p: Problem[] = [];
    const overrides = spec.overrides ?? [];
    if (overrides.length > 0 && !overrides.every((o) => o)) p.push({ path: at("overrides"), message: "overrides has an empty entry." });
    const overrideNames = new Set<string>();
    overrides.forEach((o, i) => {
        if (!o) return; // reported above as an empty entry
        p.push(...overrideEntryProblems(spec, o, `${at("overrides")}[${i}]`, overrideNames));
    });
    // Fleet takes one ResourceOverride per object: the overrides of one object are the rules of one, at most 20.
    for (const g of overridesByObject(spec)) {
        if (g.overrides.length + (g.autoscaled ? 1 : 0) > 20) {
            p.push({
                path: at("overrides"),
                message: `${at("overrides")} has ${g.overrides.length} overrides of ${g.target.kind} ${JSON.stringify(g.target.name)}${g.autoscaled ? ", besides the rule that leaves its replicas to the autoscaler" : ""}: Fleet takes one ResourceOverride per object, with at most 20 rules; merge overrides that select the same clusters (one takes up to 20 patches).`,
            });
        }
    }
    return p;
}

/** One override (`op` its argument path); `names` holds the names seen before it, and gets its own. */
function overrideEntryProblems(spec: PlacementSpec, o: NonNullable<PlacementSpec["overrides"]>[number], op: string, names: Set<string>): Problem[] {
    const p: Problem[] = [];
    if (!DNS_LABEL.test(o.name ?? "")) p.push({ path: `${op}.name`, message: `${op}.name ${JSON.stringify(o.name)} is not a DNS label.` });
    if (names.has(o.name)) p.push({ path: `${op}.name`, message: `${op}.name ${JSON.stringify(o.name)} is used twice.` });
    names.add(o.name);
    if (Object.keys(o.clusterLabels ?? {}).length === 0)
        p.push({ path: `${op}.clusterLabels`, message: `${op}.clusterLabels is empty: an override selects member clusters by label (use the placement itself to change every cluster).` });
    p.push(...labelProblems(o.clusterLabels, `${op}.clusterLabels`));
    if (!o.resource?.kind || !o.resource?.name) p.push({ path: `${op}.kind`, message: `${op} needs the kind and resourceName of the staged object to patch.` });
    const onNamespace = isNamespace(o.resource);
    const hpa = spec.autoscaledDeployment;
    const onAutoscaled = hpa !== undefined && !onNamespace && o.resource?.group === "apps" && o.resource?.kind === "Deployment" && o.resource?.name === hpa;
    // A ClusterResourceOverride of the Namespace patches the namespace and every object in it ("If you select a
    // namespace in ClusterResourceSelector, the override applies to all resources in the namespace",
    // howto-use-overrides; kubefleet keys a namespaced object's cluster overrides by its namespace and ignores the
    // selector's selectionScope). Fleet's JSON patches (evanphx/json-patch, default options) create no missing
    // parent and remove no missing key: add /metadata/labels/X fails on an object without a labels map ("doc is
    // missing path"), remove and replace on one without X, and Fleet then stops syncing that cluster. Fleet drops
    // kubectl's last-applied annotation, which leaves many objects with no annotations map, and the workflow stages
    // any manifest. Patching the whole map (add /metadata/labels) cannot fail, but replaces every object's labels.
    // No patch is safe for every object: refused.
    if (onNamespace) {
        p.push({
            path: `${op}.kind`,
            message: `${op}.kind "Namespace": Fleet applies an override of the Namespace to the namespace and to every object in it, and a JSON patch of a label or annotation fails on any object without a labels (or annotations) map, or without the key it replaces or removes ("doc is missing path"), which stops Fleet syncing that cluster; patching the whole map would replace every object's labels. No Namespace patch is safe for every object, so none is accepted: override each object instead (e.g. kind "Deployment", path "/metadata/labels/NAME" or "/spec/template/metadata/labels/NAME"; the generated manifests always carry labels).`,
        });
    }
    if (!o.patches?.length || o.patches.length > 20) p.push({ path: `${op}.patches`, message: `${op}.patches has ${o.patches?.length ?? 0} patches; give 1 to 20.` });
    (o.patches ?? []).forEach((patch, j) => {
        if (!["add", "remove", "replace"].includes(patch.op))
            p.push({ path: `${op}.patches[${j}].op`, message: `${op}.patches[${j}].op ${JSON.stringify(patch.op)} is not "add", "remove" or "replace".` });
        const pathProblem = overridePathProblem(patch.path);
        if (pathProblem) p.push({ path: `${op}.patches[${j}].path`, message: `${op}.patches[${j}].path ${JSON.stringify(patch.path)} ${pathProblem}` });
        if (patch.op !== "remove" && patch.value === undefined) p.push({ path: `${op}.patches[${j}].value`, message: `${op}.patches[${j}] (${patch.op}) needs a value.` });
        if (onAutoscaled && (patch.path === "/spec/replicas" || patch.path === "/spec")) {
            p.push({
                path: `${op}.patches[${j}].path`,
                message: `${op}.patches[${j}].path ${JSON.stringify(patch.path)} sets the replicas of Deployment ${JSON.stringify(hpa)}, which is autoscaled (generateManifests.autoscaling): its HorizontalPodAutoscaler owns the count on every member, and the placement keeps /spec/replicas out of what Fleet applies (Fleet re-applies the hub's manifest, whose replicas the hub defaults to 1, over the autoscaler's). Patch the HorizontalPodAutoscaler's /spec/minReplicas or /spec/maxReplicas per cluster instead (kind "HorizontalPodAutoscaler", group "autoscaling", version "v2"), or drop generateManifests.autoscaling.`,
            });
        }
    });
    return p;
}

/**
 * Why Fleet's override webhook refuses a JSON patch path, or undefined (kubefleet pkg/utils/validator/resourceoverride.go,
 * validateJSONPatchOverridePath): type meta, metadata other than labels and annotations, and status cannot be
 * overridden, and no segment may be empty.
 */
export function overridePathProblem(path: unknown): string | undefined {
    if (typeof path !== "string" || !path.startsWith("/")) return `is not a JSON pointer (it starts with '/', e.g. "/spec/replicas").`;
    const parts = path.split("/").slice(1);
    if (parts[0] === "kind" || parts[0] === "apiVersion") return "overrides the object's kind or apiVersion, which Fleet refuses: patch a field under /spec or /metadata/labels instead.";
    if (parts[0] === "metadata" && parts[1] !== "labels" && parts[1] !== "annotations")
        return "overrides metadata other than labels and annotations, which Fleet refuses: patch /metadata/labels/NAME or /metadata/annotations/NAME.";
    if (parts[0] === "status") return "overrides status, which Fleet refuses: members write their own status.";
    if (parts.some((x) => x.trim() === "")) return "has an empty segment ('//' or a trailing '/'), which Fleet refuses.";
    return undefined;
}

/** Fleet's toleration rules (kubefleet placement.go validateTolerations, validatePolicyForPickFixedPlacementType, and the CRD's CEL rules). */
function tolerationProblems(spec: PlacementSpec, at: string): Problem[] {
    const p: Problem[] = [];
    const tolerations = spec.tolerations ?? [];
    if (tolerations.length > 0 && spec.type === PlacementType.PickFixed) {
        p.push({
            path: at,
            message: `${at}: Fleet refuses tolerations on a PickFixed placement ("tolerations needs to be empty for policy type PickFixed"), which places on exactly its named clusters, tainted or not: drop tolerations, or choose type "PickAll" or "PickN".`,
        });
    }
    const seen = new Set<string>();
    tolerations.forEach((t, i) => {
        const tp = `${at}[${i}]`;
        const operator = t.operator ?? "Equal";
        if (!["Equal", "Exists"].includes(operator)) p.push({ path: `${tp}.operator`, message: `${tp}.operator ${JSON.stringify(t.operator)} is not "Equal" or "Exists".` });
        if (t.effect !== undefined && t.effect !== "NoSchedule") p.push({ path: `${tp}.effect`, message: `${tp}.effect ${JSON.stringify(t.effect)}: Fleet taints only use "NoSchedule".` });
        if (operator === "Equal" && !t.key)
            p.push({
                path: `${tp}.key`,
                message: `${tp}.key is empty: a toleration with operator "Equal" (the default) names the taint's key; use operator "Exists" without a key to tolerate every taint.`,
            });
        if (t.key && !qualifiedName(t.key))
            p.push({
                path: `${tp}.key`,
                message: `${tp}.key ${JSON.stringify(t.key)} is not a Kubernetes qualified name (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.').`,
            });
        if (operator === "Exists" && t.value) p.push({ path: `${tp}.value`, message: `${tp}.value must be empty with operator "Exists".` });
        if (operator === "Equal" && t.value !== undefined && (typeof t.value !== "string" || t.value.length > 63 || !LABEL_VALUE.test(t.value)))
            p.push({ path: `${tp}.value`, message: `${tp}.value ${JSON.stringify(t.value)} is not a label value (up to 63 letters, digits, '-', '_' or '.').` });
        const key = JSON.stringify([t.key ?? "", operator, t.value ?? "", t.effect ?? ""]);
        if (seen.has(key)) p.push({ path: tp, message: `${tp} repeats an earlier toleration: Fleet refuses duplicates.` });
        seen.add(key);
    });
    return p;
}

/** Rolling-update bounds as Fleet reads them (kubefleet validateRolloutStrategy, intstr.GetScaledValueFromIntOrPercent). */
function rollingUpdateProblems(spec: PlacementSpec, path: string): Problem[] {
    const p: Problem[] = [];
    const at = (field: string) => `${path}.${field}`;
    const ru = spec.rollingUpdate ?? {};
    for (const field of ["maxUnavailable", "maxSurge"] as const) {
        const v = ru[field];
        if (v === undefined) continue;
        if (typeof v === "string" && /^[0-9]+$/.test(v)) {
            p.push({
                path: at(field),
                message: `${at(field)} ${JSON.stringify(v)} is a string without "%": Fleet reads a string as a percentage and refuses this one ("invalid type: string is not a percentage"). Write the number ${v} for a count of clusters, or "${v}%" for a percentage.`,
            });
        } else if (!(typeof v === "number" ? Number.isInteger(v) && v >= 0 : typeof v === "string" && PERCENT.test(v))) {
            p.push({ path: at(field), message: `${at(field)} ${JSON.stringify(v)} must be a whole number of clusters, 0 or more (e.g. 1), or a percentage from "0%" to "100%" (e.g. "25%").` });
        }
    }
    if (ru.unavailablePeriodSeconds !== undefined && !(Number.isInteger(ru.unavailablePeriodSeconds) && ru.unavailablePeriodSeconds >= 0)) {
        p.push({ path: at("unavailablePeriodSeconds"), message: `${at("unavailablePeriodSeconds")} ${ru.unavailablePeriodSeconds} must be a whole number of seconds, 0 or more.` });
    }
    if (spec.stagedRollout && spec.rollingUpdate) {
        const given = (["maxUnavailable", "maxSurge", "unavailablePeriodSeconds"] as const).filter((f) => ru[f] !== undefined);
        for (const field of given)
            p.push({
                path: at(field),
                message: `${at(field)} is a rolling-update bound, and stagedRollout replaces the rolling update (Fleet refuses rollingUpdate with the External strategy): drop ${field}, or set each stage's maxConcurrency.`,
            });
    }
    return p;
}

/**
 * "There cannot be overlapping clusters between stages when the stagedUpdateRun is created" (the strategy CRD's
 * labelSelector): a run whose stages share a member fails to initialize. Two stages are disjoint for every member
 * only when they ask one label key for different values; any other pair selects a member labelled for both.
 */
export function overlappingStageProblems(stages: { name: string; labels: Record<string, string> }[], sp: string): Problem[] {
    const p: Problem[] = [];
    stages.forEach((b, j) => {
        stages.slice(0, j).forEach((a, i) => {
            const la = a.labels ?? {},
                lb = b.labels ?? {};
            if (Object.keys(la).length === 0 || Object.keys(lb).length === 0) return;
            if (Object.keys(la).some((k) => k in lb && la[k] !== lb[k])) return;
            const both = Object.entries({ ...la, ...lb })
                .map(([k, v]) => `${k}=${v}`)
                .join(",");
            p.push({
                path: `${sp}[${j}].clusterLabels`,
                message: `${sp}[${j}].clusterLabels (stage ${JSON.stringify(b.name)}) and ${sp}[${i}].clusterLabels (stage ${JSON.stringify(a.name)}) both select a member labelled ${both}: Fleet refuses an update run whose stages share a member ("There cannot be overlapping clusters between stages", ClusterStagedUpdateStrategy CRD). Give the stages one label key with a different value each, e.g. { "fleet-stage": "canary" } and { "fleet-stage": "production" }.`,
            });
        });
    });
    return p;
}
