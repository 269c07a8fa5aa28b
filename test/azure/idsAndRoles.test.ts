import * as assert from "node:assert";
import { fleetNamespaceScope, isProblem, parseArmId } from "../../sdk/src/azure/ids";
import { roleAssignmentName, roleDefinitionId } from "../../sdk/src/azure/roles";
import { BuiltInRole, roleNames } from "../../sdk/src/vocabulary/roles";
import { AzureCloud, loginServerCloudProblem } from "../../sdk/src/azure/cloud";

const SUB = "11111111-2222-3333-4444-555555555555";
const FLEET = `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/hub`;

describe("azure/ids", () => {
    it("parses a fleet id into its parts", () => {
        assert.deepStrictEqual(parseArmId(FLEET, "fleet", "fleetId"), {
            id: FLEET,
            subscriptionId: SUB,
            resourceGroup: "rg-fleet",
            type: "Microsoft.ContainerService/fleets",
            name: "hub",
        });
    });
    it("accepts ARM's case-insensitive provider spelling", () => {
        const r = parseArmId(FLEET.replace("Microsoft.ContainerService/fleets", "microsoft.containerservice/Fleets"), "fleet", "fleetId");
        assert.ok(!isProblem(r));
    });
    it("refuses an id of another type, naming the argument, the value and the expected shape", () => {
        const registry = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr`;
        const r = parseArmId(registry, "fleet", "fleetId");
        assert.ok(isProblem(r));
        assert.strictEqual(r.path, "fleetId");
        assert.ok(r.message.includes("Microsoft.ContainerRegistry/registries") && r.message.includes("not a fleet") && r.message.includes("/fleets/<fleet>"), r.message);
    });
    it("refuses a resource group where a resource is expected, and the reverse", () => {
        assert.ok(isProblem(parseArmId(`/subscriptions/${SUB}/resourceGroups/rg`, "registry", "registryId")));
        assert.ok(!isProblem(parseArmId(`/subscriptions/${SUB}/resourceGroups/rg`, "resourceGroup", "rg")));
        assert.ok(isProblem(parseArmId(FLEET, "resourceGroup", "rg")));
    });
    it("refuses names, empty values and non-GUID subscriptions", () => {
        for (const bad of ["hub", "", undefined, `/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/fleets/f`]) {
            assert.ok(isProblem(parseArmId(bad, "fleet", "fleetId")), String(bad));
        }
    });
    it("forms the hub namespace scope", () => {
        assert.strictEqual(fleetNamespaceScope(FLEET, "web"), `${FLEET}/namespaces/web`);
    });
});

describe("azure/roles", () => {
    it("formats role definition ids", () => {
        assert.strictEqual(roleDefinitionId(SUB, BuiltInRole.AcrPull), `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`);
    });
    it("names assignments with a stable version-5 GUID of scope, principal and role", () => {
        const a = roleAssignmentName(FLEET, "p1", BuiltInRole.FleetHubClusterUser);
        assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.strictEqual(roleAssignmentName(FLEET, "p1", BuiltInRole.FleetHubClusterUser), a);
        assert.strictEqual(roleAssignmentName(FLEET.toUpperCase(), "P1", BuiltInRole.FleetHubClusterUser), a, "ARM ids are case-insensitive");
        const others = [
            roleAssignmentName(FLEET, "p2", BuiltInRole.FleetHubClusterUser),
            roleAssignmentName(FLEET, "p1", BuiltInRole.FleetRbacWriter),
            roleAssignmentName(`${FLEET}/namespaces/web`, "p1", BuiltInRole.FleetHubClusterUser),
        ];
        assert.strictEqual(new Set([a, ...others]).size, 4);
    });
    it("holds the GUIDs FACTS.md lists", () => {
        assert.deepStrictEqual(BuiltInRole, {
            AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
            AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
            ContainerRegistryRepositoryReader: "b93aa761-3e63-49ed-ac28-beffa264f7ac",
            ContainerRegistryRepositoryWriter: "2a1e307c-b015-4ebd-883e-5b7698a07328",
            ContainerRegistryTasksContributor: "fb382eab-e894-4461-af04-94435c366c3f",
            // Not in FACTS.md: from ACR's ABAC documentation and two independent public role tables; verify on Learn's built-in roles page.
            ContainerRegistryRepositoryCatalogLister: "bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7",
            FleetRbacWriter: "5af6afb3-c06c-4fa4-8848-71a8aee05683",
            FleetHubClusterUser: "850c5848-fc51-4a9a-8823-f220370626e3",
        });
    });
});

// Edges the mutation run found unchecked (npm run mutation): each assertion here fails for a plausible bug.
describe("azure: edges", () => {
    it("an empty or blank id is required, not malformed; a non-string too", () => {
        for (const value of ["", "   ", undefined, 42]) {
            const r = parseArmId(value, "fleet", "fleetId");
            assert.ok(isProblem(r) && r.message.startsWith("fleetId is required:"), JSON.stringify(value));
        }
    });
    it("an id with surrounding spaces is read trimmed", () => {
        const r = parseArmId(`  ${FLEET} `, "fleet", "fleetId");
        assert.ok(!isProblem(r));
        assert.strictEqual(r.id, FLEET);
    });
    it("anything before or after the id, or around the subscription GUID, is refused", () => {
        for (const bad of [`x${FLEET}`, `${FLEET}/extra`, FLEET.replace(SUB, `x${SUB}`), FLEET.replace(SUB, `${SUB}x`)]) {
            assert.ok(isProblem(parseArmId(bad, "fleet", "fleetId")), bad);
        }
    });
    it("a parsed id is not a problem, and a problem is", () => {
        assert.strictEqual(isProblem({ path: "p", message: "m" }), true);
        assert.strictEqual(isProblem({ id: FLEET, path: "p", message: "m" } as never), false);
        assert.strictEqual(isProblem({ message: "m" } as never), false);
    });
    it("assignment names never change across versions (a change would re-create every assignment)", () => {
        assert.strictEqual(roleAssignmentName(FLEET, "p1", BuiltInRole.FleetHubClusterUser), "eff2882c-3823-5669-bd1e-8625b2bb4038");
    });
    it("names each role as Azure's built-in roles page does (the assignment's description)", () => {
        assert.deepStrictEqual(Object.values(roleNames), [
            "AcrPull",
            "AcrPush",
            "Container Registry Repository Reader",
            "Container Registry Repository Writer",
            "Container Registry Tasks Contributor",
            "Container Registry Repository Catalog Lister",
            "Azure Kubernetes Fleet Manager RBAC Writer",
            "Azure Kubernetes Fleet Manager Hub Cluster User Role",
        ]);
    });
    it("a login server is compared with its cloud's domain case- and space-insensitively, and a foreign one gets the fix", () => {
        const paths = { cloud: "cloud", loginServer: "registryLoginServer" };
        assert.strictEqual(loginServerCloudProblem(" ContosoACR.AzureCR.us ", AzureCloud.UsGovernment, paths), undefined);
        const china = loginServerCloudProblem(" ContosoACR.AzureCR.us ", AzureCloud.China, paths)!;
        assert.match(china.message, /set cloud "usGovernment" if the registry is in that cloud/);
        const unknown = loginServerCloudProblem("registry.example.com", AzureCloud.Public, paths)!;
        assert.match(unknown.message, /give the registry's login server \(NAME\.azurecr\.io, as `az acr show --query loginServer` prints it\)/);
    });
});
