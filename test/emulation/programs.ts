// The programs the emulations run, and what each one's world holds beforehand: shared by the first up and the first push.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import * as sdk from "../../sdk/src";
import { Program } from "./engine";
import { portalWorld, SUB } from "./worlds";
import { WorldSpec } from "./world";
import { programFolders } from "../programFolders";

const ROOT = path.resolve(__dirname, "../..");
export const FLEET = `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/contoso-fleet`;
export const REGISTRY = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoacr`;

/** What a program's world has beforehand besides the common one. */
export const WORLD_OF: Record<string, (w: WorldSpec) => void> = {
    // "The namespace `payments` already exists on the hub (made by another team)" (its index.ts).
    "examples/existing-namespace-helm": (w) => void (w.fleets[0].hubNamespaces = ["payments"]),
    // What the portal's Automated Deployments (and `az aks update --attach-acr`, and a person) made for contoso/web, which it adopts.
    "examples/from-portal": portalWorld,
    // Its team stacks stage into the namespaces its platform stack creates (multiStack.test.ts runs the three in one cloud).
    "examples/multi-stack/team-a": (w) => void (w.fleets[0].hubNamespaces = ["team-a", "team-b"]),
    "examples/multi-stack/team-b": (w) => void (w.fleets[0].hubNamespaces = ["team-a", "team-b"]),
};

/** The root sample and every example with a Node.js program, each stack of a multi-stack one too (the YAML example is `yamlProgram`). */
export function programDirs(): string[] {
    return [".", ...programFolders("examples")].filter((d) => d !== "examples/yaml");
}

/** A program from constructors, as a Pulumi YAML program or a test builds one. */
export const inline = (run: () => unknown, config: Record<string, string> = {}): Program => ({ project: "emulated", stack: "dev", config: { "github:owner": "contoso", ...config }, run });

/** examples/yaml: its components constructed from the YAML, config filled with the world's ids. */
export function yamlProgram(): Program {
    const program = YAML.parse(fs.readFileSync(path.join(ROOT, "examples/yaml/Pulumi.yaml"), "utf8"));
    const config: Record<string, string> = { "${fleetId}": FLEET, "${registryId}": REGISTRY };
    const fill = (v: unknown): unknown =>
        typeof v === "string" ? (config[v] ?? v) : Array.isArray(v) ? v.map(fill) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
    return inline(() => {
        for (const [name, r] of Object.entries<any>(program.resources)) {
            const Component = (sdk as Record<string, any>)[String(r.type).split(":").pop()!];
            if (!Component) throw new Error(`examples/yaml: no component ${r.type}`);
            new Component(name, fill(r.properties));
        }
    });
}
