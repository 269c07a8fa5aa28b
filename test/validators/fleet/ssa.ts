// Server-side apply's merge as the API server computes it (structured-merge-diff, used by k8s.io/apiserver's
// fieldmanager), for the managers a Pulumi program has on an object:
// - pulumi-kubernetes creates client-side (a POST, >= 4.29): the manager "pulumi-kubernetes" (operation Update) owns
//   every field of the request, CRD defaults applied while decoding included; fields a mutating webhook adds belong to
//   no one (admission runs after ownership is computed: apiserver create.go, fieldmanager/admission.go);
// - every later update is an apply of the whole inputs by the stack's own manager; before a real one (not a
//   preview's dry run) the provider hands the create's fields to it (pulumi-kubernetes await.go fixCSAFieldManagers);
// - an apply removes what its manager owned and no longer applies, unless another manager owns it; where the applied
//   configuration drops a whole struct the manager owned a field of, the whole struct goes, siblings no one owns
//   included (structured-merge-diff merge/update.go prune, "Use NestedSet to also remove structs owned by no-one");
//   fields no one owns (a webhook's) stay otherwise, and an explicit null does not remove them.
// Lists are atomic here (the Fleet fields the library writes are atomic lists or replaced whole); maps are granular.
type Obj = Record<string, any>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const SEP = "\u0000";

/** The field manager of a client-side create by pulumi-kubernetes, and of its later applies. */
export const CREATE_MANAGER = "pulumi-kubernetes";
export const APPLY_MANAGER = "pulumi-kubernetes-apply";

/** The paths of every leaf field (a scalar, a list, or an empty map), joined by NUL. */
export function leafPaths(value: unknown, at: string[] = []): string[] {
    if (!isObject(value) || Object.keys(value).length === 0) return at.length ? [at.join(SEP)] : [];
    return Object.entries(value).flatMap(([k, v]) => (v === undefined || v === null ? [] : leafPaths(v, [...at, k])));
}

const has = (obj: unknown, path: string[]): boolean => {
    let at: unknown = obj;
    for (const k of path) {
        if (!isObject(at) || !(k in at) || at[k] === undefined || at[k] === null) return false;
        at = at[k];
    }
    return true;
};

function removePath(obj: Obj, path: string[]): void {
    const [head, ...rest] = path;
    if (!isObject(obj) || !(head in obj)) return;
    if (rest.length === 0) delete obj[head];
    else removePath(obj[head], rest);
}

function overlay(target: Obj, applied: Obj): Obj {
    for (const [k, v] of Object.entries(applied)) {
        if (v === undefined || v === null) continue;
        if (isObject(v) && isObject(target[k])) overlay(target[k], v);
        else target[k] = structuredClone(v);
    }
    return target;
}

/**
 * The object after `manager` applies `applied` over `live`, given what each manager owns (path sets from leafPaths).
 * Returns the object and the managers' ownership after the apply.
 */
export function appliedMerge(live: Obj, owners: Map<string, Set<string>>, manager: string, applied: Obj): { object: Obj; owners: Map<string, Set<string>> } {
    const next = structuredClone(live);
    const status = next.status;
    delete next.status;
    const mine = owners.get(manager) ?? new Set<string>();
    const others = [...owners].filter(([m]) => m !== manager).flatMap(([, paths]) => [...paths]);
    const ownedByOthers = (path: string[]) => others.some((o) => o === path.join(SEP) || o.startsWith(path.join(SEP) + SEP));
    for (const owned of mine) {
        const path = owned.split(SEP);
        if (has(applied, path)) continue;
        // The shortest part of the path the applied configuration no longer has goes whole, unless another manager
        // owns something in it (structured-merge-diff adds such items back).
        const cut = path.findIndex((_, i) => !has(applied, path.slice(0, i + 1)));
        const gone = path.slice(0, cut + 1);
        if (!ownedByOthers(gone)) removePath(next, gone);
        else if (!ownedByOthers(path)) removePath(next, path);
    }
    const object = overlay(next, applied);
    if (status !== undefined) object.status = status;
    const after = new Map(owners);
    after.set(manager, new Set(leafPaths(applied)));
    // Another manager's fields that this apply set to a new value are now this manager's alone (a forced apply; the
    // provider forces in preview, and owns the create's fields after the hand-over of a real update).
    for (const [m, paths] of after) {
        if (m === manager) continue;
        after.set(m, new Set([...paths].filter((p) => !after.get(manager)!.has(p) || JSON.stringify(valueAt(live, p)) === JSON.stringify(valueAt(applied, p)))));
    }
    return { object, owners: after };
}

function valueAt(obj: unknown, path: string): unknown {
    return path.split(SEP).reduce<unknown>((at, k) => (isObject(at) ? at[k] : undefined), obj);
}

/** pulumi-kubernetes' hand-over before a real update: the create's fields become the applier's. */
export function handOver(owners: Map<string, Set<string>>): Map<string, Set<string>> {
    const created = owners.get(CREATE_MANAGER);
    if (!created) return owners;
    const after = new Map(owners);
    after.delete(CREATE_MANAGER);
    after.set(APPLY_MANAGER, new Set([...(owners.get(APPLY_MANAGER) ?? []), ...created]));
    return after;
}
