// The hub namespace part, planned directly: the fleet, the namespace's mode and lifecycle, and its claim.
import * as assert from "node:assert";
import { planHubNamespace, HubNamespaceContext } from "../../sdk/src/hub/part";
import { planNaming } from "../../sdk/src/naming/part";
import { FLEET } from "../fixtures";

const names = planNaming({ repository: "contoso/web" }, "").spec;
const context: HubNamespaceContext = { adoptNamespace: false, adopted: {} };

describe("hub/part: planHubNamespace", () => {
    it("a Kubernetes namespace named by the naming part, kept on destroy, claimed as defaulted", () => {
        const { spec, problems, claims } = planHubNamespace({ fleetId: FLEET }, "", names, context);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual([spec.namespace, spec.mode, spec.existing, spec.deleteOnDestroy, spec.hubLogin], ["web", "kubernetes", false, false, "azurecli"]);
        assert.deepStrictEqual(
            claims.map((c) => [c.path, c.object]),
            [["namespace", 'hub namespace "web"']],
        );
        assert.match(claims[0].fix, /defaults to the app name/);
    });

    it("a managed namespace with a placement goes where the placement picks: the members' clusters", () => {
        const { spec } = planHubNamespace({ fleetId: FLEET, namespaceMode: "managed", placement: {}, members: [{ name: "eastus" }] }, "", names, context);
        assert.deepStrictEqual(spec.managedPropagation, { placementType: "PickFixed", clusterNames: ["eastus"] });
        assert.strictEqual(spec.placed, true);
    });

    it("refuses contradictions, each naming the argument to change", () => {
        const { problems } = planHubNamespace({ fleetId: FLEET, existingNamespace: true, deleteNamespaceOnDestroy: true, namespaceQuota: { cpuRequest: "2" } }, "", names, {
            ...context,
            adoptNamespace: true,
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["deleteNamespaceOnDestroy", "adopt.namespace", "namespaceQuota"],
        );
    });
});
