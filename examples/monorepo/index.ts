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
    // An app in a folder deploys on changes to its own files only, by default (`paths`): services/SERVICE/**
    // (its context, Dockerfile and manifests) and its workflow file. A push to the other service does not redeploy it.
    fleetId,
    registryId,
    members,
    placement: {},
});

const api = new FleetAutomatedDeployment("shop-api", app("api"));
// The web app also builds from a shared folder: list it with the app's own files (`paths` replaces the default).
const web = new FleetAutomatedDeployment("shop-web", {
    ...app("web"),
    paths: ["services/web/**", "libs/ui/**", ".github/workflows/fleet-deploy-shop-web.yml"],
});

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
