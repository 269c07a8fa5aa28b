// No silent wrong config: which stack file is planned, and the keys a program cannot see (another project's
// namespace, a misspelt key), judged from the keys it read during the plan.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { configKeyProblems } from "../../sdk/src/plan/configKeys";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
const FIXTURE = "test/fixtures/plan/config-keys";

function plan(...args: string[]) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-config-"));
    const r = spawnSync(process.execPath, [CLI, "plan", ...args, "--out", out], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, planned: fs.existsSync(path.join(out, "plan.json")) };
}
const warningsOf = (stdout: string) =>
    stdout
        .split("\n")
        .filter((l) => l.startsWith("  ! "))
        .map((l) => l.slice(4));

describe("plan: stack choice and config keys", function () {
    this.timeout(120_000);

    describe("configKeyProblems", () => {
        const base = { project: "app", stackFile: "Pulumi.dev.yaml", isProvider: (ns: string) => ["github", "azure-native"].includes(ns) };

        it("keys under another project are an error when the program's project has none set, else a warning", () => {
            const only = configKeyProblems({ ...base, keys: ["other:apps", "github:owner"], read: new Set(["app:apps"]) });
            assert.deepStrictEqual(only.warnings, []);
            assert.strictEqual(only.errors.length, 1);
            assert.match(
                only.errors[0],
                /^config key other:apps \(Pulumi\.dev\.yaml\) is under project "other", but this program's project .* is "app".*rename the key to app:apps \(or write it as apps\), or set name: other in Pulumi\.yaml$/,
            );
            const mixed = configKeyProblems({ ...base, keys: ["app:fleetId", "other:apps"], read: new Set(["app:fleetId", "app:apps"]) });
            assert.deepStrictEqual(mixed.errors, []);
            assert.deepStrictEqual(
                mixed.warnings.map((w) => w.split(" ")[2]),
                ["other:apps"],
            );
        });

        it("keys of providers and of Pulumi itself are theirs to read; another namespace the program reads is its own choice", () => {
            const r = configKeyProblems({ ...base, keys: ["app:a", "github:owner", "azure-native:location", "pulumi:tags", "shared:region"], read: new Set(["app:a", "shared:region"]) });
            assert.deepStrictEqual(r, { errors: [], warnings: [] });
        });

        it("a key of the program's project it never read is a warning, with the closest key it read", () => {
            const r = configKeyProblems({ ...base, keys: ["app:ap ps", "app:fleetId", "app:zzz"], read: new Set(["app:apps", "app:fleetId"]) });
            assert.deepStrictEqual(r.errors, []);
            assert.deepStrictEqual(r.warnings, [
                "config key app:ap ps (Pulumi.dev.yaml) is never read by the program: did you mean apps?",
                "config key app:zzz (Pulumi.dev.yaml) is never read by the program; it reads apps, fleetId",
            ]);
            // Reads unknown (a failed program, another copy of @pulumi/pulumi): unread keys are not guessed at.
            assert.deepStrictEqual(configKeyProblems({ ...base, keys: ["app:ap ps"] }), { errors: [], warnings: [] });
        });
    });

    describe("the plan CLI", () => {
        it("several stack files and no stack named: refused, listing them and the two ways to name one", () => {
            const r = plan(FIXTURE);
            assert.strictEqual(r.status, 1, r.stderr);
            assert.match(
                r.stderr,
                /error: test\/fixtures\/plan\/config-keys has 3 stack files \(Pulumi\.copied\.yaml, Pulumi\.mixed\.yaml, Pulumi\.typo\.yaml\) and no stack was named: give one with --stack NAME, or as test\/fixtures\/plan\/config-keys@NAME/,
            );
            assert.ok(!r.stderr.includes("--verbose"), "a user error, not a crash");
            assert.strictEqual(r.planned, false);
            assert.strictEqual(plan(`${FIXTURE}@typo`).status, 0, "DIR@STACK names one");
        });

        it("no stack file: planned with empty config, and the summary says so", () => {
            const r = plan("test/fixtures/plan/many");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(warningsOf(r.stdout), [
                'test/fixtures/plan/many has no Pulumi.<stack>.yaml: planned with empty config (stack "dev"), so every config value the program reads is unset',
            ]);
        });

        it("a misspelt key is reported as never read (the program's reads are tracked); provider keys are not", () => {
            const r = plan(FIXTURE, "--stack", "typo");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(warningsOf(r.stdout), ["config key config-keys:ap ps (Pulumi.typo.yaml) is never read by the program: did you mean apps?"]);
        });

        it("a copied Pulumi.yaml's keys (another project's namespace): the program's error comes with the cause and the fix", () => {
            const r = plan(FIXTURE, "--stack", "copied");
            assert.strictEqual(r.status, 1, r.stderr);
            assert.match(r.stderr, /Missing required configuration variable 'config-keys:greeting'/);
            assert.match(
                r.stderr,
                /In the stack config \(a likely cause\):\n {2}- config key other-project:greeting \(Pulumi\.copied\.yaml\) is under project "other-project".*rename the key to config-keys:greeting/,
            );
            assert.match(r.stderr, /- config key other-project:apps /);
            assert.ok(!r.stderr.includes("github:owner"), "a provider's key is not another project's");
        });

        it("another project's key beside the program's own: a warning, the plan is written", () => {
            const r = plan(FIXTURE, "--stack", "mixed");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.ok(r.planned);
            assert.deepStrictEqual(
                warningsOf(r.stdout).map((w) => w.split(" ").slice(0, 3).join(" ")),
                ["config key other-project:apps"],
            );
        });
    });
});
