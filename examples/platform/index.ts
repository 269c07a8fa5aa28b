import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetMemberRegistryAccess, fleetHubProvider } from "fleet-autodeploy";

const config = new pulumi.Config();
const fleetId = config.require("fleetId");
const registryId = config.require("registryId");
// One hub provider for every deployment (instead of one per deployment), from the fleet's credentials.
const hubProvider = fleetHubProvider("hub", fleetId);

// The platform engineer's registry grant for the shared ingress controller image, apart from any app.
new FleetMemberRegistryAccess("ingress-pull", {
    registryId,
    fleetId,
    members: [{ name: "member-eastus" }, { name: "member-westeurope" }, { name: "member-southeastasia" }],
});

// Storefront: production from main on every region, staging from develop on one cluster.
const storefront = new FleetAutomatedDeployment("storefront", {
    repository: "contoso/storefront",
    branch: "main",
    fleetId,
    registryId,
    hubProvider,
    members: [{ name: "member-eastus" }, { name: "member-westeurope" }, { name: "member-southeastasia" }],
    placement: { maxUnavailable: 1 },
});
const storefrontStaging = new FleetAutomatedDeployment("storefront-staging", {
    repository: "contoso/storefront",
    branch: "develop",
    namespace: "storefront-staging",
    variableSuffix: "STAGING", // its own identity, so its own variable names
    workflowPath: ".github/workflows/fleet-deploy-storefront-staging.yml",
    fleetId,
    registryId,
    hubProvider,
    members: [{ name: "member-eastus" }],
    placement: {},
});

// Orders API: a Helm chart, built with ACR Tasks, two regions picked by label.
const orders = new FleetAutomatedDeployment("orders", {
    repository: "contoso/orders-api",
    namespace: "orders",
    manifestSource: "helm",
    buildMode: "acrTasks",
    fleetId,
    registryId,
    hubProvider,
    members: [{ name: "member-eastus" }, { name: "member-westeurope" }],
    placement: { clusterNames: ["member-eastus", "member-westeurope"] },
});

// Search: every release/* branch through one Entra application, with one flexible credential per pattern instead of
// one per branch. The application and its service principal list the caller as owner, so a deployer with
// Application.ReadWrite.OwnedBy is enough.
const search = new FleetAutomatedDeployment("search", {
    repository: "contoso/search",
    branch: "main",
    identityKind: "application",
    branchPatterns: ["release/*"], // any branch under release/, nested ones too (the trigger says release/**)
    fleetId,
    registryId,
    hubProvider,
    members: [{ name: "member-eastus" }],
    placement: {},
});

export const deployments = [storefront, storefrontStaging, orders, search].map((d) => ({
    namespace: d.namespace,
    clientId: d.clientId,
    subjects: d.subjects,
    placement: d.placementName,
}));
