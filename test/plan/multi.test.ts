// `fleet-autodeploy plan DIR DIR...`, run as users run it (the compiled CLI): several programs, each in its own
// process, then one conflict report across them.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
const FIXTURES = path.join(__dirname, "../fixtures/plan");
const CROSS = path.join(FIXTURES, "cross-stack");
const MULTI_STACK = ["platform", "team-a", "team-b"].map((p) => `examples/multi-stack/${p}`);

interface Planned {
    status: number | null;
    stdout: string;
    stderr: string;
    out: string;
    report: any;
}

function plan(...args: string[]): Planned {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-many-"));
    const r = spawnSync(process.execPath, [CLI, "plan", ...args, "--out", out], { cwd: ROOT, encoding: "utf8", timeout: 300000 });
    const file = path.join(out, "conflicts.json");
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, out, report: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined };
}
const planOf = (r: Planned, label: string) => JSON.parse(fs.readFileSync(path.join(r.out, label, "plan.json"), "utf8"));
const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

describe("offline plan of several programs (plan DIR DIR...)", function () {
    this.timeout(300000);

    describe("a platform stack and a team stack that both grant member-eastus pull and both create namespace web", () => {
        let r: Planned;
        before(() => {
            r = plan(path.join(CROSS, "platform"), path.join(CROSS, "team"));
        });

        it("exits 3 and names the member's role assignment with both programs", () => {
            assert.strictEqual(r.status, 3, r.stderr);
            const grant = (project: string) => `urn:pulumi:sample::${project}::azure-native:authorization:RoleAssignment::contosoacr-pull-contoso-fleet-member-eastus`;
            assert.ok(r.stdout.includes(`\n      platform: ${grant("cross-platform")}\n      team: ${grant("cross-team")}\n`), r.stdout);
            assert.match(r.stdout, /\nConflicts across programs \(2\): resources of different stacks that declare the same cloud object; /);
            assert.match(r.stderr, /error: 2 conflicts \(2 across programs, listed above\): `pulumi up` would fail; --allow-conflicts plans anyway/);
        });

        it("keys each program's hub provider by its API server: the two FLEET-hub providers are one cluster", () => {
            const namespace = r.report.conflicts.find((c: any) => c.kind === "kubernetes object");
            assert.strictEqual(namespace.object, "Namespace web on https://contoso-fleet-hub.plan.invalid:443");
            assert.deepStrictEqual(namespace.programs, ["platform", "team"]);
            assert.match(
                r.stdout,
                /! kubernetes object: Namespace web on https:\/\/contoso-fleet-hub\.plan\.invalid:443\n {6}platform: urn:pulumi:sample::cross-platform::fleet-autodeploy:index:HubNamespace\$kubernetes:core\/v1:Namespace::web-namespace\n {6}team: urn:pulumi:sample::cross-team::/,
            );
        });

        it("writes each program's plan under OUT/LABEL/ and the conflicts across them to OUT/conflicts.json", () => {
            assert.deepStrictEqual(
                r.report.programs.map((p: any) => [p.label, p.status, p.stack, p.plan]),
                [
                    ["platform", "planned", "sample", path.join("platform", "plan.json")],
                    ["team", "planned", "sample", path.join("team", "plan.json")],
                ],
            );
            assert.deepStrictEqual(
                r.report.conflicts.map((c: any) => c.kind),
                ["role assignment name", "kubernetes object"],
            );
            const [grant] = r.report.conflicts;
            assert.deepStrictEqual(grant.programs, ["platform", "team"]);
            const [platform, team] = [planOf(r, "platform"), planOf(r, "team")];
            assert.deepStrictEqual([platform.conflicts, team.conflicts], [[], []], "alone each program is fine");
            assert.ok(platform.resources.some((x: any) => x.urn === grant.resources[0]) && team.resources.some((x: any) => x.urn === grant.resources[1]));
            assert.ok(fs.existsSync(path.join(r.out, "team/files/contoso/web/.github/workflows/fleet-deploy-web.yml")));
        });

        it("prints each program's summary as one block, in the order given", () => {
            const blocks = [...r.stdout.matchAll(/^=== (.+)$/gm)].map((m) => m[1]);
            assert.deepStrictEqual(blocks, [`platform: ${path.join(CROSS, "platform")}`, `team: ${path.join(CROSS, "team")}`, "across 2 programs"]);
            const [platform, team, across] = r.stdout.split(/^=== /m).slice(1);
            assert.match(platform, /\nPlan of \S+platform \(stack sample\): 5 resources: [^\n]*\(\+ the stack\)\n[\s\S]*\nWrote \S+platform\/plan\.json\n/);
            assert.match(team, /\nPlan of \S+team \(stack sample\): \d+ resources: [^\n]*\(\+ the stack\)\n[\s\S]*\nWrote \S+team\/plan\.json\n/);
            assert.match(across, /^across 2 programs\n {2}platform: 5 resources, 0 conflicts within it\n {2}team: \d+ resources, 0 conflicts within it\n/);
            assert.doesNotMatch(r.stderr, /allowed by --allow-conflicts/, "the children's --allow-conflicts is the parent's business");
        });

        it("with --allow-conflicts exits 0, warns, and writes the same report", () => {
            const allowed = plan(path.join(CROSS, "platform"), path.join(CROSS, "team"), "--allow-conflicts");
            assert.strictEqual(allowed.status, 0, allowed.stderr);
            assert.match(allowed.stderr, /warning: 2 conflicts \(2 across programs, listed above\), allowed by --allow-conflicts/);
            assert.deepStrictEqual(allowed.report.conflicts, r.report.conflicts);
        });
    });

    it("examples/multi-stack: the platform and two team stacks plan together with no conflict, each team's members granted by the platform", () => {
        const r = plan(...MULTI_STACK);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.report.conflicts, []);
        assert.match(r.stdout, /\nConflicts across programs: none\n/);
        const [platform, teamA, teamB] = ["platform", "team-a", "team-b"].map((l) => planOf(r, l));
        for (const p of [platform, teamA, teamB]) assert.deepStrictEqual(p.conflicts, [], p.program);
        const pulls = (p: any) => p.resources.filter((x: any) => String(x.inputs.roleDefinitionId).endsWith(ACR_PULL)).map((x: any) => x.name);
        assert.deepStrictEqual(pulls(platform), ["contosoacr-pull-contoso-fleet-member-eastus", "contosoacr-pull-contoso-fleet-member-westeurope"]);
        assert.deepStrictEqual([pulls(teamA), pulls(teamB)], [[], []], "pullGrant external: the teams register none");
        const namespaces = (p: any) => p.resources.filter((x: any) => x.type === "kubernetes:core/v1:Namespace").map((x: any) => x.inputs.metadata.name);
        assert.deepStrictEqual([namespaces(platform), namespaces(teamA), namespaces(teamB)], [["team-a", "team-b"], [], []]);
        // Each team places its own namespace on exactly its members.
        const placement = (p: any) => p.resources.find((x: any) => x.type === "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement").inputs.spec;
        assert.deepStrictEqual(
            [placement(teamA).policy, placement(teamB).policy],
            [
                { placementType: "PickFixed", clusterNames: ["member-eastus", "member-westeurope"] },
                { placementType: "PickFixed", clusterNames: ["member-westeurope"] },
            ],
        );
        assert.deepStrictEqual(
            placement(teamA).resourceSelectors.map((s: any) => s.name),
            ["team-a"],
        );
        assert.deepStrictEqual(platform.outputs.namespaces, ["team-a", "team-b"]);
    });

    it("labels repeats -2 and DIR@STACK with its stack; --stack applies to every DIR without @STACK", () => {
        const raw = path.join(FIXTURES, "raw");
        const r = plan(`${raw}@test`, raw, raw, "--stack", "test", "--allow-conflicts");
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(
            r.report.programs.map((p: any) => `${p.label} ${p.stack}`),
            ["raw@test test", "raw test", "raw-2 test"],
        );
        // One program three times: the same objects thrice, the URNs too, which alone is no conflict.
        assert.ok(r.report.conflicts.length > 0 && r.report.conflicts.every((c: any) => c.programs.join() === "raw@test,raw,raw-2"), JSON.stringify(r.report.conflicts));
        assert.ok(!r.report.conflicts.some((c: any) => c.kind === "duplicate URN"));
    });

    it("a program that fails fails the run with exit 1 after the others are planned, naming it", () => {
        const r = plan(path.join(FIXTURES, "broken"), path.join(CROSS, "team"));
        assert.strictEqual(r.status, 1, r.stderr);
        assert.match(r.stderr, /FleetAutomatedDeployment "web" has 2 invalid arguments/, "the program's own message");
        assert.match(r.stderr, /error: 1 program of 2 failed: broken \(exit 1\)/);
        assert.match(r.stdout, /=== broken: .*: failed\n/);
        assert.match(r.stdout, /=== team: [^\n]*\nPlan of /);
        assert.ok(fs.existsSync(path.join(r.out, "team", "plan.json")));
        assert.deepStrictEqual(
            r.report.programs.map((p: any) => `${p.label} ${p.status}`),
            ["broken failed", "team planned"],
        );
    });

    it("one DIR@STACK plans as --stack does; --compare takes one program", () => {
        const at = plan(path.join(FIXTURES, "raw@test"));
        assert.strictEqual(at.status, 0, at.stderr);
        assert.match(at.stderr, /planning .*raw \(stack test\)\.\.\./);
        assert.strictEqual(JSON.parse(fs.readFileSync(path.join(at.out, "plan.json"), "utf8")).stack, "test");
        assert.strictEqual(at.report, undefined, "one program writes no conflicts.json");
        const compare = plan(...MULTI_STACK, "--compare", path.join(at.out, "plan.json"));
        assert.strictEqual(compare.status, 2);
        assert.match(compare.stderr, /--compare takes one program's base plan/);
    });

    it("the README's usage line is the CLI's", () => {
        const usage = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" }).stdout.split("\n")[0];
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.ok(readme.includes(usage.replace("Usage: fleet-autodeploy plan", "npm run plan --")), usage);
    });
});
