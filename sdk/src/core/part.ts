// The one contract every part of a deployment keeps (naming, identity, registry, hub namespace, placement, build,
// GitHub wiring). `plan` is pure: it checks the part's arguments, fills in its defaults and says what the part alone will
// own, from the same spec its `create` later reads, so a claim cannot drift from what is registered.
import { Claim } from "./claims";
import { Problem } from "./problems";

/** What a part's `plan(args, path, names, ...)` returns. */
export interface PartPlan<S> {
    /** What the part's `create` reads, never the raw args. Built from valid stand-ins where an argument is refused. */
    spec: S;
    /** Every problem of the part's arguments, named by the deployment's argument paths. */
    problems: Problem[];
    /** What no other deployment of the program may declare. */
    claims: Claim[];
}

/** `path` is where the deployment's arguments are read from: "" at the top, `apps[5]` for an entry of a program's data. */
export function argPath(path: string, field: string): string {
    return path === "" ? field : `${path}.${field}`;
}

/** A part's plan with its problem and claim paths under `path`. */
export function under<S>(path: string, plan: PartPlan<S>): PartPlan<S> {
    if (path === "") return plan;
    return {
        spec: plan.spec,
        problems: plan.problems.map((p) => ({ ...p, path: argPath(path, p.path) })),
        claims: plan.claims.map((c) => ({ ...c, path: argPath(path, c.path), ...(c.derivedFrom ? { derivedFrom: argPath(path, c.derivedFrom) } : {}) })),
    };
}
