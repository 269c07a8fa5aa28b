// When Pulumi runs this package as a component plugin (YAML, Python, Go and C# programs: pulumi-language-nodejs starts
// `node @pulumi/pulumi/cmd/run-plugin sdk/ ENGINE`), two things differ from a TypeScript program importing it:
//
// 1. GetSchema, and the first Construct (which needs the components' outputs), would run Pulumi's analyzer, a full
//    type-check of the package, at every plugin start. The analyzer's result is committed as sdk/schema.json
//    (`npm run generate:schema`; test/schema.test.ts fails when it differs from what the analyzer infers now), so the
//    plugin serves that file. It falls back to the analyzer when the file does not describe the package being served
//    (another name or version, other components), or with FLEET_AUTODEPLOY_ANALYZE_SCHEMA=1.
// 2. Provider references arrive as URNs and ids, and the runtime rehydrates one into a provider object only when its
//    package's resource module is registered. This library imports only @pulumi/kubernetes/provider (not the whole
//    kubernetes package), which registers nothing: a `pulumi:providers:kubernetes` reference for hubProvider stayed an
//    unresolved Output. Registering the kubernetes provider type here makes it a kubernetes.Provider again.
//
// Nothing here runs for a TypeScript program: it only acts when the process's main module is run-plugin.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes/provider";
import { pluginDir } from "./core/program";
import { withSchemaTags } from "./schemaDocs";

/** The switch back to the analyzer (for comparisons and benchmarks). */
export const ANALYZE_SCHEMA_ENV = "FLEET_AUTODEPLOY_ANALYZE_SCHEMA";

const SDK_DIR = path.resolve(__dirname, "..");

interface ProviderLike {
    name: string;
    version: string;
    path: string;
    componentConstructors: Record<string, unknown>;
    cachedSchema?: string;
    componentDefinitions?: Record<string, { name: string; description?: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }>;
}

const PROVIDER_REF = /^(\/[-\w]+\/v[^/]*\/schema\.json)#\/resources\/([-\w]+)$/;

/**
 * The analyzer refers to another package's provider class (kubernetes.Provider, whose __pulumiType is the bare
 * package name) as `/kubernetes/vX/schema.json#/resources/kubernetes`, which no schema binder resolves: resource tokens
 * have three parts, and a package's provider is `#/provider` (pulumi/pulumi pkg/codegen/schema, parseTypeSpecRef:
 * `#/provider` binds to `pulumi:providers:<package>`; `#/resources/kubernetes` finds no resource "kubernetes").
 * Rewrites those references, in place, and returns the schema.
 */
export function withProviderRefs<T>(schema: T): T {
    const visit = (node: any): void => {
        if (Array.isArray(node)) {
            node.forEach(visit);
            return;
        }
        if (!node || typeof node !== "object") return;
        const match = typeof node.$ref === "string" ? PROVIDER_REF.exec(node.$ref) : null;
        if (match) node.$ref = `${match[1]}#/provider`;
        Object.values(node).forEach(visit);
    };
    visit(schema);
    return schema;
}

/** sdk/schema.json, when it describes exactly the package `provider` serves; otherwise undefined (the analyzer runs). */
export function committedSchemaFor(provider: ProviderLike, env: NodeJS.ProcessEnv = process.env): any {
    if (env[ANALYZE_SCHEMA_ENV] === "1" || path.resolve(provider.path) !== SDK_DIR) return undefined;
    let schema: any;
    try {
        schema = JSON.parse(fs.readFileSync(path.join(SDK_DIR, "schema.json"), "utf8"));
    } catch {
        return undefined;
    }
    const tokens = Object.keys(schema.resources ?? {})
        .sort()
        .join(",");
    const served = Object.keys(provider.componentConstructors)
        .map((c) => `${provider.name}:index:${c}`)
        .sort()
        .join(",");
    return schema.name === provider.name && schema.version === provider.version && tokens === served ? schema : undefined;
}

/** Answers GetSchema (and Construct's component definitions) from sdk/schema.json when it fits. */
function serveCommittedSchema(providerModule: any): void {
    const proto = providerModule.ComponentProvider.prototype;
    const analyze = proto.getSchema;
    proto.getSchema = async function (this: ProviderLike): Promise<string> {
        if (this.cachedSchema) return this.cachedSchema;
        const schema = committedSchemaFor(this);
        if (!schema) {
            // The analyzer, with the provider references and the dropped tags fixed as `npm run generate:schema` fixes them.
            this.cachedSchema = JSON.stringify(withSchemaTags(withProviderRefs(JSON.parse(await analyze.call(this))), this.path));
            return this.cachedSchema!;
        }
        this.componentDefinitions = Object.fromEntries(
            Object.keys(this.componentConstructors).map((c) => {
                const r = schema.resources[`${this.name}:index:${c}`];
                return [c, { name: c, description: r.description, inputs: r.inputProperties ?? {}, outputs: r.properties ?? {} }];
            }),
        );
        this.cachedSchema = JSON.stringify(schema);
        return this.cachedSchema;
    };
}

/** Rehydrates `pulumi:providers:kubernetes` references into kubernetes.Provider objects. */
export function registerKubernetesProvider(): void {
    pulumi.runtime.registerResourcePackage("kubernetes", {
        version: require("@pulumi/kubernetes/package.json").version,
        constructProvider: (name: string, type: string, urn: string) => {
            if (type !== "pulumi:providers:kubernetes") throw new Error(`unknown provider type ${type}`);
            return new KubernetesProvider(name, undefined as any, { urn });
        },
    });
}

if (pluginDir) {
    serveCommittedSchema(require(path.join(pluginDir, "..", "..", "provider", "experimental", "provider")));
    registerKubernetesProvider();
}
