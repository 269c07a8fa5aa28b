// The JSDoc tags Pulumi's analyzer drops (`@default`) reach sdk/schema.json's descriptions (sdk/src/schemaDocs.ts),
// and so Python, Go, C#, YAML and docs/reference.md.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { declarations, withTagsFrom } from "../sdk/src/schemaDocs";

const SRC = path.join(__dirname, "..", "sdk", "src");
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "sdk", "schema.json"), "utf8"));

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/**
 * Every `@default` in sdk/src, read with regular expressions (not the code under test): the declaring interface or
 * class, the property the comment sits on, and the tag's text. Also each component's args interface.
 */
function defaultsInSource(): { owner: string; property: string; text: string }[] {
    const found: { owner: string; property: string; text: string }[] = [];
    for (const file of sourceFiles(SRC)) {
        const text = fs.readFileSync(file, "utf8");
        const comment = /\/\*\*((?:(?!\*\/)[\s\S])*?)@default\s((?:(?!\*\/)[\s\S])*?)\*\/\s*(?:readonly\s+|public\s+)*(\w+)\??\s*:/g;
        for (let m = comment.exec(text); m; m = comment.exec(text)) {
            const before = text.slice(0, m.index);
            const owners = [...before.matchAll(/(?:interface|class)\s+(\w+)/g)];
            const owner = owners[owners.length - 1]?.[1];
            const tag = m[2]
                .replace(/^\s*\*\s?/gm, " ")
                .replace(/\s+/g, " ")
                .trim();
            if (owner) found.push({ owner, property: m[3], text: tag });
        }
    }
    return found;
}

function componentArgs(): Map<string, string> {
    const args = new Map<string, string>();
    for (const file of sourceFiles(SRC)) {
        const text = fs.readFileSync(file, "utf8");
        for (const m of text.matchAll(/export class (\w+) extends pulumi\.ComponentResource[\s\S]*?constructor\(\w+: string, \w+: (\w+)/g)) args.set(m[2], m[1]);
    }
    return args;
}

describe("JSDoc tags in the schema (sdk/src/schemaDocs.ts)", () => {
    it("every property whose source JSDoc has @default says it in sdk/schema.json's description", () => {
        const args = componentArgs();
        const checked: string[] = [];
        const missing: string[] = [];
        for (const d of defaultsInSource()) {
            const component = args.get(d.owner);
            const properties = component ? schema.resources[`fleet-autodeploy:index:${component}`]?.inputProperties : schema.types[`fleet-autodeploy:index:${d.owner}`]?.properties;
            const property = properties?.[d.property];
            if (!property) continue; // not an argument (an internal interface)
            checked.push(`${d.owner}.${d.property}`);
            if (!String(property.description).includes(`Default: ${d.text}`)) missing.push(`${d.owner}.${d.property}: ${d.text}`);
        }
        assert.deepStrictEqual(missing, []);
        // The check reaches the component args and the nested types (a regex that matched nothing would pass above).
        assert.ok(checked.includes("FleetAutomatedDeploymentArgs.branch"), checked.join(", "));
        assert.ok(
            checked.some((c) => c.startsWith("PlacementTolerationArgs.")),
            checked.join(", "),
        );
        assert.ok(checked.length >= 100, `${checked.length} defaults checked`);
    });

    it("docs/reference.md, generated from the schema, shows a default", () => {
        const reference = fs.readFileSync(path.join(__dirname, "..", "docs", "reference.md"), "utf8");
        assert.match(reference, /\| `branch` \| string \|[^\n]*Default: "main"/);
    });

    it("appends tags to component inputs (through the constructor's args), outputs, inherited and Partial types", () => {
        const text = `
            interface Base {
                /** Base text. @default 1 */
                size?: number;
            }
            export interface WidgetArgs extends Base {
                /** Kept. @default "a" */
                mode?: string;
                /** No tag. */
                plain?: string;
            }
            export class Widget extends pulumi.ComponentResource {
                /** The id. @default "x" */
                public readonly id!: string;
                constructor(name: string, args: WidgetArgs) { super("w", name); }
            }`;
        const found = declarations(ts, [{ fileName: "w.ts", text }]);
        const out = withTagsFrom(
            {
                resources: {
                    "p:index:Widget": { inputProperties: { mode: { description: "Kept." }, size: { description: "Base text." }, plain: { description: "No tag." } }, properties: { id: {} } },
                },
                types: { "p:index:PartialWidgetArgs": { properties: { mode: { description: "Kept." } } } },
            },
            found,
        );
        const inputs = out.resources["p:index:Widget"].inputProperties;
        assert.strictEqual(inputs.mode.description, 'Kept.\n\nDefault: "a"');
        assert.strictEqual(inputs.size.description, "Base text.\n\nDefault: 1");
        assert.strictEqual(inputs.plain.description, "No tag.");
        assert.strictEqual((out.resources["p:index:Widget"].properties.id as { description?: string }).description, 'Default: "x"');
        assert.strictEqual(out.types["p:index:PartialWidgetArgs"].properties.mode.description, 'Kept.\n\nDefault: "a"');
        // Applying it twice changes nothing (the plugin may post-process a schema generate:schema already did).
        assert.deepStrictEqual(withTagsFrom(JSON.parse(JSON.stringify(out)), found), out);
    });
});
