#!/usr/bin/env node
import * as path from "path";
import { parseArgs } from "util";
import { planProgram, ProgramError } from "./run";
import { summarize } from "./summary";
import { writeComparison } from "./compare";

const USAGE = `Usage: fleet-autodeploy plan [PROGRAM_DIR] [--stack NAME] [--out DIR] [--answers FILE] [--compare BASE_PLAN_JSON] [--allow-conflicts] [--show-secrets] [--verbose]

Plans a Pulumi Node.js program offline, under deterministic mocks: no cloud, no Pulumi CLI, no credentials.
Exits 3 when resources conflict (declare one cloud object, e.g. one GitHub variable or role assignment), 1 on errors.
  PROGRAM_DIR      the program's folder (with Pulumi.yaml)          default: .
  --stack NAME     use Pulumi.NAME.yaml for config                  default: sample, else the only stack file
  --out DIR        where plan.json, files/ and kubernetes/ go       default: out
  --answers FILE   extra answers: {"invokes": {TOKEN: {...}}, "resources": {TYPE: {...}}}
  --compare FILE   diff against a base plan (its plan.json): writes diff.json and diff.md next to plan.json
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
            "allow-conflicts": { type: "boolean", default: false },
            "show-secrets": { type: "boolean", default: false },
            verbose: { type: "boolean", default: false },
            help: { type: "boolean", short: "h", default: false },
        },
    });
    const [command, dir = "."] = positionals;
    if (values.help || command !== "plan") {
        (values.help ? console.log : console.error)(USAGE);
        return values.help ? 0 : 2;
    }
    const tty = process.stderr.isTTY;
    process.stderr.write(`planning ${path.resolve(dir)}${values.stack ? ` (stack ${values.stack})` : ""}...${tty ? "" : "\n"}`);
    try {
        const result = await planProgram({
            programDir: dir,
            stack: values.stack,
            outDir: values.out,
            answersFile: values.answers,
            stackTraces: values.verbose,
            showSecrets: values["show-secrets"],
            onProgress: tty ? (n) => process.stderr.write(`\rplanning ${path.resolve(dir)}: ${n} resources registered`) : undefined,
        });
        if (tty) process.stderr.write("\n");
        console.log(summarize(result, values.out!));
        if (values.compare) {
            const { diff, flags } = writeComparison(values.compare, result.plan, values.out!);
            console.log(`diff against ${values.compare}: ${diff.create.length} to create, ${diff.update.length} to update, ${diff.replace.length} to replace, ${diff.delete.length} to delete, ${diff.same} unchanged; ${flags.length} for a reviewer's eye (${path.join(values.out!, "diff.md")})`);
        }
        const conflicts = result.plan.conflicts.length;
        if (conflicts === 0) return 0;
        if (values["allow-conflicts"]) {
            console.error(`warning: ${conflicts} conflict${conflicts === 1 ? "" : "s"} (listed above), allowed by --allow-conflicts`);
            return 0;
        }
        console.error(`error: ${conflicts} conflict${conflicts === 1 ? "" : "s"} (listed above): \`pulumi up\` would fail; --allow-conflicts plans anyway`);
        return 3;
    } catch (err) {
        if (tty) process.stderr.write("\n");
        const message = err instanceof Error ? err.message : String(err);
        console.error(`error: ${message}`);
        if (values.verbose && err instanceof Error && err.stack) console.error(err.stack);
        else if (!(err instanceof ProgramError) && !(err instanceof Error && /Pulumi\.yaml|runtime|stack/.test(message))) console.error("(run with --verbose for the stack trace)");
        return 1;
    }
}

main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
}, (err) => {
    console.error(`error: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
});
