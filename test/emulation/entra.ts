// A stateful fake of Microsoft Graph as the azuread provider (terraform-provider-azuread v3.7.0, under @pulumi/azuread
// 6.9.1) drives it: applications, service principals, federated and flexible federated credentials, and the caller's
// Graph permission. With Application.ReadWrite.OwnedBy the caller may create applications and "cannot update any apps
// that it is not an owner of" (learn.microsoft.com/graph/permissions-reference#applicationreadwriteownedby).
import { CloudError, Created, Fake, Inputs, OperationContext, Read, turns, WRITE_TURNS } from "./cloudError";
import { Directory, guid, WorldSpec } from "./world";

const T = {
    application: "azuread:index/application:Application",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    credential: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    flexible: "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
};

/** A federated credential by name: `id` is Graph's key id, `match` its subject (`subject:...`) or expression (`expression:...`). */
interface AppCredential {
    id: string;
    issuer: string;
    match: string;
    audiences: string[];
    description?: string;
}
interface Application {
    objectId: string;
    clientId: string;
    displayName: string;
    owners: Set<string>;
    credentials: Map<string, AppCredential>;
    description?: string;
    signInAudience?: string;
}

const denied = (what: string) => new CloudError("Graph", 403, "Authorization_RequestDenied", `Insufficient privileges to complete the operation (${what}).`);

export class EntraFake implements Fake {
    readonly types = Object.values(T);
    readonly applications = new Map<string, Application>();
    readonly servicePrincipals = new Map<string, { objectId: string; clientId: string; owners: Set<string> }>();

    constructor(
        private readonly world: WorldSpec,
        private readonly directory: Directory,
    ) {
        // Applications registered outside the program (the portal's), with their service principals and credentials.
        for (const a of world.entra.applications ?? []) {
            const credentials = new Map(a.credentials.map((c) => [c.name, { id: c.id, issuer: c.issuer, match: `subject:${c.subject}`, audiences: c.audiences }] as [string, AppCredential]));
            this.applications.set(a.objectId, { objectId: a.objectId, clientId: a.clientId, displayName: a.displayName, owners: new Set(a.owners), credentials, signInAudience: "AzureADMyOrg" });
            this.servicePrincipals.set(a.servicePrincipalObjectId, { objectId: a.servicePrincipalObjectId, clientId: a.clientId, owners: new Set(a.owners) });
            directory.add(a.servicePrincipalObjectId, "ServicePrincipal", true);
        }
    }

    private get caller(): string {
        return this.directory.caller.objectId;
    }

    /** What the caller may change: everything with Application.ReadWrite.All, only what it owns with OwnedBy. */
    private mayChange(owners: Set<string>): boolean {
        return this.world.entra.permission === "Application.ReadWrite.All" || owners.has(this.caller);
    }

    private app(applicationId: string): Application {
        const objectId = String(applicationId).replace(/^\/applications\//, "");
        const app = this.applications.get(objectId);
        if (!app) throw new CloudError("Graph", 404, "Request_ResourceNotFound", `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`);
        return app;
    }

    /**
     * The provider's create: POST with the caller plus `owners` as owners, a PATCH of the display name, then, when
     * `owners` does not list the caller, a DELETE of the caller's ownership (application_resource.go:1179-1300).
     */
    private async createApplication(i: Inputs): Promise<Created> {
        const objectId = guid(`app:${i.displayName}:${this.applications.size}`);
        const configured = new Set<string>(i.owners ?? []);
        const app: Application = {
            objectId,
            clientId: guid(`app-client:${objectId}`),
            displayName: i.displayName,
            owners: new Set([this.caller, ...configured]),
            credentials: new Map(),
            description: i.description,
            signInAudience: i.signInAudience ?? "AzureADMyOrg",
        };
        await turns(WRITE_TURNS);
        this.applications.set(objectId, app);
        if (!configured.has(this.caller)) app.owners.delete(this.caller);
        return { id: `/applications/${objectId}`, outputs: { objectId, clientId: app.clientId, owners: [...app.owners], displayName: app.displayName } };
    }

    /** The service principal's create adds and removes the caller as owner the same way (service_principal_resource.go:367-530). */
    private async createServicePrincipal(i: Inputs): Promise<Created> {
        const app = [...this.applications.values()].find((a) => a.clientId === i.clientId);
        if (!app) throw new CloudError("Graph", 400, "Request_BadRequest", `The appId '${i.clientId}' of the service principal does not reference a valid application object.`);
        if ([...this.servicePrincipals.values()].some((s) => s.clientId === i.clientId)) {
            // The provider lists service principals by appId first and refuses to create a second one.
            throw new CloudError("Graph", 409, "AlreadyExists", `A service principal for client ${i.clientId} already exists: import it`);
        }
        await turns(WRITE_TURNS);
        const objectId = guid(`sp:${app.objectId}`);
        const owners = new Set<string>(i.owners ?? []);
        this.servicePrincipals.set(objectId, { objectId, clientId: i.clientId, owners });
        this.directory.add(objectId, "ServicePrincipal");
        return { id: `/servicePrincipals/${objectId}`, outputs: { objectId, applicationTenantId: this.directory.tenant, clientId: i.clientId } };
    }

    /**
     * POST /applications/{id}/federatedIdentityCredentials, for plain and flexible credentials alike (the provider's
     * flexible resource posts to the same collection: application_flexible_federated_identity_credential_resource.go:149).
     */
    private async writeCredential(type: string, i: Inputs): Promise<Created> {
        const app = this.app(i.applicationId);
        if (!this.mayChange(app.owners)) throw denied(`${this.world.entra.permission} may not change application ${app.displayName}, which the caller does not own`);
        const name: string = i.displayName;
        const match = type === T.flexible ? `expression:${i.claimsMatchingExpression}` : `subject:${i.subject}`;
        const issuer: string = i.issuer;
        // A credential's name is unique in its application, and immutable (Graph, federatedIdentityCredential resource type).
        if (app.credentials.has(name)) throw new CloudError("Graph", 409, "Request_BadRequest", `FederatedIdentityCredential with name ${name} already exists.`);
        // At most 20, issuer and subject unique (workload-identity-federation-considerations).
        if (app.credentials.size >= 20) throw new CloudError("Graph", 400, "Request_BadRequest", `application ${app.displayName} already has 20 federated identity credentials, the maximum`);
        const twin = [...app.credentials.entries()].find(([, c]) => c.issuer === issuer && c.match === match);
        if (twin) throw new CloudError("Graph", 400, "Request_BadRequest", `credential ${twin[0]} of ${app.displayName} already trusts issuer ${issuer} and ${match}`);
        await turns(WRITE_TURNS);
        // A flexible credential takes one `audience`, a plain one a list (@pulumi/azuread 6.9.1 typings).
        const credentialId = guid(`fic:${app.objectId}:${name}`);
        app.credentials.set(name, { id: credentialId, issuer, match, audiences: i.audiences ?? (i.audience ? [i.audience] : []), description: i.description });
        // The provider's id: "{ObjectId}/federatedIdentityCredential/{CredentialId}" (@pulumi/azuread 6.9.1, Import).
        return { id: `${app.objectId}/federatedIdentityCredential/${credentialId}`, outputs: { credentialId } };
    }

    async create(type: string, i: Inputs, _ctx: OperationContext): Promise<Created> {
        switch (type) {
            case T.application:
                return this.createApplication(i);
            case T.servicePrincipal:
                return this.createServicePrincipal(i);
            case T.credential:
            case T.flexible:
                return this.writeCredential(type, i);
        }
        throw new Error(`EntraFake cannot create ${type}`);
    }

    async update(type: string, id: string, olds: Inputs, news: Inputs, _ctx?: OperationContext): Promise<Created> {
        if (type === T.application) {
            const app = this.app(id);
            if (!this.mayChange(app.owners)) throw denied(`PATCH of application ${app.displayName}, which the caller does not own`);
            app.displayName = news.displayName;
            app.description = news.description;
            app.signInAudience = news.signInAudience ?? app.signInAudience;
            return { id, outputs: { ...olds, displayName: news.displayName } };
        }
        if (type === T.credential || type === T.flexible) {
            const app = this.app(news.applicationId);
            if (!this.mayChange(app.owners)) throw denied(`PATCH of a credential of ${app.displayName}, which the caller does not own`);
            const before = app.credentials.get(news.displayName);
            if (!before) throw new CloudError("Graph", 404, "Request_ResourceNotFound", `credential ${news.displayName} of ${app.displayName} does not exist`);
            app.credentials.set(news.displayName, {
                ...before,
                issuer: news.issuer,
                match: type === T.flexible ? `expression:${news.claimsMatchingExpression}` : `subject:${news.subject}`,
                audiences: news.audiences ?? (news.audience ? [news.audience] : []),
                description: news.description,
            });
            return { id, outputs: olds };
        }
        throw new CloudError("Graph", 400, "Request_BadRequest", `EntraFake has no in-place update for ${type}`);
    }

    /**
     * The provider's Read for an import, by the ids it documents (@pulumi/azuread 6.9.1, Import): `/applications/OBJECT_ID`,
     * `/servicePrincipals/OBJECT_ID`, `APP_OBJECT_ID/federatedIdentityCredential/CREDENTIAL_ID`. An id of another shape
     * fails its parse; an object that does not exist is Graph's 404.
     */
    async read(type: string, id: string, _ctx?: OperationContext): Promise<Read> {
        const GUID = "[0-9a-fA-F-]{36}";
        const notFound = (what: string) =>
            new CloudError("Graph", 404, "Request_ResourceNotFound", `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);
        const parse = (pattern: string, shape: string) => {
            const m = new RegExp(`^${pattern}$`).exec(id);
            if (!m) throw new CloudError("Graph", 400, "InvalidId", `parsing ${JSON.stringify(id)}: expected ${shape}`);
            return m;
        };
        switch (type) {
            case T.application: {
                const [, objectId] = parse(`/applications/(${GUID})`, "/applications/OBJECT_ID");
                const app = this.applications.get(objectId);
                if (!app) throw notFound(objectId);
                const inputs: Inputs = { displayName: app.displayName, owners: [...app.owners], signInAudience: app.signInAudience ?? "AzureADMyOrg" };
                if (app.description) inputs.description = app.description;
                return { id, inputs, outputs: { objectId, clientId: app.clientId, owners: [...app.owners], displayName: app.displayName } };
            }
            case T.servicePrincipal: {
                const [, objectId] = parse(`/servicePrincipals/(${GUID})`, "/servicePrincipals/OBJECT_ID");
                const sp = this.servicePrincipals.get(objectId);
                if (!sp) throw notFound(objectId);
                return { id, inputs: { clientId: sp.clientId, owners: [...sp.owners] }, outputs: { objectId, applicationTenantId: this.directory.tenant, clientId: sp.clientId } };
            }
            case T.credential: {
                const [, objectId, credentialId] = parse(`(${GUID})/federatedIdentityCredential/(${GUID})`, "APP_OBJECT_ID/federatedIdentityCredential/CREDENTIAL_ID");
                const app = this.applications.get(objectId);
                if (!app) throw notFound(objectId);
                const found = [...app.credentials.entries()].find(([, c]) => c.id === credentialId);
                const subject = found && /^subject:(.*)$/.exec(found[1].match);
                if (!found || !subject) throw notFound(credentialId);
                const [name, c] = found;
                const inputs: Inputs = { applicationId: `/applications/${objectId}`, displayName: name, issuer: c.issuer, subject: subject[1], audiences: c.audiences };
                if (c.description) inputs.description = c.description;
                return { id, inputs, outputs: { credentialId } };
            }
        }
        throw new CloudError("Engine", 0, "NoRead", `EntraFake cannot read ${type}`);
    }

    async delete(type: string, id: string, state: Inputs, _ctx?: OperationContext): Promise<void> {
        if (type === T.application) {
            const app = this.app(id);
            if (!this.mayChange(app.owners)) throw denied(`DELETE of application ${app.displayName}, which the caller does not own`);
            this.applications.delete(app.objectId);
        } else if (type === T.servicePrincipal) {
            const objectId = id.split("/").pop()!;
            const sp = this.servicePrincipals.get(objectId);
            const app = [...this.applications.values()].find((a) => a.clientId === sp?.clientId);
            if (sp && !this.mayChange(new Set([...sp.owners, ...(app?.owners ?? [])]))) throw denied(`DELETE of service principal ${objectId}`);
            this.servicePrincipals.delete(objectId);
            this.directory.remove(objectId);
        } else {
            const app = this.applications.get(String(state.applicationId).replace(/^\/applications\//, ""));
            if (!app) return;
            if (!this.mayChange(app.owners)) throw denied(`DELETE of a credential of ${app.displayName}`);
            app.credentials.delete(state.displayName);
        }
    }

    readonly invokes: Record<string, (a: Inputs) => Inputs> = {
        "azuread:index/getClientConfig:getClientConfig": () => ({ tenantId: this.directory.tenant, clientId: this.directory.caller.clientId, objectId: this.directory.caller.objectId }),
    };
}
