// What every role assignment the library registers carries, whatever component registers it.
import * as assert from "node:assert";
import { FleetAutomatedDeployment } from "../../sdk/src";
import { FLEET, REGISTRY } from "../fixtures";
import { run } from "../harness";

const NAMES: Record<string, string> = {
    "8311e382-0749-4cb8-b61a-304f252e45ec": "AcrPush",
    "7f951dda-4ed3-4680-a7ca-43fe172d538d": "AcrPull",
    "5af6afb3-c06c-4fa4-8848-71a8aee05683": "Azure Kubernetes Fleet Manager RBAC Writer",
    "850c5848-fc51-4a9a-8823-f220370626e3": "Azure Kubernetes Fleet Manager Hub Cluster User Role",
};

describe("azure/roleAssignment: every assignment", () => {
    it("is for a service principal, named by its GUID, and says which role it is for", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "eastus" }], placement: {} }));
        const ras = resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment");
        assert.strictEqual(ras.length, 4);
        for (const ra of ras) {
            const guid = ra.inputs.roleDefinitionId.split("/").pop();
            assert.strictEqual(ra.inputs.description, `fleet-autodeploy: ${NAMES[guid]}`, ra.name);
            assert.strictEqual(ra.inputs.principalType, "ServicePrincipal", ra.name);
            assert.match(ra.inputs.roleAssignmentName, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, ra.name);
            assert.strictEqual(ra.inputs.condition, undefined, "no condition on an RBAC registry");
        }
    });
});
