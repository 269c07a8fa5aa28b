// The repository runs on any machine: no tracked file holds a path of the machine it was written on (the checkout's
// own folder, a home, a temporary folder).
import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

// An absolute path under a machine's own folders (not the tail of a longer path such as $TMPDIR/x/work/...).
const MACHINE_PATH = /(?<![\w.$~-])\/(?:work|home|Users|tmp)\/[^\s"'\\,)]*/g;
// What generated Dockerfiles write inside the image (container paths, not this machine's).
const ALLOWED = [/^\/tmp\/composer-cache/, /^\/tmp\/requirements\.txt/];
// This file: its examples of what the check finds.
const EXAMPLES = new Set(["test/portability.test.ts"]);

function machinePaths(text: string, own: string): string[] {
    const found = [...text.matchAll(MACHINE_PATH)].map((m) => m[0]).filter((p) => !ALLOWED.some((a) => a.test(p)));
    return text.includes(own) ? [...found, own] : found;
}

describe("portability: no path of this machine in the repository", () => {
    it("no tracked file holds an absolute path of a machine's folders, or of this checkout", function () {
        let tracked: string[];
        try {
            tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, maxBuffer: 64 << 20 })
                .toString()
                .split("\0")
                .filter(Boolean);
        } catch {
            this.skip(); // not a git checkout (an unpacked copy): nothing is tracked
        }
        assert.ok(tracked!.length > 100, "git lists the repository's files");
        const problems: string[] = [];
        for (const file of tracked!) {
            const full = path.join(ROOT, file);
            if (EXAMPLES.has(file) || !fs.existsSync(full) || fs.statSync(full).isDirectory()) continue;
            const text = fs.readFileSync(full, "utf8");
            // .gitignore's /tmp/ is a pattern relative to the checkout.
            const found = machinePaths(file === ".gitignore" ? text.replace(/^\/tmp\/$/m, "") : text, ROOT);
            if (found.length > 0) problems.push(`${file}: ${[...new Set(found)].slice(0, 3).join(", ")}`);
        }
        assert.deepStrictEqual(problems, []);
    });

    it("the check finds such a path, and leaves a container's /tmp and a relative path alone", () => {
        assert.deepStrictEqual(machinePaths('"projectRoot": "/work/main"', "/checkout"), ["/work/main"]);
        assert.deepStrictEqual(machinePaths("at /home/me/x.ts:1 and /checkout/test", "/checkout"), ["/home/me/x.ts:1", "/checkout"]);
        assert.deepStrictEqual(machinePaths("RUN pip install -r /tmp/requirements.txt; $TMPDIR/fleet-step-abc123/work/chart.yaml", "/checkout"), []);
    });
});
