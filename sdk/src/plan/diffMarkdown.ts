// The plan diff for a pull-request comment or a job summary: counts first, what deserves a reviewer's eye, then the
// changes grouped by the component that owns them. Pure: the two plans and the diff in, Markdown out.
import type { PlannedResource } from "./monitor";
import { PlanDiff, PlanResources } from "./diff";
import { BuiltInRole, roleNames } from "../azure/roles";
import { PRIVILEGED_ROLES } from "../policy/roles";
import { lastSegment, Types } from "../policy/target";

/** One thing a reviewer should look at, with the resource it is about. */
export interface DiffFlag {
    kind: "identity-replaced" | "role-broadened" | "role-moved" | "member-grant-removed" | "namespace-removed" | "placement-replaced" | "placement-removed" | "workflow-rewritten" | "credential-removed";
    urn: string;
    message: string;
}

const IDENTITIES: string[] = [Types.UserAssignedIdentity, Types.Application, Types.ServicePrincipal];
const CREDENTIALS: string[] = [Types.FederatedIdentityCredential, Types.ApplicationFederatedIdentityCredential, Types.ApplicationFlexibleFederatedIdentityCredential];
const NAMESPACES: string[] = [Types.KubernetesNamespace, "kubernetes:core/v1:NamespacePatch", Types.FleetManagedNamespace];
/** Roles that hand over a scope or the right to grant roles: the policy pack's list, one table for both. */
const BROAD_ROLES = PRIVILEGED_ROLES;
/** The library's role names, and the privileged ones; any other role is shown by GUID. */
const ROLE_NAMES: Record<string, string> = { ...BROAD_ROLES, ...roleNames };
/** The roles that let a principal pull images: a member losing one cannot start new pods of the app. */
const PULL_ROLES: string[] = [BuiltInRole.AcrPull, BuiltInRole.ContainerRegistryRepositoryReader];

const roleOf = (r: PlannedResource) => lastSegment(String(r.inputs.roleDefinitionId ?? ""));
const roleName = (r: PlannedResource) => ROLE_NAMES[roleOf(r)] ?? roleOf(r);
const scopeOf = (r: PlannedResource) => String(r.inputs.scope ?? "");
/** A scope above any one resource: a subscription, a resource group, or a management group. */
const broadScope = (scope: string) => !/\/providers\//i.test(scope) || /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope);
const short = (type: string) => type.split(":").pop()!;

/** What deserves a reviewer's eye in this diff. */
export function diffFlags(base: PlanResources, head: PlanResources, diff: PlanDiff): DiffFlag[] {
    const baseBy = new Map(base.resources.map((r) => [r.urn, r]));
    const headBy = new Map(head.resources.map((r) => [r.urn, r]));
    const flags: DiffFlag[] = [];
    const replaced = new Map(diff.replace.map((x) => [x.urn, x.because]));
    const isPlacement = (type: string) => type.endsWith(":ClusterResourcePlacement") || type.endsWith(":ResourcePlacement");
    const targeted = new Set(head.resources
        .filter((r) => isPlacement(r.type))
        .flatMap((r) => ((r.inputs.spec as any)?.policy?.clusterNames ?? []) as string[]));

    for (const [urn, because] of replaced) {
        const r = headBy.get(urn)!;
        if (IDENTITIES.includes(r.type)) {
            flags.push({ kind: "identity-replaced", urn, message: `identity \`${r.name}\` (${short(r.type)}) is replaced (${because.join(", ")}): a new identity has a new client id, so workflows running during the update lose their sign-in, and every grant and federated credential of the old one goes with it` });
        } else if (r.type === Types.RoleAssignment && because.some((p) => p === "scope" || p === "roleDefinitionId")) {
            flags.push({ kind: "role-moved", urn, message: `role assignment \`${r.name}\` moves (${because.join(", ")}): now ${roleName(r)} at \`${scopeOf(r)}\`` });
        } else if (NAMESPACES.includes(r.type)) {
            flags.push({ kind: "namespace-removed", urn, message: `hub namespace \`${r.name}\` is replaced (${because.join(", ")}): everything staged in it goes, and Fleet withdraws it from every member` });
        } else if (CREDENTIALS.includes(r.type)) {
            flags.push({ kind: "credential-removed", urn, message: `federated credential \`${r.name}\` is replaced (${because.join(", ")}): sign-ins of its subject fail until the new one is created` });
        } else if (isPlacement(r.type)) {
            flags.push({ kind: "placement-replaced", urn, message: `placement \`${r.name}\` is replaced (${because.join(", ")}), which Fleet refuses to change in place: it is deleted first, Fleet withdraws the app from every member it placed it on, then places it again (a short outage on each)` });
        }
    }
    for (const urn of [...diff.create, ...diff.replace.map((x) => x.urn)]) {
        const r = headBy.get(urn)!;
        if (r.type !== Types.RoleAssignment) continue;
        const broad = BROAD_ROLES[roleOf(r)];
        if (broad || broadScope(scopeOf(r))) {
            flags.push({ kind: "role-broadened", urn, message: `role assignment \`${r.name}\` grants ${roleName(r)} at \`${scopeOf(r)}\`${broad ? "" : ", a scope above any single resource"}` });
        }
    }
    for (const urn of diff.delete) {
        const r = baseBy.get(urn)!;
        const retained = r.options.retainOnDelete ? " (retained on delete: it stays in the cloud, no longer managed)" : "";
        if (r.type === Types.RoleAssignment && PULL_ROLES.includes(roleOf(r))) {
            const member = [...targeted].find((m) => r.name.endsWith(`-${m}`));
            if (member) flags.push({ kind: "member-grant-removed", urn, message: `the pull grant \`${r.name}\` is removed while a placement still targets member \`${member}\`: its new pods cannot pull the image` });
        } else if (NAMESPACES.includes(r.type)) {
            flags.push({ kind: "namespace-removed", urn, message: `hub namespace \`${r.name}\` is deleted${retained}` });
        } else if (CREDENTIALS.includes(r.type)) {
            flags.push({ kind: "credential-removed", urn, message: `federated credential \`${r.name}\` is removed: its subject (\`${String(r.inputs.subject ?? r.inputs.claimsMatchingExpression ?? "?")}\`) can no longer sign in` });
        } else if (isPlacement(r.type) && !(r.options.deletedWith && diff.delete.includes(r.options.deletedWith))) {
            // Skipped when its deletedWith owner goes in the same operation: the placement then stays on the hub.
            flags.push({ kind: "placement-removed", urn, message: `placement \`${r.name}\` is deleted: Fleet withdraws the app from every member it placed it on` });
        }
    }
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
    for (let at = r.parent ? byUrn.get(r.parent) : undefined; at && at.type !== "pulumi:pulumi:Stack"; at = at.parent ? byUrn.get(at.parent) : undefined) top = at;
    if (!top && !r.custom && r.type !== "pulumi:pulumi:Stack") top = r;
    return top ? `${short(top.type)} \`${top.name}\`` : "the program (shared objects, providers)";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The diff as Markdown: counts, flags, then each owner's changes. */
export function renderDiffMarkdown(base: PlanResources, head: PlanResources, diff: PlanDiff, flags: DiffFlag[] = diffFlags(base, head, diff)): string {
    const baseBy = new Map(base.resources.map((r) => [r.urn, r]));
    const headBy = new Map(head.resources.map((r) => [r.urn, r]));
    const rows: { owner: string; change: string; r: PlannedResource; what: string }[] = [
        ...diff.create.map((urn) => ({ change: "create", r: headBy.get(urn)!, what: "" })),
        ...diff.replace.map((x) => ({ change: "replace", r: headBy.get(x.urn)!, what: x.because.join(", ") })),
        ...diff.update.map((x) => ({ change: "update", r: headBy.get(x.urn)!, what: x.changed.join(", ") })),
        ...diff.delete.map((urn) => ({ change: "delete", r: baseBy.get(urn)!, what: "" })),
    ].map((x) => ({ ...x, owner: ownerOf(x.r, diff.delete.includes(x.r.urn) ? baseBy : headBy) }));
    const lines = [
        `## Plan diff: ${diff.create.length} to create, ${diff.update.length} to update, ${diff.replace.length} to replace, ${diff.delete.length} to delete, ${diff.same} unchanged`,
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
        for (const x of rows.filter((r) => r.owner === owner)) {
            const what = x.what.length > 200 ? `${x.what.slice(0, 200)}…` : x.what;
            lines.push(`| ${x.change} | \`${x.r.name}\` | ${short(x.r.type)} | ${what.replace(/\|/g, "\\|")} |`);
        }
        lines.push("");
    }
    return lines.join("\n");
}
