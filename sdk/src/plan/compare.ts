// `plan --compare BASE_PLAN_JSON`: writes OUT/diff.json and OUT/diff.md next to the head's plan.
import * as fs from "node:fs";
import * as path from "node:path";
import { diffPlans, PlanDiff, PlanResources } from "./diff";
import { diffFlags, DiffFlag, renderDiffMarkdown } from "./diffMarkdown";

export interface Comparison {
    diff: PlanDiff;
    flags: DiffFlag[];
}

/** Reads the base plan, diffs the head against it and writes both outputs; returns what it wrote. */
export function writeComparison(basePlanFile: string, head: PlanResources, outDir: string): Comparison {
    let base: PlanResources;
    try {
        base = JSON.parse(fs.readFileSync(basePlanFile, "utf8"));
    } catch (err) {
        throw new Error(`--compare ${basePlanFile}: cannot read the base plan (${err instanceof Error ? err.message : err}); give the plan.json of a plan of the base`);
    }
    if (!Array.isArray(base?.resources)) throw new Error(`--compare ${basePlanFile}: not a plan.json (no resources list)`);
    const diff = diffPlans(base, head);
    const flags = diffFlags(base, head, diff);
    fs.writeFileSync(path.join(outDir, "diff.json"), `${JSON.stringify(diff, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, "diff.md"), renderDiffMarkdown(base, head, diff, flags));
    return { diff, flags };
}
