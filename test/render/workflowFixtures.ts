// Shared by the workflow renderer's tests: the base spec, every job layout, and a runner for a step's bash script.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { BuildMode, CredentialStore, LayerCache, ManifestSource, renderPullRequestWorkflow, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";

export const base: WorkflowSpec = {
    name: "Deploy web to the fleet",
    deploymentName: "web",
    branches: ["main"],
    tags: [],
    pathsIgnore: [],
    build: { mode: BuildMode.Runner, layerCache: LayerCache.Registry, dockerfile: "Dockerfile", context: ".", imageName: "web" },
    manifests: { source: ManifestSource.Directory, path: "manifests", releaseName: "web" },
    namespace: "web",
    variables: {
        clientId: "AZURE_CLIENT_ID",
        tenantId: "AZURE_TENANT_ID",
        subscriptionId: "AZURE_SUBSCRIPTION_ID",
        registryName: "ACR_NAME",
        registryLoginServer: "ACR_LOGIN_SERVER",
        fleetName: "FLEET_NAME",
        fleetResourceGroup: "FLEET_RESOURCE_GROUP",
    },
    credentialStore: CredentialStore.Variables,
};

export const withSource = (spec: WorkflowSpec, source: ManifestSource): WorkflowSpec => ({
    ...spec,
    manifests: { ...spec.manifests, source, path: source === ManifestSource.Helm ? "charts/web" : source === ManifestSource.Kustomize ? "kustomize/overlays/production" : "manifests" },
});

/**
 * What changes a job's steps beyond the layout grid below: the staged rollout's job (cluster or namespaced
 * placement), the sovereign clouds' sign-in inputs, and the ids read from secrets.
 */
const variants: { label: string; change: Partial<WorkflowSpec> }[] = [
    { label: "rollout", change: { rollout: { placement: "web-crp", strategy: "web-strategy" }, variables: { ...base.variables, rolloutClientId: "AZURE_ROLLOUT_CLIENT_ID" } } },
    {
        label: "namespaced rollout",
        change: { rollout: { placement: "web-rp", strategy: "web-strategy", namespace: "web" }, variables: { ...base.variables, rolloutClientId: "AZURE_ROLLOUT_CLIENT_ID" } },
    },
    { label: "usGovernment", change: { cloud: "usGovernment" } },
    { label: "china", change: { cloud: "china" } },
    { label: "secrets", change: { credentialStore: CredentialStore.Secrets } },
];

type Layout = { label: string; spec: WorkflowSpec; texts: { kind: string; text: string }[] };
const layout = (label: string, spec: WorkflowSpec): Layout => ({
    label,
    spec,
    // Rendered when a test reads them, not at import: code run at import is run for every test.
    get texts() {
        return [
            { kind: "deploy", text: renderWorkflow(spec) },
            { kind: "verify", text: renderPullRequestWorkflow(spec) },
        ];
    },
});

/**
 * Every job layout the renderer can produce: build mode x environment or not x manifest source x registry mode, then
 * each variant above x environment or not x manifest source; each rendered as the deploy workflow and as the
 * pull-request check.
 */
export const layouts: Layout[] = [];
for (const mode of Object.values(BuildMode)) {
    for (const environment of [undefined, "production"]) {
        for (const source of Object.values(ManifestSource)) {
            for (const registryAbac of [false, true]) {
                const spec: WorkflowSpec = { ...withSource({ ...base, build: { ...base.build, mode } }, source), environment, registryAbac };
                layouts.push(layout(`${mode} x ${environment ? "environment" : "no environment"} x ${source} x ${registryAbac ? "abac" : "rbac"}`, spec));
            }
        }
    }
}
for (const { label, change } of variants) {
    for (const environment of [undefined, "production"]) {
        for (const source of Object.values(ManifestSource)) {
            const spec: WorkflowSpec = { ...withSource({ ...base, ...change }, source), environment };
            layouts.push(layout(`${label} x ${environment ? "environment" : "no environment"} x ${source}`, spec));
        }
    }
}

export const parse = (spec: WorkflowSpec) => YAML.parse(renderWorkflow(spec));
export const stepsOf = (wf: any, job: string): any[] => wf.jobs[job].steps;
export const usesOf = (step: any, action: string) => String(step.uses ?? "").startsWith(`${action}@`);
/** Every `run:` script of a parsed workflow, one after the other. */
export const runs = (wf: any): string =>
    Object.values<any>(wf.jobs)
        .flatMap((j) => j.steps)
        .map((s: any) => s.run ?? "")
        .join("\n");
/** The step of `job` named `name` in the rendered workflow, asserting there is one. */
export const step = (spec: WorkflowSpec, job: string, name: string) => {
    const found = parse(spec).jobs[job].steps.find((s: any) => s.name === name);
    assert.ok(found, `no step ${name}`);
    return found;
};
/** The step's env with each expression replaced by a test value. */
export const envOf = (s: any, values: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries<string>(s.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{ ([^}]+) \}\}/g, (_, e) => values[e.trim()] ?? `<${e.trim()}>`)]));
/** The one job that stages on the hub: `deploy` in both layouts. */
export const stagingJob = (wf: any): any[] => wf.jobs.deploy.steps;

let bashChecked: boolean | undefined;
/** Whether bash (4.4+, for mapfile -d) and mawk/awk are here to run the scripts for real. */
export function haveBash(): boolean {
    if (bashChecked === undefined) bashChecked = spawnSync("bash", ["-c", "mapfile -d '' x < /dev/null && command -v awk && command -v jq"], { encoding: "utf8" }).status === 0;
    return bashChecked;
}

export interface StepRun {
    status: number | null;
    stdout: string;
    stderr: string;
    dir: string;
    calls: string[];
}

/**
 * Runs a step's `run:` script with bash as GitHub does (`bash -e`), in a temp workspace, with `fakes` (name -> bash
 * body) first on PATH. Each fake appends "name args..." to $CALLS, which comes back as `calls`. `env` holds the
 * step's env with expressions already replaced.
 */
export function runStep(script: string, env: Record<string, string>, fakes: Record<string, string>, files: Record<string, string> = {}): StepRun {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-step-"));
    const bin = path.join(dir, "bin");
    const work = path.join(dir, "work");
    fs.mkdirSync(bin);
    fs.mkdirSync(work);
    const calls = path.join(dir, "calls");
    fs.writeFileSync(calls, "");
    for (const [name, body] of Object.entries(fakes)) {
        fs.writeFileSync(path.join(bin, name), `#!/bin/bash\nprintf '%s\\n' "${name} $*" >> "$CALLS"\n${body}\n`, { mode: 0o755 });
    }
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
        fs.writeFileSync(path.join(work, file), content);
    }
    fs.writeFileSync(path.join(dir, "step.sh"), script);
    const r = spawnSync("bash", ["-e", path.join(dir, "step.sh")], {
        cwd: work,
        encoding: "utf8",
        env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, CALLS: calls, RUNNER_TEMP: dir, GITHUB_WORKSPACE: work, GITHUB_ENV: path.join(dir, "github_env"), ...ID_TOKEN_REQUEST, ...env },
        // Empty stdin, as on a runner: a script that reads stdin by mistake ends instead of waiting. A script that
        // still hangs (a wait loop that never ends) is killed and fails its test in seconds.
        input: "",
        timeout: 8000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, dir, calls: fs.readFileSync(calls, "utf8").split("\n").filter(Boolean) };
}

/** A registry access token (unsigned) carrying `claims`, as the token service returns it. */
export const jwt = (claims: object) => ["{}", JSON.stringify(claims), "sig"].map((p) => Buffer.from(p).toString("base64url")).join(".");

/** What the runner gives a job with `id-token: write` (the request token is a secret of the run). */
export const ID_TOKEN_REQUEST = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://pipelines.actions.test/idtoken?api-version=2.0", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "REQUEST-TOKEN-456" };

/**
 * `fakes` with the waits' fresh sign-in answered: curl mints an ID token for the runner's URL, az accepts `login` and
 * `account set`. Everything else reaches the given bodies. `signInFails` (a bash body) answers `az login` instead.
 */
export function withSignIn(fakes: Record<string, string>, signInFails?: string): Record<string, string> {
    const curl = `case "$*" in *"--url https://pipelines.actions.test/idtoken"*) cat > "$CALLS.idrequest"; echo '{"value":"GITHUB-ID-TOKEN"}'; exit 0 ;; esac`;
    const az = `case "$1 $2" in "login --service-principal") ${signInFails ?? "exit 0"} ;; "account set") exit 0 ;; esac`;
    return { ...fakes, curl: `${curl}\n${fakes.curl ?? "exit 2"}`, az: `${az}\n${fakes.az ?? "exit 2"}` };
}

/** The calls of a run without those of the waits' sign-ins (ID token requests, az login, az account set). */
export const beyondSignIn = (calls: string[]) => calls.filter((c) => !/^curl .*--url https:\/\/pipelines\.actions\.test\/idtoken|^az login --service-principal |^az account set /.test(c));

/** A fake `sleep` that sleeps not at all: the retry loops' waits are read back from the calls. */
export const NO_SLEEP = { sleep: "exit 0" };
/** The seconds each `sleep` call of a run asked for. */
export const sleeps = (calls: string[]) => calls.filter((c) => c.startsWith("sleep ")).map((c) => Number(c.split(" ")[1]));
/** A fake that succeeds from its Nth call on (a counter file per fake). */
export const succeedsFrom = (n: number, ok: string, no: string) =>
    `c=$(( $(cat "$CALLS.$(basename "$0")" 2>/dev/null || echo 0) + 1 )); echo "$c" > "$CALLS.$(basename "$0")"; if [ "$c" -ge ${n} ]; then ${ok}; else ${no}; fi`;
