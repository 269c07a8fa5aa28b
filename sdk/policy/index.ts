// The fleet-autodeploy policy pack: `pulumi preview --policy-pack node_modules/fleet-autodeploy/policy` for any stack,
// whether or not it uses the library's components. Its policies live in sdk/src/policy/ (compiled to ../bin/policy/),
// where `fleet-autodeploy plan --policy-pack` runs the same objects offline.
import { packName, policies } from "../bin/policy/pack";
import type * as PulumiPolicy from "@pulumi/policy";

export { packName as name, policies };

// Pulumi runs a pack with @pulumi/pulumi's run-policy-pack, which requires this module; the PolicyPack constructor then
// serves the policies over gRPC to the engine (and never returns control). Required by anything else (the offline plan,
// a test), the module only exports the policies, and needs no @pulumi/policy.
if (/[\\/]run-policy-pack[\\/]/.test(require.main?.filename ?? "")) {
    let policy: typeof PulumiPolicy;
    try {
        policy = require("@pulumi/policy");
    } catch (e) {
        // An optional peer of fleet-autodeploy (package.json): only the pack needs it, so a program that only uses the components goes without.
        if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" || !String((e as Error).message).includes("'@pulumi/policy'")) throw e;
        throw new Error(
            "the fleet-autodeploy policy pack needs the npm package @pulumi/policy, an optional peer dependency of fleet-autodeploy: install it beside it with `npm install --save-dev @pulumi/policy`",
        );
    }
    new policy.PolicyPack(packName, { policies, description: "fleet-autodeploy guardrails" });
}
