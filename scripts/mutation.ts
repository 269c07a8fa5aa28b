// npm run mutation [-- SHARD...]: runs Stryker on each shard of stryker.config.mjs in turn (all by default), then
// prints the score per folder from every shard's report. Each shard keeps its own incremental file in reports/mutation/
// (untracked, it stays on this machine), so a second run retests only the mutants whose code or covering tests changed.
// A measurement: it exits 0 whatever the scores.
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ALL = ["security", "hub", "render", "plan"];
const shards = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
const root = path.resolve(__dirname, "..");
for (const shard of shards) {
    if (!ALL.includes(shard)) throw new Error(`unknown shard ${shard}: one of ${ALL.join(", ")}`);
    const started = Date.now();
    console.log(`\n== mutation shard ${shard} ==`);
    const r = spawnSync("npx", ["stryker", "run"], { cwd: root, stdio: "inherit", env: { ...process.env, MUTATION_SHARD: shard } });
    console.log(`== shard ${shard}: ${r.status === 0 ? "done" : `stryker exited ${r.status}`} in ${((Date.now() - started) / 60000).toFixed(1)} min ==`);
}
spawnSync("npx", ["ts-node", "--transpile-only", "scripts/mutation-scores.ts"], { cwd: root, stdio: "inherit" });
