// What exists before the first `up`: the user's subscription, resource groups, fleets with their member clusters,
// registries, the GitHub owner with its repositories and teams, and the Entra caller; and what other hands made that a
// program adopts (the portal's application, role assignments, secrets and files). Nothing the program creates.
import { createHash } from "node:crypto";

export const guid = (seed: string) => {
    const h = createHash("sha256").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
export const numeric = (seed: string) => (parseInt(createHash("sha256").update(seed).digest("hex").slice(0, 8), 16) % 900_000_000) + 100_000_000;

export interface MemberSpec {
    name: string;
    /** The kubelet identity's object id. @default derived from the member's name */
    kubeletObjectId?: string;
}

export interface WorldSpec {
    subscription: string;
    location: string;
    resourceGroups: string[];
    fleets: { resourceGroup: string; name: string; members: MemberSpec[]; hubNamespaces?: string[] }[];
    registries: { resourceGroup: string; name: string }[];
    /** Role assignments made outside the program (e.g. `az aks update --attach-acr`), under names of their own. */
    roleAssignments?: { scope: string; principalId: string; roleDefinitionId: string; name: string }[];
    github: {
        owner: string;
        repositories: {
            name: string;
            defaultBranch?: string;
            branches?: string[];
            files?: string[];
            subjectTemplate?: { useDefault: boolean; includeClaimKeys: string[] };
            /** Actions secrets that exist, with the values they were written with. */
            secrets?: Record<string, string>;
        }[];
        teams: number[];
        users: number[];
        /** Fine-grained token permissions of the provider's token, e.g. "actions:read". */
        tokenPermissions: string[];
    };
    entra: {
        /** What the deploying principal may do in Microsoft Graph. */
        permission: "Application.ReadWrite.OwnedBy" | "Application.ReadWrite.All";
        /** Applications registered outside the program (e.g. by the portal), each with its service principal and credentials. */
        applications?: EntraApplicationSpec[];
    };
}

export interface EntraApplicationSpec {
    objectId: string;
    clientId: string;
    displayName: string;
    /** Object ids of its owners. */
    owners: string[];
    servicePrincipalObjectId: string;
    credentials: { id: string; name: string; issuer: string; subject: string; audiences: string[] }[];
}

/** The tenant, and the principal `pulumi up` runs as. */
export const TENANT = guid("emulated-tenant");
export const CALLER = { objectId: guid("emulated-caller-object"), clientId: guid("emulated-caller-client") };

/** The directory of principals that ARM role assignments name: kubelet identities, managed identities, service principals. */
export class Directory {
    readonly tenant = TENANT;
    /** The principal `pulumi up` runs as. */
    readonly caller = CALLER;
    /** The `up` in progress: a principal created during it is seconds old. */
    operation = 0;
    private readonly principals = new Map<string, { type: string; createdIn: number }>();

    add(objectId: string, type: string, existing = false): void {
        this.principals.set(objectId, { type, createdIn: existing ? -1 : this.operation });
    }
    remove(objectId: string): void {
        this.principals.delete(objectId);
    }
    get(objectId: string): { type: string; young: boolean } | undefined {
        const p = this.principals.get(objectId);
        return p && { type: p.type, young: p.createdIn === this.operation };
    }
}

export const kubeletOf = (fleet: string, m: MemberSpec) => m.kubeletObjectId ?? guid(`kubelet:${fleet}:${m.name}`);
