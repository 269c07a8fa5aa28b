// Behaviour unchanged, measured: every URN and every input of every example and fixture plan is compared with
// test/golden/plans.json, recorded before issue 25's redesign. `UPDATE_GOLDEN=1 npx mocha test/golden.test.ts`
// rewrites it, for a change that means to move a plan: review the file's diff like any other.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { goldenTargets, planDigests, PlanDigest } from "./golden/digest";

const FILE = path.join(__dirname, "golden/plans.json");

describe("golden plans: every URN and input of every example and fixture", function () {
    this.timeout(600_000);
    let actual: Record<string, PlanDigest>;
    before(async () => {
        actual = await planDigests();
        if (process.env.UPDATE_GOLDEN) fs.writeFileSync(FILE, `${JSON.stringify(actual, null, 1)}\n`);
    });

    it("plans the same targets as recorded (a new example or stack file is recorded on purpose)", () => {
        const recorded = JSON.parse(fs.readFileSync(FILE, "utf8")) as Record<string, PlanDigest>;
        assert.deepStrictEqual(goldenTargets(), Object.keys(recorded));
    });

    it("registers the same URNs with the same inputs, target by target", () => {
        const recorded = JSON.parse(fs.readFileSync(FILE, "utf8")) as Record<string, PlanDigest>;
        const moved: string[] = [];
        for (const [target, want] of Object.entries(recorded)) {
            const got = actual[target];
            if (!got) {
                moved.push(`${target}: not planned`);
                continue;
            }
            if ("exitCode" in want || "exitCode" in got) {
                if (JSON.stringify(want) !== JSON.stringify(got)) moved.push(`${target}: ${JSON.stringify(want)} recorded, ${JSON.stringify(got)} now`);
                continue;
            }
            for (const urn of new Set([...Object.keys(want.resources), ...Object.keys(got.resources)])) {
                const w = want.resources[urn],
                    g = got.resources[urn];
                if (!w || !g) {
                    moved.push(`${target}: ${urn} ${w ? "no longer registered" : "new"}`);
                    continue;
                }
                const keys = [...new Set([...Object.keys(w), ...Object.keys(g)])].filter((k) => w[k] !== g[k]);
                if (keys.length > 0) moved.push(`${target}: ${urn} changed ${keys.join(", ")}`);
            }
        }
        assert.deepStrictEqual(moved, [], `plans moved:\n${moved.slice(0, 40).join("\n")}`);
    });

    it("would notice a changed input (the digest reads inputs)", () => {
        const some = Object.values(actual).find((d): d is { resources: Record<string, Record<string, string>> } => "resources" in d)!;
        const [urn, fields] = Object.entries(some.resources).find(([, f]) => Object.keys(f).some((k) => k.startsWith("inputs.")))!;
        assert.ok(urn && Object.keys(fields).length > 1);
    });
});
