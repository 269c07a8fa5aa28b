// The YAML example is checked against the schema Pulumi's analyzer infers from sdk/: every resource
// type exists, every property (nested ones too) is an input of that type, every required input is set.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { inferredSchema } from "./schema";

type Schema = any;

function propertyProblems(schema: Schema, where: string, value: unknown, spec: any): string[] {
    if (spec?.$ref?.startsWith("#/types/")) {
        const type = schema.types[spec.$ref.slice("#/types/".length)];
        if (type.enum) {
            const allowed = type.enum.map((e: any) => e.value);
            return allowed.includes(value) ? [] : [`${where}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`];
        }
        return objectProblems(schema, where, value, type.properties ?? {}, type.required ?? []);
    }
    if (spec?.type === "array") {
        return Array.isArray(value) ? value.flatMap((v, i) => propertyProblems(schema, `${where}[${i}]`, v, spec.items)) : [`${where}: not a list`];
    }
    return [];
}

function objectProblems(schema: Schema, where: string, value: unknown, properties: Record<string, any>, required: string[]): string[] {
    if (typeof value !== "object" || value === null) return [`${where}: not an object`];
    const problems = Object.entries(value).flatMap(([k, v]) => (properties[k] ? propertyProblems(schema, `${where}.${k}`, v, properties[k]) : [`${where}.${k}: not an input`]));
    for (const r of required) if (!(r in value)) problems.push(`${where}.${r}: required input missing`);
    return problems;
}

function yamlProgramProblems(schema: Schema, program: any): string[] {
    return Object.entries<any>(program.resources ?? {}).flatMap(([name, r]) => {
        const resource = schema.resources[r.type];
        if (!resource) return [`${name}: type ${r.type} is not in the schema`];
        return objectProblems(schema, name, r.properties ?? {}, resource.inputProperties ?? {}, resource.requiredInputs ?? []);
    });
}

describe("examples/yaml against the inferred schema", function () {
    this.timeout(120000);
    const program = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../examples/yaml/Pulumi.yaml"), "utf8"));

    it("uses only types and property names the package declares", async () => {
        assert.deepStrictEqual(yamlProgramProblems(await inferredSchema(), program), []);
    });

    it("reads outputs the component declares", async () => {
        const schema = await inferredSchema();
        for (const [k, expr] of Object.entries<string>(program.outputs)) {
            const [, resource, output] = /^\$\{([\w-]+)\.(\w+)\}$/.exec(expr)!;
            const type = program.resources[resource].type;
            assert.ok(schema.resources[type].properties[output], `${k}: ${type} has no output ${output}`);
        }
    });

    it("the check bites: a misspelt property, a bad enum value and an unknown type are found", async () => {
        const broken = YAML.parse(YAML.stringify(program));
        broken.resources.web.properties.branchName = "main";
        broken.resources.web.properties.placement.type = "PickSome";
        broken.resources["shared-pull"].type = "fleet-autodeploy:index:Nope";
        const problems = yamlProgramProblems(await inferredSchema(), broken);
        assert.ok(
            problems.some((p) => p.includes("web.branchName")),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => p.includes("PickSome")),
            problems.join("\n"),
        );
        assert.ok(
            problems.some((p) => p.includes("Nope")),
            problems.join("\n"),
        );
    });
});
