// The fleet-autodeploy policy pack: `pulumi preview --policy-pack node_modules/fleet-autodeploy/policy` for any stack,
// whether or not it uses the library's components. Its policies live in sdk/src/policy/ (compiled to ../bin/policy/),
// where `fleet-autodeploy plan --policy-pack` runs the same objects offline.
import { PolicyPack } from "@pulumi/policy";
import { packName, policies } from "../bin/policy/pack";

export { packName as name, policies };

// Pulumi runs a pack with @pulumi/pulumi's run-policy-pack, which requires this module; the PolicyPack constructor then
// serves the policies over gRPC to the engine (and never returns control). Required by anything else (the offline plan,
// a test), the module only exports the policies.
if (/[\\/]run-policy-pack[\\/]/.test(require.main?.filename ?? "")) {
    new PolicyPack(packName, { policies, description: "fleet-autodeploy guardrails" });
}
