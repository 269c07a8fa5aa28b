// The package as Pulumi runs it for YAML, Python, Go and C# programs: started with @pulumi/pulumi's run-plugin and
// driven over gRPC by a stand-in engine (test/provider/engine.ts). What it registers must be what the same
// arguments register from TypeScript.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk/src";
import { planMocks, PlanMonitor } from "../../sdk/src/plan/monitor";
import { resourceId } from "../../sdk/src/plan/answers";
import { FLEET, REGISTRY } from "../fixtures";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { Plugin, Registration, ConstructResult, resourceReference } from "./engine";

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
const rows = (rs: Row[]) => rs.map(({ type, urn, parent, inputs }) => ({ type, urn, parent: parent || "", inputs })).sort((a, b) => a.urn.localeCompare(b.urn));

/** URNs registered on one side only, then each shared URN whose type, parent or inputs differ. */
function differences(actualRows: Row[], expectedRows: Row[]): string[] {
    const [actual, expected] = [rows(actualRows), rows(expectedRows)];
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
async function constructInTypeScript(
    component: string,
    name: string,
    args: Record<string, unknown>,
    opts: () => pulumi.ComponentResourceOptions = () => ({}),
): Promise<(Row & { provider: string })[]> {
    const monitor = new PlanMonitor(planMocks({}, []));
    pulumi.runtime.setMockOptions(monitor, PROJECT, STACK, false);
    await pulumi.runtime.runInPulumiStack(async () => {
        const resolved = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === "function" ? v() : v]));
        new (sdk as any)[component](name, resolved, opts());
        return {};
    });
    await pulumi.runtime.disconnect();
    const planned = monitor.planned.filter((r) => r.type !== "pulumi:pulumi:Stack");
    return rows(planned as Row[]).map((r) => ({ ...r, provider: planned.find((p) => p.urn === r.urn)!.options.provider ?? "" }));
}

/** Python sends unset optionals as explicit nulls and every number as a double. */
function pythonShaped(inputs: Record<string, unknown>, schemaInputs: Record<string, unknown>): Record<string, unknown> {
    const nulls = Object.fromEntries(
        Object.keys(schemaInputs)
            .filter((k) => !(k in inputs))
            .map((k) => [k, null]),
    );
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

    describe("a kubernetes provider from the program (a provider reference)", () => {
        const HUB = `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:kubernetes::hub`;
        // The program's provider, as the plan engine answers it (TypeScript registers it; the plugin gets a reference).
        const HUB_ID = resourceId("pulumi:providers:kubernetes", "hub", {});
        const HUB_REF = `${HUB}::${HUB_ID}`;
        const existing = { [HUB]: { id: HUB_ID } };
        const hubProvider = () => new KubernetesProvider("hub", {});
        const fromProgram = (rs: Row[]) => rs.filter((r) => r.urn !== HUB);
        const kubernetesRows = (rs: (Row & { provider?: string })[]) =>
            rs
                .filter((r) => r.type.startsWith("kubernetes:") || r.type === "pulumi:providers:kubernetes")
                .map((r) => ({ urn: r.urn, provider: (r.provider ?? "").split("::").slice(0, -1).join("::") }));
        const withProviders = (result: ConstructResult) => rows(result.registrations).map((r) => ({ ...r, provider: result.registrations.find((x) => x.urn === r.urn)!.provider }));

        it("as hubProvider: the hub's resources go through it, as from TypeScript", async () => {
            const fresh = await Plugin.start();
            try {
                const inputs = { ...yamlInputs("web"), hubProvider: resourceReference(HUB, HUB_ID) };
                const result = await fresh.construct({ type: "fleet-autodeploy:index:FleetAutomatedDeployment", name: "web", inputs, existing });
                const kube = kubernetesRows(withProviders(result));
                assert.ok(kube.length > 0, "the deployment applies objects to the hub");
                assert.ok(
                    kube.every((k) => k.provider === HUB),
                    JSON.stringify(kube, null, 1),
                );
                const expected = fromProgram((await constructInTypeScript("FleetAutomatedDeployment", "web", { ...yamlInputs("web"), hubProvider })) as Row[]);
                assert.deepStrictEqual(kube, kubernetesRows(expected));
                assert.ok(!result.registrations.some((r) => r.type === "pulumi:providers:kubernetes"), "no provider of its own for the hub");
                assert.deepStrictEqual(differences(rows(result.registrations), expected), []);
            } finally {
                await fresh.stop();
            }
        });

        it("as the providers option: Construct accepts it; the hub's objects keep the provider the deployment builds, as from TypeScript", async () => {
            // An explicit provider wins over an inherited one: hubProvider, not the providers option, routes the hub's objects.
            const fresh = await Plugin.start();
            try {
                const result = await fresh.construct({
                    type: "fleet-autodeploy:index:FleetAutomatedDeployment",
                    name: "web",
                    inputs: yamlInputs("web"),
                    providers: { kubernetes: HUB_REF },
                    existing,
                });
                const expected = await constructInTypeScript("FleetAutomatedDeployment", "web", yamlInputs("web"));
                assert.deepStrictEqual(kubernetesRows(withProviders(result)), kubernetesRows(expected));
                assert.deepStrictEqual(differences(rows(result.registrations), expected), []);
            } finally {
                await fresh.stop();
            }
        });
    });

    // The components examples/yaml does not use, with arguments as a program sends them (secrets included).
    const others: [string, string, Record<string, unknown>][] = [
        [
            "GitHubOidcIdentity",
            "deployer",
            { repository: "contoso/web", branches: ["main"], environments: ["production"], subjectFormat: "legacy", resourceGroupId: FLEET.replace(/\/providers\/.*$/, ""), location: "westeurope" },
        ],
        ["GitHubRepositoryWiring", "wiring", { repository: "contoso/web", branch: "main", variables: { FLEET_NAME: "hub" }, files: [{ path: "deploy/README.md", content: "hello" }] }],
        ["HubNamespace", "ns", { fleetId: FLEET, namespace: "web", deployerPrincipalId: "00000000-1111-2222-3333-444444444444" }],
        ["NamespacePlacement", "spread", { fleetId: FLEET, namespace: "apps", placement: { type: "PickAll" } }],
    ];
    for (const [component, name, args] of others) {
        it(`Construct ${component} registers what TypeScript registers`, async () => {
            // Alone in its program, as in TypeScript (a program shares one hub provider per fleet between components).
            const alone = await Plugin.start();
            const result = await alone.construct({ type: `fleet-autodeploy:index:${component}`, name, inputs: args }).finally(() => alone.stop());
            const expected = await constructInTypeScript(component, name, args);
            assert.ok(expected.length > 1, "the component registers children");
            assert.deepStrictEqual(differences(rows(result.registrations), expected), []);
        });
    }

    it("a bad argument fails Construct with the library's message, not a stack trace", async () => {
        const inputs = { ...yamlInputs("web"), repository: "not a repository" };
        const error: any = await plugin.construct({ type: "fleet-autodeploy:index:FleetAutomatedDeployment", name: "bad", inputs }).then(
            (r: ConstructResult) => assert.fail(`constructed ${r.urn}`),
            (e) => e,
        );
        assert.match(error.details, /FleetAutomatedDeployment "bad" has an invalid argument/);
        assert.doesNotMatch(error.details, /\n\s+at /, "no stack trace");
    });
});

describe("the committed schema the plugin serves (sdk/src/plugin.ts)", () => {
    const { committedSchemaFor, ANALYZE_SCHEMA_ENV } = require("../../sdk/src/plugin");
    const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../sdk/schema.json"), "utf8"));
    const components = Object.fromEntries(Object.keys(schema.resources).map((t) => [t.split(":")[2], class {}]));
    const provider = { name: "fleet-autodeploy", version: schema.version, path: path.resolve(__dirname, "../../sdk"), componentConstructors: components };

    it("is sdk/schema.json when it describes the package served: name, version and components", () => {
        assert.deepStrictEqual(committedSchemaFor(provider, {}), schema);
    });

    it("is not used (the analyzer runs) for another version, other components, another folder, or with the switch", () => {
        assert.strictEqual(committedSchemaFor({ ...provider, version: "9.9.9" }, {}), undefined);
        assert.strictEqual(committedSchemaFor({ ...provider, componentConstructors: { ...components, Extra: class {} } }, {}), undefined);
        const { FleetAutomatedDeployment, ...fewer } = components;
        assert.strictEqual(committedSchemaFor({ ...provider, componentConstructors: fewer }, {}), undefined);
        assert.strictEqual(committedSchemaFor({ ...provider, path: __dirname }, {}), undefined);
        assert.strictEqual(committedSchemaFor({ ...provider, name: "other" }, {}), undefined);
        assert.strictEqual(committedSchemaFor(provider, { [ANALYZE_SCHEMA_ENV]: "1" }), undefined);
    });

    it("refers to another package's provider as Pulumi's schema binder resolves one (#/provider), and to its resources by token", () => {
        const { withProviderRefs } = require("../../sdk/src/plugin");
        const refs = JSON.stringify(schema).match(/"\$ref":"\/[^"]+"/g) ?? [];
        assert.ok(refs.length > 0);
        assert.deepStrictEqual(
            refs.filter((r: string) => /#\/resources\/[-\w]+"$/.test(r)),
            [],
            "a bare package name is no resource token",
        );
        assert.deepStrictEqual(
            withProviderRefs({ a: { $ref: "/kubernetes/v4.34.2/schema.json#/resources/kubernetes" }, b: [{ $ref: "/kubernetes/v4.34.2/schema.json#/resources/kubernetes:core%2Fv1:Namespace" }] }),
            { a: { $ref: "/kubernetes/v4.34.2/schema.json#/provider" }, b: [{ $ref: "/kubernetes/v4.34.2/schema.json#/resources/kubernetes:core%2Fv1:Namespace" }] },
        );
    });

    it("is what the analyzer serves: GetSchema through the analyzer (the switch) is sdk/schema.json too", async function () {
        this.timeout(180000);
        const analyzed = await Plugin.start({ env: { [ANALYZE_SCHEMA_ENV]: "1" } });
        try {
            assert.deepStrictEqual(await analyzed.getSchema(), schema);
        } finally {
            await analyzed.stop();
        }
    });
});
