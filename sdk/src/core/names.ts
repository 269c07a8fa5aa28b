import { createHash } from "node:crypto";

/** `release/*` -> `release`: the readable part of a child resource's name. */
export const slug = (s: string) =>
    s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");

/**
 * A resource-name part for each of `values`: its slug, plus a short hash of the value where two values
 * share a slug (`release/*` and `release-*`), so sibling names never collide into one URN while the
 * common case keeps its plain, stable name.
 */
export function nameParts(values: string[]): (value: string) => string {
    const count = new Map<string, number>();
    for (const v of new Set(values)) count.set(slug(v), (count.get(slug(v)) ?? 0) + 1);
    return (v) => {
        const s = slug(v);
        return (count.get(s) ?? 0) > 1 ? `${s}-${createHash("sha256").update(v).digest("hex").slice(0, 6)}` : s;
    };
}
