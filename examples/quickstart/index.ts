import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment } from "fleet-autodeploy";

const config = new pulumi.Config();

// One repository + branch, two explicitly chosen member clusters, placed on exactly those two.
const web = new FleetAutomatedDeployment("web", {
    repository: config.get("repository") ?? "contoso/web",
    fleetId: config.require("fleetId"),
    registryId: config.require("registryId"),
    members: [{ name: "member-eastus" }, { name: "member-westeurope" }],
    placement: {},
});

export const clientId = web.clientId;
export const subjects = web.subjects;
export const workflowPath = web.workflowPath;
export const namespace = web.namespace;
