// The plan diff for a pull-request comment or a job summary: counts first, what deserves a reviewer's eye, then the
// changes grouped by the component that owns them. Pure: the two plans and the diff in, Markdown out.
import { PlanDiff, PlanResources } from "./diff";
import { findRenames, renameMessage } from "./renames";
import { changedTexts, unifiedDiff } from "./textDiff";
import { leftRunning } from "./unmanaged";
import { BuiltInRole, PRIVILEGED_ROLES, roleNames } from "../vocabulary/roles";
import { lastSegment, PlannedResource } from "../resource/planned";
import { PulumiTypes, Types } from "../vocabulary/tokens";

/** One thing a reviewer should look at, with the resource it is about. */
export interface DiffFlag {
    kind:
        | "identity-replaced"
        | "role-broadened"
        | "role-moved"
        | "member-grant-removed"
        | "namespace-removed"
        | "placement-replaced"
        | "placement-removed"
        | "workflow-rewritten"
        | "credential-removed"
        | "left-unmanaged"
        | "rename-without-alias";
    urn: string;
    message: string;
}

const IDENTITIES: string[] = [Types.UserAssignedIdentity, Types.Application, Types.ServicePrincipal];
const CREDENTIALS: string[] = [Types.FederatedIdentityCredential, Types.ApplicationFederatedIdentityCredential, Types.ApplicationFlexibleFederatedIdentityCredential];
const NAMESPACES: string[] = [Types.KubernetesNamespace, Types.KubernetesNamespacePatch, Types.FleetManagedNamespace];
/** Roles that hand over a scope or the right to grant roles: the policy pack's list, one table for both. */
const BROAD_ROLES = PRIVILEGED_ROLES;
/** The library's role names, and the privileged ones; any other role is shown by GUID. */
const ROLE_NAMES: Record<string, string> = { ...BROAD_ROLES, ...roleNames };
/** The roles that let a principal pull images: a member losing one cannot start new pods of the app. */
const PULL_ROLES: string[] = [BuiltInRole.AcrPull, BuiltInRole.ContainerRegistryRepositoryReader];

const roleOf = (r: PlannedResource) => lastSegment(String(r.inputs.roleDefinitionId ?? "")).toLowerCase();
const roleName = (r: PlannedResource) => ROLE_NAMES[roleOf(r)] ?? roleOf(r);
const scopeOf = (r: PlannedResource) => String(r.inputs.scope ?? "");
/** A scope above any one resource: a subscription, a resource group, or a management group. */
const broadScope = (scope: string) => !/\/providers\//i.test(scope) || /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope);
const short = (type: string) => type.split(":").pop()!;

/** The identities a credential lets sign in, as issuer and subject (a flexible credential's claims expression as its subject). */
function subjectOf(r: PlannedResource): string {
    const expression = r.inputs.claimsMatchingExpression as { value?: unknown } | undefined;
    return JSON.stringify([String(r.inputs.issuer ?? ""), String(r.inputs.subject ?? expression?.value ?? "")]);
}

const isPlacement = (type: string) => type.endsWith(":ClusterResourcePlacement") || type.endsWith(":ResourcePlacement");

/** What deserves a reviewer's eye in this diff. */
export function diffFlags(base: PlanResources, head: PlanResources, diff: PlanDiff): DiffFlag[] {
    const baseBy = new Map(base.resources.map((r) => [r.urn, r]));
    const headBy = new Map(head.resources.map((r) => [r.urn, r]));
    const replaced = new Map(diff.replace.map((x) => [x.urn, x.because]));
    return [
        ...replacedFlags(replaced, headBy),
        ...broadenedRoleFlags(diff, headBy),
        ...deletedFlags(head, diff, baseBy),
        ...lostCredentialFlags(base, head),
        ...leftUnmanagedFlags(diff, baseBy),
        ...findRenames(base, head, diff).map((x): DiffFlag => ({ kind: "rename-without-alias", urn: x.to, message: renameMessage(x) })),
        ...workflowFlags(diff, replaced, headBy),
    ];
}

/** Replacements that cost something beyond the resource itself: sign-ins, grants, staged objects, placed apps. */
function replacedFlags(replaced: Map<string, string[]>, headBy: Map<string, PlannedResource>): DiffFlag[] {
    const flags: DiffFlag[] = [];
    for (const [urn, because] of replaced) {
        const r = headBy.get(urn)!;
        if (IDENTITIES.includes(r.type)) {
            flags.push({
                kind: "identity-replaced",
                urn,
                message: `identity \`${r.name}\` (${short(r.type)}) is replaced (${because.join(", ")}): a new identity has a new client id, so workflows running during the update lose their sign-in, and every grant and federated credential of the old one goes with it`,
            });
        } else if (r.type === Types.RoleAssignment && because.some((p) => p === "scope" || p === "roleDefinitionId")) {
            flags.push({ kind: "role-moved", urn, message: `role assignment \`${r.name}\` moves (${because.join(", ")}): now ${roleName(r)} at \`${scopeOf(r)}\`` });
        } else if (NAMESPACES.includes(r.type)) {
            flags.push({
                kind: "namespace-removed",
                urn,
                message: `hub namespace \`${r.name}\` is replaced (${because.join(", ")}): everything staged in it goes, and Fleet withdraws it from every member`,
            });
        } else if (CREDENTIALS.includes(r.type)) {
            flags.push({
                kind: "credential-removed",
                urn,
                message: `federated credential \`${r.name}\` is replaced (${because.join(", ")}): sign-ins of its subject fail until the new one is created`,
            });
        } else if (isPlacement(r.type)) {
            flags.push({
                kind: "placement-replaced",
                urn,
                message: `placement \`${r.name}\` is replaced (${because.join(", ")}), which Fleet refuses to change in place: it is deleted first, Fleet withdraws the app from every member it placed it on, then places it again (a short outage on each)`,
            });
        }
    }
    return flags;
}

/** New or re-created role assignments of a privileged role, or at a scope above any one resource. */
function broadenedRoleFlags(diff: PlanDiff, headBy: Map<string, PlannedResource>): DiffFlag[] {
    const flags: DiffFlag[] = [];
    for (const urn of [...diff.create, ...diff.replace.map((x) => x.urn)]) {
        const r = headBy.get(urn)!;
        if (r.type !== Types.RoleAssignment) continue;
        const broad = BROAD_ROLES[roleOf(r)];
        if (broad || broadScope(scopeOf(r))) {
            flags.push({ kind: "role-broadened", urn, message: `role assignment \`${r.name}\` grants ${roleName(r)} at \`${scopeOf(r)}\`${broad ? "" : ", a scope above any single resource"}` });
        }
    }
    return flags;
}

/** Deletions a member or the hub feels: a pull grant of a still-targeted member, a hub namespace, a placement. */
function deletedFlags(head: PlanResources, diff: PlanDiff, baseBy: Map<string, PlannedResource>): DiffFlag[] {
    const flags: DiffFlag[] = [];
    const targeted = new Set(head.resources.filter((r) => isPlacement(r.type)).flatMap((r) => ((r.inputs.spec as any)?.policy?.clusterNames ?? []) as string[]));
    for (const urn of diff.delete) {
        const r = baseBy.get(urn)!;
        const retained = r.options.retainOnDelete ? " (retained on delete: it stays in the cloud, no longer managed)" : "";
        if (r.type === Types.RoleAssignment && PULL_ROLES.includes(roleOf(r))) {
            const member = [...targeted].find((m) => r.name.endsWith(`-${m}`));
            if (member)
                flags.push({
                    kind: "member-grant-removed",
                    urn,
                    message: `the pull grant \`${r.name}\` is removed while a placement still targets member \`${member}\`: its new pods cannot pull the image`,
                });
        } else if (NAMESPACES.includes(r.type)) {
            flags.push({ kind: "namespace-removed", urn, message: `hub namespace \`${r.name}\` is deleted${retained}` });
        } else if (isPlacement(r.type)) {
            // Not one whose deletedWith owner goes in the same operation: that one is left running (diff.leave).
            flags.push({ kind: "placement-removed", urn, message: `placement \`${r.name}\` is deleted: Fleet withdraws the app from every member it placed it on` });
        }
    }
    return flags;
}

/** A subject no credential trusts any more can no longer sign in; one a renamed or re-created credential trusts still can. */
function lostCredentialFlags(base: PlanResources, head: PlanResources): DiffFlag[] {
    const flags: DiffFlag[] = [];
    const trustedAfter = new Set(head.resources.filter((r) => CREDENTIALS.includes(r.type)).map(subjectOf));
    const lost = new Set<string>();
    for (const r of base.resources.filter((x) => CREDENTIALS.includes(x.type))) {
        const subject = subjectOf(r);
        if (trustedAfter.has(subject) || lost.has(subject)) continue;
        lost.add(subject);
        const [issuer, sub] = JSON.parse(subject) as string[];
        flags.push({
            kind: "credential-removed",
            urn: r.urn,
            message: `federated credential \`${r.name}\` goes and no credential trusts its subject any more: \`${sub}\` (issuer \`${issuer}\`) can no longer sign in`,
        });
    }
    return flags;
}

/** One flag per owner of objects left running, unmanaged (diff.leave). */
function leftUnmanagedFlags(diff: PlanDiff, baseBy: Map<string, PlannedResource>): DiffFlag[] {
    const flags: DiffFlag[] = [];
    const left = new Map<string, string[]>();
    for (const { urn } of diff.leave) {
        const owner = ownerOf(baseBy.get(urn)!, baseBy);
        left.set(owner, [...(left.get(owner) ?? []), urn]);
    }
    for (const [owner, urns] of left) {
        const placements = urns
            .map((u) => baseBy.get(u)!)
            .filter((r) => isPlacement(r.type))
            .map((r) => `\`${String((r.inputs.metadata as any)?.name ?? r.name)}\``);
        flags.push({
            kind: "left-unmanaged",
            urn: urns[0],
            message:
                `${plural(urns.length, "object")} of ${owner} ${urns.length === 1 ? "is" : "are"} left running, unmanaged: \`pulumi up\` drops ${urns.length === 1 ? "it" : "them"} from the stack without deleting ${urns.length === 1 ? "it" : "them"}` +
                `${placements.length > 0 ? `; placement ${placements.join(", ")} stays on the hub, so the app stays placed on every member it selects` : ""} (see "Left running, unmanaged")`,
        });
    }
    return flags;
}

/** GitHub workflow files whose content changes: committing them runs them. */
function workflowFlags(diff: PlanDiff, replaced: Map<string, string[]>, headBy: Map<string, PlannedResource>): DiffFlag[] {
    const flags: DiffFlag[] = [];
    for (const { urn, changed } of [...diff.update, ...diff.replace.map((x) => ({ urn: x.urn, changed: x.because }))]) {
        const r = headBy.get(urn)!;
        const file = String(r.inputs.file ?? "");
        if (r.type === Types.RepositoryFile && /^\.github\/workflows\//.test(file) && (changed.includes("content") || replaced.has(urn))) {
            flags.push({ kind: "workflow-rewritten", urn, message: `workflow \`${file}\` in \`${String(r.inputs.repository)}\` is rewritten: the commit runs it` });
        }
    }
    return flags;
}

/** The top component that owns a resource (`FleetAutomatedDeployment storefront`), else the program. */
function ownerOf(r: PlannedResource, byUrn: Map<string, PlannedResource>): string {
    let top: PlannedResource | undefined;
    for (let at = r.parent ? byUrn.get(r.parent) : undefined; at && at.type !== PulumiTypes.Stack; at = at.parent ? byUrn.get(at.parent) : undefined) top = at;
    if (!top && !r.custom && r.type !== PulumiTypes.Stack) top = r;
    return top ? `${short(top.type)} \`${top.name}\`` : "the program (shared objects, providers)";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The base resource a head resource is matched to: by URN, or by an alias URN, as diffPlans matched it. */
const oldOf = (r: PlannedResource, baseBy: Map<string, PlannedResource>) => baseBy.get(r.urn) ?? r.options.aliases.map((a) => baseBy.get(a)).find((x) => x);

/** A fenced block that no line of `text` closes early. */
function fenced(info: string, text: string): string {
    const fence = "`".repeat(Math.max(3, ...(text.match(/`{3,}/g) ?? []).map((f) => f.length + 1)));
    return `${fence}${info}\n${text}\n${fence}`;
}

/** The diff as Markdown: counts, flags, then each owner's changes (multi-line texts as unified diffs), then what is left running. */
export function renderDiffMarkdown(base: PlanResources, head: PlanResources, diff: PlanDiff, flags: DiffFlag[] = diffFlags(base, head, diff)): string {
    const baseBy = new Map(base.resources.map((r) => [r.urn, r]));
    const headBy = new Map(head.resources.map((r) => [r.urn, r]));
    const gone = new Set([...diff.delete, ...diff.leave.map((x) => x.urn)]);
    // A created resource that re-declares a deleted one's cloud object says which.
    const sameObject = new Map(findRenames(base, head, diff).flatMap((x) => x.redeclared.map((d) => [d.created, d] as const)));
    const rows: { owner: string; change: string; r: PlannedResource; what: string }[] = [
        ...diff.create.map((urn) => {
            const same = sameObject.get(urn);
            return { change: "create", r: headBy.get(urn)!, what: same ? `same cloud object as deleted \`${baseBy.get(same.deleted)!.name}\`` : "" };
        }),
        ...diff.replace.map((x) => ({ change: "replace", r: headBy.get(x.urn)!, what: x.because.join(", ") })),
        ...diff.update.map((x) => ({ change: "update", r: headBy.get(x.urn)!, what: x.changed.join(", ") })),
        ...diff.delete.map((urn) => ({ change: "delete", r: baseBy.get(urn)!, what: "" })),
        ...diff.leave.map((x) => ({ change: "left running", r: baseBy.get(x.urn)!, what: x.because })),
    ].map((x) => ({ ...x, owner: ownerOf(x.r, gone.has(x.r.urn) ? baseBy : headBy) }));
    const lines = [
        `## Plan diff: ${diff.create.length} to create, ${diff.update.length} to update, ${diff.replace.length} to replace, ${diff.delete.length} to delete, ` +
            `${diff.leave.length} left running unmanaged, ${diff.same} unchanged`,
        "",
    ];
    if (flags.length > 0) {
        lines.push(`### Needs a reviewer's eye (${plural(flags.length, "item")})`, "");
        for (const f of flags) lines.push(`- **${f.kind}**: ${f.message}`);
        lines.push("");
    }
    if (rows.length === 0) lines.push("No change: the head plans exactly what the base plans.", "");
    const owners = [...new Set(rows.map((r) => r.owner))];
    for (const owner of owners) {
        lines.push(`### ${owner}`, "", "| change | resource | type | properties |", "|---|---|---|---|");
        const mine = rows.filter((r) => r.owner === owner);
        for (const x of mine) {
            const what = x.what.length > 200 ? `${x.what.slice(0, 200)}…` : x.what;
            lines.push(`| ${x.change} | \`${x.r.name}\` | ${short(x.r.type)} | ${what.replace(/\|/g, "\\|")} |`);
        }
        lines.push("");
        for (const x of mine.filter((r) => r.change === "update" || r.change === "replace")) {
            const ignored = x.r.options.ignoreChanges ?? [];
            const texts = changedTexts(oldOf(x.r, baseBy)?.inputs, x.r.inputs).filter((t) => !ignored.some((i) => t.path === i || t.path.startsWith(`${i}.`) || t.path.startsWith(`${i}[`)));
            for (const t of texts) lines.push(`\`${x.r.name}\` \`${t.path}\`${x.r.inputs.file ? ` (\`${String(x.r.inputs.file)}\`)` : ""}:`, "", fenced("diff", unifiedDiff(t)), "");
        }
    }
    const left = leftRunning(base, diff);
    if (left.length > 0) {
        lines.push(
            `### Left running, unmanaged (${left.length})`,
            "",
            "Gone from the program, but `pulumi up` does not delete them: the engine drops them from the stack's state and skips the provider's delete. " +
                "They keep running and no stack manages them any more: re-declare them (with the same name, or an alias) to manage them again, or `pulumi import` them; or delete them by hand.",
            "",
        );
        for (const x of left) lines.push(`- \`${baseBy.get(x.urn)!.name}\` (${short(baseBy.get(x.urn)!.type)}; ${x.why}): ${x.effect}. Delete by hand: ${x.remove}`);
        lines.push("");
    }
    return lines.join("\n");
}
