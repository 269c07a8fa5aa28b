// The schema Pulumi's analyzer infers from sdk/, computed once per test run (it type-checks the package).
import * as path from "path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as sdk from "../sdk/src";

const SDK_DIR = path.resolve(__dirname, "../sdk");
let schemaCache: Promise<any> | undefined;

/** The schema Pulumi's analyzer infers from sdk/ (computed once: it type-checks the package). */
export function inferredSchema(): Promise<any> {
    schemaCache ??= new ComponentProvider({ components: getPulumiComponents(sdk), dirname: SDK_DIR, name: "fleet-autodeploy" })
        .getSchema().then((text) => JSON.parse(text));
    return schemaCache;
}

