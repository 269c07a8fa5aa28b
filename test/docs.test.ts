// The docs a reader walks: a short README, every relative link and anchor resolving, CI running the README's commands.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** The text outside fenced code blocks: headings and links inside them are examples, not the page's own. */
const prose = (md: string) => md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, "");

/** GitHub's anchor of a heading: lower case, punctuation dropped (backticks and link targets too), spaces as dashes. */
function slug(heading: string): string {
    return heading
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

/** The anchors of a page's headings, numbered as GitHub numbers repeats (`x`, `x-1`, ...). */
function anchors(md: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    for (const m of prose(md).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
        const base = slug(m[1]);
        const n = seen.get(base) ?? 0;
        out.add(n === 0 ? base : `${base}-${n}`);
        seen.set(base, n + 1);
    }
    return out;
}

/** Every relative link of a page (`file`, relative to the root) that leads nowhere, with the reason. */
function brokenLinks(file: string, md: string, readFile: (f: string) => string | undefined): string[] {
    const text = prose(md).replace(/`[^`\n]*`/g, "``");
    const broken: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [where, anchor] = target.split("#", 2);
        const resolved = where === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), where));
        const content = readFile(resolved);
        if (content === undefined) {
            broken.push(`${file}: ${target} (no ${resolved})`);
        } else if (anchor !== undefined && resolved.endsWith(".md") && !anchors(content).has(anchor)) {
            broken.push(`${file}: ${target} (no heading #${anchor} in ${resolved})`);
        }
    }
    return broken;
}

/** A file's text, "" for a folder, undefined when nothing is there. */
function fromDisk(file: string): string | undefined {
    const full = path.join(ROOT, file);
    if (!fs.existsSync(full)) return undefined;
    return fs.statSync(full).isDirectory() ? "" : fs.readFileSync(full, "utf8");
}

const PAGES = [
    "README.md",
    "CONTRIBUTING.md",
    ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
    ...fs
        .readdirSync(path.join(ROOT, "examples"))
        .map((d) => `examples/${d}/README.md`)
        .filter((f) => fs.existsSync(path.join(ROOT, f))),
];

describe("docs: pages a reader can walk", () => {
    it("the README is a guide of at most 300 lines", () => {
        const lines = read("README.md").split("\n").length;
        assert.ok(lines <= 300, `README.md has ${lines} lines`);
    });

    it("the pages the README leads to exist: reference, sharing, CI, security, operations, contributing", () => {
        const readme = read("README.md");
        for (const page of ["docs/reference.md", "docs/sharing.md", "docs/ci.md", "docs/security.md", "docs/operations.md", "docs/adoption.md", "docs/action-contracts.md", "CONTRIBUTING.md"]) {
            assert.ok(readme.includes(`](${page})`), `README links ${page}`);
        }
    });

    it("every relative link and anchor in README, CONTRIBUTING, docs/ and the examples' READMEs resolves", () => {
        assert.ok(PAGES.length >= 15, PAGES.join(", "));
        assert.deepStrictEqual(
            PAGES.flatMap((p) => brokenLinks(p, read(p), fromDisk)),
            [],
        );
    });

    it("the check finds a missing file and a missing anchor, and reads anchors as GitHub writes them", () => {
        const pages: Record<string, string> = {
            "docs/a.md": "# Page\n## The offline plan (`npm run plan`)\n## Sharing one fleet: who owns what\n## Repeat\n## Repeat\n```\n## Not a heading\n```\n",
        };
        const readFile = (f: string) => pages[f];
        assert.deepStrictEqual([...anchors(pages["docs/a.md"])], ["page", "the-offline-plan-npm-run-plan", "sharing-one-fleet-who-owns-what", "repeat", "repeat-1"]);
        const md =
            "[ok](a.md#repeat-1) [here](#page) [web](https://x.invalid/y#z) `[code](nowhere.md)`\n" +
            "[gone](b.md) [bad anchor](a.md#not-a-heading) [up](../docs/a.md#sharing-one-fleet-who-owns-what)";
        assert.deepStrictEqual(brokenLinks("docs/a.md", md, readFile), ["docs/a.md: b.md (no docs/b.md)", "docs/a.md: a.md#not-a-heading (no heading #not-a-heading in docs/a.md)"]);
    });

    it("the README's first commands set up, run the main job and test; CI runs its set-up and test commands", () => {
        const first = read("README.md").match(/```bash\n([\s\S]*?)```/);
        assert.ok(first, "the README opens with a bash block");
        const commands = first![1]
            .split("\n")
            .map((l) => l.replace(/#.*$/, "").trim())
            .filter(Boolean);
        assert.deepStrictEqual(commands, ["npm ci", "npm run plan", "npm test"]);
        // .ci/run: `npm ci` (quieter flags allowed) and exactly `npm test`, nothing else runs.
        const ci = read(".ci/run")
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith("#") && !/^(set|cd) /.test(l));
        assert.strictEqual(ci.length, 2, ci.join("\n"));
        assert.match(ci[0], /^npm ci( --[a-z-]+)*$/);
        assert.strictEqual(ci[1], "npm test");
    });
});
