import { closest } from "../vocabulary/closest";

// Stack config a program cannot see is silent in Pulumi: a key under another project's namespace (a Pulumi.yaml
// copied with another name) or a misspelt key is simply never read, and the program runs without it. The plan
// knows which keys the program read, so it says so.

/** Namespaces Pulumi itself reads (pulumi:tags, pulumi:disable-default-providers...). */
const PULUMI_NAMESPACES = ["pulumi"];

export interface ConfigKeyInput {
    /** The program's project (Pulumi.yaml name): `new pulumi.Config()` reads `PROJECT:KEY`. */
    project: string;
    /** The stack file the keys come from, as the user names it. */
    stackFile: string;
    /** Every key set, project-namespaced (`NS:KEY`). */
    keys: string[];
    /** Keys the program read; undefined when unknown (then unread keys are not reported). */
    read?: ReadonlySet<string>;
    /** Whether a namespace is a provider's (azure-native, github...): its keys are the provider's to read. */
    isProvider: (namespace: string) => boolean;
}

export interface ConfigKeyProblems {
    /** The program ran with none of its own config: every key set is under another project. */
    errors: string[];
    warnings: string[];
}

const split = (key: string) => {
    const i = key.indexOf(":");
    return { ns: key.slice(0, i), name: key.slice(i + 1) };
};

export function configKeyProblems(c: ConfigKeyInput): ConfigKeyProblems {
    const own = c.keys.filter((k) => split(k).ns === c.project);
    const foreign = c.keys.filter((k) => {
        const { ns } = split(k);
        return ns !== c.project && !PULUMI_NAMESPACES.includes(ns) && !c.isProvider(ns) && !c.read?.has(k);
    });
    const errors: string[] = [],
        warnings: string[] = [];
    for (const k of foreign) {
        const { ns, name } = split(k);
        const message = `config key ${k} (${c.stackFile}) is under project "${ns}", but this program's project (name: in Pulumi.yaml) is "${c.project}", and it reads ${c.project}:KEY: rename the key to ${c.project}:${name} (or write it as ${name}), or set name: ${ns} in Pulumi.yaml`;
        // With none of its own keys set the program runs on empty config: its defaults, or a "required" error that hides the cause.
        (own.length === 0 ? errors : warnings).push(message);
    }
    if (c.read) {
        const readOwn = [...c.read].filter((k) => split(k).ns === c.project).map((k) => split(k).name);
        for (const k of own.filter((k) => !c.read!.has(k))) {
            const hint = closest(split(k).name, readOwn);
            warnings.push(
                `config key ${k} (${c.stackFile}) is never read by the program${hint ? `: did you mean ${hint}?` : readOwn.length > 0 ? `; it reads ${readOwn.sort().join(", ")}` : "; it reads none of its project's keys"}`,
            );
        }
    }
    return { errors, warnings };
}
