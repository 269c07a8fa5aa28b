// The same deployment written by hand with the providers: what the library saves a consumer from.
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as github from "@pulumi/github";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

const SUB = "11111111-2222-3333-4444-555555555555";
const FLEET = `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/hub`;
const REGISTRY = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/acr`;
const id = new managedidentity.UserAssignedIdentity("web-identity", { resourceGroupName: "rg-fleet", resourceName: "gh-contoso-web" });
const fic = new managedidentity.FederatedIdentityCredential("web-fic", {
    resourceGroupName: "rg-fleet",
    resourceName: id.name,
    issuer: "https://token.actions.githubusercontent.com",
    audiences: ["api://AzureADTokenExchange"],
    subject: "repo:contoso/web:ref:refs/heads/main",
});
const role = (name: string, scope: string, principalId: pulumi.Input<string>, guid: string) =>
    new authorization.RoleAssignment(name, {
        scope,
        principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    });
role("web-push", REGISTRY, id.principalId, "8311e382-0749-4cb8-b61a-304f252e45ec");
role("web-writer", `${FLEET}/namespaces/web`, id.principalId, "5af6afb3-c06c-4fa4-8848-71a8aee05683");
role("web-user", FLEET, id.principalId, "850c5848-fc51-4a9a-8823-f220370626e3");
for (const member of ["member-eastus", "member-westeurope"]) {
    const m = containerservice.getFleetMemberOutput({ resourceGroupName: "rg-fleet", fleetName: "hub", fleetMemberName: member });
    const kubelet = m.clusterResourceId
        .apply((cid) => containerservice.getManagedClusterOutput({ resourceGroupName: cid.split("/")[4], resourceName: cid.split("/")[8] }))
        .apply((c) => c.identityProfile!.kubeletidentity.objectId!);
    role(`web-pull-${member}`, REGISTRY, kubelet, "7f951dda-4ed3-4680-a7ca-43fe172d538d");
}
for (const [name, value] of Object.entries({ AZURE_CLIENT_ID: id.clientId, AZURE_TENANT_ID: id.tenantId, AZURE_SUBSCRIPTION_ID: SUB })) {
    new github.ActionsVariable(`web-${name}`, { repository: "web", variableName: name, value });
}
new github.RepositoryFile("web-workflow", { repository: "web", branch: "main", file: ".github/workflows/deploy.yml", content: "name: deploy\n", overwriteOnCreate: false }, { dependsOn: [fic] });
const creds = containerservice.listFleetCredentialsOutput({ resourceGroupName: "rg-fleet", fleetName: "hub" });
const hub = new k8s.Provider("hub", { kubeconfig: creds.kubeconfigs.apply((k) => Buffer.from(k[0].value, "base64").toString()) });
const ns = new k8s.core.v1.Namespace("web", { metadata: { name: "web" } }, { provider: hub, retainOnDelete: true });
new k8s.apiextensions.CustomResource(
    "web-crp",
    {
        apiVersion: "placement.kubernetes-fleet.io/v1",
        kind: "ClusterResourcePlacement",
        metadata: { name: "web" },
        spec: { resourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: "web" }], policy: { placementType: "PickFixed", clusterNames: ["member-eastus", "member-westeurope"] } },
    },
    { provider: hub, dependsOn: [ns] },
);
export const clientId = id.clientId;
