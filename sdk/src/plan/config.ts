import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

/** What a program's Pulumi.yaml says, and the stack config to run it with. */
export interface ProgramConfig {
    project: string;
    runtime: string;
    /** The entry file or folder the program starts from. */
    entry: string;
    stack: string;
    /** Config as Pulumi passes it to a program: project-namespaced keys, string values (objects as JSON). */
    config: Record<string, string>;
    /** Keys whose values are secrets. */
    secretKeys: string[];
    /** The stack file the config comes from (its name), if there is one. */
    stackFile?: string;
    /** What the user should know about the config chosen (no stack file). */
    warnings: string[];
}

/** A stack that cannot be chosen: the message says which ones exist and how to name one. */
export class StackChoiceError extends Error {}

/**
 * Picks the stack: the named one, else the only Pulumi.<stack>.yaml. With several and none named, planning one of
 * them (or none) would be a guess: refused. With none, the program runs on empty config, with a warning.
 */
function chooseStack(dir: string, stack?: string): { stack: string; warning?: string } {
    if (stack) return { stack };
    const shown = path.relative(process.cwd(), dir) || ".";
    const stacks = fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
    if (stacks.length === 1) return { stack: stacks[0] };
    if (stacks.length > 1) {
        throw new StackChoiceError(
            `${shown} has ${stacks.length} stack files (${stacks.map((s) => `Pulumi.${s}.yaml`).join(", ")}) and no stack was named: give one with --stack NAME, or as ${shown}@NAME (e.g. --stack ${stacks[0]})`,
        );
    }
    return { stack: "dev", warning: `${shown} has no Pulumi.<stack>.yaml: planned with empty config (stack "dev"), so every config value the program reads is unset` };
}

/** Reads Pulumi.yaml and Pulumi.<stack>.yaml of a program directory. */
export function readProgram(dir: string, stackName?: string): ProgramConfig {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!projectFile) throw new Error(`${dir} has no Pulumi.yaml: give the folder of a Pulumi program`);
    const project = YAML.parse(fs.readFileSync(projectFile, "utf8")) ?? {};
    const runtime = typeof project.runtime === "string" ? project.runtime : project.runtime?.name;
    if (runtime !== "nodejs") {
        throw new Error(`${projectFile} has runtime ${JSON.stringify(runtime)}: the offline plan runs Node.js programs (TypeScript or JavaScript) only`);
    }
    const { stack, warning } = chooseStack(dir, stackName);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const stackFile = [`Pulumi.${stack}.yaml`, `Pulumi.${stack}.yml`].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (stackName && !stackFile) throw new Error(`stack ${JSON.stringify(stackName)} has no Pulumi.${stackName}.yaml in ${dir}`);
    const values = stackFile ? (YAML.parse(fs.readFileSync(stackFile, "utf8"))?.config ?? {}) : {};
    for (const [rawKey, value] of Object.entries<unknown>(values)) {
        const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value && Object.keys(value).length === 1) {
            // Ciphertext cannot be decrypted offline: a deterministic stand-in, still marked secret.
            config[key] = `secret-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    let entry = project.main ? path.resolve(dir, project.main) : dir;
    if (!project.main) {
        const pkg = path.join(dir, "package.json");
        const main = fs.existsSync(pkg) ? JSON.parse(fs.readFileSync(pkg, "utf8")).main : undefined;
        entry = main ? path.resolve(dir, main) : (["index.ts", "index.js"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f)) ?? dir);
    }
    return { project: project.name, runtime, entry, stack, config, secretKeys, ...(stackFile ? { stackFile: path.basename(stackFile) } : {}), warnings: warning ? [warning] : [] };
}
