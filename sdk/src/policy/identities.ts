// Which identities of a stack GitHub Actions can sign in as, and which role assignments are theirs. A role
// assignment names its principal by id, an identity's credentials name it by resource group and name (managed
// identities) or by application (Entra apps): the stack's resources are linked by what flowed into those inputs
// (property dependencies: known in `pulumi preview` and in the offline plan even while ids are not), else by the ids
// and names themselves where they are known.
import { GITHUB_OIDC_ISSUER } from "../vocabulary/oidc";
import { known, PolicyTarget } from "./target";
import { Types } from "../vocabulary/tokens";

/** A principal of the stack: a user-assigned managed identity, or an Entra application's service principal. */
export interface StackIdentity {
    resource: PolicyTarget;
    /** Its federated credentials (a service principal's are its application's). */
    credentials: PolicyTarget[];
    /** Role assignments granted to it. */
    roleAssignments: PolicyTarget[];
}

export interface IdentityGraph {
    identities: StackIdentity[];
    /** The identity a role assignment is granted to, when it is one of the stack's. */
    principalOf(assignment: PolicyTarget): StackIdentity | undefined;
    /** The identity a federated credential belongs to, when it is one of the stack's. */
    ownerOf(credential: PolicyTarget): StackIdentity | undefined;
}

export const CREDENTIAL_TYPES: string[] = [Types.FederatedIdentityCredential, Types.ApplicationFederatedIdentityCredential, Types.ApplicationFlexibleFederatedIdentityCredential];

/** GitHub's issuer, or a GitHub Enterprise Cloud one under it (`.../ENTERPRISE`): trusts GitHub Actions' tokens. */
export function isGitHubIssuer(issuer: unknown): boolean {
    const text = known(issuer);
    if (!text) return false;
    try {
        return new URL(text).hostname.toLowerCase() === new URL(GITHUB_OIDC_ISSUER).hostname;
    } catch {
        return false;
    }
}

/** An identity GitHub can sign in as: one of its credentials trusts GitHub's issuer. */
export function isGitHubIdentity(identity: StackIdentity): boolean {
    return identity.credentials.some((c) => isGitHubIssuer(c.props.issuer));
}

const lower = (v: unknown) => known(v)?.toLowerCase();
const IDENTITY_IN_ID = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)/i;

/** A managed identity's resource group and name, as `rg/name` lower-cased (ARM names are case-insensitive). */
function identityKey(props: Record<string, unknown>, nameKeys: string[]): string | undefined {
    const rg = lower(props.resourceGroupName);
    const name = nameKeys.map((k) => lower(props[k])).find((v) => v !== undefined);
    if (rg && name) return `${rg}/${name}`;
    const fromId = IDENTITY_IN_ID.exec(known(props.id) ?? "");
    return fromId ? `${fromId[1].toLowerCase()}/${fromId[2].toLowerCase()}` : undefined;
}

/** The first of `candidates` whose URN flowed into `r`'s `property`. */
function linkedBy<T extends { resource: PolicyTarget }>(r: PolicyTarget, property: string, candidates: T[]): T | undefined {
    const urns = new Set(r.propertyDependencies[property] ?? []);
    return candidates.find((c) => urns.has(c.resource.urn));
}

/** Links the stack's identities, their credentials and the role assignments granted to them. */
export function identityGraph(resources: PolicyTarget[]): IdentityGraph {
    const ofType = (t: string) => resources.filter((r) => r.type === t);
    const managed = ofType(Types.UserAssignedIdentity).map((resource) => ({ resource, credentials: [] as PolicyTarget[], roleAssignments: [] as PolicyTarget[] }));
    const apps = ofType(Types.Application).map((resource) => ({ resource, credentials: [] as PolicyTarget[] }));
    const principals = ofType(Types.ServicePrincipal).map((resource) => ({ resource, credentials: [] as PolicyTarget[], roleAssignments: [] as PolicyTarget[] }));
    const owner = new Map<string, StackIdentity>();

    for (const fic of ofType(Types.FederatedIdentityCredential)) {
        const key = identityKey(fic.props, ["resourceName"]);
        const identity = linkedBy(fic, "resourceName", managed) ?? managed.find((m) => key !== undefined && identityKey(m.resource.props, ["resourceName", "name"]) === key);
        if (identity) {
            identity.credentials.push(fic);
            owner.set(fic.urn, identity);
        }
    }
    const appOf = new Map<string, (typeof apps)[number]>();
    for (const type of [Types.ApplicationFederatedIdentityCredential, Types.ApplicationFlexibleFederatedIdentityCredential]) {
        for (const c of ofType(type)) {
            // applicationId is the application's resource id, `/applications/OBJECT_ID`.
            const id = lower(c.props.applicationId)?.replace(/^\/applications\//, "");
            const app = linkedBy(c, "applicationId", apps) ?? apps.find((a) => id !== undefined && lower(a.resource.props.objectId) === id);
            if (app) {
                app.credentials.push(c);
                appOf.set(c.urn, app);
            }
        }
    }
    for (const sp of principals) {
        const clientId = lower(sp.resource.props.clientId);
        const app = linkedBy(sp.resource, "clientId", apps) ?? apps.find((a) => clientId !== undefined && lower(a.resource.props.clientId) === clientId);
        if (!app) continue;
        sp.credentials = app.credentials;
        for (const c of app.credentials) owner.set(c.urn, sp);
    }
    const identities: StackIdentity[] = [...managed, ...principals];
    const principalOf = new Map<string, StackIdentity>();
    for (const assignment of ofType(Types.RoleAssignment)) {
        const id = lower(assignment.props.principalId);
        const identity =
            linkedBy(assignment, "principalId", identities) ??
            identities.find((i) => id !== undefined && lower(i.resource.type === Types.ServicePrincipal ? i.resource.props.objectId : i.resource.props.principalId) === id);
        if (identity) {
            identity.roleAssignments.push(assignment);
            principalOf.set(assignment.urn, identity);
        }
    }
    return {
        identities,
        principalOf: (a) => principalOf.get(a.urn),
        ownerOf: (c) => owner.get(c.urn),
    };
}
