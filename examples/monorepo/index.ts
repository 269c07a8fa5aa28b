import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs } from "fleet-autodeploy";

const config = new pulumi.Config();
const fleetId = config.require("fleetId");
const registryId = config.require("registryId");
const members = [{ name: "member-eastus" }, { name: "member-westeurope" }];

// One repository, contoso/shop, with a service per folder. Each app gets its own image, workflow,
// namespace, identity and variables (suffixed with its namespace); the members' pull grants and the
// hub provider are shared by all of them, one per member and one per fleet.
const app = (service: string): FleetAutomatedDeploymentArgs => ({
    repository: "contoso/shop",
    appName: `shop-${service}`,
    dockerfile: `services/${service}/Dockerfile`,
    dockerContext: `services/${service}`,
    manifestPath: `services/${service}/manifests`,
    // Changes to the other service do not redeploy this one.
    pathsIgnore: [`services/${service === "api" ? "web" : "api"}/**`],
    fleetId, registryId, members,
    placement: {},
});

const api = new FleetAutomatedDeployment("shop-api", app("api"));
const web = new FleetAutomatedDeployment("shop-web", app("web"));

// The api's develop branch, staged into its own namespace on one member. The workflow path and its
// variables follow the namespace, so it never touches main's.
const apiDevelop = new FleetAutomatedDeployment("shop-api-develop", {
    ...app("api"),
    branch: "develop",
    namespace: "shop-api-develop",
    members: [{ name: "member-eastus" }],
    placement: { clusterNames: ["member-eastus"] },
});

export const deployments = [api, web, apiDevelop].map((d) => ({
    namespace: d.namespace,
    workflowPath: d.workflowPath,
    clientId: d.clientId,
}));
