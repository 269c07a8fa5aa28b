// The world the repository's programs expect before their first `up`: the ids of their sample stacks, the member
// clusters their code names, and the GitHub repositories and teams their config names.
import { CALLER, kubeletOf, TENANT, WorldSpec } from "./world";

export const SUB = "11111111-2222-3333-4444-555555555555";
export const EASTUS_KUBELET = "0f0e0d0c-0b0a-4909-8807-060504030201";

export function contosoWorld(overrides: Partial<WorldSpec> = {}): WorldSpec {
    return {
        subscription: SUB,
        location: "westeurope",
        resourceGroups: ["rg-fleet", "rg-acr"],
        fleets: [
            {
                resourceGroup: "rg-fleet",
                name: "contoso-fleet",
                // examples/existing-namespace-helm passes member-eastus's kubelet id in its config: the same cluster.
                members: [{ name: "member-eastus", kubeletObjectId: EASTUS_KUBELET }, { name: "member-westeurope" }, { name: "member-southeastasia" }],
            },
            { resourceGroup: "rg-fleet", name: "fleet", members: [{ name: "m1" }, { name: "m2" }, { name: "m3" }] },
        ],
        registries: [
            { resourceGroup: "rg-acr", name: "contosoacr" },
            { resourceGroup: "rg-acr", name: "acr" },
        ],
        github: {
            owner: "contoso",
            // platform and monorepo deploy a staging app from develop: a branch the repository must already have.
            repositories: ["storefront", "orders-api", "payments", "web", "shop", "api", "jobs", "search"].map((name) => ({
                name,
                branches: ["storefront", "shop"].includes(name) ? ["develop"] : [],
            })),
            teams: [4242],
            users: [],
            tokenPermissions: ["actions:read"],
        },
        entra: { permission: "Application.ReadWrite.OwnedBy" },
        ...overrides,
    };
}

const roleDefinition = (role: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
const REGISTRY_ID = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoacr`;
const FLEET_ID = `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/contoso-fleet`;
const assignmentId = (scope: string, name: string) => `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;

/**
 * What exists for contoso/web after its onboarding with the portal's Automated Deployments (examples/from-portal), with
 * the ids its Pulumi.sample.yaml gives: an Entra application with its service principal and one federated credential,
 * three role assignments of that principal, three repository secrets and the workflow file merged to main (the portal);
 * the hub namespace `web` (by hand); member-eastus's AcrPull (`az aks update --attach-acr`, a random name); and
 * member-westeurope's AcrPull, which the platform team's stack owns.
 */
export const PORTAL = {
    applicationObjectId: "3f0c6a52-7d1e-4b8a-9c2f-5e4d3a2b1c0d",
    /** Not in the sample (the program reads it from the application): the portal's app registration's client id. */
    clientId: "2e9d5f41-6c0b-4a7e-8b1d-4f3e2d1c0b9a",
    displayName: "contoso-web-fleet",
    servicePrincipalObjectId: "4a1d7b63-8e2f-4c9b-8d3a-6f5e4b3c2d1e",
    credential: { name: "web-main", id: "5b2e8c74-9f3a-4dac-9e4b-7a6f5c4d3e2f", subject: "repo:contoso/web:ref:refs/heads/main" },
    workflowPath: ".github/workflows/web-fleet.yml",
    assignments: {
        acrPush: { id: assignmentId(REGISTRY_ID, "6c3f9d85-a04b-4ebd-af5c-8b7a6d5e4f30"), role: "8311e382-0749-4cb8-b61a-304f252e45ec" },
        hubWriter: { id: assignmentId(`${FLEET_ID}/namespaces/web`, "7d4a0e96-b15c-4fce-806d-9c8b7e6f5a41"), role: "5af6afb3-c06c-4fa4-8848-71a8aee05683" },
        hubUser: { id: assignmentId(FLEET_ID, "8e5b1fa7-c26d-4adf-917e-ad9c8f7a6b52"), role: "850c5848-fc51-4a9a-8823-f220370626e3" },
    },
    /** member-eastus's AcrPull, by `az aks update --attach-acr`. */
    eastusPull: assignmentId(REGISTRY_ID, "9f6c2ab8-d37e-4be0-a28f-bead9a8b7c63"),
    /** member-westeurope's AcrPull, made and owned by the platform team's stack (`pullGrant: "external"`). */
    westeuropePull: assignmentId(REGISTRY_ID, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"),
    secrets: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID"],
};

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

/** contosoWorld plus the portal's objects for contoso/web (PORTAL). The person who onboarded it runs `pulumi up`: the caller owns the application. */
export function portalWorld(w: WorldSpec): void {
    const split = (id: string) => {
        const [, scope, name] = /^(.+)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/.exec(id)!;
        return { scope, name };
    };
    const fleet = w.fleets.find((f) => f.name === "contoso-fleet")!;
    fleet.hubNamespaces = [...(fleet.hubNamespaces ?? []), "web"];
    w.roleAssignments = [
        ...(w.roleAssignments ?? []),
        ...Object.values(PORTAL.assignments).map((a) => ({ ...split(a.id), principalId: PORTAL.servicePrincipalObjectId, roleDefinitionId: roleDefinition(a.role) })),
        { ...split(PORTAL.eastusPull), principalId: kubeletOf(fleet.name, fleet.members.find((m) => m.name === "member-eastus")!), roleDefinitionId: roleDefinition(ACR_PULL) },
        { ...split(PORTAL.westeuropePull), principalId: kubeletOf(fleet.name, fleet.members.find((m) => m.name === "member-westeurope")!), roleDefinitionId: roleDefinition(ACR_PULL) },
    ];
    w.entra = {
        ...w.entra,
        applications: [
            ...(w.entra.applications ?? []),
            {
                objectId: PORTAL.applicationObjectId,
                clientId: PORTAL.clientId,
                displayName: PORTAL.displayName,
                owners: [CALLER.objectId],
                servicePrincipalObjectId: PORTAL.servicePrincipalObjectId,
                credentials: [{ ...PORTAL.credential, issuer: "https://token.actions.githubusercontent.com", audiences: ["api://AzureADTokenExchange"] }],
            },
        ],
    };
    const web = w.github.repositories.find((r) => r.name === "web")!;
    web.files = [...(web.files ?? []), PORTAL.workflowPath];
    web.secrets = { ...web.secrets, AZURE_CLIENT_ID: PORTAL.clientId, AZURE_TENANT_ID: TENANT, AZURE_SUBSCRIPTION_ID: SUB };
}
