import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment } from "fleet-autodeploy";

// Team B's stack: its app's identity, GitHub variables and workflow. The fleet, the registry, the namespace and the
// members' grants are the platform stack's; their names come from its outputs, here through config (plain strings,
// which members need at construction; the README shows the StackReference alternative).
const config = new pulumi.Config();
const members = config.requireObject<string[]>("members");

const orders = new FleetAutomatedDeployment("orders", {
    repository: "contoso/orders-api",
    namespace: config.require("namespace"),
    existingNamespace: true, // the platform stack created it
    fleetId: config.require("fleetId"),
    registryId: config.require("registryId"),
    // Able to pull through the platform stack's grants: this stack registers none.
    members: members.map((name) => ({ name, pullGrant: "external" as const })),
    placement: { type: "PickFixed" }, // exactly those members
});

export const clientId = orders.clientId;
export const namespace = orders.namespace;
export const workflowPath = orders.workflowPath;
