// How a misspelt name is matched to a known one: one rule for the components' argument names (config/argumentShapes.ts)
// and a program's stack config keys (plan/configKeys.ts), so both suggest the same way.

/** The closest known key, for a misspelt one: same letters in another case, or at most two edits away. */
export function closest(key: string, known: string[]): string | undefined {
    const lower = key.toLowerCase();
    const same = known.find((k) => k.toLowerCase() === lower);
    if (same) return same;
    let best: string | undefined,
        bestDistance = 3;
    for (const k of known) {
        const d = editDistance(lower, k.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return best;
}

function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row;
    }
    return prev[b.length];
}
