import { list } from "./apimachinery";
import { CRP, isFleet, Obj } from "./webhookRules";

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
