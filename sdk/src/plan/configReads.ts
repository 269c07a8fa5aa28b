import * as path from "node:path";

// Every config read of a Node.js program goes through one function: pulumi.Config's get*/require* call
// `getConfig(fullKey)` of @pulumi/pulumi/runtime/config.js, looked up on that module's exports at each call, so
// wrapping the export records each key read (by the program, and by the providers, whose keys are theirs anyway).

export interface ConfigReads {
    /** Keys read; undefined when they cannot be known (the program loaded another copy of @pulumi/pulumi). */
    read(): ReadonlySet<string> | undefined;
    stop(): void;
}

const CONFIG_MODULE = path.join("@pulumi", "pulumi", "runtime", "config.js");

export function trackConfigReads(): ConfigReads {
    const file = require.resolve("@pulumi/pulumi/runtime/config");
    const mod = require(file);
    const original = mod.getConfig;
    const keys = new Set<string>();
    let all = false;
    mod.getConfig = (k: string) => {
        keys.add(k);
        return original(k);
    };
    // allConfig() hands out every key at once (closure serialization): then any key may have been read.
    const originalAll = mod.allConfig;
    mod.allConfig = () => {
        all = true;
        return originalAll();
    };
    return {
        read: () => {
            const others = Object.keys(require.cache).some((f) => f !== file && f.endsWith(CONFIG_MODULE));
            return others || all ? undefined : keys;
        },
        stop: () => {
            mod.getConfig = original;
            mod.allConfig = originalAll;
        },
    };
}
