import * as pulumi from "@pulumi/pulumi";
import { programState, runsAsComponentPlugin } from "./program";

// A program declares many components. One that threw at construction would stop the program there, and a user with
// mistakes in five deployments would fix them in five runs. Instead every component's checks run, the refusals are
// collected, and the program fails once, when its current turn ends (when member grants settle theirs too,
// registry/memberAccess.ts), listing every problem.
//
// From the first refusal on, the program registers nothing more of this library: a refused component registers
// nothing, and a valid one after it only records its claims, so a collision with a later one is still found. Components
// constructed before the first refusal registered as before. Neither way is half of a component registered.

/** One property of an `InputPropertiesError`. */
interface PropertyError {
    propertyPath: string;
    reason: string;
}

interface Refusal {
    component: string;
    message: string;
    errors: PropertyError[];
}

interface ProgramRefusals {
    refusals: Refusal[];
    /** Valid components not registered because an earlier one was refused. */
    held: string[];
    /** Rejects with the program's error when the turn ends; what a refused component's outputs resolve to. */
    failed: Promise<never>;
    fail: (error: Error) => void;
}

function programRefusals(): ProgramRefusals {
    return programState("refusals", () => {
        let fail!: (error: Error) => void;
        const failed = new Promise<never>((_, reject) => {
            fail = reject;
        });
        // Outputs read from it are awaited only if the program uses them; the failure itself is raised below.
        failed.catch(() => undefined);
        return { refusals: [], held: [], failed, fail };
    });
}

/** The properties a Pulumi input error names; undefined for any other error. */
export const propertyErrors = (err: unknown): PropertyError[] | undefined =>
    pulumi.InputPropertiesError.isInstance(err) ? err.errors : pulumi.InputPropertyError.isInstance(err) ? [{ propertyPath: err.propertyPath, reason: err.reason }] : undefined;

function refusalOf(component: string, err: Error, errors: PropertyError[]): Refusal {
    const message = pulumi.InputPropertiesError.isInstance(err) ? err.message : `${component} has an invalid argument:\n  - ${errors[0].reason}`;
    return { component, message, errors };
}

/** The program's one error: a single refusal's own, or every refusal's, each under its component. */
export function programError(refusals: Refusal[], held: string[]): pulumi.InputPropertiesError {
    const error =
        refusals.length === 1 && held.length === 0
            ? new pulumi.InputPropertiesError({ message: refusals[0].message, errors: refusals[0].errors })
            : new pulumi.InputPropertiesError({
                  message: [
                      `${refusals.length} component${refusals.length === 1 ? " of this program was" : "s of this program were"} refused; nothing of ${refusals.length === 1 ? "it" : "them"} was registered:`,
                      ...refusals.map((r) => r.message),
                      ...(held.length > 0 ? [`Valid, but not registered until the program has no refusal: ${held.join(", ")}.`] : []),
                  ].join("\n"),
                  errors: refusals.flatMap((r) => r.errors.map((e) => ({ propertyPath: `${r.component}.${e.propertyPath}`, reason: e.reason }))),
              });
    // Raised from the event loop, a stack trace would point at this file, not at the user's program: the message is all.
    error.stack = `${error.name}: ${error.message}`;
    return error;
}

function refuse(state: ProgramRefusals, refusal: Refusal): void {
    state.refusals.push(refusal);
    if (state.refusals.length > 1) return;
    // Once the program's current turn has constructed everything it will, as one rejection: the runtime reports it and
    // fails the program, as it does a failed apply.
    setImmediate(() => {
        if (state.refusals.length === 0) return; // raised already, by admitNow
        const error = programError(state.refusals, state.held);
        void Promise.reject(error);
        // With the same error: the runtime reports an error once, however many promises it rejects.
        state.fail(error);
    });
}

/**
 * Runs a component's checks (which throw Pulumi's input errors on bad input) and returns their result when the
 * component may register: its checks passed and no component of this program was refused before it. Otherwise the
 * refusal is recorded, raised with every other one when the program's turn ends, and undefined is returned: the
 * component registers nothing. Other errors are thrown as they are. Run as a component plugin, each Construct is
 * answered on its own, and outside a stack there is no program to fail: the checks throw there.
 */
export function admit<T>(component: string, check: () => T): T | undefined {
    // Outside a program's stack (a unit test constructing a component bare) there is no turn to fail at the end of.
    if (runsAsComponentPlugin() || !pulumi.runtime.getStackResource()) return check();
    const state = programRefusals();
    let value: T;
    try {
        value = check();
    } catch (err) {
        const errors = propertyErrors(err);
        if (!errors) throw err;
        refuse(state, refusalOf(component, err as Error, errors));
        return undefined;
    }
    if (state.refusals.length > 0) {
        state.held.push(component);
        return undefined;
    }
    return value;
}

/**
 * For a function that registers (no object to stand in for it): throws now. With the refusals of components before it,
 * and they are then not raised again.
 */
export function admitNow<T>(component: string, check: () => T): T {
    const value = admit(component, check);
    if (value !== undefined) return value;
    const state = programRefusals();
    const error = programError(state.refusals, state.held);
    state.refusals.length = 0;
    state.held.length = 0;
    state.fail(error);
    throw error;
}

/**
 * What a refused (or held) component's constructor returns instead of itself: an object of its class whose outputs,
 * and URN, fail with the program's error, so a resource that uses them fails too rather than waiting forever.
 */
export function refusedComponent<T extends pulumi.ComponentResource>(kind: { prototype: T }, outputs: string[]): T {
    const failed = pulumi.output(programRefusals().failed);
    const stand: Record<string, unknown> = Object.create(kind.prototype);
    for (const name of [...outputs, "urn"]) stand[name] = failed;
    return stand as T;
}
