// Multi-line text inputs (a workflow's `content`, a ConfigMap's data) changed in place: shown as unified diffs, the
// way a reviewer reads a file change, instead of a path name alone. Pure; the diff itself is jsdiff's, an optional peer
// of the package (plan/optionalPeer.ts): only the plan diff loads it.
import type * as JsDiff from "diff";
import { optionalPeer } from "./optionalPeer";

/** jsdiff, or an error naming the command that installs it. */
export const jsdiff = (): typeof JsDiff => optionalPeer("diff", "the plan diff (fleet-autodeploy plan --compare)", () => require("diff"));

/** One changed multi-line string input: its path and its text before and after. */
export interface TextChange {
    path: string;
    before: string;
    after: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const key = (at: string, k: string) => (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k) ? (at ? `${at}.${k}` : k) : `${at}[${JSON.stringify(k)}]`);
const multiline = (v: unknown): v is string => typeof v === "string" && v.includes("\n");

/** The string inputs that differ and span several lines on either side, at the paths `changedPaths` gives them. */
export function changedTexts(before: unknown, after: unknown, at = ""): TextChange[] {
    if (isObject(before) && isObject(after)) {
        return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((k) => changedTexts(before[k], after[k], key(at, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => changedTexts(before[i], after[i], `${at}[${i}]`)).flat();
    }
    if (before === after || !(multiline(before) || multiline(after))) return [];
    const text = (v: unknown) => (typeof v === "string" ? v : "");
    return [{ path: at, before: text(before), after: text(after) }];
}

/** The unified diff of one change (hunks only, 3 lines of context), at most `maxLines` lines, then a count of the rest. */
export function unifiedDiff(change: TextChange, maxLines = 150): string {
    const patch = jsdiff().structuredPatch("before", "after", change.before, change.after, undefined, undefined, { context: 3 });
    const lines = patch.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
    if (lines.length <= maxLines) return lines.join("\n");
    return [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more lines of diff`].join("\n");
}
