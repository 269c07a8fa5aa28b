// What a change does: the offline plan of a pull request's head against the plan of its base. Pure: two plans in,
// the diff out. Resources are matched as the engine matches them: by URN, or by an alias URN the new one declares
// (a renamed component with an alias is an update or nothing, never a delete and a create).
import type { PlannedResource } from "../resource/planned";
import { replacementCauses } from "./replacements";

/** Why the engine removes a resource from the stack without calling its provider's delete. */
export type LeftBecause = "retainOnDelete" | "deletedWith";

export interface PlanDiff {
    create: string[];
    update: { urn: string; changed: string[] }[];
    replace: { urn: string; because: string[] }[];
    /** Deleted in the cloud: the provider's delete is called. */
    delete: string[];
    /**
     * Gone from the program but not deleted: the engine drops them from the stack's state and skips the provider's
     * delete (`retainOnDelete`, or `deletedWith` a resource deleted in the same operation). They keep running, unmanaged.
     */
    leave: { urn: string; because: LeftBecause; with?: string }[];
    same: number;
}

/** The parts of plan.json the diff reads. */
export interface PlanResources {
    resources: PlannedResource[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const key = (at: string, k: string) => (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k) ? (at ? `${at}.${k}` : k) : `${at}[${JSON.stringify(k)}]`);

/** The leaf paths where two input values differ (`spec.policy.clusterNames[1]`), in a stable order. */
export function changedPaths(before: unknown, after: unknown, at = ""): string[] {
    if (isObject(before) && isObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => changedPaths(before[k], after[k], key(at, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => changedPaths(before[i], after[i], `${at}[${i}]`)).flat();
    }
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [at];
}

/** Diffs two plans: the base (what is deployed) and the head (what the change would deploy). */
export function diffPlans(base: PlanResources, head: PlanResources): PlanDiff {
    const diff: PlanDiff = { create: [], update: [], replace: [], delete: [], leave: [], same: 0 };
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const matched = new Set<string>();
    for (const r of head.resources) {
        const old = baseByUrn.get(r.urn) ?? r.options.aliases.map((a) => baseByUrn.get(a)).find((x) => x && !matched.has(x.urn));
        if (!old) {
            diff.create.push(r.urn);
            continue;
        }
        matched.add(old.urn);
        // What the resource ignores is never diffed, as the engine does with ignoreChanges.
        const ignored = r.options.ignoreChanges ?? [];
        const changed = changedPaths(old.inputs, r.inputs).filter((p) => !ignored.some((i) => p === i || p.startsWith(`${i}.`) || p.startsWith(`${i}[`)));
        if (changed.length === 0) {
            diff.same++;
            continue;
        }
        const because = r.custom ? replacementCauses(r.type, changed, r.options.replaceOnChanges) : [];
        if (because.length > 0) diff.replace.push({ urn: r.urn, because });
        else diff.update.push({ urn: r.urn, changed });
    }
    const gone = new Set(base.resources.filter((r) => !matched.has(r.urn)).map((r) => r.urn));
    for (const r of base.resources.filter((x) => gone.has(x.urn))) {
        // The options of the old state decide (the engine reads them from it); a deletedWith resource that stays skips nothing.
        if (r.options.retainOnDelete) diff.leave.push({ urn: r.urn, because: "retainOnDelete" });
        else if (r.options.deletedWith && gone.has(r.options.deletedWith)) diff.leave.push({ urn: r.urn, because: "deletedWith", with: r.options.deletedWith });
        else diff.delete.push(r.urn);
    }
    return diff;
}
