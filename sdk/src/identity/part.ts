// The identity part: what GitHub Actions signs in as (and, for a staged rollout, the second identity that starts update
// runs), and what the deployment adopts of what exists already.
import * as pulumi from "@pulumi/pulumi";
import { ArmId, fleetManagedNamespaceScope, fleetNamespaceScope, isProblem, parseArmId, resourceGroupIdOf } from "../azure/ids";
import { AzureCloud } from "../azure/cloud";
import { Claim } from "../core/claims";
import { lift } from "../core/inputs";
import { PartPlan, under } from "../core/part";
import { NamespaceMode } from "../hub/managedNamespace";
import { Names } from "../naming/part";
import { inputKey } from "../core/program";
import { Problem } from "../core/problems";
import { AdoptionArgs, AdoptionSpec, adoptionSpec, unmatchedCredentialProblems } from "./adoption";
import { ArgPath, createIdentity, GitHubOidcIdentityArgs, IdentityKind, identitySpec, IdentitySpec, subjectAtConstruction } from "./githubOidcIdentity";
import { SubjectFormat } from "./subjects";

/** The deployment's arguments this part reads. */
export interface IdentityPartArgs {
    fleetId: pulumi.Input<string>;
    registryId: pulumi.Input<string>;
    namespaceMode?: NamespaceMode;
    adopt?: AdoptionArgs;
    identityKind?: IdentityKind;
    identityResourceGroupId?: pulumi.Input<string>;
    identityLocation?: pulumi.Input<string>;
    identityName?: string;
    subjectFormat?: SubjectFormat;
    repositoryId?: number;
    ownerId?: number;
    subjectClaimKeys?: string[];
    branchPatterns?: string[];
    cloud?: AzureCloud;
}

/** The deploy identity and, with a staged rollout, the rollout identity. */
export interface IdentityPartSpec {
    identity: IdentitySpec;
    rolloutIdentity?: IdentitySpec;
    /** Where a managed identity lives (its claim's key). */
    resourceGroupId?: pulumi.Input<string>;
    identityNameDefaulted: boolean;
    /** The Azure cloud: the credentials' audience, every azure/login step's cloud, the registry's domain. */
    cloud: AzureCloud;
}

// Stands in for the identity's group while the fleet id it derives from is itself invalid (and
// reported): the deployment throws before anything reads it.
const VALID_PLACEHOLDER_GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/unresolved";

/** The identity's argument names as the deployment spells them: the one table that maps them. */
const IDENTITY_ARG_NAMES: Partial<Record<Parameters<ArgPath>[0], string>> = {
    kind: "identityKind",
    resourceGroupId: "identityResourceGroupId",
    location: "identityLocation",
    identityName: "identityName",
    branches: "extraBranches",
    environments: "environment.name",
};

/** What the deployment adopts: checked against the scopes its role assignments must sit at, as far as the ids are known now. */
export function planAdoption(args: IdentityPartArgs, path: string, names: Names): PartPlan<AdoptionSpec> {
    const problems: Problem[] = [];
    const fleetText = typeof args.fleetId === "string" ? args.fleetId.trim() : undefined;
    const namespaceScope = args.namespaceMode === NamespaceMode.Managed ? fleetManagedNamespaceScope : fleetNamespaceScope;
    const registryText = typeof args.registryId === "string" ? args.registryId.trim() : undefined;
    const spec = adoptionSpec(
        args.adopt,
        args.identityKind === "application",
        {
            registryPush: registryText,
            registryTasks: registryText,
            hubClusterUser: fleetText,
            hubNamespaceWriter: fleetText && namespaceScope(fleetText, names.namespace),
        },
        problems,
    );
    return under(path, { spec, problems, claims: [] });
}

/** Checks the deploy identity's arguments and plans its credentials: it trusts exactly the refs that deploy. */
export function planIdentity(args: IdentityPartArgs, path: string, names: Names, fleet: pulumi.Input<ArmId>, adoption: AdoptionSpec): PartPlan<IdentityPartSpec> {
    const problems: Problem[] = [];
    const environment = names.environment;
    // An adopted identity is the one it is.
    const identityName = args.identityName ?? adoption.identity?.name ?? names.identityName;
    // The identity lives beside the fleet unless told otherwise. A plain fleet id gives a plain
    // group id; a bad one is already reported, so nothing is derived from it.
    const fleetKnown = typeof args.fleetId === "string" || args.fleetId === undefined ? parseArmId(args.fleetId, "fleet", "fleetId") : undefined;
    const resourceGroupId: pulumi.Input<string> | undefined =
        args.identityResourceGroupId ??
        adoption.identity?.resourceGroupId ??
        (fleetKnown === undefined ? lift(fleet, resourceGroupIdOf) : isProblem(fleetKnown) ? undefined : resourceGroupIdOf(fleetKnown));
    const identityArgs: GitHubOidcIdentityArgs = {
        repository: `${names.owner}/${names.repo}`,
        // In an environment, only the environment's subject may sign in: a bare branch push must not bypass its rules.
        branches: environment ? [] : [...new Set([names.branch, ...names.extraBranches])],
        environments: environment ? [environment.name] : [],
        subjectFormat: args.subjectFormat,
        repositoryId: args.repositoryId,
        ownerId: args.ownerId,
        subjectClaimKeys: args.subjectClaimKeys,
        workflowPath: names.workflowPath,
        // In an environment its subject covers every branch: a flexible credential would trust pushes that never sign in.
        branchPatterns: environment ? [] : args.branchPatterns,
        kind: args.identityKind,
        // An application lives in the tenant: only a group the user gave reaches it (and is refused there).
        resourceGroupId: args.identityKind === "application" ? args.identityResourceGroupId : (resourceGroupId ?? VALID_PLACEHOLDER_GROUP),
        location: args.identityLocation,
        identityName,
        cloud: args.cloud,
    };
    problems.push(...adoptedIdentityProblems(args, adoption));
    const identityProblems: Problem[] = [];
    // Branches and the environment name are checked by the naming part, under the deployment's own argument names.
    const identity: IdentitySpec = { ...identitySpec(identityName, identityArgs, (f) => IDENTITY_ARG_NAMES[f] ?? f, identityProblems, ["branches", "environments"]), adoption };
    const knownSubjects = identity.credentials.map((c) => subjectAtConstruction(c, identity));
    problems.push(
        ...unmatchedCredentialProblems(
            adoption,
            knownSubjects.filter((k): k is string => k !== undefined),
            knownSubjects.includes(undefined),
        ),
    );
    problems.push(...identityProblems);
    const spec: IdentityPartSpec = { identity, resourceGroupId: identityArgs.resourceGroupId, identityNameDefaulted: args.identityName === undefined, cloud: identity.cloud };
    return under(path, { spec, problems, claims: identityClaims(spec) });
}

/** The identity part's spec with the rollout identity a staged rollout needs: its own, never the adopted one. */
export function withRolloutIdentity(spec: IdentityPartSpec, rollout: boolean): PartPlan<IdentityPartSpec> {
    const identity = spec.identity;
    const planned = rollout ? { ...spec, rolloutIdentity: { ...identity, identityName: `${identity.identityName.slice(0, 120)}-rollout`, adoption: undefined } } : spec;
    return { spec: planned, problems: [], claims: planned.rolloutIdentity ? identityClaims(planned).slice(-1) : [] };
}

/** Each managed identity is the deployment's own: its name in its resource group. */
function identityClaims(spec: IdentityPartSpec): Claim[] {
    return [spec.identity, ...(spec.rolloutIdentity ? [spec.rolloutIdentity] : [])]
        .filter((i) => i.kind === IdentityKind.ManagedIdentity)
        .map((identity) => ({
            key: `identity|${inputKey(spec.resourceGroupId)}|${identity.identityName.toLowerCase()}`,
            object: `managed identity ${identity.identityName}`,
            path: "identityName",
            fix: "each deployment signs in as its own identity; set identityName on one of them, or leave it to its default.",
            derivedFrom: spec.identityNameDefaulted ? "namespace" : undefined,
        }));
}

/** Adoption that contradicts the identity's other arguments: each names both and the fix. */
function adoptedIdentityProblems(args: IdentityPartArgs, adoption: AdoptionSpec): Problem[] {
    const problems: Problem[] = [];
    const identity = adoption.identity;
    if (identity?.name !== undefined && args.identityName !== undefined && args.identityName.toLowerCase() !== identity.name.toLowerCase()) {
        problems.push({
            path: "identityName",
            message: `identityName ${JSON.stringify(args.identityName)} is not the adopted identity's name (${identity.name}): drop identityName (it defaults to the adopted one's), or adopt the identity of that name.`,
        });
    }
    if (identity?.resourceGroupId !== undefined && typeof args.identityResourceGroupId === "string" && args.identityResourceGroupId.toLowerCase() !== identity.resourceGroupId.toLowerCase()) {
        problems.push({
            path: "identityResourceGroupId",
            message: `identityResourceGroupId ${JSON.stringify(args.identityResourceGroupId)} is not the adopted identity's group (${identity.resourceGroupId}): drop identityResourceGroupId.`,
        });
    }
    return problems;
}

/** Registers the deploy identity (`${name}-oidc`). */
export function createDeployIdentity(name: string, spec: IdentityPartSpec, parent: pulumi.ComponentResource) {
    return createIdentity(`${name}-oidc`, spec.identity, parent);
}

/** Registers the rollout identity (`${name}-rollout`), when a staged rollout needs one. */
export function createRolloutIdentity(name: string, spec: IdentityPartSpec, parent: pulumi.ComponentResource) {
    return spec.rolloutIdentity && createIdentity(`${name}-rollout`, spec.rolloutIdentity, parent);
}
