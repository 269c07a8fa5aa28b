// `pulumi up` emulated: a program runs under Pulumi's runtime with a monitor whose registrations go to the fakes, in
// the engine's order. The SDK registers a resource once its inputs resolve, and a registration answers only once the
// fake has created the object, so a resource starts after everything it depends on (parent, dependsOn, inputs) and
// independent ones run concurrently. On a later `up`, each registration is matched to the previous state by URN or
// alias and becomes a same, update or replace as the plan diff decides (sdk/src/plan/diff.ts); what is no longer
// registered is deleted afterwards, dependents first.
// A registration with Pulumi's `import` option and no old state is an import (pulumi/pulumi developer-docs/architecture/
// import.md; pulumi/pulumi#19339, CLI releases since late 2025): the provider's Read of the id, which fails the up when
// the object does not exist; then the read inputs are diffed with the program's as for an update (ignoreChanges
// applying): an in-place difference is an update right after the import, one that needs replacement replaces the
// object just imported (recorded as "import-replace", which adopting code must never cause). With old state the
// option is ignored.
import * as pulumi from "@pulumi/pulumi";
import { getProject, getStack } from "@pulumi/pulumi";
import * as path from "node:path";
import { urnOf } from "../../sdk/src/plan/aliases";
import { readProgram } from "../../sdk/src/plan/config";
import { changedPaths } from "../../sdk/src/plan/diff";
import { PlanMonitor } from "../../sdk/src/plan/monitor";
import { PlannedResource } from "../../sdk/src/resource/planned";
import { replacementCauses } from "../../sdk/src/plan/replacements";
import { Cloud } from "./cloud";
import { CloudError, Created, Inputs, OperationContext, Read } from "./cloudError";

export interface Deployed {
    urn: string;
    type: string;
    custom: boolean;
    id?: string;
    inputs: Inputs;
    outputs: Inputs;
    provider?: string;
    retainOnDelete: boolean;
    /** The engine skips its delete when this resource is deleted in the same operation (Pulumi's deletedWith). */
    deletedWith?: string;
}

export type Step = { op: "create" | "import" | "import-replace" | "update" | "replace" | "delete" | "same"; urn: string };

export interface UpResult {
    /** Each failure: the resource (or invoke) and the fake's message. */
    errors: { urn: string; message: string }[];
    steps: Step[];
    /** The state after the up: what a next up starts from. */
    state: Map<string, Deployed>;
    planned: PlannedResource[];
}

export interface Program {
    project: string;
    stack: string;
    config: Record<string, string>;
    secretKeys?: string[];
    /** Runs the program's body (a require of its entry, or constructors). */
    run: () => unknown;
}

const ROOT = path.resolve(__dirname, "../..");

/** A Pulumi.yaml program folder as `pulumi up` runs it: `fleet-autodeploy` is the library's source. */
export function programAt(dir: string, stack?: string): Program {
    const p = readProgram(path.resolve(ROOT, dir), stack);
    return {
        project: p.project,
        stack: p.stack,
        config: p.config,
        secretKeys: p.secretKeys,
        run: () => {
            for (const k of Object.keys(require.cache)) if (k.startsWith(path.dirname(p.entry.endsWith(".ts") ? p.entry : `${p.entry}/x`)) && !k.includes("node_modules")) delete require.cache[k];
            const mod = require(p.entry);
            return mod && typeof mod.default === "function" ? mod.default() : mod;
        },
    };
}

// Programs import the library by its package name; the emulation runs its source, as the other tests do.
const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    return resolve.call(this, request === "fleet-autodeploy" ? path.join(ROOT, "sdk/src/index.ts") : request, ...rest);
};

interface Deferred {
    promise: Promise<void>;
    resolve: () => void;
    reject: (e: unknown) => void;
}
const deferred = (): Deferred => {
    let resolve!: () => void, reject!: (e: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
    });
    promise.catch(() => undefined);
    return { promise, resolve, reject };
};

class EmulatorMonitor extends PlanMonitor {
    /**
     * The dependencies of the registration under way. PlanMonitor records the request and MockMonitor calls the mocks'
     * newResource synchronously within this call, so newResource reads them (and the recorded entry) before it awaits.
     */
    nextDeps: string[] = [];
    registerResource(req: any, callback: (err: unknown, res: any) => void): Promise<void> {
        const parent: string = req.getParent();
        const deps = new Set<string>(req.getDependenciesList());
        if (parent) deps.add(parent);
        req.getPropertydependenciesMap().forEach((d: any) => d.getUrnsList().forEach((u: string) => deps.add(u)));
        this.nextDeps = [...deps];
        return super.registerResource(req, callback);
    }
}

/**
 * The engine's import step: the provider's Read of `id`. No object is the engine's own failure, naming the id
 * (pkg/resource/deploy/step.go, ImportStep: "resource '<id>' does not exist"); any other refusal is the service's.
 */
async function readForImport(fake: ReturnType<Cloud["fakeFor"]>, type: string, id: string, ctx: OperationContext): Promise<Read> {
    if (!fake?.read) throw new CloudError("Engine", 0, "NoRead", `the emulation cannot import ${type}: add a read for it to its fake in test/emulation/`);
    try {
        return await fake.read(type, id, ctx);
    } catch (err) {
        if (err instanceof CloudError && err.status === 404) {
            throw new CloudError("Engine", 0, "ImportNotFound", `importing ${ctx.urn.split("::").pop()} (${type}): resource '${id}' does not exist (${err.message})`);
        }
        throw err;
    }
}

/** Runs one `up` of `program` against `cloud`, from `previous` state (an empty cloud when absent). */
export async function up(cloud: Cloud, program: Program, previous: Map<string, Deployed> = new Map()): Promise<UpResult> {
    cloud.directory.operation++;
    const errors: UpResult["errors"] = [];
    const steps: Step[] = [];
    const state = new Map<string, Deployed>();
    const done = new Map<string, Deferred>();
    const doneOf = (urn: string) => done.get(urn) ?? done.set(urn, deferred()).get(urn)!;
    const matched = new Set<string>();
    const replacedOld: Deployed[] = [];
    let monitor!: EmulatorMonitor;

    const fail = (urn: string, err: unknown): never => {
        const message = err instanceof Error ? err.message : String(err);
        errors.push({ urn, message });
        throw Object.assign(new Error(message), { details: message });
    };

    const mocks = {
        async newResource(args: any) {
            const entry = monitor.planned[monitor.planned.length - 1];
            const deps = monitor.nextDeps;
            const urn = urnOf(args.name, args.type, entry.parent ?? undefined, getStack(), getProject());
            const d = doneOf(urn);
            const record = (id: string | undefined, outputs: Inputs): Deployed => {
                const r: Deployed = {
                    urn,
                    type: args.type,
                    custom: args.custom,
                    id,
                    inputs: args.inputs,
                    outputs,
                    provider: entry.options.provider ?? undefined,
                    retainOnDelete: entry.options.retainOnDelete,
                    deletedWith: entry.options.deletedWith,
                };
                state.set(urn, r);
                d.resolve();
                return r;
            };
            try {
                await Promise.all(deps.filter((u) => u !== urn).map((u) => doneOf(u).promise));
            } catch (err) {
                d.reject(err);
                throw err;
            }
            const fake = args.custom ? cloud.fakeFor(args.type) : undefined;
            const old = previous.get(urn) ?? entry.options.aliases.map((a) => previous.get(a)).find((x) => x && !matched.has(x.urn));
            if (old) matched.add(old.urn);
            if (!fake) {
                record(args.id || (args.custom ? `${args.name}-id` : undefined), {});
                return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
            }
            const providerUrn = entry.options.provider?.split("::").slice(0, -1).join("::");
            const ctx = { urn, provider: entry.options.provider ?? undefined, providerState: providerUrn ? state.get(providerUrn)?.inputs : undefined };
            const ignored = entry.options.ignoreChanges;
            const changedFrom = (inputs: Inputs) => changedPaths(inputs, args.inputs).filter((p) => !ignored.some((i) => p === i || p.startsWith(`${i}.`) || p.startsWith(`${i}[`)));
            const importId = entry.options.import;
            try {
                let created: Created;
                if (!old && importId) {
                    const read = await readForImport(fake, args.type, importId, ctx);
                    steps.push({ op: "import", urn });
                    const imported: Deployed = {
                        urn,
                        type: args.type,
                        custom: true,
                        id: read.id,
                        inputs: read.inputs,
                        outputs: read.outputs,
                        provider: entry.options.provider ?? undefined,
                        retainOnDelete: entry.options.retainOnDelete,
                        deletedWith: entry.options.deletedWith,
                    };
                    const changed = changedFrom(read.inputs);
                    if (changed.length === 0) {
                        record(read.id, read.outputs);
                        return { id: read.id, state: { ...args.inputs, ...read.outputs } };
                    }
                    // The object is in the state from here on: an update that fails leaves it there, imported.
                    state.set(urn, imported);
                    if (replacementCauses(args.type, changed, entry.options.replaceOnChanges).length > 0) {
                        // Recorded as decided, before the replacement runs: the adopted object is about to be replaced.
                        steps.push({ op: "import-replace", urn });
                        if (entry.options.deleteBeforeReplace) await fake.delete(args.type, read.id, { ...read.inputs, ...read.outputs }, ctx);
                        else replacedOld.push(imported);
                        created = await fake.create(args.type, args.inputs, ctx);
                    } else {
                        created = await fake.update(args.type, read.id, { ...read.inputs, ...read.outputs }, args.inputs, ctx);
                        steps.push({ op: "update", urn });
                    }
                } else if (!old) {
                    created = await fake.create(args.type, args.inputs, ctx);
                    steps.push({ op: "create", urn });
                } else {
                    const changed = changedFrom(old.inputs);
                    if (changed.length === 0) {
                        steps.push({ op: "same", urn });
                        record(old.id, old.outputs);
                        return { id: old.id, state: { ...args.inputs, ...old.outputs } };
                    }
                    if (replacementCauses(args.type, changed, entry.options.replaceOnChanges).length > 0) {
                        if (entry.options.deleteBeforeReplace) await fake.delete(old.type, old.id!, { ...old.inputs, ...old.outputs }, ctx);
                        else replacedOld.push(old);
                        created = await fake.create(args.type, args.inputs, ctx);
                        steps.push({ op: "replace", urn });
                    } else {
                        created = await fake.update(args.type, old.id!, { ...old.inputs, ...old.outputs }, args.inputs, ctx);
                        steps.push({ op: "update", urn });
                    }
                }
                record(created.id, created.outputs);
                return { id: created.id, state: { ...args.inputs, ...created.outputs } };
            } catch (err) {
                d.reject(err);
                return fail(urn, err);
            }
        },
        call(args: any) {
            try {
                return cloud.invoke(args.token, args.inputs);
            } catch (err) {
                return fail(`invoke ${args.token}`, err);
            }
        },
    };
    monitor = new EmulatorMonitor(mocks);
    // The runtime's config is process-wide: the program's stack config for this run only, then what was there before.
    const configBefore = pulumi.runtime.allConfig();
    pulumi.runtime.setAllConfig(program.config, program.secretKeys ?? []);
    pulumi.runtime.setMockOptions(monitor, program.project, program.stack, false);

    const failures: unknown[] = [];
    const listeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", (reason) => void failures.push(reason));
    const warn = console.warn;
    console.warn = () => undefined;
    try {
        await pulumi.runtime.runInPulumiStack(async () => program.run()).catch((err) => void failures.push(err));
        await pulumi.runtime.disconnect();
        await new Promise((r) => setImmediate(r));
    } finally {
        console.warn = warn;
        pulumi.runtime.setAllConfig(configBefore);
        process.removeAllListeners("unhandledRejection");
        for (const l of listeners) process.on("unhandledRejection", l as any);
    }
    // A program error that no fake reported (a throw at construction) fails the up too.
    if (errors.length === 0 && failures.length > 0) {
        const f = failures[0];
        errors.push({ urn: "program", message: f instanceof Error ? f.message : String(f) });
    }

    // Deletes: what the program no longer registers, and the old halves of replacements, dependents first. Only after a
    // successful update, as the engine does not delete when the up failed.
    if (errors.length === 0) {
        const gone = [...previous.values()].filter((r) => !matched.has(r.urn)).reverse();
        const goneUrns = new Set(gone.map((r) => r.urn));
        for (const r of [...replacedOld.reverse(), ...gone]) {
            const fake = r.custom ? cloud.fakeFor(r.type) : undefined;
            // deletedWith skips only a delete, never the old half of a replacement.
            const withOwner = gone.includes(r) && r.deletedWith !== undefined && goneUrns.has(r.deletedWith);
            if (!fake || r.retainOnDelete || withOwner) continue;
            const providerUrn = r.provider?.split("::").slice(0, -1).join("::");
            const providerState = providerUrn ? (state.get(providerUrn) ?? previous.get(providerUrn))?.inputs : undefined;
            try {
                await fake.delete(r.type, r.id!, { ...r.inputs, ...r.outputs }, { urn: r.urn, provider: r.provider, providerState });
                if (gone.includes(r)) steps.push({ op: "delete", urn: r.urn });
            } catch (err) {
                errors.push({ urn: r.urn, message: err instanceof CloudError ? err.message : String(err) });
            }
        }
    }
    return { errors, steps, state: errors.length === 0 ? state : new Map([...previous, ...state]), planned: monitor.planned };
}
