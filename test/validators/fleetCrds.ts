// Validates Fleet objects against the openAPIV3Schema of the real CRDs in shared/reference/crds, as the
// hub's API server would: loaded and compiled at test time, never copied into the repository.
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { referenceDir } from "../reference";

let validators: Map<string, ValidateFunction> | undefined;

function load(): Map<string, ValidateFunction> {
    // strict: false lets ajv skip the x-kubernetes-* vendor keywords; the standard keywords
    // (type, enum, required, pattern, maxItems, minimum...) are still enforced.
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat("date-time", { type: "string", validate: (s: string) => !Number.isNaN(Date.parse(s)) });
    const map = new Map<string, ValidateFunction>();
    const dir = path.join(referenceDir(), "crds");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
        const crd = YAML.parse(fs.readFileSync(path.join(dir, file), "utf8"));
        for (const version of crd.spec.versions) {
            const schema = intOrString(structuredClone(version.schema.openAPIV3Schema));
            map.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
        }
    }
    return map;
}

/** `x-kubernetes-int-or-string` fields have no `type`; say what Kubernetes means: an integer or a string. */
function intOrString(schema: any): any {
    if (schema && typeof schema === "object") {
        if (schema["x-kubernetes-int-or-string"]) {
            const { pattern, ...rest } = schema;
            // The pattern applies to the string form only.
            return { ...rest, anyOf: [{ type: "integer" }, { type: "string", ...(pattern ? { pattern } : {}) }] };
        }
        for (const [k, v] of Object.entries(schema)) schema[k] = intOrString(v);
    }
    return schema;
}

/** Schema errors of a Fleet object (empty when valid); an apiVersion/kind without a CRD is an error too. */
export function validateFleetObject(obj: any): string[] {
    validators ??= load();
    const key = `${obj.apiVersion}/${obj.kind}`;
    const validate = validators.get(key);
    if (!validate) return [`no CRD serves ${key}`];
    const errors: string[] = [];
    if (!validate(obj)) errors.push(...(validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`));
    // The API server also enforces metadata.name as a DNS subdomain; the CRD schema leaves metadata open.
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(obj.metadata?.name ?? "")) errors.push(`/metadata/name ${JSON.stringify(obj.metadata?.name)} is not a DNS subdomain`);
    return errors;
}
