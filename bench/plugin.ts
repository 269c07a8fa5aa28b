// npx ts-node --transpile-only bench/plugin.ts: the package started as Pulumi starts a component plugin (run-plugin,
// driven by the stand-in engine of test/provider/engine.ts), timed to the printed port, GetSchema and the first
// Construct; median of BENCH_RUNS (5) fresh starts, through the analyzer (FLEET_AUTODEPLOY_ANALYZE_SCHEMA=1, what
// Pulumi's component host does by itself) and with the committed schema.json. Needs `npm run build` first.
import * as fs from "node:fs";
import * as path from "node:path";
import { Plugin } from "../test/provider/engine";
import { ANALYZE_SCHEMA_ENV } from "../sdk/src/plugin";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SUB = "11111111-2222-3333-4444-555555555555";
const INPUTS = {
    registryId: `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoacr`,
    fleetId: `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/hub`,
    members: [{ name: "member-southeastasia" }],
};

interface Sample {
    port: number;
    schema: number;
    construct: number;
    total: number;
}

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One fresh start: GetSchema, then Construct, as the engine calls them for a YAML program. */
async function sample(env: Record<string, string>, schemaFirst: boolean): Promise<Sample> {
    const start = process.hrtime.bigint();
    const plugin = await Plugin.start({ env });
    try {
        let t = process.hrtime.bigint();
        if (schemaFirst) await plugin.getSchema();
        const schema = since(t);
        await plugin.configure();
        t = process.hrtime.bigint();
        await plugin.construct({ type: "fleet-autodeploy:index:FleetMemberRegistryAccess", name: "shared-pull", inputs: INPUTS });
        const construct = since(t);
        return { port: plugin.portMs, schema, construct, total: since(start) };
    } finally {
        await plugin.stop();
    }
}

async function medians(label: string, env: Record<string, string>, schemaFirst = true): Promise<Sample> {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await sample(env, schemaFirst));
    const m = {
        port: median(samples.map((s) => s.port)),
        schema: median(samples.map((s) => s.schema)),
        construct: median(samples.map((s) => s.construct)),
        total: median(samples.map((s) => s.total)),
    };
    console.log(`${label.padEnd(18)} ${fmt(m.port)} ${fmt(m.schema)} ${fmt(m.construct)} ${fmt(m.total)}`);
    return m;
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(9)} ms`;

(async () => {
    if (!fs.existsSync(path.resolve(__dirname, "../sdk/bin/plugin.js"))) throw new Error("run `npm run build` first");
    console.log(`median of ${RUNS} starts      to port     GetSchema  1st Construct         total`);
    const before = await medians("analyzer (before)", { [ANALYZE_SCHEMA_ENV]: "1" });
    const after = await medians("schema.json", {});
    const ratio = (k: keyof Sample) => `${(before[k] / after[k]).toFixed(1)}x`.padStart(12);
    console.log(`${"ratio".padEnd(18)} ${ratio("port")} ${ratio("schema")} ${ratio("construct")} ${ratio("total")}`);
    // A program whose SDK never asks for the schema (Python, Go, C#): the first Construct needs the components'
    // outputs, which the analyzer computes then.
    console.log("\nConstruct without GetSchema first");
    const coldBefore = await medians("analyzer (before)", { [ANALYZE_SCHEMA_ENV]: "1" }, false);
    const coldAfter = await medians("schema.json", {}, false);
    console.log(
        `${"ratio".padEnd(18)} ${`${(coldBefore.port / coldAfter.port).toFixed(1)}x`.padStart(12)} ${"-".padStart(12)} ${`${(coldBefore.construct / coldAfter.construct).toFixed(1)}x`.padStart(12)} ${`${(coldBefore.total / coldAfter.total).toFixed(1)}x`.padStart(12)}`,
    );
})().catch((e) => {
    console.error(e);
    process.exit(1);
});
