// The schema Pulumi's analyzer infers from sdk/, computed once per test run (it type-checks the package).
import { inferSchemaText } from "../scripts/generate-schema";

let schemaCache: Promise<any> | undefined;

/** The schema Pulumi's analyzer infers from sdk/, as `npm run generate:schema` writes it (computed once). */
export function inferredSchema(): Promise<any> {
    schemaCache ??= inferSchemaText().then((text) => JSON.parse(text));
    return schemaCache;
}
