// The deployment's plan as a composition: every part's problems in one refusal, every part's claims in the spec.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { deploymentSpec } from "../../sdk/src/deployment/plan";
import { FLEET, REGISTRY } from "../fixtures";

describe("deployment/plan: the parts composed", () => {
    it("collects what each part claims, from the specs the parts create from", () => {
        const spec = deploymentSpec("web", { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, containerize: { files: ["package.json", "package-lock.json", "server.js"] } });
        const paths = [...new Set(spec.claims.map((c) => c.path))];
        assert.deepStrictEqual(paths.sort(), ["dockerContext", "dockerfile", "identityName", "namespace", "variableSuffix", "workflowPath"]);
        assert.strictEqual(spec.workflow, spec.github.workflow);
        assert.strictEqual(spec.cloud, spec.identity.cloud);
    });

    it("fails once, naming a problem of every part that has one", () => {
        let error: unknown;
        try {
            deploymentSpec("web", {
                repository: "contoso/web",
                branch: "refs/heads/main",
                fleetId: "hub",
                registryId: REGISTRY,
                registryAccessMode: "open" as never,
                identityKind: "robot" as never,
                layerCache: "disk" as never,
                credentialStore: "vault" as never,
                placement: { type: "PickSome" as never },
            });
        } catch (e) {
            error = e;
        }
        assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
        assert.deepStrictEqual(error.errors.map((e) => e.propertyPath).sort(), ["branch", "credentialStore", "fleetId", "identityKind", "layerCache", "placement.type", "registryAccessMode"]);
    });
});
