// What "N resources" means, in one place: the summary's header, its groups and plan.json's `counts` all use it.
import type { PlannedResource } from "../resource/planned";
import { PulumiTypes } from "../vocabulary/tokens";

/** Every registration but the stack itself, by what it is. */
export interface ResourceCounts {
    /** Every resource but the stack: the sum of the others. */
    resources: number;
    /** Custom resources a provider creates (a cloud, GitHub or Kubernetes object, a Patch of one). */
    cloudObjects: number;
    /** Explicit providers (`pulumi:providers:*`): they hold credentials, not objects. */
    providers: number;
    /** Component resources: groupings only, nothing in a cloud. */
    components: number;
    /** Stack references: reads of another stack's outputs. */
    stackReferences: number;
}

export type Category = "cloudObjects" | "providers" | "components" | "stackReferences";

/** The category of a resource; undefined for the stack, which every count leaves out. */
export function categoryOf(r: Pick<PlannedResource, "type" | "custom">): Category | undefined {
    if (r.type === PulumiTypes.Stack) return undefined;
    if (r.type.startsWith(PulumiTypes.providerPrefix)) return "providers";
    if (r.type === PulumiTypes.StackReference) return "stackReferences";
    return r.custom ? "cloudObjects" : "components";
}

export function countResources(resources: Pick<PlannedResource, "type" | "custom">[]): ResourceCounts {
    const counts: ResourceCounts = { resources: 0, cloudObjects: 0, providers: 0, components: 0, stackReferences: 0 };
    for (const r of resources) {
        const c = categoryOf(r);
        if (!c) continue;
        counts[c]++;
        counts.resources++;
    }
    return counts;
}

const WORDS: Record<Category, [string, string]> = {
    cloudObjects: ["cloud object", "cloud objects"],
    providers: ["provider", "providers"],
    components: ["component", "components"],
    stackReferences: ["stack reference", "stack references"],
};

/** `72 cloud objects, 1 provider, 3 components`: the non-zero parts (and `always` that one, even at 0). */
export function countParts(c: ResourceCounts, always?: Category): string {
    return (Object.keys(WORDS) as Category[])
        .filter((k) => k === always || c[k] > 0)
        .map((k) => `${c[k]} ${WORDS[k][c[k] === 1 ? 0 : 1]}`)
        .join(", ");
}

/** `76 resources: 72 cloud objects, 1 provider, 3 components (+ the stack)`. */
export function describeCounts(c: ResourceCounts): string {
    return `${c.resources} resource${c.resources === 1 ? "" : "s"}: ${countParts(c)} (+ the stack)`;
}
