import * as assert from "assert";
import { manifestProblems, renderAppManifests } from "../../sdk/src/render/manifests";

// Resources as a caller in another language passes them: a field left unset arrives as an explicit undefined (or
// null), which means "the default", not a bad quantity.
describe("render/manifests: unset resource fields take the defaults", () => {
    it("an undefined field is no problem, and the default is rendered", () => {
        const spec = { appName: "web", namespace: "web", image: "a.azurecr.io/web", resources: { cpuRequest: undefined, memoryRequest: null as never, memoryLimit: "1Gi" } };
        assert.deepStrictEqual(manifestProblems(spec, "m"), []);
        const c = (renderAppManifests(spec)[0] as any).spec.template.spec.containers[0];
        assert.deepStrictEqual(c.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "1Gi" } });
    });
});
