// Every program this repository ships or tests with (the root sample, each example, each plan and policy fixture, each
// stack of the diff fixture), planned offline as users plan it, and every Kubernetes object it applies on the hub
// created on one hub in the plan's order, through the hub's whole admission (validators/fleet): the CRDs' schema, CEL
// rules and kubefleet's webhooks for Fleet objects, the hub's webhooks for the rest.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import * as sdk from "../sdk/src";
import { Hub } from "./validators/fleet/admission";
import { run } from "./harness";
import { FLEET, REGISTRY } from "./fixtures";
import { programFolders } from "./programFolders";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");

/** Fixtures that exist to be refused before anything is applied, each with why. */
const REFUSED_ON_PURPOSE: Record<string, string> = {
    "test/fixtures/plan/broken": "a program that throws",
    "test/fixtures/plan/unknown-invoke": "an invoke no answer covers",
    "test/fixtures/plan/root-broken-config": "a broken stack config",
    "test/fixtures/plan/two-fleets-mistakes": "three components refused in one run",
    "test/fixtures/plan/config-keys": "several stack files and no --stack (each stack: config keys a program cannot see)",
};
/** Fixtures that declare one object twice on purpose: the hub answers AlreadyExists, as the plan's conflict detector says. */
const CONFLICTING_ON_PURPOSE = new Set(["test/fixtures/plan/conflicts"]);
/** A Pulumi YAML program: the offline plan runs Node.js programs, so its components are constructed here (below). */
const YAML_PROGRAM = "examples/yaml";

function programs(): { dir: string; stack?: string }[] {
    const dirs = [".", ...["examples", "test/fixtures/plan", "test/fixtures/policy"].flatMap(programFolders)];
    const withProgram = dirs.filter((d) => !(d in REFUSED_ON_PURPOSE) && d !== YAML_PROGRAM);
    const diffStacks = fs
        .readdirSync(path.join(ROOT, "test/fixtures/diff"))
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s);
    return [...withProgram.map((dir) => ({ dir })), ...diffStacks.map((stack) => ({ dir: "test/fixtures/diff", stack }))];
}

function plan(dir: string, stack?: string): any {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "admission-"));
    const r = spawnSync(process.execPath, [CLI, "plan", dir, "--out", out, "--allow-conflicts", ...(stack ? ["--stack", stack] : [])], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
    const file = path.join(out, "plan.json");
    assert.ok(fs.existsSync(file), `${dir} ${stack ?? ""} planned: ${r.stderr}`);
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * Every hub object a plan applies, in its order, per hub: Kubernetes resources that are not providers, grouped by the
 * API server of the provider they go through (two providers of one server are one hub), else by the provider.
 */
function hubObjects(p: any): any[][] {
    const byUrn = new Map<string, any>(p.resources.map((r: any) => [r.urn, r]));
    const hubOf = (ref: string | null) => {
        const provider = ref ? byUrn.get(ref.substring(0, ref.lastIndexOf("::"))) : undefined;
        if (!provider?.cluster) return ref;
        const url = new URL(provider.cluster);
        return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, "")}`;
    };
    const hubs = new Map<string | null, any[]>();
    for (const r of p.resources.filter((x: any) => x.custom && String(x.type).startsWith("kubernetes:") && !String(x.type).startsWith("pulumi:providers:"))) {
        const hub = hubOf(r.options.provider);
        hubs.set(hub, [...(hubs.get(hub) ?? []), r.inputs]);
    }
    return [...hubs.values()];
}

describe("every program's hub objects through the hub's whole admission", function () {
    this.timeout(600000);
    const all = programs();

    it("finds the root sample, every example with a program, and every fixture", () => {
        for (const d of [
            ".",
            "examples/quickstart",
            "examples/platform",
            "examples/monorepo",
            "examples/managed-namespace",
            "examples/existing-namespace-helm",
            "examples/multi-stack/platform",
            "examples/multi-stack/team-a",
            "examples/multi-stack/team-b",
            "test/fixtures/policy/workflow",
            "test/fixtures/plan/cross-stack/team",
        ]) {
            assert.ok(
                all.some((p) => p.dir === d),
                d,
            );
        }
        assert.ok(all.filter((p) => p.dir === "test/fixtures/diff").length >= 3, "each diff stack");
    });

    for (const { dir, stack } of programs()) {
        it(`${dir}${stack ? ` (stack ${stack})` : ""}`, () => {
            // Each hub admits its own objects: two fleets' namespaces of one name are two objects.
            const refused = hubObjects(plan(dir, stack)).flatMap((objects) => {
                const hub = new Hub();
                return objects.flatMap((o: any) => hub.create(o).map((e) => `${o.kind}/${o.metadata?.name}: ${e}`));
            });
            if (CONFLICTING_ON_PURPOSE.has(dir))
                assert.ok(
                    refused.some((e: string) => e.includes("AlreadyExists")),
                    `${dir} declares an object twice`,
                );
            else assert.deepStrictEqual(refused, []);
        });
    }

    it(`${YAML_PROGRAM}: its components constructed from the YAML, config filled with the fixtures' ids`, async () => {
        const program = YAML.parse(fs.readFileSync(path.join(ROOT, YAML_PROGRAM, "Pulumi.yaml"), "utf8"));
        const config: Record<string, string> = { "${fleetId}": FLEET, "${registryId}": REGISTRY };
        const fill = (v: unknown): unknown =>
            typeof v === "string" ? (config[v] ?? v) : Array.isArray(v) ? v.map(fill) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
        const { planned } = await run(() => {
            for (const [name, r] of Object.entries<any>(program.resources)) {
                const Component = (sdk as Record<string, any>)[String(r.type).split(":").pop()!];
                assert.ok(Component, r.type);
                new Component(name, fill(r.properties));
            }
        });
        const objects = planned.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers:")).map((r) => r.inputs);
        assert.ok(
            objects.some((o: any) => o.kind === "ClusterResourcePlacement"),
            "it places",
        );
        const hub = new Hub();
        assert.deepStrictEqual(
            objects.flatMap((o: any) => hub.create(o)),
            [],
        );
    });
});
