// What the redesign of issue 25 must not change: every URN and every input of every example and fixture plan.
// Each program folder is planned as `fleet-autodeploy plan DIR@STACK --show-secrets` would (secrets in clear, so
// they are compared too), and each resource is kept as one digest per field and per input, keyed by URN: a
// mismatch names the resource and the input that moved, and the file stays small enough to review.
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { programFolders } from "../programFolders";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");

/** Every program folder of the examples and fixtures, and the root program, with each of its stack files. */
export function goldenTargets(): string[] {
    const folders = [
        ".",
        ...["examples", "test/fixtures/plan", "test/fixtures/diff", "test/fixtures/policy"].flatMap((rel) => (fs.existsSync(path.join(ROOT, rel, "Pulumi.yaml")) ? [rel] : programFolders(rel))),
    ];
    return folders.flatMap((dir) => {
        const stacks = fs
            .readdirSync(path.join(ROOT, dir))
            .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => !!s)
            .sort();
        return stacks.length === 0 ? [dir] : stacks.map((s) => `${dir}@${s}`);
    });
}

/** A value's digest: JSON with object keys sorted (an input's key order is not something Pulumi sends), sha256. */
export function digestOf(value: unknown): string {
    const canonical = (v: unknown): unknown =>
        Array.isArray(v)
            ? v.map(canonical)
            : v && typeof v === "object"
              ? Object.fromEntries(
                    Object.keys(v)
                        .sort()
                        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
                )
              : v;
    return crypto
        .createHash("sha256")
        .update(JSON.stringify(canonical(value)) ?? "undefined")
        .digest("hex")
        .slice(0, 16);
}

export type ResourceDigest = Record<string, string>;
/**
 * Per target: the resources by URN (each field and each input digested), or, for a plan that fails, its exit code
 * and what it printed on stderr (paths of this checkout and of the scratch folder taken out).
 */
export type PlanDigest = { resources: Record<string, ResourceDigest> } | { exitCode: number; stderr: string };

export function digestPlan(plan: { resources: Array<Record<string, unknown> & { urn: string }> }): Record<string, ResourceDigest> {
    const out: Record<string, ResourceDigest> = {};
    for (const r of plan.resources) {
        const fields: ResourceDigest = {};
        for (const [k, v] of Object.entries(r)) {
            if (k === "inputs" && v && typeof v === "object") for (const [ik, iv] of Object.entries(v)) fields[`inputs.${ik}`] = digestOf(iv);
            else if (k !== "urn") fields[k] = digestOf(v);
        }
        out[r.urn] = fields;
    }
    return out;
}

function planOne(target: string, out: string): Promise<PlanDigest> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, "plan", target, "--out", out, "--show-secrets", "--allow-conflicts"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => {
            const file = path.join(out, "plan.json");
            const printed = stderr.split(out).join("<out>").split(ROOT).join("<root>");
            resolve(code === 0 && fs.existsSync(file) ? { resources: digestPlan(JSON.parse(fs.readFileSync(file, "utf8"))) } : { exitCode: code ?? -1, stderr: printed });
        });
    });
}

/** Plans every target, two at a time (one CPU each), into a scratch folder it removes. */
export async function planDigests(targets = goldenTargets()): Promise<Record<string, PlanDigest>> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "golden-"));
    const result: Record<string, PlanDigest> = {};
    try {
        let next = 0;
        const worker = async () => {
            for (let i = next++; i < targets.length; i = next++) result[targets[i]] = await planOne(targets[i], path.join(scratch, String(i)));
        };
        await Promise.all([worker(), worker()]);
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    return Object.fromEntries(targets.map((t) => [t, result[t]]));
}
