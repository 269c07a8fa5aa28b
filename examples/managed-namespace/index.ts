import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment } from "fleet-autodeploy";

const config = new pulumi.Config();

// The hub namespace is a Fleet managed namespace: an ARM resource with a default quota and network policy, placed on
// the two members (with its quota and policy) by its own generated placement, and the deploy identity's RBAC Writer
// assigned on it alone. The app's objects go to the same members with a ResourcePlacement in the namespace, which
// Pulumi applies through the hub (a managed namespace's own placement places nothing the app stages).
const web = new FleetAutomatedDeployment("web", {
    repository: "contoso/web",
    fleetId: config.require("fleetId"),
    registryId: config.require("registryId"),
    namespaceMode: "managed",
    namespaceQuota: { cpuLimit: "4", memoryLimit: "8Gi" },
    namespaceNetworkPolicy: { ingress: "AllowSameNamespace", egress: "AllowAll" },
    members: [{ name: "member-eastus" }, { name: "member-westeurope" }],
    // PickFixed on the two members: the namespace's propagation, and a ResourcePlacement of the app's objects.
    // A canary member first; a person approves before the other one updates.
    placement: {
        stagedRollout: {
            stages: [
                { name: "canary", clusterLabels: { "fleet-stage": "canary" }, afterStageWaitMinutes: 15, requireApproval: true },
                { name: "production", clusterLabels: { "fleet-stage": "production" } },
            ],
        },
    },
});

export const namespace = web.namespace;
export const placement = web.placementName; // the ResourcePlacement, in the namespace
