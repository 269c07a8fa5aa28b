// The main command as a user runs it, against the plan engine alone: `npm run plan` builds the sdk first
// (tsc -b, incremental), so a second run with nothing changed should cost little more than the plan itself.
// `npx ts-node --transpile-only bench/command.ts` runs it alone (results.json's mainCommand is updated);
// `npm run bench` runs it with the rest.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
// A file most of the sdk imports: its declaration changes, so the policy project is rebuilt too (the worst case).
const EDITED = path.join(ROOT, "sdk/src/plan/summary.ts");

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function timed(cmd: string, args: string[]): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
    return ms;
}

export interface MainCommand {
    runs: number;
    /** `node sdk/bin/plan/cli.js plan . --out TMP`: the plan alone, no build. */
    engineMs: number;
    /** `npm run plan -- --out TMP`, a second time with nothing changed. */
    unchangedMs: number;
    /** `npm run plan -- --out TMP` after a change to an sdk source (its declaration too). */
    afterChangeMs: number;
    unchangedRatio: number;
    afterChangeRatio: number;
}

export function mainCommand(runs: number): MainCommand {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-bench-cmd-"));
    const npmPlan = ["run", "plan", "--silent", "--", "--out", out];
    const original = fs.readFileSync(EDITED, "utf8");
    const samples = { engine: [] as number[], unchanged: [] as number[], afterChange: [] as number[] };
    try {
        timed("npm", npmPlan); // whatever state the build was in, it is current now
        for (let i = 0; i < runs; i++) {
            samples.engine.push(timed(process.execPath, [CLI, "plan", ".", "--out", out]));
            samples.unchanged.push(timed("npm", npmPlan));
            fs.writeFileSync(EDITED, `${original}\nexport const benchEdit${i} = ${i};\n`);
            samples.afterChange.push(timed("npm", npmPlan));
        }
    } finally {
        fs.writeFileSync(EDITED, original);
        timed("npm", npmPlan); // the build matches the sources again
        fs.rmSync(out, { recursive: true, force: true });
    }
    const engineMs = median(samples.engine),
        unchangedMs = median(samples.unchanged),
        afterChangeMs = median(samples.afterChange);
    return { runs, engineMs, unchangedMs, afterChangeMs, unchangedRatio: unchangedMs / engineMs, afterChangeRatio: afterChangeMs / engineMs };
}

export function printMainCommand(m: MainCommand): void {
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
        `Main command (the root program, median of ${m.runs}): the plan engine alone ${s(m.engineMs)}; \`npm run plan\` with nothing changed ${s(m.unchangedMs)} (ratio ${m.unchangedRatio.toFixed(2)}, target <= 1.5); after an sdk source change ${s(m.afterChangeMs)} (ratio ${m.afterChangeRatio.toFixed(2)})`,
    );
}

if (require.main === module) {
    const m = mainCommand(Number(process.env.BENCH_RUNS ?? 3));
    printMainCommand(m);
    const file = path.join(__dirname, "results.json");
    const results = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, `${JSON.stringify({ ...results, mainCommand: { date: new Date().toISOString(), ...m } }, null, 2)}\n`);
    console.log("Updated mainCommand in bench/results.json");
}
