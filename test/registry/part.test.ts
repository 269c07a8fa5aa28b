// The registry part, planned directly: the registry, its login server against the cloud, the members that pull.
import * as assert from "node:assert";
import { planRegistry, RegistryContext } from "../../sdk/src/registry/part";
import { planNaming } from "../../sdk/src/naming/part";
import { REGISTRY } from "../fixtures";

const names = planNaming({ repository: "contoso/web" }, "").spec;
const context: RegistryContext = { cloud: "public", acrTasks: false, adopted: {} };

describe("registry/part: planRegistry", () => {
    it("an RBAC target limited to the app's repository, the members as given; it claims nothing (grants are shared)", () => {
        const { spec, problems, claims } = planRegistry({ registryId: REGISTRY, members: [{ name: "eastus" }] }, "", names, context);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(claims, []);
        assert.deepStrictEqual({ ...spec.target, registry: undefined }, { registry: undefined, mode: "rbac", repositories: ["web"] });
        assert.deepStrictEqual(spec.members, [{ name: "eastus" }]);
        assert.strictEqual((spec.registry as { name: string }).name, "contosoacr");
    });

    it("a login server of another cloud is refused naming both; a malformed one only for its form", () => {
        const other = planRegistry({ registryId: REGISTRY, registryLoginServer: "contosoacr.azurecr.us" }, "", names, context);
        assert.deepStrictEqual(
            other.problems.map((p) => p.path),
            ["registryLoginServer"],
        );
        assert.match(other.problems[0].message, /cloud/);
        const malformed = planRegistry({ registryId: REGISTRY, registryLoginServer: "https://contosoacr.azurecr.us" }, "", names, context);
        assert.strictEqual(malformed.problems.length, 1);
    });

    it("refuses an unknown access mode, a bad registry id and a bad member name", () => {
        const { problems } = planRegistry({ registryId: "acr", registryAccessMode: "open" as never, members: [{ name: "East_US" }] }, "", names, context);
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["registryId", "registryAccessMode", "members[0].name"],
        );
    });
});
