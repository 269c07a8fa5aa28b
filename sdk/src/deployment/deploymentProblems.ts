import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeploymentArgs } from "./args";
import { CheckScope, checkedDeployment } from "./component";
import { Problem } from "../core/problems";
import { propertyErrors } from "../core/refusals";

/** One deployment of a program built from data (stack config, a file): its arguments and where they were read. */
export interface DeploymentEntry {
    /** Where the entry was read, e.g. `apps[5]`: every problem of the entry is reported under it. */
    path: string;
    /** The component's name. */
    name: string;
    args: FleetAutomatedDeploymentArgs;
    opts?: pulumi.ComponentResourceOptions;
}

/**
 * Every problem of a program's deployments before any is constructed: each one's shape and meaning, and the collisions
 * between them, under the entry's path (`apps[5].namespace`), each once. A problem of an argument the program gives
 * every entry (`shared`, e.g. fleetId) is reported once, under its own name. [] when every entry may be constructed.
 */
export function deploymentProblems(entries: DeploymentEntry[], shared: string[] = []): Problem[] {
    const scope: Required<CheckScope> = { claims: new Map(), declarations: new Map() };
    const problems = new Map<string, Problem>();
    for (const entry of entries) {
        try {
            checkedDeployment(entry.name, entry.args, entry.opts, scope, entry.path);
        } catch (err) {
            const errors = propertyErrors(err);
            if (!errors) throw err;
            for (const { propertyPath, reason } of errors) {
                const own = !shared.includes(propertyPath.split(/[.[]/)[0]);
                const problem = own ? { path: `${entry.path}.${propertyPath}`, message: `${entry.path}: ${reason}` } : { path: propertyPath, message: reason };
                problems.set(`${problem.path}\n${problem.message}`, problem);
            }
        }
    }
    return [...problems.values()];
}
