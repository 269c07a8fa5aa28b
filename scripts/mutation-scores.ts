// Prints the mutation score per scoped folder from the shards' incremental files (reports/mutation/, not tracked: each
// run writes them, see CONTRIBUTING.md "Mutation testing"), the way Stryker counts it: (killed + timed out) / (killed +
// timed out + survived + no coverage); compile errors and ignored mutants are not counted. `--survivors` lists every
// surviving or uncovered mutant by file, function and Stryker id. A measurement, not a gate: the exit code is 0 whatever
// the scores. Report files given as arguments are read instead of reports/mutation/.
import * as fs from "node:fs";
import * as path from "node:path";
import { countsByFolder, ReportFiles, score, survivorLines } from "./mutationReport";

const args = process.argv.slice(2);
const listSurvivors = args.includes("--survivors");
const given = args.filter((a) => !a.startsWith("--"));
const dir = path.resolve(__dirname, "../reports/mutation");
const reports =
    given.length > 0
        ? given
        : fs.existsSync(dir)
          ? fs
                .readdirSync(dir)
                .filter((f) => f.endsWith(".incremental.json"))
                .sort()
                .map((f) => path.join(dir, f))
          : [];
if (reports.length === 0) {
    console.log('No mutation report yet: run npm run mutation (CONTRIBUTING.md, "Mutation testing").');
    process.exit(0);
}
const files: ReportFiles = Object.assign({}, ...reports.map((r) => JSON.parse(fs.readFileSync(r, "utf8")).files));

const all: Record<string, number> = {};
const line = (name: string, r: Record<string, number>) =>
    `${name.padEnd(10)} ${score(r).toFixed(1).padStart(6)}%  killed ${String(r.Killed ?? 0).padStart(4)}  timeout ${String(r.Timeout ?? 0).padStart(3)}  survived ${String(r.Survived ?? 0).padStart(3)}  no coverage ${String(r.NoCoverage ?? 0).padStart(3)}  compile errors ${String(r.CompileError ?? 0).padStart(4)}  ignored ${String(r.Ignored ?? 0).padStart(3)}`;
console.log(`Mutation score per folder (${reports.map((r) => path.relative(process.cwd(), r)).join(", ")}):`);
for (const [name, r] of [...countsByFolder(files)].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(line(name, r));
    for (const [k, v] of Object.entries(r)) all[k] = (all[k] ?? 0) + v;
}
console.log(line("all", all));

if (listSurvivors) {
    console.log("\nSurviving and uncovered mutants (file, function, Stryker id, mutator):");
    for (const l of survivorLines(files)) console.log(l);
}
