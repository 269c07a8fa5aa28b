import * as pulumi from "@pulumi/pulumi";
import { programState } from "./program";

// Objects that belong to exactly one deployment. Two deployments of one program that would declare
// the same one are refused at construction, naming both: Azure, GitHub and Kubernetes would refuse
// the second on `pulumi up` (or the last writer would win), and deleting either would delete it for both.

/** One object a component declares, keyed by what the cloud identifies it by. */
export interface Claim {
    /** What makes two claims one object, e.g. `namespace|<fleet>|web`. */
    key: string;
    /** The object as a person names it. */
    object: string;
    /** The argument that chose it. */
    path: string;
    /** How to choose another, and why it matters. */
    fix: string;
    /** The claim's path this one's default derives from: when both clash, only that one is reported. */
    derivedFrom?: string;
}

export interface Holder {
    component: string;
    path: string;
}

/**
 * Records `claims` for `component`, or throws one error naming every object another component already
 * holds, with both names and the fix; the claims that do not clash are recorded then too. `held` is the program's unless given.
 */
export function claimOrFail(component: string, claims: Claim[], held = programState("claims", () => new Map<string, Holder>())): void {
    const clashes = claims.filter((c) => held.has(c.key));
    if (clashes.length > 0) {
        // One line per argument to change: a defaulted name that clashes because its source does is not a second mistake.
        const paths = new Set(clashes.map((c) => c.path));
        const reported = new Map<string, { claim: Claim; more: number }>();
        for (const c of clashes.filter((x) => !(x.derivedFrom && paths.has(x.derivedFrom)))) {
            const seen = reported.get(c.path);
            if (seen) seen.more++;
            else reported.set(c.path, { claim: c, more: 0 });
        }
        const errors = [...reported.values()].map(({ claim: c, more }) => {
            const other = held.get(c.key)!;
            const also = more > 0 ? ` (and ${more} more like it)` : "";
            return { propertyPath: c.path, reason: `${c.object}${also} is already declared by ${other.component} (its ${other.path}): ${c.fix}` };
        });
        // What does not clash is still this component's: a later one that declares it collides with it, in the same run.
        for (const c of claims.filter((x) => !held.has(x.key))) held.set(c.key, { component, path: c.path });
        throw new pulumi.InputPropertiesError({
            message: `${component} collides with another deployment of this program:\n${errors.map((e) => `  - ${e.reason}`).join("\n")}`,
            errors,
        });
    }
    for (const c of claims) held.set(c.key, { component, path: c.path });
}
