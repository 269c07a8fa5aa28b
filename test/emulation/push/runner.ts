// Runs a generated workflow's jobs for real in bash, as a GitHub runner would: jobs in `needs` order, `if:` conditions
// (status functions, `steps.X.outcome`), `${{ }}` expressions from vars, secrets and the `github` context, and the
// $GITHUB_OUTPUT / $GITHUB_ENV / $GITHUB_PATH files. `run:` steps are the generated bash; `uses:` steps are models of
// what each action does at its pinned SHA (actionModels.ts). Every tool is a stub on PATH backed by one stateful fake
// (fake.js), on a virtual clock.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { evaluate, interpolate, Context } from "./expressions";
import { actionModel } from "./actionModels";

export const FAKE = path.join(__dirname, "fake.js");
/** Tools on the runner image; kubelogin is not among them (azure/use-kubelogin installs it). */
const IMAGE_TOOLS = ["az", "curl", "kubectl", "docker", "helm", "sleep"];

export interface StepResult {
    name: string;
    outcome: "success" | "failure" | "skipped";
    output: string;
    at: number;
}
export interface JobResult {
    result: "success" | "failure" | "skipped";
    steps: StepResult[];
}
export interface RunResult {
    jobs: Record<string, JobResult>;
    state: any;
    log: string;
}

export interface RunOptions {
    /** The world before the run (see world.ts); written to the fake's state file. */
    state: object;
    vars: Record<string, string>;
    secrets?: Record<string, string>;
    github: { sha: string; ref: string; repository: string; run_attempt?: string };
    /** Each environment's variables and secrets: a job that declares `environment:` sees them over the repository's. */
    environments?: Record<string, { vars: Record<string, string>; secrets: Record<string, string> }>;
    /** The repository's files, as checkout writes them. */
    files: Record<string, string>;
    /** Rewrites a `run:` script before it runs (planting a defect). */
    plant?: (script: string, step: any) => string;
}

/** The jobs in an order that honours `needs`. */
function jobOrder(jobs: Record<string, any>): string[] {
    const done: string[] = [];
    const visit = (name: string) => {
        if (done.includes(name)) return;
        for (const n of [jobs[name].needs ?? []].flat()) visit(n);
        done.push(name);
    };
    Object.keys(jobs).forEach(visit);
    return done;
}

/** Reads $GITHUB_OUTPUT / $GITHUB_ENV: `name=value` lines and `name<<DELIM` blocks. */
export function readKeyValues(file: string): Record<string, string> {
    if (!fs.existsSync(file)) return {};
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const values: Record<string, string> = {};
    for (let i = 0; i < lines.length; i++) {
        const block = /^([^=<]+)<<(.+)$/.exec(lines[i]);
        if (block) {
            const end = lines.indexOf(block[2], i + 1);
            values[block[1]] = lines.slice(i + 1, end).join("\n");
            i = end;
        } else if (lines[i].includes("=")) {
            values[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
        }
    }
    return values;
}

export function runWorkflow(text: string, o: RunOptions): RunResult {
    const wf = YAML.parse(text);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-push-"));
    const statePath = path.join(root, "state.json");
    fs.writeFileSync(statePath, JSON.stringify(o.state));
    const portFile = path.join(root, "port");
    const server = spawn(process.execPath, [FAKE, portFile], { stdio: "ignore" });
    try {
        for (let i = 0; i < 200 && !fs.existsSync(portFile); i++) spawnSync("sleep", ["0.05"]);
        if (!fs.existsSync(portFile)) throw new Error("the fake did not start");
        return runJobs(wf, o, root, statePath, Number(fs.readFileSync(portFile, "utf8")));
    } finally {
        server.kill();
    }
}

/** A stub: posts its tool, arguments, environment and stdin to the fake, and replays its answer. */
function stub(tool: string, port: number, curl: string): string {
    return [
        "#!/bin/bash",
        "stdin=$(cat)",
        `resp=$(jq -cn --arg tool ${tool} --arg stdin "$stdin" --arg cwd "$PWD" '{tool: $tool, args: $ARGS.positional, env: $ENV, stdin: $stdin, cwd: $cwd}' --args -- "$@" | ${curl} -sS --data-binary @- http://127.0.0.1:${port}/)`,
        '{ read -r code; read -r o; read -r e; } <<<"$resp"',
        "printf '%s' \"$o\" | base64 -d",
        "printf '%s' \"$e\" | base64 -d >&2",
        'exit "${code:-98}"',
        "",
    ].join("\n");
}

function runJobs(wf: any, o: RunOptions, root: string, statePath: string, port: number): RunResult {
    const state = () => JSON.parse(fs.readFileSync(statePath, "utf8"));
    const curl = spawnSync("bash", ["-c", "command -v curl"], { encoding: "utf8" }).stdout.trim();
    const stubs = path.join(root, "image-tools");
    const kubeloginDir = path.join(root, "kubelogin");
    for (const [dir, names] of [
        [stubs, IMAGE_TOOLS],
        [kubeloginDir, ["kubelogin"]],
    ] as const) {
        fs.mkdirSync(dir);
        for (const n of names) fs.writeFileSync(path.join(dir, n), stub(n, port, curl), { mode: 0o755 });
    }
    // bash, jq, awk, base64, ... are the machine's own; the stubs come first and shadow any real az or kubectl.
    const systemPath = String(process.env.PATH);
    const jobs: Record<string, JobResult> = {};
    const needsContext: Record<string, any> = {};
    let transcript = "";

    for (const name of jobOrder(wf.jobs)) {
        const job = wf.jobs[name];
        const needs = [job.needs ?? []].flat() as string[];
        // GitHub gives an environment's variables and secrets precedence over the repository's (docs: "Variables", precedence).
        const environment = o.environments?.[typeof job.environment === "object" ? job.environment?.name : job.environment];
        const vars = { ...o.vars, ...environment?.vars };
        const secrets = { ...o.secrets, ...environment?.secrets };
        const base: Context = { github: { ...o.github, run_attempt: o.github.run_attempt ?? "1", workspace: "" }, vars, secrets, needs: needsContext, steps: {}, env: {} };
        const needsOk = needs.every((n) => jobs[n]?.result === "success");
        const runs = job.if === undefined ? needsOk : evaluate(job.if, base, { success: needsOk, failed: !needsOk }) === true;
        if (!runs) {
            jobs[name] = { result: "skipped", steps: [] };
            needsContext[name] = { result: "skipped", outputs: {} };
            continue;
        }
        // A fresh runner VM per job: its own HOME (Azure CLI's profile, Docker's credentials), temp and workspace.
        const vm = fs.mkdtempSync(path.join(root, `${name}-`));
        const dirs = { home: path.join(vm, "home"), temp: path.join(vm, "temp"), workspace: path.join(vm, "work") };
        Object.values(dirs).forEach((d) => fs.mkdirSync(d));
        const files = { env: path.join(vm, "github_env"), path: path.join(vm, "github_path") };
        const idToken: Record<string, string> =
            job.permissions?.["id-token"] === "write"
                ? { ACTIONS_ID_TOKEN_REQUEST_URL: o.state && (o.state as any).github.idTokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: (o.state as any).github.requestToken }
                : {};
        const subject = job.environment ? `repo:${o.github.repository}:environment:${job.environment}` : `repo:${o.github.repository}:ref:${o.github.ref}`;
        const ctx: Context = { ...base, github: { ...base.github, workspace: dirs.workspace }, steps: {} };
        const results: StepResult[] = [];
        let failed = false;
        transcript += `=== job ${name} (t=${state().now}s)\n`;
        for (const [i, step] of (job.steps as any[]).entries()) {
            const label = step.name ?? step.uses ?? `step ${i}`;
            const runsStep = evaluate(step.if ?? "success()", ctx, { success: !failed, failed }) === true;
            if (!runsStep) {
                results.push({ name: label, outcome: "skipped", output: "", at: state().now });
                if (step.id) ctx.steps[step.id] = { outcome: "skipped", conclusion: "skipped", outputs: {} };
                continue;
            }
            const outputFile = path.join(vm, `output-${i}`);
            fs.writeFileSync(outputFile, "");
            const added = fs.existsSync(files.path) ? fs.readFileSync(files.path, "utf8").split("\n").filter(Boolean).reverse() : [];
            const env: Record<string, string> = {
                PATH: [...added, stubs, systemPath].join(":"),
                HOME: dirs.home,
                RUNNER_TEMP: dirs.temp,
                GITHUB_WORKSPACE: dirs.workspace,
                GITHUB_SHA: o.github.sha,
                GITHUB_REF: o.github.ref,
                GITHUB_OUTPUT: outputFile,
                GITHUB_ENV: files.env,
                GITHUB_PATH: files.path,
                GITHUB_STEP_SUMMARY: path.join(vm, "summary.md"),
                FAKE_STATE: statePath,
                FAKE_OIDC_SUBJECT: subject,
                ...idToken,
                ...readKeyValues(files.env),
                ...Object.fromEntries(Object.entries<string>(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)])),
            };
            const inputs = Object.fromEntries(Object.entries<string>(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
            let script: string;
            if (step.run !== undefined) script = o.plant ? o.plant(step.run, step) : step.run;
            else script = actionModel(String(step.uses), inputs, { ...dirs, files: o.files, kubeloginDir, job, githubPath: files.path, outputFile });
            const scriptFile = path.join(vm, `step-${i}.sh`);
            fs.writeFileSync(scriptFile, script);
            const at = state().now;
            // No `shell:`: GitHub runs `bash -e {0}` (docs: "Workflow syntax", defaults.run.shell).
            const r = spawnSync("bash", ["-e", scriptFile], { cwd: dirs.workspace, env, encoding: "utf8", input: "", timeout: 60000 });
            const output = (r.stdout ?? "") + (r.stderr ?? "");
            const outcome = r.status === 0 ? "success" : "failure";
            transcript += `--- ${label} (t=${at}s -> ${state().now}s): ${outcome}\n${output}`;
            results.push({ name: label, outcome, output, at });
            const conclusion = outcome === "failure" && step["continue-on-error"] ? "success" : outcome;
            if (step.id) ctx.steps[step.id] = { outcome, conclusion, outputs: readKeyValues(outputFile) };
            if (conclusion === "failure") failed = true;
        }
        jobs[name] = { result: failed ? "failure" : "success", steps: results };
        needsContext[name] = { result: jobs[name].result, outputs: Object.fromEntries(Object.entries<string>(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, ctx)])) };
    }
    const final = state();
    return { jobs, state: final, log: `${transcript}=== fake's log\n${final.log.join("\n")}` };
}
