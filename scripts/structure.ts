// The library's structure, measured: folders of sdk/src and the imports between them (and any cycle), the
// longest functions, the largest files and the names the public API exports. `npm run structure` prints it;
// test/structure.test.ts holds the rules (no cycle between folders, no function over 100 lines).
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

export const SRC = path.resolve(__dirname, "../sdk/src");

export function sourceFiles(dir = SRC): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => {
            const p = path.join(dir, e.name);
            return e.isDirectory() ? sourceFiles(p) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
        })
        .sort();
}

/** A file's folder under sdk/src ("." for the files at its top). */
export const folderOf = (file: string) => path.dirname(path.relative(SRC, file)).split(path.sep)[0];

const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);

/** Relative imports (and re-exports, and require("./x")) of a file, resolved to files. Type-only ones included: a cycle of types is a cycle for a reader. */
export function importsOf(file: string): string[] {
    const sf = parse(file);
    const specs: string[] = [];
    const visit = (n: ts.Node) => {
        if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) specs.push(n.moduleSpecifier.text);
        if (ts.isCallExpression(n) && n.expression.getText(sf) === "require" && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) specs.push(n.arguments[0].text);
        if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) specs.push(n.argument.literal.text);
        ts.forEachChild(n, visit);
    };
    visit(sf);
    return specs
        .filter((s) => s.startsWith("."))
        .map((s) => {
            const base = path.resolve(path.dirname(file), s);
            return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f)) ?? base;
        })
        .filter((f) => f.startsWith(SRC));
}

/** Folder -> the folders it imports (itself left out). */
export function folderGraph(files = sourceFiles()): Map<string, Set<string>> {
    const graph = new Map<string, Set<string>>();
    for (const f of files) {
        const from = folderOf(f);
        if (!graph.has(from)) graph.set(from, new Set());
        for (const to of importsOf(f).map(folderOf)) if (to !== from) graph.get(from)!.add(to);
    }
    return graph;
}

/** The strongly connected groups of more than one folder (Tarjan): each is an import cycle. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
    let index = 0;
    const idx = new Map<string, number>(),
        low = new Map<string, number>(),
        stack: string[] = [],
        on = new Set<string>(),
        out: string[][] = [];
    const strong = (v: string) => {
        idx.set(v, index);
        low.set(v, index++);
        stack.push(v);
        on.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!idx.has(w)) {
                strong(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
        }
        if (low.get(v) === idx.get(v)) {
            const group: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                on.delete(w);
                group.push(w);
            } while (w !== v);
            if (group.length > 1) out.push(group.sort());
        }
    };
    for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
    return out;
}

export interface FunctionLength {
    file: string;
    name: string;
    line: number;
    lines: number;
}

/** Every function, method, constructor and arrow function, with its length in lines (nested ones counted in their parent too). */
export function functionLengths(files = sourceFiles()): FunctionLength[] {
    const out: FunctionLength[] = [];
    for (const file of files) {
        const sf = parse(file);
        const visit = (n: ts.Node) => {
            if (ts.isFunctionLike(n) && "body" in n && n.body) {
                const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line,
                    end = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
                const named = (n as { name?: ts.Node }).name;
                const holder = ts.isVariableDeclaration(n.parent) || ts.isPropertyAssignment(n.parent) ? n.parent.name.getText(sf) : undefined;
                out.push({
                    file: path.relative(SRC, file),
                    name: named?.getText(sf) ?? holder ?? (ts.isConstructorDeclaration(n) ? "constructor" : "(anonymous)"),
                    line: start + 1,
                    lines: end - start + 1,
                });
            }
            ts.forEachChild(n, visit);
        };
        visit(sf);
    }
    return out.sort((a, b) => b.lines - a.lines);
}

/** The names sdk/src/index.ts exports, as the compiler resolves them. */
export function publicNames(): string[] {
    const program = ts.createProgram([path.join(SRC, "index.ts")], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true });
    const checker = program.getTypeChecker();
    const sym = checker.getSymbolAtLocation(program.getSourceFile(path.join(SRC, "index.ts"))!)!;
    return checker
        .getExportsOfModule(sym)
        .map((s) => s.name)
        .sort();
}

export function report(): string {
    const files = sourceFiles();
    const graph = folderGraph(files);
    const lengths = functionLengths(files);
    const sizes = files.map((f) => ({ file: path.relative(SRC, f), lines: fs.readFileSync(f, "utf8").split("\n").length - 1 })).sort((a, b) => b.lines - a.lines);
    const edges = [...graph].flatMap(([from, tos]) => [...tos].map((to) => `${from} -> ${to}`));
    const cyc = cycles(graph);
    return [
        `${files.length} files in ${graph.size} folders, ${sizes.reduce((n, s) => n + s.lines, 0)} lines; largest: ${sizes
            .slice(0, 5)
            .map((s) => `${s.file} ${s.lines}`)
            .join(", ")}`,
        `${edges.length} imports between folders; cycles: ${cyc.length === 0 ? "none" : cyc.map((c) => c.join(" <-> ")).join("; ")}`,
        `functions over 100 lines: ${lengths.filter((l) => l.lines > 100).length}; over 60: ${lengths.filter((l) => l.lines > 60).length}; longest: ${lengths
            .slice(0, 5)
            .map((l) => `${l.file}:${l.line} ${l.name} ${l.lines}`)
            .join(", ")}`,
        `public API: ${publicNames().length} names`,
        "",
        ...[...graph].sort(([a], [b]) => a.localeCompare(b)).map(([from, tos]) => `  ${from} -> ${[...tos].sort().join(", ") || "(nothing)"}`),
    ].join("\n");
}

if (require.main === module) console.log(report());
