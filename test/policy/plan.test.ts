// `fleet-autodeploy plan --policy-pack`, run as users run it (the compiled CLI, a fresh process per plan): each policy
// on a raw-resource program that violates it, policy config, and the examples and root program, which must pass.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { programFolders } from "../programFolders";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
const FIXTURES = path.join(__dirname, "../fixtures/policy");
// The path docs/ci.md gives users: the pack inside the installed package.
const PACK = "node_modules/fleet-autodeploy/policy";

interface Planned {
    status: number | null;
    stdout: string;
    stderr: string;
    plan: any;
}

function plan(dir: string, ...args: string[]): Planned {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "policy-plan-"));
    const r = spawnSync(process.execPath, [CLI, "plan", dir, "--out", out, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
    const file = path.join(out, "plan.json");
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, plan: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined };
}

const nameOf = (p: any, urn: string) => p.resources.find((r: any) => r.urn === urn)?.name ?? urn;
/** Violations as `policy level resource`, sorted. */
const violations = (r: Planned) => r.plan.violations.map((v: any) => `${v.policy} ${v.enforcementLevel} ${v.urn ? nameOf(r.plan, v.urn) : "-"}`).sort();

describe("offline plan with the policy pack (--policy-pack)", function () {
    this.timeout(180000);

    const cases: Array<{ fixture: string; expected: string[]; status: number; args?: string[] }> = [
        { fixture: "github-roles", status: 4, expected: ["github-identity-roles mandatory deployer-reader", "github-identity-roles mandatory deployer-writer-fleet"] },
        // Owner is outside the allowed set as well.
        { fixture: "privileged-roles", status: 4, expected: ["github-identity-no-privileged-roles mandatory deployer-owner", "github-identity-roles mandatory deployer-owner"] },
        { fixture: "principal-type", status: 4, expected: ["role-assignment-principal-type mandatory worker-reader-untyped"] },
        {
            fixture: "federation",
            status: 4,
            expected: ["app-any-repo", "deployer-audience", "deployer-pr", "deployer-star"].map((n) => `github-federation-trust mandatory ${n}`),
        },
        { fixture: "workflow", status: 4, expected: ["workflow-pinned-and-scoped mandatory ci-unpinned", "workflow-pinned-and-scoped mandatory ci-unpinned"] },
        { fixture: "namespace-retention", status: 0, expected: ["hub-namespace-retained advisory shop", "hub-namespace-retained advisory web-ns"] },
        // The plan's own conflict check exits 3 first; allowed, the policy still fails the plan.
        { fixture: "conflicts", status: 4, args: ["--allow-conflicts"], expected: ["no-conflicting-resources mandatory orders-client-id", "no-conflicting-resources mandatory orders-pull-member"] },
    ];
    for (const c of cases) {
        it(`${c.fixture}: ${c.expected[0].split(" ").slice(0, 2).join(" ")} -> exit ${c.status}, naming the policy and the resource`, () => {
            const r = plan(path.join(FIXTURES, c.fixture), "--policy-pack", PACK, ...(c.args ?? []));
            assert.strictEqual(r.status, c.status, r.stderr);
            assert.deepStrictEqual(violations(r), c.expected);
            for (const v of r.plan.violations) {
                assert.ok(r.stdout.includes(`[${v.enforcementLevel}] ${v.policy}: ${v.message}`), `summary lists ${v.policy}`);
                assert.ok(r.stdout.includes(`      ${nameOf(r.plan, v.urn)}  (${v.urn})`), `summary names ${v.urn}`);
            }
            if (c.status === 4) assert.match(r.stderr, /error: \d+ mandatory policy violations? \(listed above\)/);
        });
    }

    it("conflicts without --allow-conflicts still exit 3, and the policy finds what the plan finds", () => {
        const r = plan(path.join(ROOT, "test/fixtures/plan/conflicts"), "--policy-pack", PACK);
        assert.strictEqual(r.status, 3, r.stderr);
        const fromPolicy = r.plan.violations
            .filter((v: any) => v.policy === "no-conflicting-resources")
            .map((v: any) => v.message.split(" is declared by ")[0])
            .sort();
        assert.deepStrictEqual(fromPolicy, r.plan.conflicts.map((c: any) => `${c.kind}: ${c.object}`).sort());
        assert.ok(fromPolicy.length >= 10);
    });

    it("policy config changes enforcement levels: all advisory exits 0; a disabled policy reports nothing", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        fs.writeFileSync(path.join(dir, "advisory.json"), JSON.stringify({ all: "advisory" }));
        fs.writeFileSync(path.join(dir, "disabled.json"), JSON.stringify({ "github-identity-roles": { enforcementLevel: "disabled" } }));
        const advisory = plan(path.join(FIXTURES, "github-roles"), "--policy-pack", PACK, "--policy-pack-config", path.join(dir, "advisory.json"));
        assert.strictEqual(advisory.status, 0, advisory.stderr);
        assert.deepStrictEqual(violations(advisory), ["github-identity-roles advisory deployer-reader", "github-identity-roles advisory deployer-writer-fleet"]);
        const disabled = plan(path.join(FIXTURES, "github-roles"), "--policy-pack", PACK, "--policy-pack-config", path.join(dir, "disabled.json"));
        assert.strictEqual(disabled.status, 0, disabled.stderr);
        assert.deepStrictEqual(disabled.plan.violations, []);
    });

    it("without a pack, plan.json still has violations: []", () => {
        const r = plan(path.join(FIXTURES, "github-roles"));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.plan.violations, []);
        assert.doesNotMatch(r.stdout, /Policy violations/);
    });

    it("a folder that is not a pack is an error naming it", () => {
        const r = plan(path.join(FIXTURES, "workflow"), "--policy-pack", "examples");
        assert.strictEqual(r.status, 1);
        assert.match(r.stderr, /examples is not a policy pack: it has no PulumiPolicy.yaml/);
    });

    const examples = programFolders("examples").filter((e) => e !== "examples/yaml");
    for (const program of [".", ...examples]) {
        it(`${program === "." ? "the root program" : program} violates no policy`, () => {
            const r = plan(program, "--policy-pack", PACK);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.plan.violations, []);
            assert.match(r.stdout, /Policy violations: none \(7 policies of pack fleet-autodeploy\)/);
        });
    }
    it("covers every example", () => assert.ok(examples.length >= 5, examples.join(", ")));
});
