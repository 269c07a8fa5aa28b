// Alias URNs as the Pulumi engine computes them from alias specs. The plan's monitor accepts specs, as
// the CLI does, so the SDK skips its client-side alias outputs (a third of a plan's allocations: every
// azure-native resource carries type aliases) and the plan still lists every alias, inherited at any depth.

/** One alias as the SDK sends it: a URN, or a spec whose empty fields default to the resource's own. */
export type AliasRequest = { urn: string } | { name: string; type: string; stack: string; project: string; parent: { urn: string } | "none" | "default" };

/** A resource being registered, as far as its aliases are concerned. */
export interface AliasSubject {
    name: string;
    type: string;
    /** Parent URN; empty for the stack itself. */
    parent: string;
    stack: string;
    project: string;
}

/** The URN of `name` of `type` under `parent` (the stack's type is never part of a child's type chain). */
export function urnOf(name: string, type: string, parent: string | undefined, stack: string, project: string): string {
    let prefix = `urn:pulumi:${stack}::${project}::`;
    if (parent) {
        const chain = `${parent.substring(0, parent.lastIndexOf("::"))}$`;
        if (!chain.endsWith("::pulumi:pulumi:Stack$")) prefix = chain;
    }
    return `${prefix}${type}::${name}`;
}

/** The name part of a URN. */
export const nameOf = (urn: string) => urn.substring(urn.lastIndexOf("::") + 2);
const typeOf = (urn: string) => {
    const qualified = urn.substring(0, urn.lastIndexOf("::"));
    const chain = qualified.substring(qualified.lastIndexOf("::") + 2);
    return chain.substring(chain.lastIndexOf("$") + 1);
};

/**
 * Every alias URN of a resource: its own aliases, then for each of its parent's aliases the child
 * renamed by the `${parent}-part` convention under that alias, alone and combined with each own alias.
 * `parentAliases` are the parent's results from this function, so inheritance reaches any depth.
 */
export function aliasUrns(res: AliasSubject, requested: AliasRequest[], parentAliases: readonly string[]): string[] {
    const own = requested.map((a) => {
        if ("urn" in a) return a.urn;
        const parent = a.parent === "none" ? undefined : a.parent === "default" ? res.parent : a.parent.urn;
        return urnOf(a.name || res.name, a.type || res.type, parent, a.stack || res.stack, a.project || res.project);
    });
    const all = [...own];
    if (res.parent && parentAliases.length > 0) {
        const parentName = nameOf(res.parent);
        const inherit = (childName: string, childType: string, parentAlias: string) => {
            const name = childName.startsWith(parentName) ? nameOf(parentAlias) + childName.substring(parentName.length) : childName;
            return urnOf(name, childType, parentAlias, res.stack, res.project);
        };
        for (const parentAlias of parentAliases) {
            all.push(inherit(res.name, res.type, parentAlias));
            for (const alias of own) all.push(inherit(nameOf(alias), typeOf(alias), parentAlias));
        }
    }
    return [...new Set(all)];
}
