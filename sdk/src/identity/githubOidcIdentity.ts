import * as pulumi from "@pulumi/pulumi";
import { AdoptionSpec } from "./adoption";
import { lift } from "../core/inputs";
import { Problem } from "../core/problems";
import { armIdInput, branchPatternProblems, branchProblems, duplicates, environmentNameProblems, failOnProblems, isOneOf, oneOf, parseRepository } from "../checks/validate";
import { credentialLimitProblems, planCredentials, PlannedCredential } from "./credentials";
import { AzureCloud, cloudSettings } from "../azure/cloud";
import { RepositoryRef, SubjectFormat, SUPPORTED_CLAIM_KEYS, Trigger } from "./subjects";
import { checkedArguments } from "../config/argumentShapes";
import { admit, refusedComponent } from "../core/refusals";
import { createApplication, createManagedIdentity, Registration, subjectInputs } from "./identityResources";

/** What GitHub Actions signs in as. */
export const IdentityKind = {
    /** A user-assigned managed identity: needs no Microsoft Graph permission to create, lives in a resource group. */
    ManagedIdentity: "managedIdentity",
    /** An Entra application + service principal, as the portal creates; needs Graph rights (Application.ReadWrite.OwnedBy). */
    Application: "application",
} as const;
export type IdentityKind = (typeof IdentityKind)[keyof typeof IdentityKind];

/** Arguments of {@link GitHubOidcIdentity}. */
export interface GitHubOidcIdentityArgs {
    /** The GitHub repository whose workflows sign in, `owner/name`. */
    repository: string;
    /** Branches whose jobs (without `environment:`) may sign in, by exact name. @default none */
    branches?: string[];
    /** GitHub environments whose jobs may sign in; a job that declares an environment always gets the environment's subject. @default none */
    environments?: string[];
    /** Further subjects trusted exactly as given (e.g. `repo:contoso/web:ref:refs/tags/v1`). @default none */
    subjects?: string[];
    /**
     * How the repository spells subjects. @default "legacyAndImmutable": trusts both the legacy and the immutable
     * spelling, so it works for repositories created before and after GitHub's 2026-07-15 change, and after an opt-in.
     */
    subjectFormat?: SubjectFormat;
    /** Numeric id of the repository, for immutable subjects. @default looked up through the GitHub provider. */
    repositoryId?: number;
    /** Numeric id of the repository's owner, for immutable subjects. @default looked up through the GitHub provider. */
    ownerId?: number;
    /** Claim keys of the repository's custom subject template (subjectFormat "custom"). @default read from the repository through the GitHub provider. */
    subjectClaimKeys?: string[];
    /** Workflow file the jobs run from, for the `job_workflow_ref` claim of custom templates. @default ".github/workflows/deploy.yml" */
    workflowPath?: string;
    /**
     * Branch patterns (e.g. `release/*`) trusted through flexible federated credentials: one credential for many
     * branches. `*` matches any characters, `/` included (Entra's matching): a workflow that should deploy exactly these
     * branches filters them as `release/**` (see `branchFilterOf`). Application identities only (a preview Entra
     * feature the provider creates for applications only). @default none
     */
    branchPatterns?: string[];
    /**
     * What to create. @default "managedIdentity": no Microsoft Graph permission needed, and the identity lives and dies
     * with a resource group you own. An "application" is created with the caller as owner of it and of its service
     * principal, so a caller with only Application.ReadWrite.OwnedBy can manage what it created.
     */
    kind?: IdentityKind;
    /** Resource group id (`/subscriptions/S/resourceGroups/G`) that holds the managed identity. Required for `managedIdentity`. */
    resourceGroupId?: pulumi.Input<string>;
    /** Azure region of the managed identity. @default the resource group's region. */
    location?: pulumi.Input<string>;
    /** Name of the managed identity or display name of the application. @default the component's name. */
    identityName?: string;
    /**
     * The Azure cloud the identity lives in: "public", "usGovernment" or "china". It sets the audience every federated
     * credential accepts (`api://AzureADTokenExchange`, `...USGov`, `...China`), which the workflow's azure/login must
     * request (`audience`, with `environment`). @default "public": Azure's global cloud, where the audience is azure/login's own default.
     */
    cloud?: AzureCloud;
}

export interface IdentitySpec {
    kind: IdentityKind;
    identityName: string;
    resourceGroup?: pulumi.Input<string>;
    location?: pulumi.Input<string>;
    repo: RepositoryRef;
    format: SubjectFormat;
    credentials: PlannedCredential[];
    claimKeys?: string[];
    branchPatterns: string[];
    /** The cloud, whose token-exchange audience every credential lists. */
    cloud: AzureCloud;
    /** What exists already and is imported instead of created (a deployment's `adopt`). */
    adoption?: AdoptionSpec;
}

/** A credential's subject when it is known at construction: its own, or an immutable one whose ids were given. */
export function subjectAtConstruction(c: PlannedCredential, spec: Pick<IdentitySpec, "repo" | "claimKeys">): string | undefined {
    if (c.known !== undefined) return c.known;
    const { ownerId, repositoryId } = spec.repo;
    if (ownerId === undefined || repositoryId === undefined || (c.variant !== "immutable" && spec.claimKeys === undefined)) return undefined;
    try {
        return c.subject({ ownerId, repositoryId, claimKeys: spec.claimKeys });
    } catch {
        return undefined;
    }
}

/** Maps an argument name to the name it has where the identity's args are embedded (the deployment's). */
export type ArgPath = (field: keyof GitHubOidcIdentityArgs) => string;

/**
 * Checks the identity arguments and plans its credentials; problems are named through `path`. `checkedLists`: the
 * lists whose entries the embedding component checked already, under its own argument names (each mistake once).
 */
export function identitySpec(name: string, args: GitHubOidcIdentityArgs, path: ArgPath, problems: Problem[], checkedLists: readonly ("branches" | "environments")[] = []): IdentitySpec {
    const kind = oneOf(args.kind, IdentityKind, IdentityKind.ManagedIdentity, path("kind"), problems);
    const format = oneOf(args.subjectFormat, SubjectFormat, SubjectFormat.LegacyAndImmutable, path("subjectFormat"), problems);
    const cloud = oneOf(args.cloud, AzureCloud, AzureCloud.Public, path("cloud"), problems);
    const parsed = parseRepository(args.repository, path("repository"));
    if ("message" in parsed) problems.push(parsed);
    const repo: RepositoryRef = "message" in parsed ? { owner: "owner", name: "repo" } : { ...parsed, ownerId: args.ownerId, repositoryId: args.repositoryId };

    const branches = args.branches ?? [];
    const environments = args.environments ?? [];
    listProblems(args, branches, environments, path, problems, checkedLists);
    const branchPatterns = args.branchPatterns ?? [];
    patternProblems(branchPatterns, kind, format, path, problems);

    const triggers: Trigger[] = [...branches.map((branch): Trigger => ({ kind: "branch", branch })), ...environments.map((environment): Trigger => ({ kind: "environment", environment }))];
    const credentials = planCredentials(repo, triggers, format, args.workflowPath ?? ".github/workflows/deploy.yml", args.subjects ?? [], args.subjectClaimKeys);
    trustProblems(args, triggers, credentials, branchPatterns, format, path, problems);
    ignoredOptionProblems(args, kind, format, path, problems);

    let resourceGroup: pulumi.Input<string> | undefined;
    if (kind === IdentityKind.ManagedIdentity) {
        resourceGroup = lift(armIdInput(args.resourceGroupId, "resourceGroup", path("resourceGroupId"), problems), (rg) => rg?.resourceGroup);
    }
    const identityName = args.identityName ?? name;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/.test(identityName)) {
        problems.push({
            path: path("identityName"),
            message: `${path("identityName")} ${JSON.stringify(identityName)} is not a valid identity name: 3-128 letters, digits, '-' or '_', starting with a letter or digit.`,
        });
    }
    return { kind, identityName, resourceGroup, location: args.location, repo, format, credentials, claimKeys: args.subjectClaimKeys, branchPatterns, cloud };
}

/** The lists' entries (those the embedding component did not check), duplicates, numeric ids and claim keys. */
function listProblems(args: GitHubOidcIdentityArgs, branches: string[], environments: string[], path: ArgPath, problems: Problem[], checkedLists: readonly ("branches" | "environments")[]): void {
    if (!checkedLists.includes("branches")) branches.forEach((b, i) => problems.push(...branchProblems(b, `${path("branches")}[${i}]`)));
    if (!checkedLists.includes("environments")) environments.forEach((e, i) => problems.push(...environmentNameProblems(e, `${path("environments")}[${i}]`)));
    for (const [field, list] of [
        ["branches", branches],
        ["environments", environments],
        ["subjects", args.subjects ?? []],
    ] as const) {
        for (const dup of duplicates(list)) problems.push({ path: path(field), message: `${path(field)} lists ${JSON.stringify(dup)} twice: list each once.` });
    }
    for (const field of ["repositoryId", "ownerId"] as const) {
        const v = args[field];
        if (v !== undefined && !(Number.isSafeInteger(v) && v > 0))
            problems.push({
                path: path(field),
                message: `${path(field)} ${JSON.stringify(v)} is not a GitHub numeric id: give the number from the REST API (e.g. 123456789), or leave it out to look it up.`,
            });
    }
    for (const key of args.subjectClaimKeys ?? []) {
        if (!SUPPORTED_CLAIM_KEYS.includes(key)) {
            problems.push({
                path: path("subjectClaimKeys"),
                message: `${path("subjectClaimKeys")} has claim ${JSON.stringify(key)}, whose value cannot be known before a run: supported are ${SUPPORTED_CLAIM_KEYS.join(", ")}.`,
            });
        }
    }
}

/** Branch patterns: an application identity and a default subject spelling they need, and each pattern's own form. */
function patternProblems(branchPatterns: string[], kind: IdentityKind, format: SubjectFormat, path: ArgPath, problems: Problem[]): void {
    // An unknown kind is reported as itself, not again as "not an application".
    if (branchPatterns.length > 0 && kind !== IdentityKind.Application && isOneOf(kind, IdentityKind)) {
        // Entra accepts flexible credentials on user-assigned identities too, but the provider's FederatedIdentityCredential
        // (azure-native 3.x, API 2023-01-31) has no claimsMatchingExpression to create one with.
        problems.push({
            path: path("branchPatterns"),
            message: `${path("branchPatterns")} needs an application identity: the azure-native provider cannot create flexible federated credentials on a managed identity (its FederatedIdentityCredential has no claimsMatchingExpression). Set ${path("kind")} "application", or list exact branches.`,
        });
    }
    if (branchPatterns.length > 0 && format === SubjectFormat.Custom) {
        problems.push({
            path: path("branchPatterns"),
            message: `${path("branchPatterns")} match the default subject spellings only: with subjectFormat "custom" the subject carries the repository's own claims, which a branch pattern cannot anticipate. List exact branches instead.`,
        });
    }
    branchPatterns.forEach((p, i) => problems.push(...branchPatternProblems(p, `${path("branchPatterns")}[${i}]`)));
}

/** What the identity trusts: something, within Entra's credential limit, and no pull request. */
function trustProblems(args: GitHubOidcIdentityArgs, triggers: Trigger[], credentials: PlannedCredential[], branchPatterns: string[], format: SubjectFormat, path: ArgPath, problems: Problem[]): void {
    // A flexible credential matches one subject spelling: one per pattern and spelling.
    const flexible = branchPatterns.length * (format === SubjectFormat.LegacyAndImmutable ? 2 : 1);
    // Counted from the arguments, not the credentials: an unknown subjectFormat plans none, and is reported as itself.
    if (triggers.length + (args.subjects ?? []).length + branchPatterns.length === 0) {
        problems.push({ path: path("branches"), message: `${path("branches")}: the identity trusts nothing: give at least one branch, environment, subject or branch pattern.` });
    }
    problems.push(...credentialLimitProblems(credentials.length + flexible, format, path("branches")));
    for (const c of credentials) {
        if (c.known?.includes(":pull_request")) {
            problems.push({
                path: path("subjects"),
                message: `${path("subjects")} trusts ${JSON.stringify(c.known)}: any pull request author can mint that token, so it must never reach an identity with deploy rights.`,
            });
        }
    }
}

/** Options that would be silently ignored are refused: each accepted option has an effect. */
function ignoredOptionProblems(args: GitHubOidcIdentityArgs, kind: IdentityKind, format: SubjectFormat, path: ArgPath, problems: Problem[]): void {
    if (kind === IdentityKind.Application) {
        for (const field of ["resourceGroupId", "location"] as const) {
            if (args[field] !== undefined)
                problems.push({
                    path: path(field),
                    message: `${path(field)} places a managed identity, but ${path("kind")} is "application" (an Entra application lives in the tenant, not a resource group): drop ${path(field)}, or use a managed identity.`,
                });
        }
    }
    if (args.subjectClaimKeys !== undefined && format !== SubjectFormat.Custom && isOneOf(format, SubjectFormat)) {
        problems.push({
            path: path("subjectClaimKeys"),
            message: `${path("subjectClaimKeys")} describe a custom subject template, but ${path("subjectFormat")} is ${JSON.stringify(format)}: set ${path("subjectFormat")} "custom", or drop ${path("subjectClaimKeys")}.`,
        });
    }
    if (format === SubjectFormat.Legacy) {
        for (const field of ["repositoryId", "ownerId"] as const) {
            if (args[field] !== undefined)
                problems.push({
                    path: path(field),
                    message: `${path(field)} is used by immutable subjects only, and ${path("subjectFormat")} is "legacy": drop it, or use "legacyAndImmutable" (the default) or "immutable".`,
                });
        }
    }
}

/**
 * An identity that GitHub Actions signs in as through OIDC federation: no secret is stored anywhere.
 * Federated credentials on one managed identity are created strictly one after another, because
 * Azure rejects concurrent writes with 409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity.
 */
export class GitHubOidcIdentity extends pulumi.ComponentResource {
    /** Client (application) id: the `client-id` azure/login signs in with. */
    public readonly clientId!: pulumi.Output<string>;
    /** Object id of the service principal: what role assignments name. */
    public readonly principalId!: pulumi.Output<string>;
    /** Entra tenant id. */
    public readonly tenantId!: pulumi.Output<string>;
    /** The trusted subjects, exactly as GitHub must present them. */
    public readonly subjects!: pulumi.Output<string[]>;

    constructor(name: string, args: GitHubOidcIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        const label = `GitHubOidcIdentity "${name}"`;
        const spec = admit(label, () => {
            const problems: Problem[] = [];
            const spec = identitySpec(name, checkedArguments("GitHubOidcIdentity", name, args), (f) => f, problems);
            failOnProblems("GitHubOidcIdentity", name, problems);
            return spec;
        });
        if (!spec) return refusedComponent(new.target, ["clientId", "principalId", "tenantId", "subjects"]);
        super("fleet-autodeploy:index:GitHubOidcIdentity", name, {}, opts);
        const created = createIdentity(name, spec, this);
        this.clientId = created.clientId;
        this.principalId = created.principalId;
        this.tenantId = created.tenantId;
        this.subjects = created.subjects;
        this.registerOutputs({ clientId: this.clientId, principalId: this.principalId, tenantId: this.tenantId, subjects: this.subjects });
    }
}

export interface CreatedIdentity {
    /** What a workflow's sign-in needs to exist first: the service principal and every federated credential. */
    credentials: pulumi.Resource[];
    clientId: pulumi.Output<string>;
    principalId: pulumi.Output<string>;
    tenantId: pulumi.Output<string>;
    subjects: pulumi.Output<string[]>;
}

/** Registers the identity and its federated credentials under `parent`. */
export function createIdentity(name: string, spec: IdentitySpec, parent: pulumi.Resource): CreatedIdentity {
    const inputs = subjectInputs(spec, parent);
    const adoptedCredential = (c: PlannedCredential) => {
        const subject = subjectAtConstruction(c, spec);
        return subject === undefined ? undefined : spec.adoption?.credentials.get(subject);
    };
    const subjectOf = (c: PlannedCredential): pulumi.Input<string> => c.known ?? inputs.apply((i) => c.subject(i));
    const subjects = pulumi.all(spec.credentials.map(subjectOf));
    // The issuer is GitHub's in every cloud; the audience is the cloud's (azure/cloud.ts).
    const audience = cloudSettings(spec.cloud).tokenAudience;
    const registration: Registration = { name, spec, parent, inputs, audience, subjectOf, adoptedCredential };
    const registered = spec.kind === IdentityKind.Application ? createApplication(registration) : createManagedIdentity(registration);
    return { ...registered, subjects };
}
