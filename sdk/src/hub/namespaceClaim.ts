import * as pulumi from "@pulumi/pulumi";
import { Claim } from "../core/claims";
import { inputKey } from "../core/program";

/** A hub namespace: one component stages into it (a deployment, or a HubNamespace). */
export function namespaceClaim(fleet: pulumi.Input<{ id: string }>, namespace: string, defaulted: boolean, suggestion: string): Claim {
    return {
        key: `namespace|${inputKey(fleet)}|${namespace}`,
        object: `hub namespace "${namespace}"`,
        path: "namespace",
        fix: `each deployment stages into its own namespace (two would overwrite each other's manifests, and one placement would withdraw the other's); set namespace${defaulted ? " (it defaults to the app name, itself defaulting to the repository's name)" : ""} on one of them, e.g. "${suggestion
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, "-")
            .slice(0, 63)}".`,
    };
}
