// docs/reference.md's tables of every argument of every component, generated from sdk/schema.json.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ARGUMENTS_END, ARGUMENTS_START, renderArgumentReference, Schema, withBlock } from "../../scripts/argumentReference";

const ROOT = path.resolve(__dirname, "../..");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "sdk/schema.json"), "utf8")) as Schema;

describe("scripts/argumentReference: every argument of every component, from the schema", () => {
    it("is current in docs/reference.md: `npm run generate:readme` after changing an argument or its doc", () => {
        const text = fs.readFileSync(path.join(ROOT, "docs/reference.md"), "utf8");
        const start = text.indexOf(ARGUMENTS_START),
            end = text.indexOf(ARGUMENTS_END) + ARGUMENTS_END.length;
        assert.ok(start >= 0 && end > start, "docs/reference.md has the argument-reference markers");
        assert.strictEqual(text.slice(start, end), renderArgumentReference(schema), "stale: run `npm run generate:readme`");
    });

    it("has a row for every input and output of every component, and for every field and value of every type", () => {
        const text = renderArgumentReference(schema);
        const section = (heading: string) => text.split(new RegExp(`^#{3,4} ${heading}$`, "m"))[1].split(/^#{3,4} /m)[0];
        for (const [token, r] of Object.entries(schema.resources)) {
            const own = section(token.split(":").pop()!);
            for (const k of Object.keys(r.inputProperties ?? {})) assert.match(own, new RegExp(`^\\| \`${k}\` \\|`, "m"), `${token} ${k}`);
            for (const k of Object.keys(r.properties ?? {})) assert.match(own, new RegExp(`^\\| \`${k}\` \\|`, "m"), `${token} output ${k}`);
        }
        for (const [token, t] of Object.entries(schema.types ?? {})) {
            const name = token.split(":").pop()!;
            if (t.enum) {
                for (const e of t.enum) assert.ok(text.includes(`| ${name} | \`${JSON.stringify(e.value)}\` |`), `${name} ${String(e.value)}`);
            } else {
                for (const k of Object.keys(t.properties ?? {})) assert.match(section(name), new RegExp(`^\\| \`${k}\` \\|`, "m"), `${name}.${k}`);
            }
        }
    });

    it("renders types as a reader needs them: enums by value, objects as links to their section, required marked", () => {
        const mini: Schema = {
            name: "p",
            resources: {
                "p:index:Thing": {
                    description: "A thing.\n\nMore.",
                    inputProperties: {
                        mode: { $ref: "#/types/p:index:Mode", description: "How | what." },
                        opts: { $ref: "#/types/p:index:OptsArgs" },
                        tags: { type: "array", items: { type: "string" } },
                        hub: { $ref: "/kubernetes/v4.34.2/schema.json#/provider" },
                    },
                    requiredInputs: ["opts"],
                },
            },
            types: {
                "p:index:Mode": { type: "string", enum: [{ value: "a", description: "first" }, { value: "b" }] },
                "p:index:OptsArgs": { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
            },
        };
        const text = renderArgumentReference(mini);
        assert.ok(text.includes('| `mode` | `"a"` \\| `"b"` |  | How \\| what. |'), text);
        assert.ok(text.includes("| `opts` | [OptsArgs](#optsargs) | yes |  |"), text);
        assert.ok(text.includes("| `tags` | list of string |  |  |"), text);
        assert.ok(text.includes("| `hub` | kubernetes provider |  |  |"), text);
        assert.ok(text.includes("#### OptsArgs\n\n| field | type | required | what it is |\n|---|---|---|---|\n| `n` | integer | yes |  |"), text);
        assert.ok(text.includes('| Mode | `"a"` | first |'), text);
        assert.throws(() => withBlock("no markers", ARGUMENTS_START, ARGUMENTS_END, "x", "f.md"), /f\.md has no/);
        assert.strictEqual(withBlock(`a${ARGUMENTS_START}old${ARGUMENTS_END}b`, ARGUMENTS_START, ARGUMENTS_END, "NEW", "f.md"), "aNEWb");
    });
});
