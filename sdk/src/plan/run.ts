import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import { readProgram, StackChoiceError } from "./config";
import { configKeyProblems } from "./configKeys";
import { trackConfigReads } from "./configReads";
import { Conflict, findConflicts } from "../resource/conflicts";
import { Overrides, PlanMonitor, planMocks } from "./monitor";
import { PlannedResource, providerUrnOf } from "../resource/planned";
import { loadPolicyPack, readPolicyConfig, runPolicyPack, Violation } from "./policies";
import { installResolutionFallback } from "./resolve";
import { writePlan, WrittenFiles } from "./writer";
import { PulumiTypes } from "../vocabulary/tokens";

export interface PlanOptions {
    /** The program's folder (with its Pulumi.yaml). */
    programDir: string;
    /** Stack whose Pulumi.<stack>.yaml config is used. @default the only stack file (several: an error; none: empty config) */
    stack?: string;
    /** Where plan.json and the generated files go. @default "out" */
    outDir?: string;
    /** A JSON file of extra answers: {"invokes": {TOKEN: result}, "resources": {TYPE: outputs}}. */
    answersFile?: string;
    /** Called after each registration (for a progress line). */
    onProgress?: (registered: number) => void;
    /** Keep full stack traces (for --verbose); otherwise they are off, see below. @default false */
    stackTraces?: boolean;
    /** Write secret values in clear in plan.json (--show-secrets). @default false: secrets are "[secret]". */
    showSecrets?: boolean;
    /** A policy pack folder (with PulumiPolicy.yaml) whose policies run over the plan (--policy-pack). */
    policyPack?: string;
    /** Its policy config, as `pulumi preview --policy-pack-config` takes it (--policy-pack-config). */
    policyConfig?: string;
}

/** What plan.json holds. */
export interface Plan {
    program: string;
    stack: string;
    resources: PlannedResource[];
    outputs: unknown;
    /** Cloud objects that two or more resources declare; [] when none. */
    conflicts: Conflict[];
    /** What the policy pack's policies report; [] when none, or without a pack. */
    violations: Violation[];
}

export interface PlanResult extends WrittenFiles {
    plan: Plan;
    warnings: string[];
    /** Invoke tokens answered, in order. */
    invokes: string[];
    /** The policy pack that ran (--policy-pack), if any. */
    policyPack?: { name: string; policies: number };
}

/** A program error, with only what the user needs to read. */
export class ProgramError extends Error {}

let used = false;
let typeScript = false;

function registerTypeScript(dir: string): void {
    // Once per process: the program's registration compiles a TypeScript policy pack too.
    if (typeScript) return;
    typeScript = true;
    const tsconfig = path.join(dir, "tsconfig.json");
    // Transpile only, as `pulumi` does by default: type errors are the compiler's job, not the plan's.
    const own = fs.existsSync(tsconfig);
    require("ts-node").register({
        transpileOnly: true,
        project: own ? tsconfig : undefined,
        skipProject: !own,
        // Programs written for older compilers keep working with TypeScript 6's deprecations.
        compilerOptions: { ignoreDeprecations: "6.0", ...(own ? {} : { module: "commonjs", target: "es2022", esModuleInterop: true }) },
    });
}

/**
 * Runs a Pulumi Node.js program under deterministic mocks and writes what it would do. Runtime state
 * is process-wide, so one process plans one program (the CLI starts a fresh one for each).
 */
export async function planProgram(opts: PlanOptions): Promise<PlanResult> {
    if (used) throw new Error("planProgram runs once per process: Pulumi's runtime state is process-wide");
    used = true;
    const dir = path.resolve(opts.programDir);
    let program: ReturnType<typeof readProgram>;
    try {
        program = readProgram(dir, opts.stack);
    } catch (err) {
        throw err instanceof StackChoiceError ? new ProgramError(err.message) : err;
    }
    const overrides: Overrides = opts.answersFile ? JSON.parse(fs.readFileSync(opts.answersFile, "utf8")) : {};
    installResolutionFallback();
    // The runtime records a stack trace on every promise it creates, for leak reports a plan never
    // prints: at 20,000 resources that is most of the time and memory. Traces stay on for --verbose.
    if (!opts.stackTraces) Error.stackTraceLimit = 0;
    if (/\.ts$/.test(program.entry) || fs.existsSync(path.join(program.entry, "index.ts"))) registerTypeScript(dir);
    const pack = opts.policyPack ? loadPolicyPack(opts.policyPack, registerTypeScript) : undefined;
    const policyConfig = readPolicyConfig(opts.policyConfig);

    pulumi.runtime.setAllConfig(program.config, program.secretKeys);
    const invokes: string[] = [];
    // An explicit GitHub provider's owner, else github:owner (what the default provider acts for offline).
    const githubOwnerOf = (ref: string | undefined) => {
        const provider = ref ? monitor.planned.find((r) => r.urn === providerUrnOf(ref)) : undefined;
        const owner = provider?.type === PulumiTypes.GitHubProvider ? provider.inputs.owner : program.config["github:owner"];
        // An owner that is itself unknown ("[unknown]") or secret answers as unknown.
        return typeof owner === "string" && /^[A-Za-z0-9-]+$/.test(owner) ? owner : undefined;
    };
    const monitor: PlanMonitor = new PlanMonitor(planMocks(overrides, invokes, githubOwnerOf));
    monitor.showSecrets = opts.showSecrets ?? false;
    if (pack) monitor.policyView = new Map();
    pulumi.runtime.setMockOptions(monitor, program.project, program.stack, false);

    const warnings: string[] = [...program.warnings];
    const failures: unknown[] = [];
    const reads = trackConfigReads();
    const warn = console.warn;
    console.warn = (...args: unknown[]) =>
        void warnings.push(
            args
                .map(String)
                .join(" ")
                .replace(/^warning: \[runtime\] /, ""),
        );
    const onRejection = (reason: unknown) => void failures.push(reason);
    process.on("unhandledRejection", onRejection);
    if (opts.onProgress) {
        let shown = 0;
        monitor.onRegister = (count) => {
            const now = Date.now();
            if (now - shown >= 100) {
                shown = now;
                opts.onProgress!(count);
            }
        };
    }
    try {
        await pulumi.runtime
            .runInPulumiStack(async () => {
                const mod = require(program.entry);
                // As Pulumi runs a program: a module that is a function (`export = async () => {...}`) is called, and so
                // is a default export that is one; what it returns are the stack's outputs.
                const main = typeof mod === "function" ? mod : mod && typeof mod.default === "function" ? mod.default : undefined;
                return main ? await main() : mod;
            })
            .catch((err) => void failures.push(err));
        await pulumi.runtime.disconnect();
        await new Promise((resolve) => setImmediate(resolve));
    } finally {
        console.warn = warn;
        process.off("unhandledRejection", onRejection);
        reads.stop();
    }
    const keys = configKeyProblems({
        project: program.project,
        stackFile: program.stackFile ?? "",
        keys: Object.keys(program.config),
        // A program that failed stopped reading config where it failed: its unread keys say nothing.
        read: failures.length > 0 ? undefined : reads.read(),
        isProvider: (ns) => isProviderNamespace(ns, dir),
    });
    if (failures.length > 0) throw withConfigProblems(toProgramError(failures[0]), [...keys.errors, ...keys.warnings]);
    if (keys.errors.length > 0) throw new ProgramError(keys.errors.join("\n"));
    warnings.push(...keys.warnings);
    opts.onProgress?.(monitor.planned.length);

    const stack = monitor.planned.find((r) => r.type === PulumiTypes.Stack);
    const plan: Plan = {
        program: dir,
        stack: program.stack,
        resources: monitor.planned,
        outputs: (stack && monitor.outputs.get(stack.urn)) ?? {},
        conflicts: findConflicts(monitor.planned, program.config),
        violations: pack ? await runPolicyPack(pack, monitor.planned, (r) => monitor.policyView!.get(r), program.config, policyConfig) : [],
    };
    const written = writePlan(path.resolve(opts.outDir ?? "out"), plan, program.config["github:owner"]);
    return { plan, warnings, invokes, ...written, ...(pack ? { policyPack: { name: pack.name, policies: pack.policies.length } } : {}) };
}

/** The plan's own providers, and any `@pulumi/NS` package the program can load: their keys are the provider's. */
function isProviderNamespace(ns: string, dir: string): boolean {
    if (["azure-native", "azuread", "github", "kubernetes"].includes(ns)) return true;
    try {
        require.resolve(`@pulumi/${ns}/package.json`, { paths: [dir, __dirname] });
        return true;
    } catch {
        return false;
    }
}

/** A program's failure, with what is wrong in its stack config (the likely cause of a "required" error). */
function withConfigProblems(err: ProgramError, problems: string[]): ProgramError {
    if (problems.length === 0) return err;
    const result = new ProgramError(`${err.message}\nIn the stack config (a likely cause):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    result.stack = err.stack;
    return result;
}

/** The message of a failure, without the runtime's wrapping and stack noise. */
function toProgramError(err: unknown): ProgramError {
    if (pulumi.InputPropertiesError.isInstance(err)) {
        return new ProgramError(err.message);
    }
    const message = err instanceof Error ? err.message : String(err);
    // Registration failures arrive as `error serializing property "x": <cause>`.
    const cause = message.replace(/^(error serializing property "[^"]*": )+/, "");
    const result = new ProgramError(cause);
    if (err instanceof Error) result.stack = err.stack;
    return result;
}
