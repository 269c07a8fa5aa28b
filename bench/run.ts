// npm run bench: the library's own cost, side by side with the floor (the same resources written by
// hand), planned offline in fresh processes. Prints medians and ratios; writes bench/results.json.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mainCommand, printMainCommand } from "./command";
import { floorProgram, libraryProgram, writeProgram } from "./programs";

const ROOT = path.resolve(__dirname, "..");
const NODE = process.execPath;
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
const PEAK = path.join(__dirname, "peak.js");
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-bench-"));
const quick = process.argv.includes("--quick");
const SIZES: [number, number][] = quick
    ? [
          [1, 2],
          [10, 5],
      ]
    : [
          [1, 2],
          [10, 5],
          [100, 20],
          [300, 50],
      ];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// Pulumi's runtime keeps about 200 KB per registered resource until the program ends, so 20,000
// resources outgrow Node's default 4 GB heap (under \`pulumi up\` too: NODE_OPTIONS=--max-old-space-size).
// Library and floor get the same heap, and a larger young generation (the runtime allocates fast).
const HEAP = ["--max-old-space-size=8192", "--max-semi-space-size=64"];

interface Sample {
    ms: number;
    peakMB: number;
}

function measure(args: string[], cwd = ROOT): Sample & { stdout: string } {
    const peakFile = path.join(WORK, `peak-${process.hrtime.bigint()}`);
    const start = process.hrtime.bigint();
    const r = spawnSync(NODE, [...HEAP, "--require", PEAK, ...args], { cwd, encoding: "utf8", env: { ...process.env, BENCH_PEAK_FILE: peakFile }, maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr}`);
    return { ms, peakMB: Number(fs.readFileSync(peakFile, "utf8")) / 1024, stdout: r.stdout };
}

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n: number, d = 0) => n.toFixed(d);

function medianOf(samples: Sample[]): Sample {
    return { ms: median(samples.map((s) => s.ms)), peakMB: median(samples.map((s) => s.peakMB)) };
}

function planSize(apps: number, members: number) {
    const lib = writeProgram(path.join(WORK, `lib-${apps}x${members}`), "bench-library", libraryProgram(apps, members));
    const floor = writeProgram(path.join(WORK, `floor-${apps}x${members}`), "bench-floor", floorProgram(apps, members));
    const samples = { library: [] as Sample[], floor: [] as Sample[] };
    const resources = { library: 0, floor: 0 };
    for (let i = 0; i < RUNS; i++) {
        // Alternate the order so neither program always runs on a warmer machine.
        const order = i % 2 === 0 ? (["library", "floor"] as const) : (["floor", "library"] as const);
        for (const kind of order) {
            const dir = kind === "library" ? lib : floor;
            const out = path.join(WORK, `out-${kind}`);
            const s = measure([CLI, "plan", dir, "--out", out]);
            samples[kind].push(s);
            const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
            resources[kind] = plan.resources.filter((r: { custom: boolean }) => r.custom).length;
        }
    }
    const library = medianOf(samples.library),
        floorM = medianOf(samples.floor);
    const customResourcesPerApp = { library: resources.library / apps, floor: resources.floor / apps };
    return { apps, members, customResources: resources, customResourcesPerApp, library, floor: floorM, timeRatio: library.ms / floorM.ms, memoryRatio: library.peakMB / floorM.peakMB };
}

function coldStart() {
    const runs = Math.max(RUNS, 7);
    const load = (what: string) => medianOf(Array.from({ length: runs }, () => measure(["-e", `require(${JSON.stringify(what)})`])));
    const library = load("fleet-autodeploy"),
        pulumi = load("@pulumi/pulumi");
    return { runs, library, pulumi, timeRatio: library.ms / pulumi.ms, memoryRatio: library.peakMB / pulumi.peakMB };
}

function compile() {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    const run = (dir: string) => medianOf(Array.from({ length: RUNS }, () => measure([tsc, "-p", path.join(__dirname, "compile", dir)])));
    const library = run("library"),
        raw = run("raw");
    return { library, raw, timeRatio: library.ms / raw.ms };
}

function main() {
    const began = Date.now();
    const machine = {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? "unknown",
        memoryGB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
    };
    console.log(`fleet-autodeploy benchmarks: ${machine.cpus} x ${machine.cpu}, ${machine.memoryGB} GB, Node ${machine.node}; median of ${RUNS} runs each`);
    console.log("\nPlan (offline, fresh process each): library vs floor (same resources written by hand)");
    console.log("  apps x members | resources lib/floor | per app lib/floor | time ms lib / floor | ratio | peak MB lib / floor | ratio | ms per app");
    const plan: ReturnType<typeof planSize>[] = [];
    for (const [apps, members] of SIZES) {
        const r = planSize(apps, members);
        plan.push(r);
        console.log(
            `  ${`${apps} x ${members}`.padEnd(14)} | ${`${r.customResources.library}/${r.customResources.floor}`.padEnd(19)} | ${`${fmt(r.customResourcesPerApp.library, 2)}/${fmt(r.customResourcesPerApp.floor, 2)}`.padEnd(17)} | ${`${fmt(r.library.ms)} / ${fmt(r.floor.ms)}`.padEnd(19)} | ${fmt(r.timeRatio, 2)}  | ${`${fmt(r.library.peakMB)} / ${fmt(r.floor.peakMB)}`.padEnd(19)} | ${fmt(r.memoryRatio, 2)}  | ${fmt(r.library.ms / apps, 1)}`,
        );
    }
    // Linear growth: time per app from one size to the next should stay flat (1.0 = perfectly linear).
    const growth = plan.slice(1).map((r, i) => ({
        from: `${plan[i].apps}x${plan[i].members}`,
        to: `${r.apps}x${r.members}`,
        perResourceTimeRatio: r.library.ms / r.customResources.library / (plan[i].library.ms / plan[i].customResources.library),
    }));
    console.log("\nGrowth: time per resource relative to the previous size (1.00 = linear)");
    for (const g of growth) console.log(`  ${g.from} -> ${g.to}: ${fmt(g.perResourceTimeRatio, 2)}`);

    const cold = coldStart();
    console.log(
        `\nCold start (require in a fresh process, median of ${cold.runs}): fleet-autodeploy ${fmt(cold.library.ms)} ms / ${fmt(cold.library.peakMB)} MB, @pulumi/pulumi ${fmt(cold.pulumi.ms)} ms / ${fmt(cold.pulumi.peakMB)} MB; ratio ${fmt(cold.timeRatio, 2)} time, ${fmt(cold.memoryRatio, 2)} memory`,
    );
    const tsc = compile();
    console.log(
        `Compile (tsc --noEmit, median of ${RUNS}): quickstart with the library ${fmt(tsc.library.ms)} ms, the same program with raw resources ${fmt(tsc.raw.ms)} ms; ratio ${fmt(tsc.timeRatio, 2)}`,
    );

    const command = mainCommand(RUNS);
    printMainCommand(command);

    const results = { date: new Date().toISOString(), machine, runs: RUNS, plan, growth, coldStart: cold, compile: tsc, mainCommand: command };
    if (!quick) fs.writeFileSync(path.join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    fs.rmSync(WORK, { recursive: true, force: true });
    console.log(quick ? "\n(--quick: results.json not written)" : "\nWrote bench/results.json");
    console.log(`Bench took ${fmt((Date.now() - began) / 60000, 1)} minutes.`);
}

main();
