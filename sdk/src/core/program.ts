import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

// State shared by every component of one program: the objects that several deployments need once (a
// member's pull grant, the hub provider) and what each deployment claimed. Keyed by the program's
// stack resource, so two programs run in one process (tests, the plan engine) never see each other's.

const NO_STACK = {};
const states = new WeakMap<object, Map<string, unknown>>();

/** This program's value for `key`, made by `init` the first time it is asked for. */
export function programState<T>(key: string, init: () => T): T {
    const stack: object = pulumi.runtime.getStackResource() ?? NO_STACK;
    let state = states.get(stack);
    if (!state) states.set(stack, (state = new Map()));
    if (!state.has(key)) state.set(key, init());
    return state.get(key) as T;
}

const objectKeys = new WeakMap<object, string>();
let nextObjectKey = 0;

/**
 * A key for an argument: a plain string (or parsed ARM id) by its value, case-folded as ARM ids and GitHub names are;
 * an Output by its identity, so two deployments given the same Output share, and two Outputs whose
 * values are not known yet are never guessed equal.
 */
export function inputKey(value: pulumi.Input<string> | pulumi.Input<{ id: string }> | undefined): string {
    if (typeof value === "string") return value.toLowerCase();
    if (value === undefined || value === null) return "";
    // A parsed ARM id: its id.
    if (!pulumi.Output.isInstance(value) && typeof (value as { id?: unknown }).id === "string") return (value as { id: string }).id.toLowerCase();
    let key = objectKeys.get(value as object);
    if (!key) objectKeys.set(value as object, (key = `<output #${++nextObjectKey}>`));
    return key;
}

function runPluginDir(): string | undefined {
    const main = require.main?.filename;
    if (!main) return undefined;
    const dir = path.dirname(main);
    return dir.split(path.sep).slice(-4).join("/") === "@pulumi/pulumi/cmd/run-plugin" ? dir : undefined;
}

/** The run-plugin entry point's folder, when this process is a component plugin (read once, at load). */
export const pluginDir = runPluginDir();

/** Whether this process is Pulumi's component plugin: each Construct is a call of its own, answered with its own error. */
export const runsAsComponentPlugin = (): boolean => pluginDir !== undefined;
