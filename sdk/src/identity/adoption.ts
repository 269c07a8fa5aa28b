import { isGuid, isProblem, parseRoleAssignmentId, RoleAssignmentId } from "../azure/ids";
import { Problem } from "../core/problems";

// What the portal's Automated Deployments (or a person) already created for an app, taken over by a deployment on its
// first `up` with Pulumi's `import` option and each object's real id, instead of a create that the cloud refuses (an
// identity name, a credential subject, a role assignment, a variable or a file that exists) or that silently duplicates.
// What must match for each import, and what the first `up` then changes, is in docs/adoption.md.

/** A federated credential that already exists on the adopted identity. */
export interface AdoptedCredentialArgs {
    /**
     * The subject it trusts, exactly (`az identity federated-credential list ... --query "[].subject"`), e.g.
     * `repo:contoso/web:ref:refs/heads/main`: the deployment's credential for that subject adopts it.
     */
    subject: string;
    /** Its name (`--query "[].name"`): the name is its identity, so the adopted credential keeps it. */
    name: string;
    /** Its id, for an application identity only (`az ad app federated-credential list --id APP --query "[].id"`). @default none */
    id?: string;
}

/** Role assignments of the adopted identity that already exist, by what they grant; each an id as `az role assignment list --query "[].id"` prints it. */
export interface AdoptedRoleAssignmentsArgs {
    /** Its AcrPush (Repository Writer on an ABAC registry) on the registry. @default none: created */
    registryPush?: string;
    /** Its Container Registry Tasks Contributor on the registry (buildMode "acrTasks"). @default none: created */
    registryTasks?: string;
    /** Its Azure Kubernetes Fleet Manager RBAC Writer on the hub namespace (`FLEET/namespaces/NS`). @default none: created */
    hubNamespaceWriter?: string;
    /** Its Fleet Manager Hub Cluster User Role on the fleet. @default none: created */
    hubClusterUser?: string;
}

/**
 * Objects the portal's Automated Deployments (or a person) created for this app, adopted on the first `up` with Pulumi's
 * `import` option and their real ids, so the app keeps running and signing in while it comes under code.
 */
export interface AdoptionArgs {
    /**
     * The existing identity: a user-assigned managed identity's resource id (identityKind "managedIdentity"; its name and
     * resource group then default from it), or an Entra application's object id (identityKind "application", the portal's
     * kind). Its client id, and so every running workflow's sign-in, is kept. @default none: a new identity
     */
    identity?: string;
    /** Object id of the adopted application's service principal (`az ad sp show --id CLIENT_ID --query id`). Needs identity. @default none */
    servicePrincipal?: string;
    /** The adopted identity's federated credentials, each by the subject it trusts: Entra refuses a second credential for one subject. @default none */
    federatedCredentials?: AdoptedCredentialArgs[];
    /** The adopted identity's role assignments (ARM refuses a second assignment of one role to one principal at one scope). @default none */
    roleAssignments?: AdoptedRoleAssignmentsArgs;
    /**
     * Names of the GitHub variables or secrets this deployment writes that exist already, imported instead of created (GitHub
     * refuses to create a variable that exists): the portal's are the secrets `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and
     * `AZURE_SUBSCRIPTION_ID`, which `variableSuffix: ""` with `credentialStore: "secrets"` writes. @default none
     */
    githubValues?: string[];
    /**
     * Import the workflow file at `workflowPath` on `branch` (the portal's, once its pull request is merged), then rewrite
     * it with this deployment's workflow. @default false: an existing file makes the commit fail (see adoptExistingFiles)
     */
    workflow?: boolean;
    /**
     * Import the hub namespace (namespaceMode "kubernetes"): the deployment then owns it, retained on destroy unless
     * deleteNamespaceOnDestroy. @default false; `existingNamespace` instead uses it without owning it.
     */
    namespace?: boolean;
}

/** What a deployment adopts, parsed: import ids by part. */
export interface AdoptionSpec {
    identity?: { importId: string; name?: string; resourceGroupId?: string };
    servicePrincipal?: string;
    /** By subject: the credential's name (kept) and its import id. */
    credentials: Map<string, { name: string; importId: string }>;
    roles: { [K in keyof AdoptedRoleAssignmentsArgs]?: RoleAssignmentId };
    githubValues: string[];
    workflow: boolean;
    namespace: boolean;
}

export const NO_ADOPTION: AdoptionSpec = { credentials: new Map(), roles: {}, githubValues: [], workflow: false, namespace: false };

const IDENTITY_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i;

/** Where each adopted role assignment must sit, when the scope is known at construction. */
export type AdoptedScopes = { [K in keyof AdoptedRoleAssignmentsArgs]?: string };

/**
 * Parses `args` (at `adopt`); `application` says which identity kind is adopted. Every problem names its argument and
 * the command that prints the right value.
 */
export function adoptionSpec(args: AdoptionArgs | undefined, application: boolean, scopes: AdoptedScopes, problems: Problem[]): AdoptionSpec {
    if (!args) return NO_ADOPTION;
    const spec: AdoptionSpec = {
        credentials: new Map(),
        roles: {},
        githubValues: args.githubValues ?? [],
        workflow: args.workflow ?? false,
        namespace: args.namespace ?? false,
    };
    let appObjectId: string | undefined;
    if (args.identity !== undefined) {
        if (application) {
            if (!isGuid(args.identity)) {
                problems.push({
                    path: "adopt.identity",
                    message: `adopt.identity ${JSON.stringify(args.identity)} is not an application's object id (identityKind "application"): give \`az ad app show --id CLIENT_ID --query id\`.`,
                });
            } else {
                appObjectId = args.identity;
                spec.identity = { importId: `/applications/${args.identity}` };
            }
            if (args.servicePrincipal === undefined) {
                problems.push({
                    path: "adopt.servicePrincipal",
                    message:
                        "adopt.identity adopts an application, whose service principal exists too (Entra refuses a second one): give adopt.servicePrincipal, `az ad sp show --id CLIENT_ID --query id`.",
                });
            }
        } else {
            const match = IDENTITY_ID.exec(args.identity);
            if (!match) {
                problems.push({
                    path: "adopt.identity",
                    message: `adopt.identity ${JSON.stringify(args.identity)} is not a user-assigned identity's resource id (identityKind "managedIdentity"): give \`az identity show -g GROUP -n NAME --query id\`, or set identityKind "application" for an app registration.`,
                });
            } else {
                spec.identity = { importId: args.identity, name: match[3], resourceGroupId: `/subscriptions/${match[1]}/resourceGroups/${match[2]}` };
            }
        }
    }
    if (args.servicePrincipal !== undefined) {
        if (!application || args.identity === undefined) {
            problems.push({ path: "adopt.servicePrincipal", message: 'adopt.servicePrincipal belongs to an adopted application: set identityKind "application" and adopt.identity, or drop it.' });
        } else if (!isGuid(args.servicePrincipal)) {
            problems.push({
                path: "adopt.servicePrincipal",
                message: `adopt.servicePrincipal ${JSON.stringify(args.servicePrincipal)} is not an object id: give \`az ad sp show --id CLIENT_ID --query id\`.`,
            });
        } else {
            spec.servicePrincipal = `/servicePrincipals/${args.servicePrincipal}`;
        }
    }
    (args.federatedCredentials ?? []).forEach((c, i) => {
        const at = `adopt.federatedCredentials[${i}]`;
        if (args.identity === undefined) {
            problems.push({ path: at, message: `${at} belongs to an identity this deployment does not adopt: credentials live in their identity; give adopt.identity too.` });
            return;
        }
        if (spec.credentials.has(c.subject)) {
            problems.push({ path: `${at}.subject`, message: `${at} adopts subject ${JSON.stringify(c.subject)} again: an identity has one credential per subject; list it once.` });
        }
        if (application && !(c.id && isGuid(c.id))) {
            problems.push({
                path: `${at}.id`,
                message: `${at} is a credential of an application: give its id, \`az ad app federated-credential list --id CLIENT_ID --query "[?subject=='${c.subject}'].id"\`.`,
            });
            return;
        }
        if (!application && c.id !== undefined) {
            problems.push({ path: `${at}.id`, message: `${at}.id is for an application's credential; a managed identity's credential is known by its name: drop id.` });
        }
        const importId = application ? `${appObjectId ?? args.identity}/federatedIdentityCredential/${c.id}` : `${args.identity}/federatedIdentityCredentials/${c.name}`;
        spec.credentials.set(c.subject, { name: c.name, importId });
    });
    for (const [part, id] of Object.entries(args.roleAssignments ?? {}) as [keyof AdoptedRoleAssignmentsArgs, string | undefined][]) {
        if (id === undefined) continue;
        const parsed = parseRoleAssignmentId(id, `adopt.roleAssignments.${part}`, scopes[part]);
        if (isProblem(parsed)) problems.push(parsed);
        else spec.roles[part] = parsed;
    }
    return spec;
}

/** The subjects of adopted credentials that no credential of the deployment trusts: they would stay behind, unmanaged. */
export function unmatchedCredentialProblems(spec: AdoptionSpec, planned: string[], unknown: boolean): Problem[] {
    const problems: Problem[] = [];
    [...spec.credentials.keys()].forEach((subject) => {
        if (planned.includes(subject)) return;
        const why = unknown ? " Immutable and custom subjects are known only once GitHub's ids are read: give repositoryId and ownerId so they are known at construction." : "";
        problems.push({
            path: "adopt.federatedCredentials",
            message: `adopt.federatedCredentials names subject ${JSON.stringify(subject)}, which none of this deployment's credentials trusts (${planned.join(", ") || "none known yet"}): adopt only the credentials of its own triggers, and delete the others by hand once its workflow runs.${why}`,
        });
    });
    return problems;
}
