// The resources an identity registers (createIdentity's steps): its GitHub lookups, an Entra application with its
// exact and flexible credentials, or a managed identity with its credentials in a chain.
import * as azuread from "@pulumi/azuread";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { nameParts } from "../core/names";
import { PlannedCredential, SubjectInputs } from "./credentials";
import { repoClaim, SubjectFormat } from "./subjects";
import { GITHUB_OIDC_ISSUER } from "../vocabulary/oidc";
import { managedByTags } from "../vocabulary/labels";
// Types only (erased at runtime): githubOidcIdentity.ts imports this file's functions.
import type { CreatedIdentity, IdentitySpec } from "./githubOidcIdentity";

/** What both kinds of identity register with: the plan, the subjects' lookups, and what is adopted. */
export interface Registration {
    name: string;
    spec: IdentitySpec;
    parent: pulumi.Resource;
    inputs: pulumi.Output<SubjectInputs>;
    /** The token-exchange audience of the identity's cloud. */
    audience: string;
    subjectOf: (c: PlannedCredential) => pulumi.Input<string>;
    /** The adopted credential that trusts `c`'s subject, if any. */
    adoptedCredential: (c: PlannedCredential) => { name: string; importId: string } | undefined;
}

/** What a kind of identity registers: all of {@link CreatedIdentity} but the subjects, which both kinds share. */
type Registered = Omit<CreatedIdentity, "subjects">;

/** An adopted object keeps its real id; its name, where the name is its identity, is given by the caller. */
export const adopted = (importId: string | undefined) => (importId ? { import: importId } : {});

/** What the planned subjects need from GitHub: numeric ids and the custom template, looked up only if needed and not given. */
export function subjectInputs(spec: IdentitySpec, parent: pulumi.Resource): pulumi.Output<SubjectInputs> {
    const opts = { parent };
    const needIds =
        spec.credentials.some((c) => c.variant === "immutable" || c.variant === "customImmutable") ||
        (spec.branchPatterns.length > 0 && spec.format !== SubjectFormat.Legacy) ||
        (spec.format === SubjectFormat.Custom && (spec.claimKeys ?? []).some((k) => k.endsWith("_id")));
    const fullName = `${spec.repo.owner}/${spec.repo.name}`;
    const repositoryId = spec.repo.repositoryId ?? (needIds ? github.getRepositoryOutput({ fullName }, opts).repoId : undefined);
    const ownerId = spec.repo.ownerId ?? (needIds ? github.getUserOutput({ username: spec.repo.owner }, opts).id.apply(Number) : undefined);
    let claimKeys: pulumi.Input<string[] | undefined> = spec.claimKeys;
    if (spec.format === SubjectFormat.Custom && spec.claimKeys === undefined) {
        const useDefault = () => new Error(`${fullName} uses GitHub's default subject template, not a custom one: set subjectFormat "legacyAndImmutable" (or "legacy"/"immutable").`);
        claimKeys = github.getActionsRepositoryOidcSubjectClaimCustomizationTemplateOutput({ name: spec.repo.name }, opts).apply((t) => {
            if (t.useDefault) throw useDefault();
            if (t.includeClaimKeys.length > 0) return pulumi.output(t.includeClaimKeys);
            // use_default false without keys: the organization's template applies (GitHub REST, "Set the
            // customization template for an OIDC subject claim for a repository").
            return github.getActionsOrganizationOidcSubjectClaimCustomizationTemplateOutput(opts).apply((o) => {
                if (o.includeClaimKeys.length === 0) throw useDefault();
                return o.includeClaimKeys;
            });
        });
    }
    return pulumi.all([repositoryId, ownerId, claimKeys]).apply(([r, o, k]) => ({ repositoryId: r, ownerId: o, claimKeys: k }));
}

/** An Entra application, its service principal, a credential per planned subject and flexible ones per branch pattern. */
export function createApplication(r: Registration): Registered {
    const { name, spec, parent } = r;
    const adoption = spec.adoption;
    // The azuread provider creates an application and its service principal with the caller as owner, then removes
    // the caller unless `owners` lists it (terraform-provider-azuread, applications/application_resource.go and
    // serviceprincipals/service_principal_resource.go, `removeCallerOwner`). A caller with
    // Application.ReadWrite.OwnedBy may only change what it owns: it would get 403 on the service principal and on
    // every credential. So the caller is listed; later changes of owners (a platform team adding a group, another
    // caller running `up`) are left alone rather than undone, which would lock the other caller out in turn.
    const owners = [azuread.getClientConfigOutput({ parent }).objectId];
    const ownership = { parent, ignoreChanges: ["owners"] };
    const app = new azuread.Application(
        `${name}-app`,
        {
            displayName: spec.identityName,
            description: `GitHub Actions OIDC identity for ${spec.repo.owner}/${spec.repo.name} (fleet-autodeploy)`,
            signInAudience: "AzureADMyOrg",
            owners,
        },
        { ...ownership, ...adopted(adoption?.identity?.importId) },
    );
    const sp = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId, owners }, { ...ownership, ...adopted(adoption?.servicePrincipal) });
    const credentials: pulumi.Resource[] = [sp];
    for (const c of spec.credentials) {
        const existing = r.adoptedCredential(c);
        credentials.push(
            new azuread.ApplicationFederatedIdentityCredential(
                `${name}-fic-${c.slug}`,
                {
                    applicationId: app.id,
                    // The display name is fixed at creation (a new one replaces the credential): an adopted one keeps its own.
                    displayName: existing?.name ?? `github-${c.slug}`.slice(0, 120),
                    issuer: GITHUB_OIDC_ISSUER,
                    audiences: [r.audience],
                    subject: r.subjectOf(c),
                },
                { parent, ...adopted(existing?.importId) },
            ),
        );
    }
    credentials.push(...flexibleCredentials(r, app));
    return { credentials, clientId: app.clientId, principalId: sp.objectId, tenantId: sp.applicationTenantId };
}

/** The application's flexible credentials: one per branch pattern and subject spelling. */
function flexibleCredentials(r: Registration, app: azuread.Application): pulumi.Resource[] {
    const { name, spec, parent } = r;
    // The expression language has `matches` and no `or`, so each subject spelling needs its own
    // credential: a repository on immutable subjects never presents the legacy one (and back).
    const patternPart = nameParts(spec.branchPatterns);
    const spellings = [
        ...(spec.format !== SubjectFormat.Immutable ? [{ suffix: "", prefix: pulumi.output(`repo:${repoClaim(spec.repo, "legacy")}`) }] : []),
        ...(spec.format !== SubjectFormat.Legacy
            ? [{ suffix: "-immutable", prefix: r.inputs.apply((i) => `repo:${repoClaim({ ...spec.repo, ownerId: i.ownerId, repositoryId: i.repositoryId }, "immutable")}`) }]
            : []),
    ];
    const credentials: pulumi.Resource[] = [];
    for (const pattern of spec.branchPatterns) {
        const slug = patternPart(pattern);
        for (const { suffix, prefix } of spellings) {
            credentials.push(
                new azuread.ApplicationFlexibleFederatedIdentityCredential(
                    `${name}-ffic-${slug}${suffix}`,
                    {
                        applicationId: app.id,
                        displayName: `github-branches-${slug}${suffix}`.slice(0, 120),
                        issuer: GITHUB_OIDC_ISSUER,
                        audience: r.audience,
                        claimsMatchingExpression: pulumi.interpolate`claims['sub'] matches '${prefix}:ref:refs/heads/${pattern}'`,
                    },
                    { parent },
                ),
            );
        }
    }
    return credentials;
}

/** A user-assigned managed identity and its credentials, each created after the previous one (Azure refuses concurrent writes). */
export function createManagedIdentity(r: Registration): Registered {
    const { name, spec, parent } = r;
    const identityImport = spec.adoption?.identity?.importId;
    const identity = new managedidentity.UserAssignedIdentity(
        `${name}-identity`,
        {
            resourceGroupName: spec.resourceGroup!,
            resourceName: spec.identityName,
            location: spec.location,
            tags: managedByTags(),
        },
        {
            parent,
            ...adopted(identityImport),
            // A location is fixed at creation: an adopted identity outside its group's region would be replaced (a new client
            // id for every running workflow) unless its location is taken as it is.
            ...(identityImport && spec.location === undefined ? { ignoreChanges: ["location"] } : {}),
        },
    );
    const credentials: pulumi.Resource[] = [];
    let previous: pulumi.Resource | undefined;
    for (const c of spec.credentials) {
        const existing = r.adoptedCredential(c);
        previous = new managedidentity.FederatedIdentityCredential(
            `${name}-fic-${c.slug}`,
            {
                resourceGroupName: spec.resourceGroup!,
                resourceName: identity.name,
                // The name is the credential's identity: an adopted one keeps its own.
                federatedIdentityCredentialResourceName: existing?.name ?? `github-${c.slug}`.slice(0, 120),
                issuer: GITHUB_OIDC_ISSUER,
                audiences: [r.audience],
                subject: r.subjectOf(c),
            },
            { parent, dependsOn: previous ? [previous] : [], ...adopted(existing?.importId) },
        );
        credentials.push(previous);
    }
    return { credentials, clientId: identity.clientId, principalId: identity.principalId, tenantId: identity.tenantId };
}
