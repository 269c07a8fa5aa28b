// The Fleet CRDs the hub serves (shared/reference/crds, kubefleet main at e160c1cd), loaded once at test time and
// never copied into the repository: by group, version and kind, with the version's structural schema.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { referenceDir } from "../../reference";

/** A structural schema node, as the CRDs write it (the subset the API server acts on). */
export interface SchemaNode {
    type?: string;
    properties?: Record<string, SchemaNode>;
    additionalProperties?: SchemaNode | boolean;
    items?: SchemaNode;
    default?: unknown;
    nullable?: boolean;
    required?: string[];
    "x-kubernetes-int-or-string"?: boolean;
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    "x-kubernetes-embedded-resource"?: boolean;
    "x-kubernetes-list-type"?: "atomic" | "set" | "map";
    "x-kubernetes-list-map-keys"?: string[];
    "x-kubernetes-map-type"?: "atomic" | "granular";
    "x-kubernetes-validations"?: { rule: string; message?: string; messageExpression?: string; reason?: string; fieldPath?: string; optionalOldSelf?: boolean }[];
    [k: string]: unknown;
}

export interface ServedVersion {
    group: string;
    version: string;
    kind: string;
    plural: string;
    namespaced: boolean;
    schema: SchemaNode;
    /** The CRD file it comes from, for messages. */
    file: string;
}

let loaded: Map<string, ServedVersion> | undefined;

/** Every served version of every Fleet CRD, keyed `group/version/Kind`. */
export function servedVersions(): Map<string, ServedVersion> {
    if (loaded) return loaded;
    const map = new Map<string, ServedVersion>();
    const dir = path.join(referenceDir(), "crds");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
        const crd = YAML.parse(fs.readFileSync(path.join(dir, file), "utf8"));
        for (const v of crd.spec.versions) {
            if (v.served === false) continue;
            map.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, {
                group: crd.spec.group,
                version: v.name,
                kind: crd.spec.names.kind,
                plural: crd.spec.names.plural,
                namespaced: crd.spec.scope === "Namespaced",
                schema: v.schema.openAPIV3Schema,
                file,
            });
        }
    }
    return (loaded = map);
}

/** The served version an object is written in, or undefined when the hub serves no such kind. */
export function servedVersionOf(obj: { apiVersion?: string; kind?: string }): ServedVersion | undefined {
    return servedVersions().get(`${obj.apiVersion}/${obj.kind}`);
}

/** Walks every schema node with its path (`.spec.policy`, `[]` for list items, `{}` for map values). */
export function walkSchema(node: SchemaNode, visit: (node: SchemaNode, at: string) => void, at = ""): void {
    visit(node, at);
    for (const [name, child] of Object.entries(node.properties ?? {})) walkSchema(child, visit, `${at}.${name}`);
    if (node.items) walkSchema(node.items, visit, `${at}[]`);
    if (node.additionalProperties && typeof node.additionalProperties === "object") walkSchema(node.additionalProperties, visit, `${at}{}`);
}
