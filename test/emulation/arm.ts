// A stateful fake of the ARM APIs the programs call: resource groups, fleets, members and registries that exist
// beforehand; user-assigned identities and their federated credentials; role assignments; fleet managed namespaces.
// Every refusal is the service's (or azure-native's) own, with its source beside it.
import { CloudError, Created, Fake, Inputs, OperationContext, Read, turns, WRITE_TURNS } from "./cloudError";
import { HubFake } from "./hub";
import { Directory, guid, kubeletOf, WorldSpec } from "./world";

const T = {
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    credential: "azure-native:managedidentity:FederatedIdentityCredential",
    assignment: "azure-native:authorization:RoleAssignment",
    managedNamespace: "azure-native:containerservice:FleetManagedNamespace",
};

/** Built-in roles the programs may assign (FACTS.md, "Built-in roles"); any other id is a role that does not exist. */
const BUILT_IN_ROLES = new Set([
    "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    "8311e382-0749-4cb8-b61a-304f252e45ec",
    "b93aa761-3e63-49ed-ac28-beffa264f7ac",
    "2a1e307c-b015-4ebd-883e-5b7698a07328",
    "fb382eab-e894-4461-af04-94435c366c3f",
    "30b27cfc-9c84-438e-b0ce-70e35255df80",
    "5af6afb3-c06c-4fa4-8848-71a8aee05683",
    "434fb43a-c01c-447e-9f67-c3ad923cfaba",
    "18ab4d3d-a1bf-4477-8ad9-8359bc988f69",
    "850c5848-fc51-4a9a-8823-f220370626e3",
    "63bb64ad-9799-4770-b5c3-24ed299a07bf",
    "b24988ac-6180-42a0-ab88-20f7382dd24c",
]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Microsoft.ManagedIdentity REST spec, federatedIdentityCredentialResourceName pattern (Federated Identity Credentials - Create Or Update).
const CREDENTIAL_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$/;

interface Assignment {
    scope: string;
    name: string;
    principalId: string;
    roleDefinitionId: string;
    principalType?: string;
    description?: string;
    userOwned: boolean;
}
interface Credential {
    name: string;
    issuer: string;
    subject: string;
    audiences: string[];
}

const norm = (id: string) => id.toLowerCase().replace(/\/+$/, "");

export class ArmFake implements Fake {
    readonly types = Object.values(T);
    readonly sub: string;
    /** Resources by lower-case id; `userOwned` ones existed before the program and are never deleted by it. */
    readonly resources = new Map<string, { id: string; location: string; userOwned: boolean; props: Inputs }>();
    readonly assignments = new Map<string, Assignment>();
    readonly credentials = new Map<string, Map<string, Credential>>();
    /** Identities with a federated-credential write in flight. */
    private readonly credentialWrites = new Set<string>();

    constructor(
        private readonly world: WorldSpec,
        readonly directory: Directory,
        private readonly hubs: HubFake,
    ) {
        this.sub = world.subscription;
        const own = (id: string, props: Inputs = {}) => this.resources.set(norm(id), { id, location: world.location, userOwned: true, props });
        for (const rg of world.resourceGroups) own(this.rgId(rg));
        for (const f of world.fleets) {
            own(this.fleetId(f.resourceGroup, f.name));
            for (const m of f.members) {
                own(`${this.fleetId(f.resourceGroup, f.name)}/members/${m.name}`, { clusterResourceId: this.clusterId(f.resourceGroup, m.name) });
                own(this.clusterId(f.resourceGroup, m.name), { kubelet: kubeletOf(f.name, m) });
                directory.add(kubeletOf(f.name, m), "ServicePrincipal", true);
            }
        }
        for (const r of world.registries) own(`${this.rgId(r.resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/${r.name}`);
        for (const a of world.roleAssignments ?? []) {
            this.assignments.set(norm(`${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`), { ...a, principalType: "ServicePrincipal", userOwned: true });
        }
    }

    rgId = (rg: string) => `/subscriptions/${this.sub}/resourceGroups/${rg}`;
    fleetId = (rg: string, fleet: string) => `${this.rgId(rg)}/providers/Microsoft.ContainerService/fleets/${fleet}`;
    clusterId = (rg: string, name: string) => `${this.rgId(rg)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
    identityId = (rg: string, name: string) => `${this.rgId(rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

    private notFound(id: string, what = "Resource"): CloudError {
        const rg = /\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
        if (rg && !this.resources.has(norm(this.rgId(rg)))) return new CloudError("ARM", 404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
        return new CloudError("ARM", 404, "ResourceNotFound", `The ${what} '${id}' was not found.`);
    }

    /** azure-native reads before it creates and refuses an object that exists (pulumi-azure-native, create: "cannot create already existing resource"). */
    private refuseExisting(id: string, exists: boolean): void {
        if (exists) throw new CloudError("ARM", 409, "AlreadyExists", `cannot create already existing resource '${id}': import it, or delete it first`);
    }

    async create(type: string, i: Inputs, _ctx: OperationContext): Promise<Created> {
        switch (type) {
            case T.identity:
                return this.createIdentity(i);
            case T.credential:
                return this.writeCredential(i, true);
            case T.assignment:
                return this.writeAssignment(i, true);
            case T.managedNamespace:
                return this.createManagedNamespace(i);
        }
        throw new Error(`ArmFake cannot create ${type}`);
    }

    async update(type: string, _id: string, _olds: Inputs, news: Inputs, _ctx?: OperationContext): Promise<Created> {
        switch (type) {
            case T.credential:
                return this.writeCredential(news, false);
            case T.assignment:
                return this.writeAssignment(news, false);
            case T.identity: {
                const id = this.identityId(news.resourceGroupName, news.resourceName);
                const r = this.resources.get(norm(id));
                if (!r) throw this.notFound(id);
                r.props = { ...r.props, tags: news.tags };
                return { id, outputs: this.identityOutputs(id, r) };
            }
            case T.managedNamespace: {
                const id = `${this.fleetId(news.resourceGroupName, news.fleetName)}/managedNamespaces/${news.managedNamespaceName}`;
                if (!this.resources.has(norm(id))) throw this.notFound(id);
                return { id, outputs: { name: news.managedNamespaceName } };
            }
        }
        throw new Error(`ArmFake cannot update ${type}`);
    }

    async delete(type: string, id: string, state: Inputs, _ctx?: OperationContext): Promise<void> {
        if (type === T.assignment) {
            const a = this.assignments.get(norm(id));
            if (a?.userOwned) throw new CloudError("Engine", 0, "UserOwned", `refusing to delete ${id}: it existed before the program`);
            this.assignments.delete(norm(id));
            return;
        }
        if (type === T.credential) {
            const identity = this.identityId(state.resourceGroupName, state.resourceName);
            await this.inFlight(identity, async () => void this.credentials.get(norm(identity))?.delete(state.federatedIdentityCredentialResourceName));
            return;
        }
        const r = this.resources.get(norm(id));
        if (r?.userOwned) throw new CloudError("Engine", 0, "UserOwned", `refusing to delete ${id}: it existed before the program`);
        this.resources.delete(norm(id));
        if (type === T.identity) {
            this.credentials.delete(norm(id));
            if (r) this.directory.remove(r.props.principalId);
        }
    }

    /**
     * azure-native's Read for an import: a GET of the id, the path's parameters parsed from it (its scope, resource group,
     * names) and the body's properties as inputs. No object is a 404.
     */
    async read(type: string, id: string, _ctx?: OperationContext): Promise<Read> {
        switch (type) {
            case T.assignment: {
                const path = /^(.+)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i.exec(id);
                if (!path) throw new CloudError("ARM", 400, "InvalidResourceId", `'${id}' is not a role assignment id (SCOPE/providers/Microsoft.Authorization/roleAssignments/NAME)`);
                const a = this.assignments.get(norm(id));
                if (!a) throw new CloudError("ARM", 404, "RoleAssignmentNotFound", `The role assignment '${path[2]}' is not found.`);
                const realId = `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`;
                const inputs: Inputs = { scope: a.scope, roleAssignmentName: a.name, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId };
                if (a.principalType) inputs.principalType = a.principalType;
                if (a.description) inputs.description = a.description;
                return { id: realId, inputs, outputs: { id: realId, name: a.name, principalType: a.principalType, scope: a.scope } };
            }
            case T.identity: {
                const path = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i.exec(id);
                if (!path) throw new CloudError("ARM", 400, "InvalidResourceId", `'${id}' is not a user-assigned identity id`);
                const r = this.resources.get(norm(id));
                if (!r) throw this.notFound(id);
                const inputs: Inputs = { resourceGroupName: path[1], resourceName: path[2], location: r.location };
                if (r.props.tags) inputs.tags = r.props.tags;
                return { id: r.id, inputs, outputs: this.identityOutputs(r.id, r) };
            }
            case T.credential: {
                const path = /^(\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+))\/federatedIdentityCredentials\/([^/]+)$/i.exec(
                    id,
                );
                if (!path) throw new CloudError("ARM", 400, "InvalidResourceId", `'${id}' is not a federated identity credential id (IDENTITY_ID/federatedIdentityCredentials/NAME)`);
                if (!this.resources.has(norm(path[1]))) throw this.notFound(path[1]);
                const c = [...(this.credentials.get(norm(path[1]))?.values() ?? [])].find((x) => x.name.toLowerCase() === path[4].toLowerCase());
                if (!c) throw this.notFound(id);
                const realId = `${path[1]}/federatedIdentityCredentials/${c.name}`;
                return {
                    id: realId,
                    inputs: { resourceGroupName: path[2], resourceName: path[3], federatedIdentityCredentialResourceName: c.name, issuer: c.issuer, subject: c.subject, audiences: c.audiences },
                    outputs: { id: realId, name: c.name },
                };
            }
        }
        throw new CloudError("Engine", 0, "NoRead", `ArmFake cannot read ${type}`);
    }

    private identityOutputs(id: string, r: { location: string; props: Inputs }): Inputs {
        return { id, name: id.split("/").pop(), location: r.location, principalId: r.props.principalId, clientId: r.props.clientId, tenantId: this.directory.tenant };
    }

    private async createIdentity(i: Inputs): Promise<Created> {
        const id = this.identityId(i.resourceGroupName, i.resourceName);
        const rg = this.resources.get(norm(this.rgId(i.resourceGroupName)));
        if (!rg) throw this.notFound(id);
        this.refuseExisting(id, this.resources.has(norm(id)));
        await turns(WRITE_TURNS);
        // A location left out is the resource group's (inferred: azure-native documents no default; ARM requires one).
        const r = { id, location: i.location ?? rg.location, userOwned: false, props: { tags: i.tags, principalId: guid(`mi-principal:${id}`), clientId: guid(`mi-client:${id}`) } };
        this.resources.set(norm(id), r);
        this.directory.add(r.props.principalId, "ServicePrincipal");
        return { id, outputs: this.identityOutputs(id, r) };
    }

    /**
     * One federated-credential write at a time per identity: "Creating multiple federated identity credentials under
     * the same user-assigned managed identity concurrently triggers concurrency detection logic, which causes requests
     * to fail with 409-conflict HTTP status code" (learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations).
     */
    private async inFlight<R>(identity: string, write: () => Promise<R>): Promise<R> {
        if (this.credentialWrites.has(norm(identity))) {
            throw new CloudError(
                "ARM",
                409,
                "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
                `Too many Federated Identity Credentials are written concurrently for the managed identity '${identity}'.`,
            );
        }
        this.credentialWrites.add(norm(identity));
        try {
            await turns(WRITE_TURNS);
            return await write();
        } finally {
            this.credentialWrites.delete(norm(identity));
        }
    }

    private async writeCredential(i: Inputs, create: boolean): Promise<Created> {
        const identity = this.identityId(i.resourceGroupName, i.resourceName);
        const name: string = i.federatedIdentityCredentialResourceName;
        const id = `${identity}/federatedIdentityCredentials/${name}`;
        if (!this.resources.has(norm(identity))) throw this.notFound(identity);
        if (!CREDENTIAL_NAME.test(name)) throw new CloudError("ARM", 400, "InvalidResourceName", `'${name}' does not match ^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$`);
        const existing = this.credentials.get(norm(identity)) ?? new Map<string, Credential>();
        if (create) this.refuseExisting(id, existing.has(name));
        return this.inFlight(identity, async () => {
            const others = [...existing.values()].filter((c) => c.name !== name);
            // "A maximum of 20 federated identity credentials can be added to an application or user-assigned managed identity" (same page).
            if (others.length >= 20) throw new CloudError("ARM", 400, "BadRequest", `identity '${identity}' already has 20 federated identity credentials, the maximum`);
            // "The combination of issuer and subject must be unique on the app" (same page).
            const twin = others.find((c) => c.issuer === i.issuer && c.subject === i.subject);
            if (twin) throw new CloudError("ARM", 400, "BadRequest", `credential '${twin.name}' of identity '${identity}' already trusts issuer ${i.issuer} and subject ${i.subject}`);
            existing.set(name, { name, issuer: i.issuer, subject: i.subject, audiences: i.audiences });
            this.credentials.set(norm(identity), existing);
            return { id, outputs: { id, name } };
        });
    }

    /** Whether a role-assignment scope exists: the subscription, a resource group, a known resource, or a fleet's hub namespace. */
    private scopeExists(scope: string): boolean {
        const s = norm(scope);
        if (s === norm(`/subscriptions/${this.sub}`) || this.resources.has(s)) return true;
        // `.../fleets/F/namespaces/NS` names a namespace on the fleet's hub, not an ARM resource (concepts-rbac, before 2025-12).
        const hubNamespace = /^(.*\/fleets\/[^/]+)\/namespaces\/[^/]+$/.exec(s);
        return !!hubNamespace && this.resources.has(hubNamespace[1]);
    }

    private async writeAssignment(i: Inputs, create: boolean): Promise<Created> {
        const name: string = i.roleAssignmentName ?? "";
        const id = `${i.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
        // The assignment's name is its id: "The role assignment ID must be a GUID" (ARM, InvalidRoleAssignmentId).
        if (!GUID.test(name)) throw new CloudError("ARM", 400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
        if (!this.scopeExists(i.scope)) throw this.notFound(i.scope, "scope");
        const role = /\/subscriptions\/([^/]+)\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(i.roleDefinitionId ?? "");
        if (!role || role[1].toLowerCase() !== this.sub.toLowerCase() || !BUILT_IN_ROLES.has(role[2].toLowerCase())) {
            throw new CloudError("ARM", 400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${i.roleDefinitionId}' does not exist.`);
        }
        const existing = this.assignments.get(norm(id));
        if (create) this.refuseExisting(id, !!existing && !existing.userOwned);
        // "Tenant ID, application ID, principal ID, and scope are not allowed to be updated" (RoleAssignmentUpdateNotPermitted,
        // learn.microsoft.com/azure/role-based-access-control/troubleshooting).
        if (existing && (existing.principalId !== i.principalId || norm(existing.roleDefinitionId) !== norm(i.roleDefinitionId))) {
            throw new CloudError("ARM", 400, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
        }
        const principal = this.directory.get(i.principalId);
        // A principal created seconds ago has not replicated: ARM finds it only when told its type (role-assignments-template,
        // "New service principal": set principalType to ServicePrincipal).
        if (!principal || (principal.young && !i.principalType)) {
            throw new CloudError("ARM", 400, "PrincipalNotFound", `Principal ${i.principalId} does not exist in the directory ${this.directory.tenant}.`);
        }
        // "The PrincipalId '...' has type 'ServicePrincipal', which is different from specified PrincipalType 'User'" (Azure/modern-web-app-pattern-dotnet PR 129).
        if (i.principalType && i.principalType !== principal.type) {
            throw new CloudError(
                "ARM",
                400,
                "UnmatchedPrincipalType",
                `The PrincipalId '${i.principalId}' has type '${principal.type}', which is different from specified PrincipalType '${i.principalType}'.`,
            );
        }
        // One assignment per (principal, role, scope): "The role assignment already exists" (RoleAssignmentExists, troubleshooting).
        const twin = [...this.assignments.entries()].find(
            ([key, a]) => key !== norm(id) && a.principalId === i.principalId && norm(a.scope) === norm(i.scope) && norm(a.roleDefinitionId) === norm(i.roleDefinitionId),
        );
        if (twin) throw new CloudError("ARM", 409, "RoleAssignmentExists", `The role assignment already exists (as ${twin[1].name}).`);
        await turns(WRITE_TURNS);
        this.assignments.set(norm(id), {
            scope: i.scope,
            name,
            principalId: i.principalId,
            roleDefinitionId: i.roleDefinitionId,
            principalType: i.principalType,
            description: i.description,
            userOwned: false,
        });
        return { id, outputs: { id, name, principalType: i.principalType, scope: i.scope } };
    }

    private async createManagedNamespace(i: Inputs): Promise<Created> {
        const fleet = this.fleetId(i.resourceGroupName, i.fleetName);
        const id = `${fleet}/managedNamespaces/${i.managedNamespaceName}`;
        if (!this.resources.has(norm(fleet))) throw this.notFound(fleet);
        this.refuseExisting(id, this.resources.has(norm(id)));
        // adoptionPolicy Never: a namespace that already exists on the hub is not taken over (howto-managed-namespaces).
        const hub = this.hubs.hubOf(fleet);
        const present = hub.get({ apiVersion: "v1", kind: "Namespace", metadata: { name: i.managedNamespaceName } });
        if (present && (i.properties?.adoptionPolicy ?? "Never") === "Never") {
            throw new CloudError("ARM", 409, "Conflict", `namespace ${i.managedNamespaceName} already exists on the hub and adoptionPolicy is Never`);
        }
        await turns(WRITE_TURNS);
        if (!present) hub.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: i.managedNamespaceName, labels: { "fleet.azure.com/managed-by": "arm" } } });
        this.resources.set(norm(id), { id, location: i.location ?? this.world.location, userOwned: false, props: {} });
        return { id, outputs: { id, name: i.managedNamespaceName } };
    }

    private fleetOf(a: Inputs): string {
        const id = this.fleetId(a.resourceGroupName, a.fleetName);
        if (!this.resources.has(norm(id))) throw this.notFound(id);
        return id;
    }

    readonly invokes: Record<string, (a: Inputs) => Inputs> = {
        "azure-native:containerservice:getFleet": (a) => ({ id: this.fleetOf(a), name: a.fleetName, location: this.world.location, hubProfile: { fqdn: `${a.fleetName}-hub.emulated.invalid` } }),
        "azure-native:containerservice:getFleetMember": (a) => {
            const id = `${this.fleetOf(a)}/members/${a.fleetMemberName}`;
            const m = this.resources.get(norm(id));
            if (!m) throw this.notFound(id);
            return { id, name: a.fleetMemberName, clusterResourceId: m.props.clusterResourceId, provisioningState: "Succeeded" };
        },
        "azure-native:containerservice:getManagedCluster": (a) => {
            const id = this.clusterId(a.resourceGroupName, a.resourceName);
            const c = this.resources.get(norm(id));
            if (!c) throw this.notFound(id);
            return { id, name: a.resourceName, location: c.location, identityProfile: { kubeletidentity: { objectId: c.props.kubelet, clientId: guid(`kubelet-client:${c.props.kubelet}`) } } };
        },
        "azure-native:containerservice:listFleetCredentials": (a) => ({
            kubeconfigs: [{ name: "hub", value: Buffer.from(this.hubs.kubeconfig(this.fleetOf(a), a.fleetName, this.directory.tenant)).toString("base64") }],
        }),
        "azure-native:containerregistry:getRegistry": (a) => {
            const id = `${this.rgId(a.resourceGroupName)}/providers/Microsoft.ContainerRegistry/registries/${a.registryName}`;
            if (!this.resources.has(norm(id))) throw this.notFound(id);
            return {
                id,
                name: a.registryName,
                location: this.world.location,
                loginServer: `${String(a.registryName).toLowerCase()}.azurecr.io`,
                sku: { name: "Premium" },
                roleAssignmentMode: "LegacyRegistryPermissions",
            };
        },
        "azure-native:authorization:getClientConfig": () => ({
            subscriptionId: this.sub,
            tenantId: this.directory.tenant,
            clientId: this.directory.caller.clientId,
            objectId: this.directory.caller.objectId,
        }),
    };
}
