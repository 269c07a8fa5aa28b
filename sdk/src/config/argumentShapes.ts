// Checks arguments against the multi-language schema Pulumi's analyzer infers from this package (sdk/schema.json, kept
// in step with the source by a test): one source of truth for what a TypeScript program, stack config (YAML/JSON) and
// other languages may pass. Only shapes: JSON types, enum values, required and unknown keys, and that plain arguments
// are not Outputs. What the values mean is each component's own validation, which can then trust the shapes.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Problem } from "../core/problems";
import { failOnProblems } from "../checks/validate";
import { closest } from "../vocabulary/closest";

/** A property or type of a Pulumi package schema: the subset the analyzer emits. */
export interface SchemaShape {
    type?: string;
    $ref?: string;
    items?: SchemaShape;
    additionalProperties?: SchemaShape;
    properties?: Record<string, SchemaShape>;
    required?: string[];
    enum?: { value: unknown; name?: string }[];
    plain?: boolean;
    optional?: boolean;
    description?: string;
}

export interface PackageSchema {
    name: string;
    resources: Record<string, { inputProperties: Record<string, SchemaShape>; requiredInputs?: string[] }>;
    types: Record<string, SchemaShape>;
}

let bundled: PackageSchema | undefined;

/** sdk/schema.json, beside both src/ and bin/. Read once. */
export function packageSchema(): PackageSchema {
    bundled ??= JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.json"), "utf8"));
    return bundled!;
}

/** The object shape of a component's arguments, as the schema declares them. */
export function componentShape(schema: PackageSchema, component: string): SchemaShape {
    const resource = schema.resources[`${schema.name}:index:${component}`];
    if (!resource) throw new Error(`no component ${component} in the ${schema.name} schema`);
    return { type: "object", properties: resource.inputProperties, required: resource.requiredInputs ?? [] };
}

/** An Output, a promise or a resource: its value is not known while the program is constructed. */
function isUnknown(v: unknown): boolean {
    return pulumi.Output.isInstance(v) || pulumi.Resource.isInstance(v) || (typeof v === "object" && v !== null && typeof (v as any).then === "function");
}

export function describe(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    switch (typeof v) {
        case "string":
            return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
        case "number":
            return `a number (${v})`;
        case "boolean":
            return String(v);
        case "object":
            return "an object";
        default:
            return `a ${typeof v}`;
    }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const join = (at: string, key: string) => (IDENTIFIER.test(key) ? (at ? `${at}.${key}` : key) : `${at}[${JSON.stringify(key)}]`);

/**
 * Every shape problem of `value` against `shape`, with its path (`apps[2].members[0].name`); never throws, whatever
 * the value. A value of the wrong type is reported once, and nothing inside it is looked at.
 */
export function shapeProblems(schema: PackageSchema, shape: SchemaShape, value: unknown, at: string): Problem[] {
    const problems: Problem[] = [];
    check(schema, shape, value, at, problems);
    return problems;
}

function expected(schema: PackageSchema, shape: SchemaShape): string {
    const resolved = resolve(schema, shape);
    if (!resolved) return "any value";
    if (resolved.enum) return `one of ${resolved.enum.map((e) => JSON.stringify(e.value)).join(", ")}`;
    switch (resolved.type) {
        case "string":
            return "a string";
        case "number":
            return "a number";
        case "integer":
            return "a whole number";
        case "boolean":
            return "true or false";
        case "array":
            return `a list of ${plural(expected(schema, resolved.items ?? {}))}`;
        case "object":
            if (resolved.properties) {
                const keys = Object.keys(resolved.properties).map((k) => ((resolved.required ?? []).includes(k) ? `${k} (required)` : k));
                return `an object with ${keys.join(", ")}`;
            }
            return `an object of ${plural(expected(schema, resolved.additionalProperties ?? {}))}`;
        default:
            return "any value";
    }
}

const plural = (s: string) => s.replace(/^an? (string|number|whole number|list|object)/, (_, w) => `${w === "list" ? "list" : w}s`).replace(/^true or false$/, "booleans");

/** What another package's `$ref` names: a resource token, or for `#/provider` the package (e.g. "kubernetes"). */
const refName = (ref: string) => (/#\/provider$/.test(ref) ? ref.replace(/^\/([-\w]+)\/.*$/, "$1") : ref.replace(/^.*#\/resources\//, ""));

/** The shape a `$ref` points to; undefined for anything the schema does not describe (Any, another package's). */
export function resolve(schema: PackageSchema, shape: SchemaShape): SchemaShape | undefined {
    if (!shape.$ref) return shape.type || shape.enum || shape.properties ? shape : undefined;
    const local = /^#\/types\/(.+)$/.exec(shape.$ref);
    const target = local ? schema.types[local[1]] : undefined;
    return target && { ...target, plain: shape.plain };
}

/** The argument's own doc, first sentence (outside parentheses): what it is, so the fix is clear without the docs. */
function about(shape: SchemaShape): string {
    const text = (shape.description ?? "").replace(/\s+/g, " ").trim();
    let depth = 0,
        end = text.length;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === "(") depth++;
        else if (c === ")") depth = Math.max(0, depth - 1);
        else if (depth === 0 && /[.:;]/.test(c) && (i === text.length - 1 || text[i + 1] === " ")) {
            end = i;
            break;
        }
    }
    const first = text.slice(0, end);
    return first ? ` (${first.length > 140 ? `${first.slice(0, 140)}…` : first})` : "";
}

function check(schema: PackageSchema, shape: SchemaShape, value: unknown, at: string, problems: Problem[]): void {
    if (value === undefined) return;
    if (isUnknown(value)) {
        if (shape.plain && !pulumi.Resource.isInstance(value)) {
            problems.push({
                path: at,
                message: `${at} is an Output or a promise, but must be a plain value known when the program runs (${expected(schema, shape)}): the library decides what to create from it.`,
            });
        }
        return;
    }
    if (shape.$ref && !/^(#\/types\/|pulumi\.json#)/.test(shape.$ref)) {
        // Another package's resource, e.g. a Kubernetes provider for the hub: an object no config can express.
        if (!pulumi.Resource.isInstance(value)) problems.push({ path: at, message: `${at} is ${describe(value)}; expected a Pulumi resource object (${refName(shape.$ref)}) created in the program.` });
        return;
    }
    const resolved = resolve(schema, shape);
    if (!resolved) return;
    const wrong = () => problems.push({ path: at, message: `${at || "The arguments"} ${at ? "is" : "are"} ${describe(value)}; expected ${expected(schema, shape)}${about(shape)}.` });
    if (resolved.enum) {
        if (!resolved.enum.some((e) => e.value === value)) wrong();
        return;
    }
    switch (resolved.type) {
        case "string":
            if (typeof value !== "string") wrong();
            return;
        case "boolean":
            if (typeof value !== "boolean") wrong();
            return;
        case "number":
            if (typeof value !== "number" || !Number.isFinite(value)) wrong();
            return;
        case "integer":
            if (typeof value !== "number" || !Number.isInteger(value)) wrong();
            return;
        case "array":
            if (!Array.isArray(value)) return void wrong();
            value.forEach((item, i) => {
                if (item === undefined || item === null) problems.push({ path: `${at}[${i}]`, message: `${at}[${i}] is empty; expected ${expected(schema, resolved.items ?? {})}.` });
                else check(schema, { ...resolved.items, description: shape.description }, item, `${at}[${i}]`, problems);
            });
            return;
        case "object": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) return void wrong();
            const entries = Object.entries(value as Record<string, unknown>);
            if (!resolved.properties) {
                for (const [k, v] of entries) check(schema, resolved.additionalProperties ?? {}, v, join(at, k), problems);
                return;
            }
            const known = Object.keys(resolved.properties);
            for (const [k, v] of entries) {
                const prop = resolved.properties[k];
                if (!prop) {
                    const hint = closest(k, known);
                    problems.push({ path: join(at, k), message: `${join(at, k)} is not an argument${at ? ` of ${at}` : ""}${hint ? `: did you mean ${hint}?` : `; known: ${known.join(", ")}.`}` });
                } else if (v !== null) {
                    // null is unset (withoutNulls), as other languages send an optional they leave out.
                    check(schema, prop, v, join(at, k), problems);
                }
            }
            for (const k of resolved.required ?? []) {
                const v = (value as Record<string, unknown>)[k];
                if (v === undefined || v === null) problems.push({ path: join(at, k), message: `${join(at, k)} is required (${expected(schema, resolved.properties[k] ?? {})}).` });
            }
            return;
        }
    }
}

/** Shape problems of a component's arguments; `omit` are filled by the caller (e.g. the root program's fleetId). */
export function argumentShapeProblems(component: string, args: unknown, at = "", options: { omit?: string[]; extra?: Record<string, SchemaShape> } = {}): Problem[] {
    const schema = packageSchema();
    const shape = componentShape(schema, component);
    const properties = { ...shape.properties };
    for (const k of options.omit ?? []) delete properties[k];
    Object.assign(properties, options.extra);
    return shapeProblems(schema, { ...shape, properties, required: (shape.required ?? []).filter((k) => k in properties) }, args, at);
}

/**
 * Arguments as every language sends them: an explicit null (Python's None, a nil pointer in Go, `~` in YAML, what some
 * SDKs send for an optional left unset) is the argument left out, at any depth. Lists keep their null items, which the
 * shape check reports. Outputs, promises and resources are passed through untouched.
 */
export function withoutNulls<T>(value: T): T {
    if (Array.isArray(value)) return value.map((item) => (item === null ? item : withoutNulls(item))) as T;
    if (typeof value !== "object" || value === null || isUnknown(value)) return value;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const kept = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]);
    return Object.fromEntries(kept) as T;
}

/**
 * A component's arguments with explicit nulls left out, or a failure listing every shape problem, before its own checks
 * (which may then trust the types) and before anything is registered.
 */
export function checkedArguments<T>(component: string, name: string, args: T): T {
    const given = withoutNulls(args);
    failOnProblems(component, name, argumentShapeProblems(component, given));
    return given;
}
