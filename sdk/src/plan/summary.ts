import { categoryOf, countParts, countResources, describeCounts } from "./counts";
import type { PlannedResource } from "../resource/planned";
import type { PlanResult } from "./run";
import { PulumiTypes } from "../vocabulary/tokens";

/** The fleet a hub provider logs in to, when its kubeconfig names it: ` to fleet NAME`. */
function fleetsOf(provider: PlannedResource | undefined): string {
    const server = provider?.cluster;
    // AKS Fleet hub servers are `https://<fleet>-<dns>.hcp.<region>.azmk8s.io`; the offline answer's `<fleet>-hub.plan.invalid`.
    const m = server ? /^https:\/\/([a-z0-9-]+?)-hub\.plan\.invalid/.exec(server) : null;
    return m ? `, fleet ${m[1]}` : "";
}

/** The plan as a person reads it: resources per component and type, files, warnings, outputs, conflicts. */
export function summarize(result: PlanResult, outDir: string): string {
    const { plan } = result;
    const lines: string[] = [];
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const counted = plan.resources.filter((r) => categoryOf(r) !== undefined);
    lines.push(`Plan of ${plan.program} (stack ${plan.stack}): ${describeCounts(countResources(plan.resources))}`);

    // Every counted resource under the top-level component it belongs to (the component included), so the groups
    // add up to the header; those registered at the stack's root (shared objects, providers) form one group.
    const groupOf = (r: PlannedResource): string => {
        let top = r;
        for (let up = r.parent ? byUrn.get(r.parent) : undefined; up && up.type !== PulumiTypes.Stack; up = up.parent ? byUrn.get(up.parent) : undefined) top = up;
        return top.custom ? "(stack root)" : `${top.type.split(":").pop()} ${top.name}`;
    };
    const groups = new Map<string, PlannedResource[]>();
    for (const r of counted) {
        const group = groupOf(r);
        const members = groups.get(group);
        if (members) members.push(r);
        else groups.set(group, [r]);
    }
    for (const [group, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push("", `  ${group}  (${members.length}: ${countParts(countResources(members))})`);
        const types = new Map<string, number>();
        for (const r of members) types.set(r.type, (types.get(r.type) ?? 0) + 1);
        for (const [type, n] of [...types].sort(([a], [b]) => a.localeCompare(b))) lines.push(`    ${String(n).padStart(3)}  ${type}`);
    }
    lines.push("", `Files committed to GitHub (${result.files.length}), under ${outDir}/:`);
    for (const f of result.files) lines.push(`  ${f}`);
    const clusters = result.clusters;
    lines.push("", `Kubernetes objects applied (${result.kubernetes.length}${clusters.length > 1 ? ` on ${clusters.length} clusters` : ""}), under ${outDir}/:`);
    for (const c of clusters) {
        const provider = c.provider ? byUrn.get(c.provider) : undefined;
        const where = c.provider
            ? `provider ${provider?.name ?? c.provider}, API server ${c.server ?? "not known offline"}`
            : "the default provider: the kubeconfig of the machine that runs `pulumi up`";
        lines.push(`  ${c.folder}  (${c.objects.length}; ${where}${fleetsOf(provider)})`);
        for (const f of c.objects) lines.push(`    ${f}`);
    }
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
