import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment } from "fleet-autodeploy";

// contoso/web was onboarded with the portal's Automated Deployments: an Entra application with one federated
// credential, three role assignments, three repository secrets, a workflow merged through the portal's pull request,
// and a hub namespace made by hand. This program takes each over where it is (Pulumi's import option, each object's
// real id), so the first `pulumi up` imports them instead of creating duplicates that Azure and GitHub refuse. The
// application keeps its client id, so every running workflow keeps signing in; the namespace and what Fleet placed
// from it stay where they are.
const config = new pulumi.Config();

const web = new FleetAutomatedDeployment("web", {
    repository: "contoso/web",
    branch: "main",
    fleetId: config.require("fleetId"),
    registryId: config.require("registryId"),
    // The portal's shape: an Entra application, sign-in ids as secrets with their bare names, the portal's workflow path.
    identityKind: "application",
    credentialStore: "secrets",
    variableSuffix: "",
    workflowPath: config.require("workflowPath"),
    members: [
        // Granted by `az aks update --attach-acr`: taken over by this program under its own assignment name.
        { name: "member-eastus", existingPullGrantId: config.require("eastusPullAssignmentId") },
        // Granted by the platform team's stack: left to it, and still known to be able to pull.
        { name: "member-westeurope", pullGrant: "external" },
    ],
    adopt: {
        identity: config.require("applicationObjectId"),
        servicePrincipal: config.require("servicePrincipalObjectId"),
        federatedCredentials: [{ subject: "repo:contoso/web:ref:refs/heads/main", name: config.require("credentialName"), id: config.require("credentialId") }],
        roleAssignments: {
            registryPush: config.require("acrPushAssignmentId"),
            hubNamespaceWriter: config.require("hubWriterAssignmentId"),
            hubClusterUser: config.require("hubUserAssignmentId"),
        },
        githubValues: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID"],
        workflow: true,
        namespace: true,
    },
    // No placement here: the ClusterResourcePlacement written by hand after onboarding keeps placing the namespace
    // (a second placement of one namespace fails to apply on every member). See README.md.
});

export const clientId = web.clientId;
export const subjects = web.subjects;
export const workflowPath = web.workflowPath;
