// A day-2 change as Pulumi carries it out against the hub: the plan of the stack before and after, matched as the engine
// matches resources (sdk/src/plan/diff.ts: URNs and aliases, the providers' and the resources' replacement causes),
// turned into the requests pulumi-kubernetes sends, in the engine's order, each through the hub's whole admission.
// - the hub first holds what the plan before created, each object created client-side (as pulumi-kubernetes does);
// - `pulumi preview` sends each update as a server-side dry run against that state;
// - `pulumi up` then creates and updates in registration order (a program registers a dependency before its
//   dependents), a replacement deleted first when the resource asks for it or keeps its name (the provider asks then),
//   and deletes what the plan after no longer has last, in reverse order.
import type { PlannedResource } from "../../../sdk/src/resource/planned";
import { diffPlans } from "../../../sdk/src/plan/diff";
import { Hub, Obj } from "./admission";

/** Resources applied to the hub's API server (not providers, not ARM or GitHub resources). */
const onHub = (r: PlannedResource) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers:");
const objectOf = (r: PlannedResource) => r.inputs as Obj;

export interface Day2 {
    /** What preview and up do to each hub object, by Pulumi name: "update", "replace", "create" or "delete". */
    steps: Record<string, string>;
    /** The hub's refusals of a preview's dry runs, by step. */
    preview: string[];
    /** The hub's refusals during `pulumi up`, by step: an up that stops half-way. */
    up: string[];
    /** The hub after the up (each step that was refused left out). */
    hub: Hub;
}

/**
 * Plays a change of a stack, `before` to `after` (their registrations), against `holding`: a hub that already holds
 * `before` (the result of an earlier change), or by default a new hub where `before` is created first.
 */
export function day2(before: PlannedResource[], after: PlannedResource[], holding?: Hub): Day2 {
    const base = before.filter(onHub),
        next = after.filter(onHub);
    const hub = holding ?? new Hub();
    for (const r of holding ? [] : base) {
        const refused = hub.create(objectOf(r));
        if (refused.length) throw new Error(`the stack before is not admitted: ${r.name}: ${refused.join("; ")}`);
    }
    const diff = diffPlans({ resources: base }, { resources: next });
    const byUrn = new Map(next.map((r) => [r.urn, r]));
    const oldOf = (r: PlannedResource) => base.find((b) => b.urn === r.urn) ?? base.find((b) => r.options.aliases.includes(b.urn));
    const steps: Record<string, string> = {};
    const preview: string[] = [],
        up: string[] = [];
    const note = (list: string[], what: string, refused: string[]) => list.push(...refused.map((e) => `${what}: ${e}`));

    for (const u of diff.update) {
        const r = byUrn.get(u.urn)!;
        steps[r.name] = "update";
        note(preview, `preview update ${r.name}`, hub.apply(objectOf(r), { dryRun: true }));
    }
    const created = new Set(diff.create),
        replaced = new Set(diff.replace.map((x) => x.urn)),
        updated = new Set(diff.update.map((x) => x.urn));
    const laterDeletes: PlannedResource[] = [];
    for (const r of next) {
        const old = oldOf(r);
        if (created.has(r.urn)) {
            steps[r.name] = "create";
            note(up, `create ${r.name}`, hub.create(objectOf(r)));
        } else if (replaced.has(r.urn)) {
            steps[r.name] = "replace";
            const sameName = old && (old.inputs as Obj).metadata?.name === (r.inputs as Obj).metadata?.name && (old.inputs as Obj).metadata?.namespace === (r.inputs as Obj).metadata?.namespace;
            if (r.options.deleteBeforeReplace || sameName) {
                note(up, `delete ${old!.name} (before replacing it)`, hub.delete(objectOf(old!)));
                note(up, `create ${r.name} (replacement)`, hub.create(objectOf(r)));
            } else {
                note(up, `create ${r.name} (replacement, beside the old one)`, hub.create(objectOf(r)));
                laterDeletes.push(old!);
            }
        } else if (updated.has(r.urn)) {
            note(up, `update ${r.name}`, hub.apply(objectOf(r)));
        }
    }
    const gone = base.filter((b) => diff.delete.includes(b.urn)).reverse();
    for (const r of gone) steps[r.name] = "delete";
    for (const r of [...laterDeletes, ...gone]) note(up, `delete ${r.name}`, hub.delete(objectOf(r)));
    return { steps, preview, up, hub };
}
