import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment } from "fleet-autodeploy";

const config = new pulumi.Config();

// The hub namespace is a Fleet managed namespace: an ARM resource (no hub credentials needed to create it),
// with a default quota and network policy, placed on the two members by its own generated placement, and
// the deploy identity's RBAC Writer assigned on it alone.
const web = new FleetAutomatedDeployment("web", {
    repository: "contoso/web",
    fleetId: config.require("fleetId"),
    registryId: config.require("registryId"),
    namespaceMode: "managed",
    namespaceQuota: { cpuLimit: "4", memoryLimit: "8Gi" },
    namespaceNetworkPolicy: { ingress: "AllowSameNamespace", egress: "AllowAll" },
    members: [{ name: "member-eastus" }, { name: "member-westeurope" }],
    placement: {},                              // PickFixed on the two members, as the namespace's propagation
});

export const namespace = web.namespace;
export const placement = web.placementName;    // the generated placement is named after the namespace
