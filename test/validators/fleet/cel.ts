// The CRDs' `x-kubernetes-validations` rules, evaluated as the hub's API server evaluates them (apiextensions-apiserver
// pkg/apiserver/schema/cel), with a maintained CEL implementation (@bufbuild/cel, conformance-tested against cel-spec):
// - a rule runs for every value present at its schema node (each list item, each map value), `self` bound to it;
// - values are typed by the schema: `integer` (and the integer side of int-or-string) is CEL int, `number` double;
// - at the root, `self.metadata` holds only `name` and `generateName`;
// - a transition rule (one that reads `oldSelf`) runs only on an update, and only where the old object has a value at
//   the correlated path: through object properties, map values by key, and `listType: map` lists by their map keys;
//   never through atomic or set lists (KEP-2876, "Transition rules");
// - a rule that is false fails with its `message` (else "failed rule: RULE"); an evaluation error fails too.
import { celEnv, celError, isCelError, parse, plan } from "@bufbuild/cel";
import { SchemaNode } from "./crds";

type Json = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Program = (bindings: Record<string, unknown>) => unknown;
const programs = new Map<string, Program>();
const env = celEnv();

/** A rule parsed and planned once (the API server compiles each rule when the CRD is installed), then run. */
function evaluate(rule: string, bindings: Record<string, unknown>): unknown {
    let program = programs.get(rule);
    if (!program) programs.set(rule, (program = plan(env, parse(rule)) as Program));
    try {
        return program(bindings);
    } catch (e) {
        return celError(e as Error);
    }
}

/** A JSON value as the CEL value the API server binds for it, typed by its schema node. */
export function celValue(v: Json, s: SchemaNode | undefined): unknown {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.map((x) => celValue(x, s?.items));
    if (isObject(v)) {
        const child = (k: string) => s?.properties?.[k] ?? (typeof s?.additionalProperties === "object" ? s.additionalProperties : undefined);
        return new Map(Object.entries(v).map(([k, x]) => [k, celValue(x, child(k))]));
    }
    if (typeof v === "number") {
        const integral = s?.type === "integer" || (s?.["x-kubernetes-int-or-string"] && Number.isInteger(v)) || (!s?.type && Number.isInteger(v));
        return integral ? BigInt(v) : v;
    }
    return v;
}

export interface CelFailure {
    /** Where the rule sits, e.g. `.spec.policy.tolerations`. */
    path: string;
    rule: string;
    message: string;
}

/** One rule, with the value it runs on (and the correlated old value, if any). */
interface Visit {
    node: SchemaNode;
    path: string;
    self: Json;
    oldSelf?: Json;
    hasOld: boolean;
}

/** Visits every schema node with a present value, correlating the old object where the API server would. */
function visitValues(node: SchemaNode, self: Json, old: Json, hasOld: boolean, path: string, out: Visit[]): void {
    if (self === undefined) return;
    out.push({ node, path, self, oldSelf: old, hasOld });
    if (Array.isArray(self) && node.items) {
        const keys = node["x-kubernetes-list-type"] === "map" ? (node["x-kubernetes-list-map-keys"] ?? []) : undefined;
        const keyOf = (x: Json) => JSON.stringify(keys!.map((k) => (isObject(x) ? x[k] : undefined)));
        const oldByKey = keys && hasOld && Array.isArray(old) ? new Map(old.map((x) => [keyOf(x), x])) : undefined;
        self.forEach((item, i) => {
            const prior = oldByKey?.get(keyOf(item));
            visitValues(node.items!, item, prior, prior !== undefined, `${path}[${i}]`, out);
        });
        return;
    }
    if (!isObject(self)) return;
    const oldObj = hasOld && isObject(old) ? old : undefined;
    for (const [k, v] of Object.entries(self)) {
        const child = node.properties?.[k] ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
        if (!child) continue;
        visitValues(child, v, oldObj?.[k], oldObj !== undefined && k in oldObj, `${path}.${k}`, out);
    }
}

/** What CEL sees of the root object: metadata narrowed to name and generateName. */
function rootView(obj: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!obj) return obj;
    const m = (obj.metadata ?? {}) as Record<string, unknown>;
    const metadata = Object.fromEntries(["name", "generateName"].filter((k) => m[k] !== undefined).map((k) => [k, m[k]]));
    return { ...obj, metadata };
}

/** Every CEL rule the object (and, on an update, the old object) fails. */
export function celFailures(schema: SchemaNode, obj: Record<string, unknown>, oldObj?: Record<string, unknown>): CelFailure[] {
    const visits: Visit[] = [];
    visitValues(schema, rootView(obj), rootView(oldObj), oldObj !== undefined, "", visits);
    const failures: CelFailure[] = [];
    for (const v of visits) {
        for (const rule of v.node["x-kubernetes-validations"] ?? []) {
            const transition = /\boldSelf\b/.test(rule.rule);
            if (transition && !v.hasOld && !rule.optionalOldSelf) continue;
            const vars: Record<string, unknown> = { self: celValue(v.self, v.node) };
            if (transition) vars.oldSelf = celValue(v.oldSelf, v.node);
            const path = v.path || ".";
            const ok = evaluate(rule.rule, vars);
            if (isCelError(ok)) {
                failures.push({ path, rule: rule.rule, message: `evaluation error: ${ok.message}` });
            } else if (ok !== true) {
                failures.push({ path, rule: rule.rule, message: rule.message ?? `failed rule: ${rule.rule}` });
            }
        }
    }
    return failures;
}
