// examples/ci: the infrastructure repository's preview workflow. Validated like the rendered workflows (actionlint,
// pinned actions), its permissions and conditions checked, and the plan job's shell steps run in order against a
// stand-in `npx`, so the exit code it ends with is the plan's, after the summary is written.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { actionPins } from "../../sdk/src/render/actions";
import { actionlintFindings, pinViolations } from "../validators/actionlint";

const WORKFLOW = path.join(__dirname, "../../examples/ci/.github/workflows/preview.yml");
const text = fs.readFileSync(WORKFLOW, "utf8");
const workflow = YAML.parse(text);

/**
 * Actions the example uses that the library's renderer does not, so they are not in the pins table
 * (shared/reference/actions-pins.json). Same rules: full SHA of a release, inputs from that release's action.yml.
 *   actions/setup-node v7.0.0: tag v7.0.0 -> 8207627... in the actions/setup-node repository (git), action.yml at that tag.
 *   actions/upload-artifact v7.0.1: 043fb46... as pinned with "# v7.0.1" in public workflows (release notes: readme and
 *     a dependency only since v7.0.0, whose action.yml, at bbbca2d in the repository, gives the inputs).
 *   pulumi/actions v7.0.0: tag v7.0.0 -> 8e5e406... in the pulumi/actions repository (git), action.yml at that tag.
 * Once one of them is added to the pins table, the table's pin is the one checked.
 */
const extraPins: Record<string, { version: string; sha: string; inputs: string[]; requiredInputs: string[] }> = {
    "actions/setup-node": {
        version: "v7.0.0",
        sha: "820762786026740c76f36085b0efc47a31fe5020",
        inputs: [
            "node-version",
            "node-version-file",
            "architecture",
            "check-latest",
            "registry-url",
            "scope",
            "token",
            "cache",
            "package-manager-cache",
            "cache-dependency-path",
            "mirror",
            "mirror-token",
        ],
        requiredInputs: [],
    },
    "actions/upload-artifact": {
        version: "v7.0.1",
        sha: "043fb46d1a93c77aae656e7c1c64a875d1fc6a0a",
        inputs: ["name", "path", "if-no-files-found", "retention-days", "compression-level", "overwrite", "include-hidden-files", "archive"],
        requiredInputs: ["path"],
    },
    "pulumi/actions": {
        version: "v7.0.0",
        sha: "8e5e406f4007fca908480587cb9893c07090f58d",
        inputs: [
            "command",
            "stack-name",
            "pulumi-version",
            "pulumi-version-file",
            "work-dir",
            "comment-on-pr",
            "comment-on-pr-number",
            "comment-on-summary",
            "github-token",
            "cloud-url",
            "secrets-provider",
            "parallel",
            "message",
            "config-map",
            "expect-no-changes",
            "diff",
            "replace",
            "exclude",
            "exclude-dependents",
            "target",
            "target-dependents",
            "policyPacks",
            "policyPackConfigs",
            "refresh",
            "upsert",
            "remove",
            "edit-pr-comment",
            "color",
            "exclude-protected",
            "plan",
            "suppress-outputs",
            "suppress-progress",
            "always-include-summary",
            "continue-on-error",
            "log-verbosity",
            "log-flow",
            "debug",
        ],
        requiredInputs: [],
    },
};
const inTable = (action: string) => action in actionPins;

const jobs = (): [string, any][] => Object.entries<any>(workflow.jobs);
const steps = (job: string): any[] => workflow.jobs[job].steps;
const allSteps = (): any[] => jobs().flatMap(([, job]) => job.steps);
const stepIndex = (job: string, pred: (s: any) => boolean) => steps(job).findIndex(pred);

describe("examples/ci preview workflow", () => {
    it("is accepted by actionlint 1.7.7 with zero findings", async () => {
        assert.deepStrictEqual(await actionlintFindings(text), []);
    });

    it("pins every action to a reviewed full commit SHA with its version as a comment (pinViolations, plus the example's own pins)", () => {
        // pinViolations checks actions of the pins table; the example's other actions can only be "not in the table".
        const notInTable = (p: string) => Object.keys(extraPins).some((a) => !inTable(a) && p.includes(` ${a}@`) && p.endsWith(": not in the pins table"));
        assert.deepStrictEqual(
            pinViolations(text).filter((p) => !notInTable(p)),
            [],
        );
        const problems: string[] = [];
        for (const [jobName, job] of jobs()) {
            for (const [i, step] of job.steps.entries()) {
                if (!step.uses) continue;
                const [action, ref] = String(step.uses).split("@");
                if (inTable(action)) continue;
                const pin = extraPins[action];
                const where = `jobs.${jobName}.steps[${i}] ${step.uses}`;
                if (!pin) {
                    problems.push(`${where}: neither in the pins table nor in the example's pins`);
                    continue;
                }
                if (ref !== pin.sha) problems.push(`${where}: not ${pin.sha}`);
                for (const key of Object.keys(step.with ?? {})) if (!pin.inputs.includes(key)) problems.push(`${where}: with.${key} is not an input of ${action}`);
                for (const key of pin.requiredInputs) if (!(key in (step.with ?? {}))) problems.push(`${where}: required input ${key} is missing`);
            }
        }
        assert.deepStrictEqual(problems, []);
        // The comment after each SHA is the release it was taken from.
        const lines = text.split("\n").filter((l) => /^\s*(- )?uses:/.test(l));
        assert.ok(lines.length >= 8);
        for (const line of lines) {
            const m = /uses: ([^@\s]+)@([0-9a-f]{40}) # (v\S+)$/.exec(line);
            assert.ok(m, `not "uses: ACTION@SHA # vX.Y.Z": ${line.trim()}`);
            const pin = (actionPins as Record<string, { version: string }>)[m[1]] ?? extraPins[m[1]];
            assert.strictEqual(m[3], pin.version, line.trim());
        }
        // Where the renderer pins an action, the example reuses that pin.
        for (const action of ["actions/checkout", "azure/login", "azure/use-kubelogin"]) {
            assert.ok(
                allSteps().some((s) => s.uses === `${action}@${(actionPins as any)[action].sha}`),
                action,
            );
        }
    });

    it("runs on pull_request (not pull_request_target), one run per pull request", () => {
        assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request"]);
        assert.ok(!/^\s*pull_request_target\s*:/m.test(text));
        assert.match(workflow.concurrency.group, /github\.event\.pull_request\.number/);
        assert.strictEqual(workflow.concurrency["cancel-in-progress"], true);
    });

    it("grants nothing at the top and only contents: read to jobs, id-token: write to the preview job alone", () => {
        assert.deepStrictEqual(workflow.permissions, {});
        for (const [name, job] of jobs()) {
            assert.ok(job.permissions, `${name} declares its permissions`);
            for (const [scope, level] of Object.entries(job.permissions)) {
                if (level === "write") assert.ok(name === "preview" && scope === "id-token", `${name}: ${scope}: write`);
                else assert.strictEqual(level, "read", `${name}: ${scope}: ${level}`);
            }
        }
        assert.deepStrictEqual(workflow.jobs.plan.permissions, { contents: "read" });
        assert.deepStrictEqual(workflow.jobs.preview.permissions, { contents: "read", "id-token": "write" });
    });

    it("puts no expression in a script (values reach run: through env) and leaves no token in .git/config", () => {
        for (const step of allSteps()) {
            if (step.run) assert.ok(!String(step.run).includes("${{"), `${step.name}: expression in run:`);
            if (String(step.uses).startsWith("actions/checkout@")) assert.strictEqual(step.with?.["persist-credentials"], false, step.name);
            if (String(step.uses).startsWith("actions/setup-node@")) {
                assert.strictEqual(String(step.with?.["node-version"]), "22", step.name);
                assert.strictEqual(step.with?.["package-manager-cache"], false, step.name);
            }
        }
    });

    it("plan job: checks out the pull request and its base, installs both, plans the base without failing on it", () => {
        const checkouts = steps("plan").filter((s) => String(s.uses).startsWith("actions/checkout@"));
        assert.deepStrictEqual(
            checkouts.map((s) => s.with.path),
            ["head", "base"],
        );
        assert.strictEqual(checkouts[1].with.ref, "${{ github.event.pull_request.base.sha }}");
        const base = steps("plan").find((s) => s.id === "base");
        assert.match(base.run, /npm ci/);
        assert.match(base.run, /npx --no fleet-autodeploy plan \. --out "\$GITHUB_WORKSPACE\/base-plan" --allow-conflicts/);
        assert.ok(steps("plan").some((s) => /cd "head\/\$PROGRAM_DIR"\nnpm ci/.test(s.run ?? "")));
    });

    it("plan job: the pull request's plan compares with the base plan and checks the policy pack, keeping its exit code", () => {
        const head = steps("plan").find((s) => s.id === "head");
        assert.match(head.run, /npx --no fleet-autodeploy plan \./);
        assert.match(head.run, /--compare "\$GITHUB_WORKSPACE\/base-plan\/plan\.json"/);
        assert.match(head.run, /--out "\$GITHUB_WORKSPACE\/head-plan"/);
        assert.match(head.run, /--policy-pack node_modules\/fleet-autodeploy\/policy/);
        assert.ok(!head.run.includes("--allow-conflicts"), "conflicts must fail the pull request");
        assert.match(head.run, /\|\| status=\$\?/);
        assert.match(head.run, /echo "status=\$status" >> "\$GITHUB_OUTPUT"/);
    });

    it("plan job: writes the summary and uploads the plans before it exits with the plan's code", () => {
        const head = stepIndex("plan", (s) => s.id === "head");
        const summary = stepIndex("plan", (s) => /cat head-plan\/diff\.md/.test(s.run ?? "") && /GITHUB_STEP_SUMMARY/.test(s.run ?? ""));
        const upload = stepIndex("plan", (s) => String(s.uses).startsWith("actions/upload-artifact@"));
        const fail = stepIndex("plan", (s) => /^exit "\$\{STATUS/.test(s.run ?? ""));
        assert.ok(head >= 0 && summary > head && upload > summary && fail > upload, `${head} < ${summary} < ${upload} < ${fail}`);
        assert.strictEqual(fail, steps("plan").length - 1);
        assert.strictEqual(steps("plan")[fail].env.STATUS, "${{ steps.head.outputs.status }}");
        for (const step of steps("plan").slice(head + 1)) assert.strictEqual(step.if, "${{ !cancelled() }}", step.name);
        const uploaded = steps("plan")[upload].with;
        assert.deepStrictEqual(uploaded.path.trim().split("\n"), ["base-plan", "head-plan"]);
        assert.strictEqual(uploaded["include-hidden-files"], true);
    });

    it("preview job: only when Azure is configured, signed in with OIDC, kubelogin on PATH, with the policy pack", () => {
        const preview = workflow.jobs.preview;
        assert.match(preview.if, /^vars\.AZURE_CLIENT_ID != ''( |$)/);
        assert.match(preview.if, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
        assert.strictEqual(workflow.jobs.plan.if, undefined);
        const uses = preview.steps.map((s: any) => String(s.uses ?? "").split("@")[0]);
        const login = uses.indexOf("azure/login");
        const kubelogin = uses.indexOf("azure/use-kubelogin");
        const run = preview.steps.findIndex((s: any) => /pulumi preview/.test(s.run ?? ""));
        assert.ok(uses.includes("pulumi/actions") && kubelogin >= 0 && login > kubelogin && run === login + 1, "kubelogin, then sign-in right before the preview");
        assert.deepStrictEqual(preview.steps[login].with, {
            "client-id": "${{ vars.AZURE_CLIENT_ID }}",
            "tenant-id": "${{ vars.AZURE_TENANT_ID }}",
            "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
        });
        assert.ok(!("command" in (preview.steps[uses.indexOf("pulumi/actions")].with ?? {})), "pulumi/actions only installs the CLI");
        const step = preview.steps[run];
        assert.match(step.run, /pulumi preview --stack "\$STACK"/);
        assert.match(step.run, /--policy-pack node_modules\/fleet-autodeploy\/policy/);
        assert.strictEqual(step.env.STACK, "${{ vars.PULUMI_STACK }}");
        assert.strictEqual(step.env.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
    });

    describe("plan job's scripts, run in order against a stand-in npx", () => {
        // The stand-in records its arguments, writes what `fleet-autodeploy plan` would (plan.json, diff.md with
        // --compare) and exits with HEAD_STATUS for the pull request, BASE_STATUS for the base.
        const FAKE_NPX = `#!/usr/bin/env bash
echo "$PWD $*" >> "$GITHUB_WORKSPACE/npx.log"
out=""; compare=""; prev=""
for a in "$@"; do
  [ "$prev" = "--out" ] && out="$a"
  [ "$prev" = "--compare" ] && compare="$a"
  prev="$a"
done
mkdir -p "$out"
if [ -n "$compare" ]; then
  [ -f "$compare" ] || { echo "no $compare" >&2; exit 1; }
  echo '{"resources": []}' > "$out/plan.json"
  echo "DIFF against $(cat "$compare")" > "$out/diff.md"
  exit "\${HEAD_STATUS:-0}"
fi
[ "\${BASE_STATUS:-0}" = 0 ] || exit "$BASE_STATUS"
echo '{"program": "base"}' > "$out/plan.json"
`;

        function runPlanJob(opts: { headStatus: number; baseStatus?: number; baseInstalled?: boolean }) {
            const ws = fs.mkdtempSync(path.join(os.tmpdir(), "ci-example-"));
            const bin = path.join(ws, ".bin");
            fs.mkdirSync(bin);
            fs.writeFileSync(path.join(bin, "npx"), FAKE_NPX, { mode: 0o755 });
            fs.writeFileSync(path.join(bin, "npm"), "#!/usr/bin/env bash\nexit 0\n", { mode: 0o755 });
            fs.mkdirSync(path.join(ws, "head"));
            fs.mkdirSync(path.join(ws, "base"));
            fs.writeFileSync(path.join(ws, "head", "package-lock.json"), "{}");
            if (opts.baseInstalled !== false) fs.writeFileSync(path.join(ws, "base", "package-lock.json"), "{}");
            const summaryFile = path.join(ws, "summary.md");
            const outputs: Record<string, Record<string, string>> = {};
            let failed = false;
            let exitCode = 0;
            const ran: string[] = [];
            for (const step of steps("plan")) {
                if (!step.run) continue;
                const always = step.if === "${{ !cancelled() }}";
                assert.ok(step.if === undefined || always, `${step.name}: unexpected if ${step.if}`);
                if (failed && !always) continue;
                const env: Record<string, string> = {};
                for (const [k, v] of Object.entries<string>(step.env ?? {})) {
                    env[k] = String(v).replace(/\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}/g, (_, id, key) => outputs[id]?.[key] ?? "");
                }
                const outputFile = path.join(ws, `output-${ran.length}`);
                fs.writeFileSync(outputFile, "");
                const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
                    cwd: ws,
                    encoding: "utf8",
                    env: {
                        PATH: `${bin}:${process.env.PATH}`,
                        HOME: ws,
                        ...workflow.env,
                        ...env,
                        GITHUB_WORKSPACE: ws,
                        GITHUB_OUTPUT: outputFile,
                        GITHUB_STEP_SUMMARY: summaryFile,
                        HEAD_STATUS: String(opts.headStatus),
                        BASE_STATUS: String(opts.baseStatus ?? 0),
                    },
                });
                ran.push(step.name);
                if (step.id) {
                    outputs[step.id] = Object.fromEntries(
                        fs
                            .readFileSync(outputFile, "utf8")
                            .split("\n")
                            .filter(Boolean)
                            .map((l) => l.split("=", 2) as [string, string]),
                    );
                }
                if (r.status !== 0) {
                    failed = true;
                    exitCode = r.status ?? -1;
                }
            }
            const read = (f: string) => (fs.existsSync(path.join(ws, f)) ? fs.readFileSync(path.join(ws, f), "utf8") : "");
            const result = { exitCode, ran, summary: read("summary.md"), npx: read("npx.log"), basePlan: read("base-plan/plan.json") };
            fs.rmSync(ws, { recursive: true, force: true });
            return result;
        }

        for (const [status, result] of [
            [0, "no conflicts"],
            [3, "conflicts"],
            [4, "mandatory policy violations"],
            [1, "the plan failed"],
        ] as const) {
            it(`plan exits ${status}: the summary has the diff and "${result}", then the job exits ${status}`, () => {
                const r = runPlanJob({ headStatus: status });
                assert.strictEqual(r.exitCode, status);
                assert.strictEqual(r.ran[r.ran.length - 1], "Fail on conflicts or mandatory policy violations");
                assert.match(r.summary, /DIFF against \{"program": "base"\}/);
                assert.match(r.summary, new RegExp(`\\*\\*Result:\\*\\* ${result}`));
                const [baseCall, headCall] = r.npx.trim().split("\n");
                assert.match(baseCall, /\/base(\/\.)? --no fleet-autodeploy plan \. --out \S+\/base-plan --allow-conflicts$/);
                assert.match(headCall, /\/head(\/\.)? --no fleet-autodeploy plan \. --compare \S+\/base-plan\/plan\.json --out \S+\/head-plan --policy-pack node_modules\/fleet-autodeploy\/policy$/);
            });
        }

        it("a base whose plan fails is compared as an empty plan, and does not fail the job", () => {
            const r = runPlanJob({ headStatus: 0, baseStatus: 1 });
            assert.strictEqual(r.exitCode, 0);
            assert.deepStrictEqual(JSON.parse(r.basePlan).resources, []);
            assert.match(r.summary, /The base has no plan/);
            assert.match(r.summary, /DIFF against \{"program": ""/);
        });

        it("a base without the program (no package-lock.json) is compared as an empty plan", () => {
            const r = runPlanJob({ headStatus: 3, baseInstalled: false });
            assert.strictEqual(r.exitCode, 3);
            assert.strictEqual(r.npx.trim().split("\n").length, 1, "only the pull request is planned");
            assert.match(r.summary, /The base has no plan/);
        });
    });
});
