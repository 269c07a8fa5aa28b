// The quickstart, as a consumer writes it with the library.
import { FleetAutomatedDeployment } from "fleet-autodeploy";

const web = new FleetAutomatedDeployment("web", {
    repository: "contoso/web",
    fleetId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/hub",
    registryId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/acr",
    members: [{ name: "member-eastus" }, { name: "member-westeurope" }],
    placement: {},
});
export const clientId = web.clientId;
