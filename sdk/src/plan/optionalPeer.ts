// What only the plan engine needs (jsdiff) is an optional peer dependency of the package, so a program that only
// uses the components does not install it: loaded when first used, and when missing, the error says how to add it.

/** The message for a missing optional peer: what needs it, and the command that installs it. */
export function missingPeerMessage(name: string, neededBy: string): string {
    return `${neededBy} needs the npm package ${name}, an optional peer dependency of fleet-autodeploy: install it beside it with \`npm install --save-dev ${name}\``;
}

/** `name`, loaded by `load`; a clear error, naming the install command, when `name` itself is not installed. */
export function optionalPeer<T>(name: string, neededBy: string, load: () => T): T {
    try {
        return load();
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        // Only `name` missing: a module missing inside it is its own error, kept as it is.
        if (err?.code === "MODULE_NOT_FOUND" && String(err.message).includes(`'${name}'`)) throw new Error(missingPeerMessage(name, neededBy));
        throw e;
    }
}
