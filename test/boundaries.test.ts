// The boundaries ARCHITECTURE draws between the library, the plan engine and the policy pack, held on the folder
// import graph scripts/structure.ts measures. Each rule is a function of a graph, so a made-up graph shows it refusing.
import * as assert from "node:assert";
import * as path from "node:path";
import { cycles, folderGraph, FunctionLength, functionLengths } from "../scripts/structure";

type Graph = Map<string, Set<string>>;
const graphOf = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

/** The plan engine plans any program and the pack reads any stack: what each may reach, itself included. */
const ENGINES: Record<string, string[]> = {
    plan: ["plan", "resource", "vocabulary"],
    policy: ["policy", "resource", "vocabulary"],
    // A resource as the engine registers it: shared by the two, knowing neither.
    resource: ["resource", "vocabulary"],
};

/** Every folder `from` imports, directly or through others. */
function reachable(graph: Graph, from: string): Set<string> {
    const seen = new Set([from]);
    const todo = [from];
    while (todo.length > 0)
        for (const to of graph.get(todo.pop()!) ?? [])
            if (!seen.has(to)) {
                seen.add(to);
                todo.push(to);
            }
    return seen;
}

/** Imports that cross a boundary: an engine reaching past what it may, or a library folder reaching an engine. */
function boundaryViolations(graph: Graph): string[] {
    const out: string[] = [];
    for (const [engine, allowed] of Object.entries(ENGINES)) {
        for (const to of reachable(graph, engine)) if (!allowed.includes(to)) out.push(`${engine}/ reaches ${to}/`);
    }
    for (const [from, tos] of graph) {
        if (from in ENGINES) continue;
        for (const to of tos) if (to in ENGINES) out.push(`library folder ${from === "." ? "sdk/src/" : `${from}/`} imports ${to}/`);
    }
    return out.sort();
}

const MAX_FUNCTION_LINES = 100;
const longFunctions = (lengths: FunctionLength[], folders: string[]) =>
    lengths.filter((l) => l.lines > MAX_FUNCTION_LINES && folders.includes(path.dirname(l.file).split(path.sep)[0])).map((l) => `${l.file}:${l.line} ${l.name} ${l.lines}`);

describe("boundaries between the library, the plan engine and the policy pack", () => {
    const graph = folderGraph();

    it("no import cycle between folders of sdk/src", () => {
        assert.deepStrictEqual(cycles(graph), []);
    });

    it("refuses a cycle, also one through a third folder", () => {
        assert.deepStrictEqual(cycles(graphOf({ plan: ["policy"], policy: ["plan"] })), [["plan", "policy"]]);
        assert.deepStrictEqual(cycles(graphOf({ a: ["b"], b: ["c"], c: ["a"], d: ["a"] })), [["a", "b", "c"]]);
    });

    it("plan/ and policy/ import neither each other nor the library: only resource/ and vocabulary/; the library imports neither", () => {
        for (const engine of Object.keys(ENGINES)) assert.ok(graph.has(engine), `sdk/src/${engine}/ is measured`);
        assert.deepStrictEqual(boundaryViolations(graph), []);
    });

    it("refuses plan -> policy, policy -> plan, an engine reaching the library directly or through vocabulary/, and the library importing an engine", () => {
        assert.deepStrictEqual(boundaryViolations(graphOf({ plan: ["policy"], policy: ["vocabulary"] })), ["plan/ reaches policy/"]);
        assert.deepStrictEqual(boundaryViolations(graphOf({ policy: ["plan"], plan: [] })), ["policy/ reaches plan/"]);
        assert.deepStrictEqual(boundaryViolations(graphOf({ policy: ["azure"], azure: ["core"] })), ["policy/ reaches azure/", "policy/ reaches core/"]);
        assert.deepStrictEqual(boundaryViolations(graphOf({ plan: ["vocabulary"], vocabulary: ["config"] })), ["plan/ reaches config/"]);
        assert.deepStrictEqual(boundaryViolations(graphOf({ resource: ["plan"], plan: ["resource"] })), ["resource/ reaches plan/"]);
        assert.deepStrictEqual(boundaryViolations(graphOf({ ".": ["plan"], hub: ["policy", "resource"] })), [
            "library folder hub/ imports policy/",
            "library folder hub/ imports resource/",
            "library folder sdk/src/ imports plan/",
        ]);
        assert.deepStrictEqual(boundaryViolations(graphOf({ plan: ["resource", "vocabulary"], policy: ["resource"], resource: ["vocabulary"], hub: ["vocabulary"] })), []);
    });

    // Every folder of sdk/src, the top (".") included, measured on the formatted code (`npm run lint` holds the format).
    const HELD = [...graph.keys()];

    it(`no function over ${MAX_FUNCTION_LINES} lines anywhere in sdk/src`, () => {
        assert.ok(HELD.includes(".") && HELD.includes("deployment") && HELD.includes("plan"), HELD.join(", "));
        assert.deepStrictEqual(longFunctions(functionLengths(), HELD), []);
    });

    it('refuses a function over the limit in a folder it holds (the top of sdk/src is "."), and only there', () => {
        const fake: FunctionLength[] = [
            { file: "plan/run.ts", name: "planProgram", line: 10, lines: MAX_FUNCTION_LINES + 1 },
            { file: "plan/cli.ts", name: "main", line: 3, lines: MAX_FUNCTION_LINES },
            { file: "spec.ts", name: "deploymentSpec", line: 1, lines: 209 },
        ];
        assert.deepStrictEqual(longFunctions(fake, ["plan", "policy"]), [`plan/run.ts:10 planProgram ${MAX_FUNCTION_LINES + 1}`]);
        assert.deepStrictEqual(longFunctions(fake, ["."]), ["spec.ts:1 deploymentSpec 209"]);
    });
});
