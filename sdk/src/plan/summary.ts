import type { PlanResult } from "./run";

/** The plan as a person reads it: resources per component and type, files, warnings, outputs, conflicts. */
export function summarize(result: PlanResult, outDir: string): string {
    const { plan } = result;
    const lines: string[] = [];
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const counted = plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    lines.push(`Plan of ${plan.program} (stack ${plan.stack}): ${counted.length} resources`);

    // Group custom resources under the top-level component they belong to; those registered at the
    // stack's root (shared objects, hand-written resources) form one group.
    const topOf = (urn: string | null): string => {
        let r = urn ? byUrn.get(urn) : undefined;
        while (r && r.parent && byUrn.get(r.parent)?.type !== "pulumi:pulumi:Stack") r = byUrn.get(r.parent);
        return r ? `${r.type.split(":").pop()} ${r.name}` : "(stack)";
    };
    const groups = new Map<string, Map<string, number>>();
    for (const r of counted.filter((x) => x.custom)) {
        const group = !r.parent || byUrn.get(r.parent)?.type === "pulumi:pulumi:Stack" ? "(stack root)" : topOf(r.parent);
        const types = groups.get(group) ?? new Map<string, number>();
        types.set(r.type, (types.get(r.type) ?? 0) + 1);
        groups.set(group, types);
    }
    for (const [group, types] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        const total = [...types.values()].reduce((a, b) => a + b, 0);
        lines.push("", `  ${group}  (${total})`);
        for (const [type, n] of [...types].sort(([a], [b]) => a.localeCompare(b))) lines.push(`    ${String(n).padStart(3)}  ${type}`);
    }
    lines.push("", `Files committed to GitHub (${result.files.length}), under ${outDir}/:`);
    for (const f of result.files) lines.push(`  ${f}`);
    lines.push(`Kubernetes objects applied (${result.kubernetes.length}), under ${outDir}/:`);
    for (const f of result.kubernetes) lines.push(`  ${f}`);
    const adopted = counted.filter((r) => r.options.import);
    if (adopted.length > 0) {
        lines.push("", `Adopted on the first \`pulumi up\` (${adopted.length}): imported with their ids (the import option), not created:`);
        for (const r of adopted) lines.push(`  = ${r.type.split(":").pop()} ${r.name}  <- ${r.options.import}`);
    }
    if (result.warnings.length > 0) {
        lines.push("", `Warnings (${result.warnings.length}):`);
        for (const w of result.warnings) lines.push(`  ! ${w}`);
    }
    lines.push("", `Outputs: ${JSON.stringify(plan.outputs, null, 2).split("\n").join("\n  ")}`);
    if (plan.conflicts.length === 0) {
        lines.push("", "Conflicts: none");
    } else {
        lines.push("", `Conflicts (${plan.conflicts.length}): resources that declare the same cloud object; the second fails on \`pulumi up\`, and deleting either deletes it for both:`);
        for (const c of plan.conflicts) {
            lines.push(`  ! ${c.kind}: ${c.object}`);
            for (const urn of c.resources) lines.push(`      ${byUrn.get(urn)?.name ?? urn}  (${urn})`);
        }
    }
    if (result.policyPack && plan.violations.length === 0) {
        lines.push("", `Policy violations: none (${result.policyPack.policies} policies of pack ${result.policyPack.name})`);
    } else if (plan.violations.length > 0) {
        const mandatory = plan.violations.filter((v) => v.enforcementLevel === "mandatory").length;
        lines.push("", `Policy violations (${plan.violations.length}, ${mandatory} mandatory${result.policyPack ? `; pack ${result.policyPack.name}` : ""}):`);
        for (const v of plan.violations) {
            lines.push(`  ${v.enforcementLevel === "mandatory" ? "!" : "-"} [${v.enforcementLevel}] ${v.policy}: ${v.message}`);
            if (v.urn) lines.push(`      ${byUrn.get(v.urn)?.name ?? v.urn}  (${v.urn})`);
        }
    }
    lines.push("", `Wrote ${outDir}/plan.json`);
    return lines.join("\n");
}
