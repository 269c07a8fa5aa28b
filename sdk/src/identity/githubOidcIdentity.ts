import * as azuread from "@pulumi/azuread";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { Problem } from "../problems";
import { armIdInput, duplicates, failOnProblems } from "../validate";
import { AZURE_TOKEN_AUDIENCE, GITHUB_OIDC_ISSUER } from "./subjects";

/** What GitHub Actions signs in as. */
export const IdentityKind = {
    /** A user-assigned managed identity: needs no Microsoft Graph permission to create, lives in a resource group. */
    ManagedIdentity: "managedIdentity",
    /** An Entra application + service principal, as the portal creates; needs Graph rights (Application.ReadWrite.OwnedBy). */
    Application: "application",
} as const;
export type IdentityKind = (typeof IdentityKind)[keyof typeof IdentityKind];

/** Entra ID's limit of federated credentials per application or user-assigned identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;

/** Arguments of {@link GitHubOidcIdentity}. */
export interface GitHubOidcIdentityArgs {
    /** The OIDC subjects trusted to sign in, exactly as GitHub mints them (e.g. `repo:contoso/web:ref:refs/heads/main`). At most 20. */
    subjects: string[];
    /** What to create. @default "managedIdentity": no Microsoft Graph permission needed, and the identity lives and dies with a resource group you own. */
    kind?: IdentityKind;
    /** Resource group id (`/subscriptions/S/resourceGroups/G`) that holds the managed identity. Required for `managedIdentity`. */
    resourceGroupId?: pulumi.Input<string>;
    /** Azure region of the managed identity. @default the resource group's region. */
    location?: pulumi.Input<string>;
    /** Name of the managed identity or display name of the application. @default the component's name. */
    identityName?: string;
}

export interface IdentitySpec {
    kind: IdentityKind;
    subjects: string[];
    identityName: string;
    resourceGroup?: pulumi.Output<string>;
    location?: pulumi.Input<string>;
}

/** Checks the identity arguments; `path` prefixes every problem's property path. */
export function identitySpec(name: string, args: GitHubOidcIdentityArgs, path: (field: string) => string, problems: Problem[]): IdentitySpec {
    const kind = args.kind ?? IdentityKind.ManagedIdentity;
    if (!Object.values(IdentityKind).includes(kind)) {
        problems.push({ path: path("kind"), message: `${path("kind")} ${JSON.stringify(kind)} is not one of ${Object.values(IdentityKind).map((k) => `"${k}"`).join(", ")}.` });
    }
    const subjects = args.subjects ?? [];
    if (subjects.length === 0) {
        problems.push({ path: path("subjects"), message: `${path("subjects")} is empty: give at least one subject, e.g. "repo:contoso/web:ref:refs/heads/main".` });
    }
    if (subjects.length > MAX_FEDERATED_CREDENTIALS) {
        problems.push({ path: path("subjects"), message: `${path("subjects")} has ${subjects.length} subjects, over Entra ID's limit of ${MAX_FEDERATED_CREDENTIALS} federated credentials per identity: split the triggers across deployments (one identity each) or use fewer branches.` });
    }
    for (const dup of duplicates(subjects)) {
        problems.push({ path: path("subjects"), message: `${path("subjects")} lists ${JSON.stringify(dup)} twice: issuer and subject must be unique per identity.` });
    }
    let resourceGroup: pulumi.Output<string> | undefined;
    if (kind === IdentityKind.ManagedIdentity) {
        resourceGroup = armIdInput(args.resourceGroupId, "resourceGroup", path("resourceGroupId"), problems).apply((rg) => rg?.resourceGroup);
    }
    const identityName = args.identityName ?? name;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/.test(identityName)) {
        problems.push({ path: path("identityName"), message: `${path("identityName")} ${JSON.stringify(identityName)} is not a valid identity name: 3-128 letters, digits, '-' or '_', starting with a letter or digit.` });
    }
    return { kind, subjects, identityName, resourceGroup, location: args.location };
}

/**
 * Short, stable name parts for subjects: `repo:o/r:ref:refs/heads/main` -> `ref-refs-heads-main`.
 * Two subjects that fold to the same slug (`a/b`, `a-b`) get a hash suffix so names stay unique.
 */
export function subjectSlugs(subjects: string[]): string[] {
    const slug = (s: string) => (s.split(":").slice(2).join("-") || s).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
    const slugs = subjects.map(slug);
    return slugs.map((s, i) => slugs.indexOf(s) !== slugs.lastIndexOf(s)
        ? `${s}-${createHash("sha256").update(subjects[i]).digest("hex").slice(0, 6)}` : s);
}

/**
 * An identity that GitHub Actions signs in as through OIDC federation: no secret is stored anywhere.
 * Federated credentials on one managed identity are created strictly one after another, because
 * Azure rejects concurrent writes with 409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity.
 */
export class GitHubOidcIdentity extends pulumi.ComponentResource {
    /** Client (application) id: the `client-id` azure/login signs in with. */
    public readonly clientId: pulumi.Output<string>;
    /** Object id of the service principal: what role assignments name. */
    public readonly principalId: pulumi.Output<string>;
    /** Entra tenant id. */
    public readonly tenantId: pulumi.Output<string>;
    /** The trusted subjects. */
    public readonly subjects: pulumi.Output<string[]>;

    constructor(name: string, args: GitHubOidcIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems: Problem[] = [];
        const spec = identitySpec(name, args, (f) => f, problems);
        failOnProblems("GitHubOidcIdentity", name, problems);
        super("fleet-autodeploy:index:GitHubOidcIdentity", name, {}, opts);
        const created = createIdentity(name, spec, this);
        this.clientId = created.clientId;
        this.principalId = created.principalId;
        this.tenantId = created.tenantId;
        this.subjects = pulumi.output(spec.subjects);
        this.registerOutputs({ clientId: this.clientId, principalId: this.principalId, tenantId: this.tenantId, subjects: this.subjects });
    }
}

export interface CreatedIdentity {
    clientId: pulumi.Output<string>;
    principalId: pulumi.Output<string>;
    tenantId: pulumi.Output<string>;
}

/** Registers the identity and its federated credentials under `parent`. */
export function createIdentity(name: string, spec: IdentitySpec, parent: pulumi.Resource): CreatedIdentity {
    if (spec.kind === IdentityKind.Application) {
        const app = new azuread.Application(`${name}-app`, {
            displayName: spec.identityName,
            description: `GitHub Actions OIDC identity (fleet-autodeploy): ${spec.subjects.join(", ")}`,
            signInAudience: "AzureADMyOrg",
        }, { parent });
        const sp = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId }, { parent });
        const slugs = subjectSlugs(spec.subjects);
        spec.subjects.forEach((subject, i) => {
            new azuread.ApplicationFederatedIdentityCredential(`${name}-fic-${slugs[i]}`, {
                applicationId: app.id,
                displayName: `github-${slugs[i]}`.slice(0, 120),
                issuer: GITHUB_OIDC_ISSUER,
                audiences: [AZURE_TOKEN_AUDIENCE],
                subject,
            }, { parent });
        });
        return { clientId: app.clientId, principalId: sp.objectId, tenantId: sp.applicationTenantId };
    }
    const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
        resourceGroupName: spec.resourceGroup!,
        resourceName: spec.identityName,
        location: spec.location,
        tags: { "managed-by": "fleet-autodeploy" },
    }, { parent });
    let previous: pulumi.Resource | undefined;
    const slugs = subjectSlugs(spec.subjects);
    for (const [i, subject] of spec.subjects.entries()) {
        previous = new managedidentity.FederatedIdentityCredential(`${name}-fic-${slugs[i]}`, {
            resourceGroupName: spec.resourceGroup!,
            resourceName: identity.name,
            federatedIdentityCredentialResourceName: `github-${slugs[i]}`.slice(0, 120),
            issuer: GITHUB_OIDC_ISSUER,
            audiences: [AZURE_TOKEN_AUDIENCE],
            subject,
        }, { parent, dependsOn: previous ? [previous] : [] });
    }
    return { clientId: identity.clientId, principalId: identity.principalId, tenantId: identity.tenantId };
}
