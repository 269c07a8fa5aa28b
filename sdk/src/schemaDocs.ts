// Pulumi's analyzer describes a property by its JSDoc comment text only (`jsDoc[].comment`), so whatever follows a
// block tag is lost: the one-line `@default` every argument carries never reached sdk/schema.json, nor Python, Go, C#,
// YAML or docs/reference.md. This reads the same declarations' tags from the package's sources (a parse, no type
// check) and appends them to the analyzer's descriptions: `@default "main"` becomes "Default: \"main\"".
// `npm run generate:schema` and the plugin's analyzer fallback both apply it, so the committed schema stays what the
// package serves.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";

/** Block tags the analyzer drops, by the word their text follows in a description. */
export const SCHEMA_TAGS: Record<string, string> = { default: "Default" };

/** A declaration's tags, as the description's last paragraphs: `Default: "main"`. */
export type PropertyTags = Record<string, string[]>;

interface Declarations {
    /** An interface's or class's property tags, by declaration name then property name. */
    members: Map<string, PropertyTags>;
    /** An interface's parents (`extends`), by name. */
    parents: Map<string, string[]>;
    /** A component class's args interface (its constructor's second parameter), by class name. */
    args: Map<string, string>;
}

/** The lines a property's tags add, e.g. ["Default: \"main\""]; none without a tag SCHEMA_TAGS names. */
export function tagLines(ts: typeof TS, node: TS.Node): string[] {
    return ts.getJSDocTags(node).flatMap((tag) => {
        const word = SCHEMA_TAGS[tag.tagName.text];
        const text = (ts.getTextOfJSDocComment(tag.comment) ?? "").replace(/\s+/g, " ").trim();
        return word && text ? [`${word}: ${text}`] : [];
    });
}

function memberName(ts: typeof TS, member: TS.Node): string | undefined {
    const name = (member as { name?: TS.Node }).name;
    return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/** Every interface's and class's property tags (and heritage, and component args) in `files`. */
export function declarations(ts: typeof TS, files: { fileName: string; text: string }[]): Declarations {
    const found: Declarations = { members: new Map(), parents: new Map(), args: new Map() };
    for (const file of files) {
        const source = ts.createSourceFile(file.fileName, file.text, ts.ScriptTarget.Latest, true);
        for (const node of source.statements) {
            if (!(ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) || !node.name) continue;
            const tags: PropertyTags = {};
            for (const member of node.members) {
                const name = memberName(ts, member);
                const lines = name && (ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) ? tagLines(ts, member) : [];
                if (name && lines.length > 0) tags[name] = lines;
                const args = ts.isConstructorDeclaration(member) ? member.parameters[1]?.type : undefined;
                if (args && ts.isTypeReferenceNode(args) && ts.isIdentifier(args.typeName)) found.args.set(node.name.text, args.typeName.text);
            }
            found.members.set(node.name.text, { ...found.members.get(node.name.text), ...tags });
            const parents = (node.heritageClauses ?? []).flatMap((c) => c.types.map((t) => t.expression.getText(source)));
            if (parents.length > 0) found.parents.set(node.name.text, parents);
        }
    }
    return found;
}

/** A declaration's property tags, its parents' included (the analyzer lists inherited properties too). */
function tagsOf(found: Declarations, name: string | undefined, seen = new Set<string>()): PropertyTags {
    if (!name || seen.has(name)) return {};
    seen.add(name);
    const inherited = (found.parents.get(name) ?? []).map((p) => tagsOf(found, p, seen));
    return Object.assign({}, ...inherited, found.members.get(name));
}

function describe(properties: Record<string, { description?: string }> | undefined, tags: PropertyTags): void {
    for (const [name, property] of Object.entries(properties ?? {})) {
        const lines = (tags[name] ?? []).filter((line) => !property.description?.includes(line));
        if (lines.length > 0) property.description = [property.description, ...lines].filter(Boolean).join("\n\n");
    }
}

/** Appends the declarations' tags to the schema's property descriptions, in place, and returns the schema. */
export function withTagsFrom<T>(schema: T, found: Declarations): T {
    const s = schema as { resources?: Record<string, any>; types?: Record<string, any> };
    const short = (token: string) => token.split(":").pop()!;
    for (const [token, resource] of Object.entries(s.resources ?? {})) {
        describe(resource.inputProperties, tagsOf(found, found.args.get(short(token))));
        describe(resource.properties, tagsOf(found, short(token)));
    }
    // The analyzer names Partial<T> and Required<T> after T.
    for (const [token, type] of Object.entries(s.types ?? {})) describe(type.properties, tagsOf(found, short(token).replace(/^(Partial|Required)(?=[A-Z])/, "")));
    return schema;
}

/** The TypeScript sources of the package in `dir`, as its tsconfig.json lists them. */
export function packageSources(ts: typeof TS, dir: string): { fileName: string; text: string }[] {
    const configPath = path.join(dir, "tsconfig.json");
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, dir);
    return config.fileNames.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((fileName) => ({ fileName, text: fs.readFileSync(fileName, "utf8") }));
}

/**
 * The analyzer's schema of the package in `dir` with its properties' tags in their descriptions, in place. TypeScript is
 * required only here: the analyzer that produced the schema needs it too.
 */
export function withSchemaTags<T>(schema: T, dir: string): T {
    const ts: typeof TS = require("typescript");
    return withTagsFrom(schema, declarations(ts, packageSources(ts, dir)));
}
