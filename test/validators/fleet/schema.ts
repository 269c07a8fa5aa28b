// What the hub's API server does with a Fleet object before any CEL rule or webhook sees it, from the CRD's structural
// schema: prune unknown fields, apply `default:` values, check the OpenAPI keywords (type, enum, pattern, bounds,
// required) and the object's metadata. Sources: apiextensions-apiserver (pkg/apiserver/schema/pruning,
// .../schema/defaulting, the CRD's openAPIV3Schema validation) and apimachinery's ValidateObjectMeta.
import Ajv, { ValidateFunction } from "ajv";
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from "./apimachinery";
import { SchemaNode, ServedVersion } from "./crds";

export type Obj = Record<string, any>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Structural pruning: fields the schema does not declare are dropped (the API server answers with an "unknown field"
 * warning under the default fieldValidation=Warn, and stores the object without them). Returns the pruned copy and
 * the dropped paths. `apiVersion`, `kind` and `metadata` of the root and of embedded resources are always kept.
 */
export function prune(value: unknown, schema: SchemaNode, at = "", root = true): { value: unknown; dropped: string[] } {
    const dropped: string[] = [];
    const walk = (v: unknown, s: SchemaNode, p: string, isRoot: boolean): unknown => {
        if (Array.isArray(v)) return s.items ? v.map((x, i) => walk(x, s.items!, `${p}[${i}]`, false)) : v;
        if (!isObject(v) || s["x-kubernetes-preserve-unknown-fields"]) return v;
        const out: Obj = {};
        for (const [k, child] of Object.entries(v)) {
            const keepMeta = (isRoot || s["x-kubernetes-embedded-resource"]) && ["apiVersion", "kind", "metadata"].includes(k);
            const prop = s.properties?.[k] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
            if (keepMeta && !(k === "metadata" && s.properties?.metadata?.properties)) out[k] = child;
            else if (prop) out[k] = walk(child, prop, `${p}.${k}`, false);
            else if (s.additionalProperties === true) out[k] = child;
            else dropped.push(`${p}.${k}`);
        }
        return out;
    };
    return { value: walk(value, schema, at, root), dropped };
}

/**
 * Structural defaulting: every absent property with a `default` gets a copy of it, then defaults apply inside what is
 * present (the defaulted values included), as apiextensions-apiserver's structural defaulting does on every request
 * and on every read from etcd.
 */
export function applyDefaults(value: unknown, schema: SchemaNode): unknown {
    if (Array.isArray(value)) return schema.items ? value.map((x) => applyDefaults(x, schema.items!)) : value;
    if (!isObject(value)) return value;
    const out: Obj = { ...value };
    for (const [k, prop] of Object.entries(schema.properties ?? {})) {
        if (out[k] === undefined && prop.default !== undefined) out[k] = structuredClone(prop.default);
        if (out[k] !== undefined) out[k] = applyDefaults(out[k], prop);
    }
    if (typeof schema.additionalProperties === "object") {
        for (const k of Object.keys(out)) if (!schema.properties?.[k]) out[k] = applyDefaults(out[k], schema.additionalProperties);
    }
    return out;
}

const compiled = new WeakMap<SchemaNode, ValidateFunction>();
let ajv: Ajv | undefined;

/** `x-kubernetes-int-or-string` fields have no `type`: an integer, or a string (the pattern applies to strings only). */
function intOrString(schema: any): any {
    if (schema && typeof schema === "object") {
        if (schema["x-kubernetes-int-or-string"]) {
            const { pattern, ...rest } = schema;
            return { ...rest, anyOf: [{ type: "integer" }, { type: "string", ...(pattern ? { pattern } : {}) }] };
        }
        for (const [k, v] of Object.entries(schema)) schema[k] = intOrString(v);
    }
    return schema;
}

/** OpenAPI keyword errors of an object against its version's schema (after pruning and defaulting). */
export function openApiErrors(obj: Obj, served: ServedVersion): string[] {
    if (!ajv) {
        // strict: false lets ajv skip the x-kubernetes-* vendor keywords (the CEL rules are evaluated in cel.ts);
        // the standard keywords (type, enum, required, pattern, maxItems, minimum...) are enforced.
        ajv = new Ajv({ strict: false, allErrors: true });
        ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
        ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
        ajv.addFormat("date-time", { type: "string", validate: (s: string) => !Number.isNaN(Date.parse(s)) });
    }
    let validate = compiled.get(served.schema);
    if (!validate) compiled.set(served.schema, (validate = ajv.compile(intOrString(structuredClone(served.schema)))));
    if (validate(obj)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}

/** apimachinery ValidateObjectMeta, as far as a client's object can break it: name, namespace, labels, annotations. */
export function metadataErrors(obj: Obj, served: Pick<ServedVersion, "namespaced">): string[] {
    const errors: string[] = [];
    const m = obj.metadata ?? {};
    if (typeof m.name !== "string" || isDNS1123Subdomain(m.name).length > 0) errors.push(`/metadata/name ${JSON.stringify(m.name)} is not a DNS subdomain`);
    if (served.namespaced && !m.namespace) errors.push("/metadata/namespace is required: the kind is namespaced");
    if (!served.namespaced && m.namespace) errors.push(`/metadata/namespace ${JSON.stringify(m.namespace)} is set on a cluster-scoped kind`);
    for (const [k, v] of Object.entries<unknown>(m.labels ?? {})) {
        if (isQualifiedName(k).length > 0) errors.push(`/metadata/labels key ${JSON.stringify(k)} is not a qualified name`);
        if (typeof v !== "string" || isValidLabelValue(v).length > 0) errors.push(`/metadata/labels value ${JSON.stringify(v)} of ${k} is not a label value`);
    }
    for (const k of Object.keys(m.annotations ?? {})) if (isQualifiedName(k).length > 0) errors.push(`/metadata/annotations key ${JSON.stringify(k)} is not a qualified name`);
    const size = Object.entries<string>(m.annotations ?? {}).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
    if (size > 256 * 1024) errors.push(`/metadata/annotations total ${size} bytes exceeds 262144`);
    return errors;
}
