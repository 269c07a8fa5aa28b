// The package as Pulumi runs it for YAML, Python, Go and C# programs: started with @pulumi/pulumi's run-plugin and
// driven over gRPC by a stand-in engine (test/provider/engine.ts). What it registers must be what the same
// arguments register from TypeScript.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk/src";
import { planMocks, PlanMonitor } from "../../sdk/src/plan/monitor";
import { FLEET, REGISTRY } from "../fixtures";
import { Plugin, Registration, ConstructResult } from "./engine";

const PROJECT = "fleet-yaml";
const STACK = "dev";
const program = YAML.parse(fs.readFileSync(path.resolve(__dirname, "../../examples/yaml/Pulumi.yaml"), "utf8"));
const config: Record<string, string> = { fleetId: FLEET, registryId: REGISTRY };

/** The YAML program's properties with its config interpolated. */
function yamlInputs(resource: string): Record<string, unknown> {
    const text = JSON.stringify(program.resources[resource].properties).replace(/\$\{(\w+)\}/g, (_, k) => config[k]);
    return JSON.parse(text);
}

type Row = Pick<Registration, "type" | "urn" | "parent" | "inputs">;
/** Registrations by URN (the plugin's order follows gRPC round trips, not the program's). */
const rows = (rs: Row[]) => rs.map(({ type, urn, parent, inputs }) => ({ type, urn, parent: parent || "", inputs }))
    .sort((a, b) => a.urn.localeCompare(b.urn));

/** URNs registered on one side only, then each shared URN whose type, parent or inputs differ. */
function differences(actual: Row[], expected: Row[]): string[] {
    const byUrn = new Map(expected.map((r) => [r.urn, r]));
    const problems = actual.filter((r) => !byUrn.has(r.urn)).map((r) => `only through the plugin: ${r.urn}`);
    const seen = new Set(actual.map((r) => r.urn));
    problems.push(...expected.filter((r) => !seen.has(r.urn)).map((r) => `only in TypeScript: ${r.urn}`));
    for (const r of actual) {
        const e = byUrn.get(r.urn);
        if (e && JSON.stringify(r) !== JSON.stringify(e)) problems.push(`${r.urn}:\n  plugin     ${JSON.stringify(r)}\n  TypeScript ${JSON.stringify(e)}`);
    }
    return problems;
}

/** The same construction in TypeScript, under the plan engine's monitor and answers. */
async function constructInTypeScript(component: string, name: string, args: Record<string, unknown>): Promise<Row[]> {
    const monitor = new PlanMonitor(planMocks({}, []));
    pulumi.runtime.setMockOptions(monitor, PROJECT, STACK, false);
    await pulumi.runtime.runInPulumiStack(async () => {
        new (sdk as any)[component](name, args);
        return {};
    });
    await pulumi.runtime.disconnect();
    return rows(monitor.planned.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => ({ ...r, parent: r.parent ?? "" })) as Row[]);
}

/** Python sends unset optionals as explicit nulls and every number as a double. */
function pythonShaped(inputs: Record<string, unknown>, schemaInputs: Record<string, unknown>): Record<string, unknown> {
    const nulls = Object.fromEntries(Object.keys(schemaInputs).filter((k) => !(k in inputs)).map((k) => [k, null]));
    return { ...nulls, ...inputs };
}

describe("the package as a Pulumi plugin (run-plugin, driven over gRPC)", function () {
    this.timeout(180000);
    let plugin: Plugin;
    const committed = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../sdk/schema.json"), "utf8"));

    before(async () => {
        plugin = await Plugin.start();
    });
    after(async () => {
        await plugin?.stop();
    });

    it("GetPluginInfo names the package's version", async () => {
        assert.strictEqual(await plugin.getPluginInfo(), committed.version);
    });

    it("GetSchema returns exactly sdk/schema.json", async () => {
        assert.deepStrictEqual(await plugin.getSchema(), committed);
    });

    it("Configure accepts secrets, resource references and output values", async () => {
        assert.deepStrictEqual(await plugin.configure(), { acceptSecrets: true, acceptResources: true, acceptOutputs: true });
    });

    for (const resource of Object.keys(program.resources)) {
        const type: string = program.resources[resource].type;
        const component = type.split(":")[2];

        it(`Construct ${component} with the examples/yaml inputs registers what TypeScript registers`, async () => {
            const result = await plugin.construct({ type, name: resource, inputs: yamlInputs(resource) });
            const expected = await constructInTypeScript(component, resource, yamlInputs(resource));
            assert.strictEqual(result.urn, `urn:pulumi:${STACK}::${PROJECT}::${type}::${resource}`);
            assert.ok(expected.length > 1, "the component registers children");
            assert.deepStrictEqual(differences(rows(result.registrations), expected), []);
        });

        it(`Construct ${component} with Python-shaped inputs (explicit nulls, numbers as doubles) registers the same`, async () => {
            const inputs = pythonShaped(yamlInputs(resource), committed.resources[type].inputProperties);
            // A program constructs each component once: a second plugin, as a second program run would start.
            const python = await Plugin.start();
            const result = await python.construct({ type, name: resource, inputs }).finally(() => python.stop());
            const expected = await constructInTypeScript(component, resource, yamlInputs(resource));
            assert.deepStrictEqual(differences(rows(result.registrations), expected), []);
        });
    }

    it("a bad argument fails Construct with the library's message, not a stack trace", async () => {
        const inputs = { ...yamlInputs("web"), repository: "not a repository" };
        const error: any = await plugin.construct({ type: "fleet-autodeploy:index:FleetAutomatedDeployment", name: "bad", inputs })
            .then((r: ConstructResult) => assert.fail(`constructed ${r.urn}`), (e) => e);
        assert.match(error.details, /FleetAutomatedDeployment "bad" has an invalid argument/);
        assert.doesNotMatch(error.details, /\n\s+at /, "no stack trace");
    });
});
