#!/usr/bin/env node
import * as path from "node:path";
import { parseArgs } from "node:util";
import { MAX_CHILDREN, parseTarget, planMany } from "./many";
import type * as Compare from "./compare";
import type * as Run from "./run";
import type * as Summary from "./summary";
import type * as TextDiff from "./textDiff";

const USAGE = `Usage: fleet-autodeploy plan [PROGRAM_DIR[@STACK]...] [--stack NAME] [--out DIR] [--answers FILE] [--compare BASE_PLAN_JSON] [--policy-pack DIR] [--policy-pack-config FILE] [--allow-conflicts] [--show-secrets] [--verbose]

Plans a Pulumi Node.js program offline, under deterministic mocks: no cloud, no Pulumi CLI, no credentials.
Exits 3 when resources conflict (declare one cloud object, e.g. one GitHub variable or role assignment), 4 when a
mandatory policy of --policy-pack is violated, 1 on errors.
  PROGRAM_DIR      the program's folder (with Pulumi.yaml)          default: .
                   DIR@STACK: that folder's Pulumi.STACK.yaml, whatever --stack says
  PROGRAM_DIR...   several programs (the stacks sharing one fleet, registry or repository): each planned in its own
                   process, ${MAX_CHILDREN} at a time, into OUT/LABEL/ (LABEL: the folder's name, with @STACK when given, -2, -3...
                   when repeated); then conflicts ACROSS programs are reported as within one (exit 3, each resource
                   named with its program) and written to OUT/conflicts.json; a program that fails exits 1, naming it
  --stack NAME     use Pulumi.NAME.yaml for config (with several DIRs: for each DIR without @STACK)
                                                                    default: the only stack file (several: name one)
  --out DIR        where plan.json, files/ and kubernetes/ go       default: out
  --answers FILE   extra answers: {"invokes": {TOKEN: {...}}, "resources": {TYPE: {...}}}
  --compare FILE   diff against a base plan (its plan.json): writes diff.json and diff.md next to plan.json
  --policy-pack DIR  run a Pulumi policy pack's policies over the plan, as \`pulumi preview --policy-pack DIR\` would;
                   the library's own: node_modules/fleet-autodeploy/policy (violations in plan.json and the summary)
  --policy-pack-config FILE  enforcement levels, as \`pulumi preview --policy-pack-config\`: {"all"|POLICY: "advisory"|...}
  --allow-conflicts  report conflicts as warnings and exit 0
  --show-secrets   write secret values in clear in plan.json (as pulumi preview --show-secrets); never by default
  --verbose        show stack traces of program errors`;

async function main(argv: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            stack: { type: "string" },
            out: { type: "string", default: "out" },
            answers: { type: "string" },
            compare: { type: "string" },
            "policy-pack": { type: "string" },
            "policy-pack-config": { type: "string" },
            "allow-conflicts": { type: "boolean", default: false },
            "show-secrets": { type: "boolean", default: false },
            verbose: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
    });
    const [command, ...dirs] = positionals;
    if (values.help || command !== "plan") {
        (values.help ? console.log : console.error)(USAGE);
        return values.help ? 0 : 2;
    }
    if (dirs.length > 1) {
        if (values.compare) {
            console.error("error: --compare takes one program's base plan: give one PROGRAM_DIR (compare each program's OUT/LABEL/plan.json apart)");
            return 2;
        }
        const passThrough = [
            ...(["answers", "policy-pack", "policy-pack-config"] as const).flatMap((k) => (values[k] ? [`--${k}`, values[k]!] : [])),
            ...(["show-secrets", "verbose"] as const).flatMap((k) => (values[k] ? [`--${k}`] : [])),
        ];
        return planMany({ targets: dirs.map(parseTarget), stack: values.stack, out: values.out!, allowConflicts: values["allow-conflicts"]!, passThrough, cli: __filename });
    }
    // Loaded for one program only: Pulumi's runtime takes a second to load, which a run of several (planning none
    // itself) would spend before starting any.
    const { planProgram, ProgramError }: typeof Run = require("./run");
    const { summarize }: typeof Summary = require("./summary");
    const { writeComparison }: typeof Compare = require("./compare");
    // --compare's text diffs need jsdiff, an optional peer of the package: missing, it is said before planning, not after.
    if (values.compare) (require("./textDiff") as typeof TextDiff).jsdiff();
    const target = parseTarget(dirs[0] ?? ".");
    const dir = target.dir,
        stack = target.stack ?? values.stack;
    const tty = process.stderr.isTTY;
    process.stderr.write(`planning ${path.resolve(dir)}${stack ? ` (stack ${stack})` : ""}...${tty ? "" : "\n"}`);
    try {
        const result = await planProgram({
            programDir: dir,
            stack,
            outDir: values.out,
            answersFile: values.answers,
            stackTraces: values.verbose,
            showSecrets: values["show-secrets"],
            policyPack: values["policy-pack"],
            policyConfig: values["policy-pack-config"],
            onProgress: tty ? (n) => process.stderr.write(`\rplanning ${path.resolve(dir)}: ${n} resources registered`) : undefined,
        });
        if (tty) process.stderr.write("\n");
        console.log(summarize(result, values.out!));
        if (values.compare) {
            const { diff, flags } = writeComparison(values.compare, result.plan, values.out!);
            console.log(
                `diff against ${values.compare}: ${diff.create.length} to create, ${diff.update.length} to update, ${diff.replace.length} to replace, ${diff.delete.length} to delete, ${diff.leave.length} left running unmanaged, ${diff.same} unchanged; ${flags.length} for a reviewer's eye (${path.join(values.out!, "diff.md")})`,
            );
        }
        const conflicts = result.plan.conflicts.length;
        if (conflicts > 0 && !values["allow-conflicts"]) {
            console.error(`error: ${conflicts} conflict${conflicts === 1 ? "" : "s"} (listed above): \`pulumi up\` would fail; --allow-conflicts plans anyway`);
            return 3;
        }
        if (conflicts > 0) console.error(`warning: ${conflicts} conflict${conflicts === 1 ? "" : "s"} (listed above), allowed by --allow-conflicts`);
        const mandatory = result.plan.violations.filter((v) => v.enforcementLevel === "mandatory").length;
        if (mandatory > 0) {
            console.error(
                `error: ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"} (listed above): \`pulumi preview --policy-pack\` would fail; --policy-pack-config can lower a policy's level`,
            );
            return 4;
        }
        return 0;
    } catch (err) {
        if (tty) process.stderr.write("\n");
        const message = err instanceof Error ? err.message : String(err);
        console.error(`error: ${message}`);
        if (values.verbose && err instanceof Error && err.stack) console.error(err.stack);
        else if (!(err instanceof ProgramError) && !(err instanceof Error && /Pulumi\.yaml|runtime|stack/.test(message))) console.error("(run with --verbose for the stack trace)");
        return 1;
    }
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err) => {
        console.error(`error: ${err instanceof Error ? err.message : err}`);
        process.exitCode = 1;
    },
);
