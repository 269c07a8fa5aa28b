// Prints the mutation score per scoped folder from the shards' committed incremental files (test/mutation/, the
// mutation-testing-report-schema Stryker writes), the way Stryker counts it: (killed + timed out) / (killed + timed
// out + survived + no coverage); compile errors and ignored mutants are not counted. `--survivors` lists every
// surviving or uncovered mutant. A measurement, not a gate: the exit code is 0 whatever the scores.
import * as fs from "fs";
import * as path from "path";

interface Mutant {
    status: string;
    mutatorName: string;
    replacement?: string;
    location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

const args = process.argv.slice(2);
const listSurvivors = args.includes("--survivors");
const given = args.filter((a) => !a.startsWith("--"));
const dir = path.resolve(__dirname, "../test/mutation");
const reports = given.length > 0 ? given
    : fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".incremental.json")).sort().map((f) => path.join(dir, f)) : [];
if (reports.length === 0) {
    console.log("No mutation report yet: run npm run mutation.");
    process.exit(0);
}
const files: Record<string, { source: string; mutants: Mutant[] }> = Object.assign({}, ...reports.map((r) => JSON.parse(fs.readFileSync(r, "utf8")).files));

/** sdk/src/identity/subjects.ts -> identity; sdk/src/render/workflow.ts -> render; sdk/src/plan/monitor.ts -> plan. */
const folderOf = (file: string) => file.replace(/^.*sdk\/src\//, "").split("/")[0];

const rows = new Map<string, Record<string, number>>();
for (const [file, { mutants }] of Object.entries(files)) {
    const row = rows.get(folderOf(file)) ?? {};
    for (const m of mutants) row[m.status] = (row[m.status] ?? 0) + 1;
    rows.set(folderOf(file), row);
}

const score = (r: Record<string, number>) => {
    const detected = (r.Killed ?? 0) + (r.Timeout ?? 0);
    const valid = detected + (r.Survived ?? 0) + (r.NoCoverage ?? 0);
    return valid === 0 ? NaN : (100 * detected) / valid;
};
const all: Record<string, number> = {};
const line = (name: string, r: Record<string, number>) =>
    `${name.padEnd(10)} ${score(r).toFixed(1).padStart(6)}%  killed ${String(r.Killed ?? 0).padStart(4)}  timeout ${String(r.Timeout ?? 0).padStart(3)}  survived ${String(r.Survived ?? 0).padStart(3)}  no coverage ${String(r.NoCoverage ?? 0).padStart(3)}  compile errors ${String(r.CompileError ?? 0).padStart(4)}  ignored ${String(r.Ignored ?? 0).padStart(3)}`;
console.log(`Mutation score per folder (${reports.map((r) => path.relative(process.cwd(), r)).join(", ")}):`);
for (const [name, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(line(name, r));
    for (const [k, v] of Object.entries(r)) all[k] = (all[k] ?? 0) + v;
}
console.log(line("all", all));

if (listSurvivors) {
    /** The mutated source text, on one line and cut short: what a reader needs to find the mutant. */
    const original = (source: string, { start, end }: Mutant["location"]) => {
        const lines = source.split("\n").slice(start.line - 1, end.line);
        lines[lines.length - 1] = lines[lines.length - 1].slice(0, end.column - 1);
        lines[0] = lines[0].slice(start.column - 1);
        return lines.join(" ").replace(/\s+/g, " ");
    };
    const short = (s: string) => (s.length > 70 ? `${s.slice(0, 67)}...` : s);
    console.log("\nSurviving and uncovered mutants:");
    for (const [file, { source, mutants }] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
        for (const m of mutants.filter((x) => x.status === "Survived" || x.status === "NoCoverage").sort((a, b) => a.location.start.line - b.location.start.line)) {
            console.log(`${file}:${m.location.start.line}:${m.location.start.column} ${m.status === "NoCoverage" ? "[no coverage] " : ""}${m.mutatorName}: ${short(original(source, m.location))} -> ${short(m.replacement ?? "")}`);
        }
    }
}
