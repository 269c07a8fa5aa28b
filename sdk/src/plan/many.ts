import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readProgram } from "./config";
import { Conflict, findConflictsAcross } from "../resource/conflicts";
import type { Plan } from "./run";
import { PulumiTypes } from "../vocabulary/tokens";

// Several programs planned together (`plan DIR DIR...`), as the stacks that share one fleet, registry or
// repository: each in its own process (Pulumi's runtime state is process-wide), then one conflict report
// across them, keyed as within one program.

/** Children planning at once: each is one Node.js process busy on one CPU. */
export const MAX_CHILDREN = 2;

/** One positional: a program's folder, and the stack its `@STACK` names. */
export interface Target {
    dir: string;
    stack?: string;
}

/**
 * `DIR@STACK` -> the folder and its stack; a folder whose own name holds an `@` (it exists as written) stays whole.
 * An `@` with nothing after it names no stack.
 */
export function parseTarget(arg: string): Target {
    const at = arg.lastIndexOf("@");
    if (at <= 0 || at === arg.length - 1 || fs.existsSync(arg)) return { dir: arg };
    return { dir: arg.substring(0, at), stack: arg.substring(at + 1) };
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._@-]+/g, "_");

/** Each program's label, its output folder's name: the folder's name, `@STACK` when given, `-2`, `-3`... for repeats. */
export function labelsOf(targets: Target[]): string[] {
    const taken = new Set<string>();
    return targets.map((t) => {
        const base = safe(`${path.basename(path.resolve(t.dir))}${t.stack ? `@${t.stack}` : ""}`);
        let label = base;
        for (let n = 2; taken.has(label); n++) label = `${base}-${n}`;
        taken.add(label);
        return label;
    });
}

export interface ManyOptions {
    targets: Target[];
    /** `--stack`: the stack of every target without `@STACK`. */
    stack?: string;
    out: string;
    allowConflicts: boolean;
    /** Options every child gets as given (--answers, --policy-pack, --show-secrets...). */
    passThrough: string[];
    /** The CLI each child runs. */
    cli: string;
}

interface Child {
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

function runChild(args: string[]): Promise<Child> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [...process.execArgv, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "",
            stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
        child.on("error", (err) => resolve({ status: 1, signal: null, stdout, stderr: `${stderr}error: ${err.message}\n` }));
        child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
    });
}

/** Runs `jobs` with at most `limit` under way, starting them in order; the results come in the same order. */
function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Array<Promise<T>> {
    const settle: Array<{ resolve(v: T): void; reject(e: unknown): void }> = [];
    const results = jobs.map(() => new Promise<T>((resolve, reject) => void settle.push({ resolve, reject })));
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            await jobs[i]().then(settle[i].resolve, settle[i].reject);
        }
    };
    for (let k = 0; k < Math.min(limit, jobs.length); k++) void worker();
    // A failure surfaces where its result is awaited, not as an unhandled rejection while an earlier one is.
    for (const r of results) r.catch(() => undefined);
    return results;
}

/** What the multi-program run writes to OUT/conflicts.json. */
export interface ManyReport {
    programs: Array<{ label: string; program: string; stack?: string; plan?: string; status: "planned" | "failed" }>;
    /** Conflicts across programs: each resource with its program (`programs`, parallel to `resources`). */
    conflicts: Conflict[];
}

/** The child's lines that the parent says itself, once for all programs. */
const CHILD_ONLY = [/^planning .*\.\.\.$/, /^warning: \d+ conflicts? \(listed above\), allowed by --allow-conflicts$/];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A program that planned, with its label and the stack it planned. */
interface Planned {
    label: string;
    plan: Plan;
    stack?: string;
}

/** Plans every target in its own process, prints each one's summary in order, then the conflicts across them. Returns the exit code. */
export async function planMany(opts: ManyOptions): Promise<number> {
    const labels = labelsOf(opts.targets);
    const stacks = opts.targets.map((t) => t.stack ?? opts.stack);
    process.stderr.write(`planning ${plural(opts.targets.length, "program")}, ${MAX_CHILDREN} at a time: ${labels.join(", ")}\n`);
    const { plans, failed } = await planEach(opts, labels, stacks);

    const planned = plans.flatMap((p, i) => (p ? [{ label: labels[i], plan: p, stack: stacks[i] }] : []));
    const conflicts = findConflictsAcross(
        planned.map(({ label, plan, stack }) => {
            // The stack config it ran with (chosen as the child chose it: a program without a stack file has none);
            // secret values are stand-ins offline, so they identify nothing across programs.
            const { config, secretKeys } = readProgram(plan.program, stack);
            for (const key of secretKeys) delete config[key];
            return { label, resources: plan.resources, config };
        }),
    );
    const report: ManyReport = {
        programs: labels.map((label, i) => ({
            label,
            program: opts.targets[i].dir,
            ...(plans[i] ? { stack: plans[i]!.stack, plan: path.join(label, "plan.json") } : {}),
            status: plans[i] ? "planned" : "failed",
        })),
        conflicts,
    };
    fs.mkdirSync(opts.out, { recursive: true });
    fs.writeFileSync(path.join(opts.out, "conflicts.json"), `${JSON.stringify(report, null, 2)}\n`);
    console.log(acrossLines(opts, planned, failed, conflicts).join("\n"));
    return exitCode(opts, planned, failed, conflicts);
}

/** Runs a child per target, MAX_CHILDREN at a time, and passes on each one's output in the targets' order. */
async function planEach(opts: ManyOptions, labels: string[], stacks: Array<string | undefined>): Promise<{ plans: Array<Plan | undefined>; failed: string[] }> {
    const outs = labels.map((l) => path.join(opts.out, l));
    const jobs = opts.targets.map((t, i) => async () => {
        // A plan left by an earlier run must not stand in for one that fails now.
        fs.rmSync(path.join(outs[i], "plan.json"), { force: true });
        return runChild([opts.cli, "plan", t.dir, "--out", outs[i], "--allow-conflicts", ...(stacks[i] ? ["--stack", stacks[i]!] : []), ...opts.passThrough]);
    });
    const plans: Array<Plan | undefined> = [];
    const failed: string[] = [];
    const running = pool(jobs, MAX_CHILDREN);
    for (let i = 0; i < running.length; i++) {
        const child = await running[i];
        const file = path.join(outs[i], "plan.json");
        // Exit 4 (mandatory policy violations) still planned; the parent counts them from plan.json.
        const plan: Plan | undefined = (child.status === 0 || child.status === 4) && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
        plans.push(plan);
        if (!plan) failed.push(`${labels[i]} (${child.signal ? `killed by ${child.signal}` : `exit ${child.status}`})`);
        process.stdout.write(`${i > 0 ? "\n" : ""}=== ${labels[i]}: ${opts.targets[i].dir}${stacks[i] ? ` (stack ${stacks[i]})` : ""}${plan ? "" : ": failed"}\n${child.stdout}`);
        process.stderr.write(
            child.stderr
                .split("\n")
                .filter((l) => !CHILD_ONLY.some((re) => re.test(l)))
                .join("\n"),
        );
    }
    return { plans, failed };
}

/** The summary across programs: each one's counts, the failed ones, the conflicts across them. */
function acrossLines(opts: ManyOptions, planned: Planned[], failed: string[], conflicts: Conflict[]): string[] {
    const lines = ["", `=== across ${plural(opts.targets.length, "program")}`];
    lines.push(
        ...planned.map(
            ({ label, plan }) => `  ${label}: ${plural(plan.resources.filter((r) => r.type !== PulumiTypes.Stack).length, "resource")}, ` + `${plural(plan.conflicts.length, "conflict")} within it`,
        ),
    );
    for (const f of failed) lines.push(`  ${f}: failed, not compared`);
    if (conflicts.length === 0) {
        lines.push("", `Conflicts across programs: none${planned.length < 2 ? ` (${planned.length} program${planned.length === 1 ? "" : "s"} planned)` : ""}`);
    } else {
        lines.push(
            "",
            `Conflicts across programs (${conflicts.length}): resources of different stacks that declare the same cloud object; the later \`pulumi up\` fails, and destroying either stack deletes it for both:`,
        );
        for (const c of conflicts) {
            lines.push(`  ! ${c.kind}: ${c.object}`);
            c.resources.forEach((urn, k) => lines.push(`      ${c.programs![k]}: ${urn}`));
        }
    }
    lines.push("", `Wrote ${path.join(opts.out, "conflicts.json")}`);
    return lines;
}

/** The exit code, with its reason on stderr: 1 a program failed, 3 conflicts (unless allowed), 4 mandatory policy violations. */
function exitCode(opts: ManyOptions, planned: Planned[], failed: string[], conflicts: Conflict[]): number {
    if (failed.length > 0) {
        console.error(`error: ${plural(failed.length, "program")} of ${opts.targets.length} failed: ${failed.join(", ")} (see ${failed.length === 1 ? "its" : "their"} output above)`);
        return 1;
    }
    const within = planned.filter(({ plan }) => plan.conflicts.length > 0);
    const total = conflicts.length + within.reduce((n, { plan }) => n + plan.conflicts.length, 0);
    if (total > 0) {
        const where = [
            ...(conflicts.length > 0 ? [`${conflicts.length} across programs, listed above`] : []),
            ...within.map(({ label, plan }) => `${plan.conflicts.length} within ${label}, listed in its summary`),
        ].join("; ");
        if (!opts.allowConflicts) {
            console.error(`error: ${plural(total, "conflict")} (${where}): \`pulumi up\` would fail; --allow-conflicts plans anyway`);
            return 3;
        }
        console.error(`warning: ${plural(total, "conflict")} (${where}), allowed by --allow-conflicts`);
    }
    const mandatory = planned.map(({ label, plan }) => ({ label, n: plan.violations.filter((v) => v.enforcementLevel === "mandatory").length })).filter((m) => m.n > 0);
    if (mandatory.length > 0) {
        console.error(
            `error: mandatory policy violations (${mandatory.map((m) => `${m.n} in ${m.label}`).join(", ")}, listed in their summaries): \`pulumi preview --policy-pack\` would fail; --policy-pack-config can lower a policy's level`,
        );
        return 4;
    }
    return 0;
}
