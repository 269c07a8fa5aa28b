import { createHash } from "node:crypto";
import { Types } from "../vocabulary/tokens";

// Deterministic, plausible answers for the resources and invokes a plan meets: ids derived from
// names by hashing, never random and never time-based, so two plans of one program are identical.

const hex = (seed: string) => createHash("sha256").update(seed).digest("hex");

/** A GUID derived from `seed`. */
export const guidOf = (seed: string) => {
    const h = hex(seed);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** A positive number derived from `seed`, the size of a GitHub id. */
export const numberOf = (seed: string) => (parseInt(hex(seed).slice(0, 8), 16) % 900_000_000) + 100_000_000;

export const PLAN_TENANT = guidOf("tenant");
export const PLAN_SUBSCRIPTION = guidOf("subscription");

type Inputs = Record<string, any>;
type Answer = (inputs: Inputs, name: string) => Inputs;

/** A managed identity as Azure keys it: its resource group and name. */
const cloudKey = (i: Inputs, name: string) => (i.resourceGroupName && i.resourceName ? `${i.resourceGroupName}/${i.resourceName}` : name);

/** Outputs that a provider computes, by resource type; the inputs are echoed as well. */
export const resourceOutputs: Record<string, Answer> = {
    // Ids follow what the cloud keys an object by (resource group and name; display name; the app), not the Pulumi
    // name: a component renamed with an alias keeps its identity, and a plan diff sees no new principal.
    [Types.UserAssignedIdentity]: (i, name) => ({
        name: i.resourceName ?? name,
        clientId: guidOf(`client:${cloudKey(i, name)}`),
        principalId: guidOf(`principal:${cloudKey(i, name)}`),
        tenantId: PLAN_TENANT,
    }),
    [Types.FederatedIdentityCredential]: (i, name) => ({ name: i.federatedIdentityCredentialResourceName ?? name }),
    [Types.RoleAssignment]: (i) => ({ name: i.roleAssignmentName, principalType: i.principalType }),
    [Types.Application]: (i, name) => ({ clientId: guidOf(`client:${i.displayName ?? name}`), objectId: guidOf(`app:${i.displayName ?? name}`) }),
    [Types.ServicePrincipal]: (i, name) => ({ objectId: guidOf(`principal:${i.clientId ?? name}`), applicationTenantId: PLAN_TENANT }),
    [Types.RepositoryPullRequest]: (_, name) => ({ number: (numberOf(`pr:${name}`) % 1000) + 1, state: "open" }),
    [Types.RepositoryFile]: (i) => ({ commitSha: hex(`commit:${i.repository}:${i.file}:${i.content}`).slice(0, 40) }),
};

/** The id a resource gets: derived from its type and name (ARM-like for Azure resources with a scope). */
export function resourceId(type: string, name: string, inputs: Inputs): string {
    if (type === Types.RoleAssignment && inputs.scope && inputs.roleAssignmentName) {
        return `${inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${inputs.roleAssignmentName}`;
    }
    if (type.startsWith("kubernetes:") && inputs.metadata?.name) {
        return inputs.metadata.namespace ? `${inputs.metadata.namespace}/${inputs.metadata.name}` : inputs.metadata.name;
    }
    return `${name}-${hex(`${type}:${name}`).slice(0, 8)}`;
}

const kubeconfig = (fleet: string) =>
    [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${fleet}`,
        "  cluster:",
        `    server: https://${fleet}-hub.plan.invalid:443`,
        "contexts:",
        `- name: ${fleet}`,
        "  context:",
        `    cluster: ${fleet}`,
        "    user: clusterUser",
        `current-context: ${fleet}`,
        "users:",
        "- name: clusterUser",
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        // As the fleet returns it: device code, kubelogin's default, which a non-interactive run must never keep.
        `      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, ${PLAN_TENANT}, --environment, AzurePublicCloud]`,
        "",
    ].join("\n");

/** Answers for invokes, by token. Anything else fails the plan, naming the token. */
export const invokeAnswers: Record<string, Answer> = {
    "azure-native:containerservice:getFleetMember": (a) => ({
        name: a.fleetMemberName,
        clusterResourceId: `/subscriptions/${PLAN_SUBSCRIPTION}/resourceGroups/${a.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${a.fleetMemberName}`,
        provisioningState: "Succeeded",
    }),
    "azure-native:containerservice:getManagedCluster": (a) => ({
        name: a.resourceName,
        location: "westeurope",
        identityProfile: {
            kubeletidentity: {
                objectId: guidOf(`kubelet:${a.resourceName}`),
                clientId: guidOf(`kubelet-client:${a.resourceName}`),
                resourceId: `/subscriptions/${PLAN_SUBSCRIPTION}/resourceGroups/MC_${a.resourceGroupName}_${a.resourceName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${a.resourceName}-agentpool`,
            },
        },
    }),
    "azure-native:containerservice:listFleetCredentials": (a) => ({
        kubeconfigs: [{ name: "hub", value: Buffer.from(kubeconfig(a.fleetName)).toString("base64") }],
    }),
    "azure-native:containerservice:getFleet": (a) => ({
        name: a.fleetName,
        location: "westeurope",
        id: `/subscriptions/${PLAN_SUBSCRIPTION}/resourceGroups/${a.resourceGroupName}/providers/Microsoft.ContainerService/fleets/${a.fleetName}`,
        hubProfile: { fqdn: `${a.fleetName}-hub.plan.invalid` },
    }),
    "azure-native:containerregistry:getRegistry": (a) => ({
        name: a.registryName,
        location: "westeurope",
        loginServer: `${String(a.registryName).toLowerCase()}.azurecr.io`,
        id: `/subscriptions/${PLAN_SUBSCRIPTION}/resourceGroups/${a.resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/${a.registryName}`,
        sku: { name: "Premium" },
        roleAssignmentMode: "LegacyRegistryPermissions",
    }),
    "azure-native:authorization:getClientConfig": () => ({ subscriptionId: PLAN_SUBSCRIPTION, tenantId: PLAN_TENANT, clientId: guidOf("plan-client"), objectId: guidOf("plan-object") }),
    "azuread:index/getClientConfig:getClientConfig": () => ({ tenantId: PLAN_TENANT, clientId: guidOf("plan-client"), objectId: guidOf("plan-object") }),
    // By name, GitHub resolves the repository against the provider's owner, which offline is known only from github:owner
    // (answered in plan/monitor.ts, which reads the config); unknown, it is left out, as a plan cannot know the token's account.
    "github:index/getRepository:getRepository": (a) => {
        const fullName = a.fullName ?? (a.owner ? `${a.owner}/${a.name}` : undefined);
        const key = fullName ?? a.name;
        return {
            ...(fullName ? { fullName } : {}),
            name: String(key).split("/").pop(),
            repoId: numberOf(`repo:${key}`),
            nodeId: `R_${hex(key).slice(0, 12)}`,
            defaultBranch: "main",
            visibility: "private",
        };
    },
    "github:index/getUser:getUser": (a) => ({ login: a.username, id: String(numberOf(`owner:${a.username}`)), nodeId: `U_${hex(a.username).slice(0, 12)}` }),
    "github:index/getOrganization:getOrganization": (a) => ({ login: a.name, name: a.name, id: String(numberOf(`owner:${a.name}`)), orgId: String(numberOf(`owner:${a.name}`)) }),
    "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate": (a) => ({
        name: a.name,
        useDefault: true,
        includeClaimKeys: [],
    }),
    "github:index/getActionsOrganizationOidcSubjectClaimCustomizationTemplate:getActionsOrganizationOidcSubjectClaimCustomizationTemplate": () => ({ includeClaimKeys: [] }),
    "github:index/getTree:getTree": (a) => ({ repository: a.repository, treeSha: a.treeSha, entries: [] }),
};
