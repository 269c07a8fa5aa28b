// A rename without aliases: the diff deletes resources and creates others that declare the same cloud objects
// (one identity, one GitHub variable...). `pulumi up` would create the new one first, which fails where the object
// exists, or takes it over and then deletes it with the old resource. Found by the cloud identities conflicts.ts
// computes; reported once per renamed component, with the alias that makes the engine match them.
import { aliasUrns, nameOf } from "./aliases";
import { cloudObjectsOf } from "../resource/conflicts";
import type { PlanDiff, PlanResources } from "./diff";
import type { PlannedResource } from "../resource/planned";
import { PulumiTypes } from "../vocabulary/tokens";

/** One deleted resource and the created one that declares its cloud object. */
export interface Redeclared {
    deleted: string;
    created: string;
    object: string;
}

/** A component (or resource) renamed without an alias, and the alias to add to it. */
export interface Rename {
    /** The old resource (base URN) and the new one (head URN) at the top of the rename. */
    from: string;
    to: string;
    /** The option to add to `to`, as TypeScript. */
    alias: string;
    redeclared: Redeclared[];
    /** Of the base resources gone under `from`, how many the alias would match (as the engine inherits aliases). */
    matched: number;
    /** The base resources gone under `from`. */
    gone: number;
}

/** The highest ancestor of `r` (itself included) that is in `set`, below the stack. */
function topIn(r: PlannedResource, byUrn: Map<string, PlannedResource>, set: Set<string>): PlannedResource {
    let top = r;
    for (let up = r.parent ? byUrn.get(r.parent) : undefined; up && up.type !== PulumiTypes.Stack && set.has(up.urn); up = up.parent ? byUrn.get(up.parent) : undefined) top = up;
    return top;
}

/** The alias URNs of `to`'s subtree once `to` declares `alias`, as the engine computes them (inherited by children). */
function aliasesWith(head: PlannedResource[], to: PlannedResource, alias: string): Set<string> {
    const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(to.urn) ?? [];
    const of = new Map<string, string[]>([[to.urn, [...to.options.aliases, alias]]]);
    const all = new Set(of.get(to.urn));
    for (const r of head) {
        const parentAliases = r.parent ? of.get(r.parent) : undefined;
        if (!parentAliases || of.has(r.urn)) continue;
        const own = aliasUrns(
            { name: r.name, type: r.type, parent: r.parent!, stack, project },
            r.options.aliases.map((urn) => ({ urn })),
            parentAliases,
        );
        of.set(r.urn, own);
        own.forEach((a) => all.add(a));
    }
    return all;
}

/** The renames a diff shows as deletes and creates of the same cloud objects. */
export function findRenames(base: PlanResources, head: PlanResources, diff: PlanDiff): Rename[] {
    const baseBy = new Map(base.resources.map((r) => [r.urn, r]));
    const headBy = new Map(head.resources.map((r) => [r.urn, r]));
    const gone = new Set([...diff.delete, ...diff.leave.map((x) => x.urn)]);
    const created = new Set(diff.create);
    const objectsBefore = cloudObjectsOf(base.resources);
    const objectsAfter = cloudObjectsOf(head.resources);
    const deletedBy = new Map<string, { urn: string; object: string }>();
    for (const urn of gone) for (const o of objectsBefore(baseBy.get(urn)!)) if (!deletedBy.has(o.key)) deletedBy.set(o.key, { urn, object: o.object });

    const renames = new Map<string, Rename>();
    for (const urn of diff.create) {
        const r = headBy.get(urn)!;
        const hit = objectsAfter(r)
            .map((o) => deletedBy.get(o.key))
            .find((x) => x !== undefined);
        if (!hit) continue;
        const from = topIn(baseBy.get(hit.urn)!, baseBy, gone);
        const to = topIn(r, headBy, created);
        const id = `${from.urn}\n${to.urn}`;
        let rename = renames.get(id);
        if (!rename) {
            // A name alone when only the name changed; else the old URN, which names the type and parent too.
            const alias = from.type === to.type && from.parent === to.parent ? `aliases: [{ name: ${JSON.stringify(from.name)} }]` : `aliases: [${JSON.stringify(from.urn)}]`;
            const matches = aliasesWith(head.resources, to, from.urn);
            const under = base.resources.filter((x) => gone.has(x.urn) && topIn(x, baseBy, gone) === from);
            rename = { from: from.urn, to: to.urn, alias, redeclared: [], matched: under.filter((x) => matches.has(x.urn)).length, gone: under.length };
            renames.set(id, rename);
        }
        rename.redeclared.push({ deleted: hit.urn, created: urn, object: hit.object });
    }
    return [...renames.values()];
}

/** The flag text of a rename. */
export function renameMessage(x: Rename): string {
    const short = (urn: string) => `${urn.substring(0, urn.lastIndexOf("::")).split(/[:$]/).pop()} \`${nameOf(urn)}\``;
    const n = x.redeclared.length;
    // Offline, an identity's subscription may be only "the default": prefer an example that names its object fully.
    const example = (x.redeclared.find((d) => !/default subscription|default owner|default kubeconfig/.test(d.object)) ?? x.redeclared[0]).object;
    return (
        `${short(x.from)} is deleted and ${short(x.to)} created, and ${n} of the new resources re-declare${n === 1 ? "s" : ""} the same cloud object as a deleted one (e.g. ${example}): ` +
        `pulumi up would delete and re-create ${n === 1 ? "it" : "them"} (or fail: the create finds the object there). If it is a rename, add \`${x.alias}\` to the options of \`${nameOf(x.to)}\`: ` +
        `the engine then matches ${x.matched} of the ${x.gone} resources it would remove`
    );
}
