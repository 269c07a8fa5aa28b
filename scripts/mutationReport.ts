// Reading Stryker's incremental files (mutation-testing-report-schema): the score per folder as Stryker counts it, and
// each surviving mutant named by file, function, mutator and Stryker id, never by line number alone, which goes stale
// at the next edit of the file.
import * as ts from "typescript";

export interface Location {
    start: { line: number; column: number };
    end: { line: number; column: number };
}
export interface Mutant {
    id: string;
    status: string;
    mutatorName: string;
    replacement?: string;
    location: Location;
}
export type ReportFiles = Record<string, { source: string; mutants: Mutant[] }>;

/** sdk/src/identity/subjects.ts -> identity; sdk/src/render/workflow.ts -> render; sdk/src/plan/monitor.ts -> plan. */
export const folderOf = (file: string) => file.replace(/^.*sdk\/src\//, "").split("/")[0];

/** Mutants per status, per scoped folder. */
export function countsByFolder(files: ReportFiles): Map<string, Record<string, number>> {
    const rows = new Map<string, Record<string, number>>();
    for (const [file, { mutants }] of Object.entries(files)) {
        const row = rows.get(folderOf(file)) ?? {};
        for (const m of mutants) row[m.status] = (row[m.status] ?? 0) + 1;
        rows.set(folderOf(file), row);
    }
    return rows;
}

/** (killed + timed out) / (killed + timed out + survived + no coverage), in percent; compile errors and ignored mutants do not count. */
export function score(r: Record<string, number>): number {
    const detected = (r.Killed ?? 0) + (r.Timeout ?? 0);
    const valid = detected + (r.Survived ?? 0) + (r.NoCoverage ?? 0);
    return valid === 0 ? NaN : (100 * detected) / valid;
}

function nameOf(node: ts.Node): string | undefined {
    if (ts.isConstructorDeclaration(node)) return "constructor";
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isFunctionExpression(node)) && node.name) {
        return node.name.getText();
    }
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent))) {
        return node.parent.name.getText();
    }
    return undefined;
}

/**
 * The named functions around a 1-based line and column, outermost first and joined by "/" (`HubNamespace.constructor`,
 * `renderManifests/meta`); anonymous callbacks are skipped, and code outside any function is "(module)".
 */
export function enclosingFunction(source: string, line: number, column: number): string {
    const file = ts.createSourceFile("x.ts", source, ts.ScriptTarget.Latest, true);
    const pos = file.getPositionOfLineAndCharacter(line - 1, column - 1);
    const names: string[] = [];
    const visit = (node: ts.Node): void => {
        if (pos < node.getStart(file) || pos >= node.getEnd()) return;
        const name = nameOf(node);
        if (name !== undefined) {
            const owner = ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.getText()}.` : "";
            names.push(owner + name);
        }
        ts.forEachChild(node, visit);
    };
    ts.forEachChild(file, visit);
    return names.length > 0 ? names.join("/") : "(module)";
}

/** The mutated source text, on one line and cut short: what a reader needs to find the mutant. */
function original(source: string, { start, end }: Location): string {
    const lines = source.split("\n").slice(start.line - 1, end.line);
    lines[lines.length - 1] = lines[lines.length - 1].slice(0, end.column - 1);
    lines[0] = lines[0].slice(start.column - 1);
    return lines.join(" ").replace(/\s+/g, " ");
}
const short = (s: string) => (s.length > 70 ? `${s.slice(0, 67)}...` : s);

/** One line per surviving or uncovered mutant: `file function #id Mutator: original -> replacement`, by file and function. */
export function survivorLines(files: ReportFiles): string[] {
    const lines: { file: string; fn: string; at: number; text: string }[] = [];
    for (const [file, { source, mutants }] of Object.entries(files)) {
        for (const m of mutants.filter((x) => x.status === "Survived" || x.status === "NoCoverage")) {
            const fn = enclosingFunction(source, m.location.start.line, m.location.start.column);
            const tag = m.status === "NoCoverage" ? "[no coverage] " : "";
            lines.push({
                file,
                fn,
                at: m.location.start.line * 1e4 + m.location.start.column,
                text: `${file} ${fn} #${m.id} ${tag}${m.mutatorName}: ${short(original(source, m.location))} -> ${short(m.replacement ?? "")}`,
            });
        }
    }
    return lines.sort((a, b) => a.file.localeCompare(b.file) || a.at - b.at).map((l) => l.text);
}
