// Checks every step of a parsed workflow against the contracts in contracts.ts and the runner image in runnerImage.ts.
// Each job is walked in order, as the runner runs it: what a step needs must be given by the step, allowed by the
// job's permissions, on the image or installed by an earlier step of the same job, and left by an earlier step.
import { actionPins } from "../../../sdk/src/render/actions";
import { contractOf, State, With } from "./contracts";
import { RunnerImage, runnerImage } from "./runnerImage";

export type ContractRule = "runner" | "pin" | "input" | "env" | "permission" | "binary" | "download" | "state" | "output";

export interface Violation {
    job: string;
    /** Index in the job's steps; -1 for the job itself. */
    step: number;
    rule: ContractRule;
    message: string;
    /** Where the rule was read. */
    cite: string;
}

export const formatViolation = (v: Violation) => `jobs.${v.job}${v.step >= 0 ? `.steps[${v.step}]` : ""} [${v.rule}] ${v.message} (${v.cite})`;

/**
 * Tools whose output is what gets staged, when a `run:` step calls them: they must come from a pinned install of an
 * earlier step, never from the runner image, whose versions move weekly. Helm only renders here (`helm template`;
 * a release is never installed on a hub).
 */
const RENDERING = [
    { binary: "helm", pattern: /(^|[\s;|&(])helm\s/m },
    { binary: "kustomize", pattern: /(^|[\s;|&(])kustomize\s/m },
    { binary: "kubectl", pattern: /(^|[\s;|&(])kubectl\s+kustomize\b/m },
];

/** Binaries a `run:` script calls: a tool name at a command position (line start, after ; | & ( $( or a keyword). */
export function commandsIn(script: string, tools: Iterable<string>): string[] {
    const names = [...tools].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(String.raw`(?:^|[;&|(]|\$\(|\b(?:then|do|else|if|until|while|time|exec|!)\s)\s*(${names.join("|")})(?=[\s;)]|$)`, "gm");
    return [...new Set([...script.matchAll(re)].map((m) => m[1]))];
}

const LEVELS = { none: 0, read: 1, write: 2 } as const;
type Level = keyof typeof LEVELS;

/** The job's token permission for `scope`; undefined when neither the job nor the workflow sets any. */
function permissionOf(perms: unknown, scope: string): Level | undefined {
    if (perms === undefined || perms === null) return undefined;
    if (perms === "read-all") return "read";
    if (perms === "write-all") return "write";
    if (typeof perms === "object") return ((perms as Record<string, string>)[scope] as Level | undefined) ?? "none";
    return "none";
}

/** What a `run:` step leaves for later steps. */
function runProvides(script: string): { env: string[]; states: State[] } {
    const env = [...script.matchAll(/^\s*echo\s+"([A-Z_][A-Z0-9_]*)=[^"]*"\s*>>\s*"?\$GITHUB_ENV"?/gm)].map((m) => m[1]);
    const states: State[] = [];
    // `az acr login` stores Docker credentials; with --expose-token it only prints a token.
    if (script.split("\n").some((l) => /\baz acr login\b/.test(l) && !l.includes("--expose-token")) || /(^|[\s;|&(])docker\s+login\b/m.test(script)) {
        states.push("registry-credentials");
    }
    return { env, states };
}

const stringsIn = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(stringsIn) : v && typeof v === "object" ? Object.values(v).flatMap(stringsIn) : []);

const asWith = (w: unknown): With => Object.fromEntries(Object.entries((w ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v === undefined || v === null ? undefined : String(v)]));

/** Every violation of every step of every job of `workflow` (a parsed workflow file). */
export function contractViolations(workflow: any, options: { ignoreActions?: string[] } = {}): Violation[] {
    const out: Violation[] = [];
    for (const [jobName, job] of Object.entries<any>(workflow.jobs ?? {})) {
        const image = runnerImage(job["runs-on"]);
        if (!image) {
            out.push({ job: jobName, step: -1, rule: "runner", message: `runs-on ${JSON.stringify(job["runs-on"])} is not a runner image with a recorded tool list`, cite: "runnerImage.ts" });
            continue;
        }
        const perms = job.permissions ?? workflow.permissions;
        if (perms === undefined)
            out.push({
                job: jobName,
                step: -1,
                rule: "permission",
                message: "no explicit permissions: the token gets the repository's default",
                cite: 'docs.github.com, "Controlling permissions for GITHUB_TOKEN"',
            });
        out.push(...jobViolations(jobName, job, workflow, image, perms, options.ignoreActions ?? []));
    }
    return out;
}

function jobViolations(jobName: string, job: any, workflow: any, image: RunnerImage, perms: unknown, ignore: string[]): Violation[] {
    const out: Violation[] = [];
    const installed = new Map<string, { pinned: boolean; by: string }>();
    const exported = new Set<string>();
    const states = new Set<State>();
    const steps: any[] = job.steps ?? [];
    const tools = new Set([...Object.keys(image.tools), "kubelogin", "kompose"]);
    const envAt = (step: any) => new Set([...Object.keys(workflow.env ?? {}), ...Object.keys(job.env ?? {}), ...Object.keys(step.env ?? {}), ...exported]);

    const needBinary = (i: number, binary: string, renders: boolean, why: string, cite: string) => {
        const got = installed.get(binary);
        if (renders) {
            if (!got?.pinned) {
                out.push({
                    job: jobName,
                    step: i,
                    rule: "binary",
                    message: `${binary} renders what is staged, so it must be installed at a pinned version by an earlier step (${got ? `${got.by} installs a floating one` : `only the image's ${binary} ${image.tools[binary]?.version ?? "(absent)"} is there, which moves weekly`}): ${why}`,
                    cite,
                });
            }
        } else if (!got && !image.tools[binary]) {
            out.push({ job: jobName, step: i, rule: "binary", message: `${binary} is not on ${image.image} and no earlier step of the job installs it: ${why}`, cite: `${cite}; ${image.source}` });
        }
    };

    steps.forEach((step, i) => {
        const label = `"${step.name ?? step.uses ?? "run"}"`;
        if (typeof step.run === "string") {
            const cmds = commandsIn(step.run, tools);
            for (const b of cmds) {
                const renders = RENDERING.some((r) => r.binary === b && r.pattern.test(step.run));
                needBinary(i, b, renders, `${label} runs ${b}`, renders ? "checker.ts RENDERING" : "the step's script");
            }
            if (cmds.includes("az") && !states.has("az-signed-in")) {
                out.push({ job: jobName, step: i, rule: "state", message: `${label} runs az before any azure/login in the job`, cite: "Azure/login src/Cli/AzureCliLogin.ts:138-149" });
            }
            const { env, states: left } = runProvides(step.run);
            env.forEach((e) => exported.add(e));
            left.forEach((s) => states.add(s));
            return;
        }
        if (!step.uses) return;
        const [action, ref] = String(step.uses).split("@");
        if (ignore.includes(action)) return;
        const found = contractOf(action);
        if (!found) {
            out.push({ job: jobName, step: i, rule: "pin", message: `${action} has no recorded contract`, cite: "contracts.ts" });
            return;
        }
        const { action: key, sha, contract: c } = found;
        const src = (cite: string) => `${c.repo}@${sha.slice(0, 7)} ${cite}`;
        if (ref !== sha)
            out.push({ job: jobName, step: i, rule: "pin", message: `${label} uses ${action}@${ref}, not ${sha}, whose source the contract was read from`, cite: "sdk/src/render/actions.ts" });
        const w = asWith(step.with);
        const on = (when?: (w: With) => boolean) => !when || when(w);

        for (const k of Object.keys(w)) {
            if (!(actionPins[key].inputs as readonly string[]).includes(k))
                out.push({ job: jobName, step: i, rule: "input", message: `${label} gives ${k}, which ${key} does not declare`, cite: src("action.yml") });
        }
        for (const r of c.inputs) {
            if (!on(r.when)) continue;
            const v = w[r.input];
            if (r.required && (v ?? "") === "") out.push({ job: jobName, step: i, rule: "input", message: `${label} needs ${r.input}: ${r.why}`, cite: src(r.cite) });
            const problem = v !== undefined && r.check?.(v);
            if (problem) out.push({ job: jobName, step: i, rule: "input", message: `${label} ${r.input}: ${problem} (${r.why})`, cite: src(r.cite) });
        }
        const env = envAt(step);
        for (const r of c.env) {
            if (on(r.when) && !env.has(r.name)) out.push({ job: jobName, step: i, rule: "env", message: `${label} needs ${r.name} in its environment: ${r.why}`, cite: src(r.cite) });
        }
        for (const r of c.permissions) {
            if (!on(r.when)) continue;
            const have = permissionOf(perms, r.scope);
            if (have !== undefined && LEVELS[have] < LEVELS[r.level])
                out.push({ job: jobName, step: i, rule: "permission", message: `${label} needs ${r.scope}: ${r.level} (the job has ${have}): ${r.why}`, cite: src(r.cite) });
        }
        for (const r of c.binaries) if (on(r.when)) needBinary(i, r.binary, !!r.renders, `${label} (${key}): ${r.why}`, src(r.cite));
        for (const r of c.downloads) {
            if (!on(r.when)) continue;
            const v = r.version(w);
            if (r.floating(v))
                out.push({
                    job: jobName,
                    step: i,
                    rule: "download",
                    message: `${label} downloads ${r.tool} ${JSON.stringify(v)}, resolved at run time, not a pinned version: ${r.why}`,
                    cite: src(r.cite),
                });
            else if (r.format && !r.format.test(v))
                out.push({ job: jobName, step: i, rule: "download", message: `${label} ${r.tool} version ${JSON.stringify(v)} is not of the form ${r.format}: ${r.why}`, cite: src(r.cite) });
        }
        for (const r of c.needs) {
            if (on(r.when) && !states.has(r.state)) out.push({ job: jobName, step: i, rule: "state", message: `${label} needs ${r.state} from an earlier step: ${r.why}`, cite: src(r.cite) });
        }
        for (const p of c.provides.binaries ?? []) installed.set(p.binary, { pinned: p.pinned(w), by: label });
        for (const p of c.provides.env ?? []) exported.add(p.name);
        for (const p of c.provides.states ?? []) if (on(p.when)) states.add(p.state);
    });
    out.push(...outputViolations(jobName, job, steps));
    return out;
}

/** `steps.ID.outputs.NAME` must name a step of the job, and an output that step sets. */
function outputViolations(jobName: string, job: any, steps: any[]): Violation[] {
    const out: Violation[] = [];
    for (const text of stringsIn(job)) {
        for (const [, id, name] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
            const i = steps.findIndex((s) => s.id === id);
            const step = steps[i];
            if (!step) {
                out.push({ job: jobName, step: -1, rule: "output", message: `steps.${id}.outputs.${name}: no step has id ${id}`, cite: 'docs.github.com, "Contexts reference", steps context' });
                continue;
            }
            if (typeof step.run === "string") {
                if (!new RegExp(`(^|[\\s"])${name}=`).test(step.run) || !step.run.includes("GITHUB_OUTPUT"))
                    out.push({
                        job: jobName,
                        step: i,
                        rule: "output",
                        message: `steps.${id}.outputs.${name}: the script never writes ${name}= to $GITHUB_OUTPUT`,
                        cite: 'docs.github.com, "Workflow commands", setting an output parameter',
                    });
                continue;
            }
            const found = contractOf(String(step.uses ?? "").split("@")[0]);
            if (found && !(actionPins[found.action].outputs as readonly string[]).includes(name)) {
                out.push({
                    job: jobName,
                    step: i,
                    rule: "output",
                    message: `steps.${id}.outputs.${name}: ${found.action} sets no output ${name} (it has ${actionPins[found.action].outputs.join(", ") || "none"})`,
                    cite: `${found.contract.repo}@${found.sha.slice(0, 7)} action.yml`,
                });
            }
        }
    }
    return out;
}
