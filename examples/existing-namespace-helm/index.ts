import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment } from "fleet-autodeploy";

const config = new pulumi.Config();

// The namespace `payments` already exists on the hub (made by another team): adopt it, never own it.
const payments = new FleetAutomatedDeployment("payments", {
    repository: "contoso/payments",
    branch: "main",
    namespace: "payments",
    existingNamespace: true,
    manifestSource: "helm",
    manifestPath: "deploy/chart",
    workflowOwnership: "seed", // the team edits the workflow after the first commit
    pullRequest: true, // and reviews that first commit as a pull request
    fleetId: config.require("fleetId"),
    registryId: config.require("registryId"),
    members: [{ name: "member-eastus", kubeletPrincipalId: config.get("eastusKubeletId") }],
    placement: {},
});

export const namespace = payments.namespace;
export const workflowPath = payments.workflowPath;
