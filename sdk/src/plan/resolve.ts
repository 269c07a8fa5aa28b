import * as path from "node:path";

// A program folder anywhere on disk may import `fleet-autodeploy` and `@pulumi/*` by name without a
// node_modules of its own: those names then resolve from the node_modules this engine runs from, so
// the program and the engine share one @pulumi/pulumi (whose runtime state the mocks live in).

const Module = require("node:module");
let installed = false;

/** The node_modules folders this engine's own packages resolve from. */
function fallbackPaths(): string[] {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    return [path.resolve(pulumiDir, "../.."), ...(require.resolve.paths("@pulumi/pulumi") ?? [])];
}

export function installResolutionFallback(): void {
    if (installed) return;
    installed = true;
    const paths = fallbackPaths();
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]) {
        try {
            return original.call(this, request, parent, ...rest);
        } catch (err) {
            if (request.startsWith(".") || path.isAbsolute(request)) throw err;
            try {
                return require.resolve(request, { paths });
            } catch {
                throw err;
            }
        }
    };
}
