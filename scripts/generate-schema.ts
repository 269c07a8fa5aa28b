// Writes sdk/schema.json: the multi-language schema Pulumi's analyzer infers from sdk/, committed so that the
// library validates config and arguments against it at run time (the analyzer type-checks the package: seconds).
// A test fails when the committed file differs from what the analyzer infers now: run `npm run generate:schema`.
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as sdk from "../sdk/src";
import { withProviderRefs } from "../sdk/src/plugin";
import { withSchemaTags } from "../sdk/src/schemaDocs";

const SDK_DIR = path.resolve(__dirname, "../sdk");

export async function inferSchemaText(): Promise<string> {
    const text = await new ComponentProvider({ components: getPulumiComponents(sdk), dirname: SDK_DIR, name: "fleet-autodeploy" }).getSchema();
    // Provider references as Pulumi's schema binder resolves them (`#/provider`), and the JSDoc tags the analyzer drops
    // (`@default`) in the descriptions, as the plugin serves them too.
    return `${JSON.stringify(withSchemaTags(withProviderRefs(JSON.parse(text)), SDK_DIR), null, 2)}\n`;
}

if (require.main === module) {
    inferSchemaText().then((text) => fs.writeFileSync(path.join(SDK_DIR, "schema.json"), text));
}
