// Reading Stryker's incremental files: scores as Stryker counts them, and survivors named by function, not by line.
import * as assert from "node:assert";
import { countsByFolder, enclosingFunction, ReportFiles, score, survivorLines } from "../../scripts/mutationReport";

const SOURCE = [
    "const TOP = [1];", // 1
    "export function render(x: string) {", // 2
    "    const meta = (kind: string) => kind + x;", // 3
    "    return [1, 2].map((n) => meta(String(n)));", // 4
    "}", // 5
    "export class Hub {", // 6
    '    constructor(a: string) { this.a = a || ""; }', // 7
    "    a: string;", // 8
    "}", // 9
].join("\n");

const at = (line: number, column: number, endColumn = column + 1) => ({ start: { line, column }, end: { line, column: endColumn } });

describe("scripts/mutationReport: scores and survivors from Stryker's incremental files", () => {
    it("names the functions around a position, outermost first, skipping anonymous callbacks", () => {
        assert.strictEqual(enclosingFunction(SOURCE, 1, 14), "(module)");
        assert.strictEqual(enclosingFunction(SOURCE, 3, 38), "render/meta");
        assert.strictEqual(enclosingFunction(SOURCE, 4, 40), "render", "the .map callback has no name of its own");
        assert.strictEqual(enclosingFunction(SOURCE, 7, 44), "Hub.constructor");
    });

    it("counts per folder, and scores (killed + timeout) over everything but compile errors and ignored ones", () => {
        const m = (status: string) => ({ id: "0", status, mutatorName: "StringLiteral", location: at(1, 1) });
        const files: ReportFiles = {
            "sdk/src/hub/a.ts": { source: "", mutants: ["Killed", "Killed", "Timeout", "Survived", "CompileError"].map(m) },
            "sdk/src/hub/b.ts": { source: "", mutants: [m("NoCoverage"), m("Ignored")] },
            "sdk/src/plan/c.ts": { source: "", mutants: [m("Killed")] },
        };
        const rows = countsByFolder(files);
        assert.deepStrictEqual([...rows.keys()].sort(), ["hub", "plan"]);
        assert.deepStrictEqual(rows.get("hub"), { Killed: 2, Timeout: 1, Survived: 1, CompileError: 1, NoCoverage: 1, Ignored: 1 });
        assert.strictEqual(score(rows.get("hub")!), 60);
        assert.ok(Number.isNaN(score({ CompileError: 3 })));
    });

    it("lists survivors and uncovered mutants by file, function, id and mutator, and no killed one", () => {
        const files: ReportFiles = {
            "sdk/src/render/x.ts": {
                source: SOURCE,
                mutants: [
                    { id: "7", status: "Survived", mutatorName: "StringLiteral", replacement: '"Stryker was here!"', location: at(7, 44, 46) },
                    { id: "3", status: "NoCoverage", mutatorName: "ArrayDeclaration", replacement: "[]", location: at(1, 13, 16) },
                    { id: "5", status: "Killed", mutatorName: "ArrowFunction", replacement: "() => undefined", location: at(3, 18, 44) },
                ],
            },
        };
        assert.deepStrictEqual(survivorLines(files), [
            "sdk/src/render/x.ts (module) #3 [no coverage] ArrayDeclaration: [1] -> []",
            'sdk/src/render/x.ts Hub.constructor #7 StringLiteral: "" -> "Stryker was here!"',
        ]);
    });
});
