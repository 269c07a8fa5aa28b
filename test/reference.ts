// Locates shared/reference (the reviewed facts, pins and Fleet CRDs): $SHARED_REFERENCE_DIR, else ../shared/reference
// beside the checkout (CI clones the project with shared/ beside it). Where neither exists, every test that reads it
// is skipped (said once), and everything else runs: referenceDir() skips the test, or the suite of the before hook,
// that asked for it. Which runnable that is, mocha does not say to a helper, so its Runnable#run is wrapped to record it.
import * as fs from "node:fs";
import * as path from "node:path";

/** Where the reference is looked for, in order. */
export function referenceCandidates(): string[] {
    return [process.env.SHARED_REFERENCE_DIR, path.resolve(__dirname, "../../shared/reference")].filter((c): c is string => !!c);
}

/** The reference folder (the one with FACTS.md), or undefined. */
export function findReferenceDir(): string | undefined {
    return referenceCandidates().find((c) => fs.existsSync(path.join(c, "FACTS.md")));
}

interface Skippable {
    skip(): never;
}
let running: Skippable | undefined;
try {
    // The mocha that runs the tests (the same module file as ours); absent outside a test run.
    const Runnable = require("mocha/lib/runnable");
    const run = Runnable.prototype.run;
    if (!run.recordsRunning) {
        Runnable.prototype.run = function (this: Skippable, ...args: unknown[]) {
            running = this;
            return run.apply(this, args);
        };
        Runnable.prototype.run.recordsRunning = true;
    }
} catch {
    /* not under mocha */
}

let told = false;

export function referenceDir(): string {
    const found = findReferenceDir();
    if (found) return found;
    const message = `shared/reference not found (tried ${referenceCandidates().join(", ")}): the tests that read it are skipped; set SHARED_REFERENCE_DIR to run them`;
    if (!told) {
        told = true;
        console.log(message);
    }
    // Marks the test pending (from a before hook: its suite) and aborts it; mocha checks pending before any error,
    // so code under test that catches the abort does not turn it into a failure.
    running?.skip();
    throw new Error(message);
}
