import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeploymentArgs } from "./args";
import { ArmId, isProblem, parseArmId, resourceGroupIdOf } from "../azure/ids";
import { AzureCloud, loginServerCloudProblem } from "../azure/cloud";
import { FileOwnership, ownershipProblems, RepositoryFileArgs, WiringSpec } from "../github/repositoryWiring";
import { AdoptionSpec, adoptionSpec, unmatchedCredentialProblems } from "../identity/adoption";
import { fleetManagedNamespaceScope, fleetNamespaceScope } from "../azure/ids";
import { ArgPath, GitHubOidcIdentityArgs, identitySpec, IdentitySpec, subjectAtConstruction } from "../identity/githubOidcIdentity";
import { branchFilterOf } from "../identity/subjects";
import { environmentSpec, EnvironmentSpec } from "../github/environment";
import { providerOwnerProblems } from "../github/providerOwner";
import { admissionProblems, environmentRule, pathFilters, triggerSpec } from "../github/triggers";
import { ContainerizeSpec, containerizeProblems, generatedManifestSpec } from "../github/generatedFiles";
import { RegistryAccessMode } from "../registry/abac";
import { AppManifestSpec } from "../render/manifests";
import { RegistryTarget } from "../registry/grants";
import { HubLogin } from "../hub/kubeconfig";
import { namespaceModeProblems, NamespaceMode, NamespaceNetworkPolicyArgs, NamespaceQuotaArgs } from "../hub/managedNamespace";
import { placementSpec } from "../hub/placementSpec";
import { helmInputProblems } from "../render/helm";
import { lift } from "../core/inputs";
import { Problem } from "../core/problems";
import { FleetMemberArgs, memberProblems } from "../registry/members";
import { sharedGrantProblems } from "../registry/memberAccess";
import { PlacementSpec } from "../render/placement";
import {
    BuildMode, CredentialStore, LayerCache, ManifestSource, renderPullRequestWorkflow, renderWorkflow, WorkflowSpec, WorkflowVariableNames,
} from "../render/workflow";
import {
    armIdInput, branchProblems, derivedProblems, dnsLabelProblems, duplicates, failOnProblems, isOneOf, loginServerInput, oneOf, namespaceProblems,
    parseRepository, repoPathProblems,
} from "../checks/validate";

/** Everything a deployment is, validated and with defaults filled: what the parts read, never the raw args. */
export interface DeploymentSpec {
    name: string;
    owner: string;
    repo: string;
    branch: string;
    appName: string;
    namespace: string;
    existingNamespace: boolean;
    fleet: pulumi.Input<ArmId>;
    registry: pulumi.Input<ArmId>;
    /** As given; unset: read from the registry by the component (never guessed). */
    registryLoginServer?: pulumi.Input<string>;
    deleteNamespaceOnDestroy: boolean;
    registryTarget: RegistryTarget;
    identity: IdentitySpec;
    /**
     * A staged rollout's second identity: trusts the same subjects, signs in only in the workflow's rollout job, and
     * may only start update runs on the hub (render/rollout.ts). Apart from the deploy identity, so that the job that
     * builds the repository's code cannot roll anything out to members.
     */
    rolloutIdentity?: IdentitySpec;
    /** What the identity component is given: the deployment's triggers, as subjects to trust. */
    identityArgs: GitHubOidcIdentityArgs;
    environment?: EnvironmentSpec;
    pullRequestBuilds: boolean;
    containerize?: ContainerizeSpec;
    manifests?: AppManifestSpec;
    credentialStore: CredentialStore;
    variableNames: WorkflowVariableNames;
    workflowPath: string;
    workflow: WorkflowSpec;
    ownership: FileOwnership;
    pullRequest: boolean;
    adoptExistingFiles: boolean;
    members: FleetMemberArgs[];
    placement?: PlacementSpec;
    hubLogin: HubLogin;
    /** The Azure cloud: the credentials' audience, every azure/login step's cloud, the registry's domain. */
    cloud: AzureCloud;
    namespaceMode: NamespaceMode;
    /** A managed namespace's own propagation policy (managed mode with a placement). */
    managedPropagation?: Record<string, unknown>;
    namespaceQuota?: NamespaceQuotaArgs;
    namespaceNetworkPolicy?: NamespaceNetworkPolicyArgs;
    /** What exists already and is imported on the first `up`. */
    adoption: AdoptionSpec;
}

/** `Contoso/My_Web.App` -> `my-web-app`: a DNS-1123 label from a repository name. */
export function defaultAppName(repo: string): string {
    return repo.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
}

// Stands in for the identity's group while the fleet id it derives from is itself invalid (and
// reported): the deployment throws before anything reads it.
const VALID_PLACEHOLDER_GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/unresolved";

/** The identity's argument names as the deployment spells them. */
const IDENTITY_ARG_NAMES: Partial<Record<Parameters<ArgPath>[0], string>> = {
    kind: "identityKind", resourceGroupId: "identityResourceGroupId", location: "identityLocation", identityName: "identityName",
    branches: "extraBranches", environments: "environment.name",
};

const DEFAULT_MANIFEST_PATHS: Record<ManifestSource, (app: string) => string> = {
    directory: () => "manifests",
    kustomize: () => "kustomize/overlays/production",
    helm: (app) => `charts/${app}`,
};

/**
 * Validates the arguments of a deployment and fills in every default. Collects all problems and
 * throws one `InputPropertiesError` naming each argument, before anything is registered.
 */
export function deploymentSpec(name: string, args: FleetAutomatedDeploymentArgs, providerOwner?: string): DeploymentSpec {
    const problems: Problem[] = [];
    const repository = parseRepository(args.repository, "repository", providerOwner);
    if ("message" in repository) problems.push(repository);
    else problems.push(...providerOwnerProblems(repository.owner, providerOwner, "repository"));
    const owner = "message" in repository ? "owner" : repository.owner;
    const repo = "message" in repository ? "repo" : repository.name;
    const branch = args.branch ?? "main";
    problems.push(...branchProblems(branch, "branch"));

    // One message per mistake: a derived value's problem names its source, and what derives from an invalid
    // value reads a valid stand-in (like owner and repo above), never read past failOnProblems.
    const appNameProblems = dnsLabelProblems(args.appName ?? defaultAppName(repo), "appName", "app name");
    problems.push(...(args.appName === undefined ? derivedProblems(appNameProblems, "repository") : appNameProblems));
    const appName = appNameProblems.length === 0 ? args.appName ?? defaultAppName(repo) : "app";
    const namespaceGiven = namespaceProblems(args.namespace ?? appName, "namespace");
    problems.push(...(args.namespace === undefined ? derivedProblems(namespaceGiven, "appName") : namespaceGiven));
    const namespace = namespaceGiven.length === 0 ? args.namespace ?? appName : "app";

    const fleet = armIdInput(args.fleetId, "fleet", "fleetId", problems);
    const registry = armIdInput(args.registryId, "registry", "registryId", problems);
    const registryLoginServer = loginServerInput(args.registryLoginServer, "registryLoginServer", problems);

    const extraBranches = args.extraBranches ?? [];
    extraBranches.forEach((b, i) => problems.push(...branchProblems(b, `extraBranches[${i}]`)));
    const branches = [branch, ...extraBranches];
    for (const dup of duplicates(branches)) problems.push({ path: "extraBranches", message: `extraBranches repeats ${JSON.stringify(dup)} (the deploy branch or another entry): list each branch once.` });
    const triggerArgs = { ...args, environment: args.environment !== undefined };
    const triggers = triggerSpec(triggerArgs, branches, problems);
    const tags = triggers.tags;
    // By default the environment admits exactly what triggers the workflow: a tags-only deployment's branch never deploys.
    const environment = args.environment ? environmentSpec(args.environment, triggers.branches.map(environmentRule), tags.map(environmentRule), problems) : undefined;
    if (environment && args.environment && (args.environment.deploymentBranches !== undefined || args.environment.deploymentTags !== undefined)) {
        const named = (list: string[], field: string) => list.map((value, i) => ({ path: `${field}[${i}]`, value }));
        const branchTriggers = triggers.tagsOnly ? [] : [{ path: "branch", value: branch }, ...named(extraBranches, "extraBranches"), ...named(triggers.branchPatterns, "branchPatterns")];
        problems.push(...admissionProblems(environment, branchTriggers, named(tags, "tags")));
    }

    // Where each adopted role assignment must sit, as far as the ids are known now.
    const fleetText = typeof args.fleetId === "string" ? args.fleetId.trim() : undefined;
    const namespaceScope = args.namespaceMode === NamespaceMode.Managed ? fleetManagedNamespaceScope : fleetNamespaceScope;
    const registryText = typeof args.registryId === "string" ? args.registryId.trim() : undefined;
    const adoption = adoptionSpec(args.adopt, args.identityKind === "application", {
        registryPush: registryText, registryTasks: registryText, hubClusterUser: fleetText, hubNamespaceWriter: fleetText && namespaceScope(fleetText, namespace),
    }, problems);
    // Not the branch nor the component's name: changing either (or renaming with an alias) keeps the identity. An adopted
    // identity is the one it is.
    const identityName = args.identityName ?? adoption.identity?.name ?? `gh-${owner}-${repo}-${namespace}`.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 128);
    // The identity lives beside the fleet unless told otherwise. A plain fleet id gives a plain
    // group id; a bad one is already reported, so nothing is derived from it.
    const fleetKnown = typeof args.fleetId === "string" || args.fleetId === undefined ? parseArmId(args.fleetId, "fleet", "fleetId") : undefined;
    const identityResourceGroupId: pulumi.Input<string> | undefined = args.identityResourceGroupId ?? adoption.identity?.resourceGroupId ??
        (fleetKnown === undefined ? lift(fleet, resourceGroupIdOf) : isProblem(fleetKnown) ? undefined : resourceGroupIdOf(fleetKnown));
    const workflowPath = args.workflowPath ?? `.github/workflows/fleet-deploy-${appName}.yml`;
    const identityArgs: GitHubOidcIdentityArgs = {
        repository: `${owner}/${repo}`,
        // In an environment, only the environment's subject may sign in: a bare branch push must not bypass its rules.
        // Each once: a repeated branch is reported above as extraBranches, not again by the identity.
        branches: environment ? [] : [...new Set(branches)],
        environments: environment ? [environment.name] : [],
        subjectFormat: args.subjectFormat,
        repositoryId: args.repositoryId,
        ownerId: args.ownerId,
        subjectClaimKeys: args.subjectClaimKeys,
        workflowPath,
        // In an environment its subject covers every branch: a flexible credential would trust pushes that never sign in.
        branchPatterns: environment ? [] : args.branchPatterns,
        kind: args.identityKind,
        // An application lives in the tenant: only a group the user gave reaches it (and is refused there).
        resourceGroupId: args.identityKind === "application" ? args.identityResourceGroupId : identityResourceGroupId ?? VALID_PLACEHOLDER_GROUP,
        location: args.identityLocation,
        identityName,
        // Checked there (under "cloud"), once, and read back from the identity's spec.
        cloud: args.cloud,
    };
    const identityProblems: Problem[] = [];
    const identity: IdentitySpec = { ...identitySpec(name, identityArgs, (f) => IDENTITY_ARG_NAMES[f] ?? f, identityProblems), adoption };
    const knownSubjects = identity.credentials.map((c) => subjectAtConstruction(c, identity));
    problems.push(...unmatchedCredentialProblems(adoption, knownSubjects.filter((k): k is string => k !== undefined), knownSubjects.includes(undefined)));
    // Branches and the environment name were checked above, under the deployment's own argument names.
    problems.push(...identityProblems.filter((p) => !/^(extraBranches|environment\.name)\[/.test(p.path)));
    const cloud = identity.cloud;
    // A plain login server is checked against the cloud now; an Output where it resolves (registry/loginServer.ts).
    const cloudMismatch = typeof args.registryLoginServer === "string"
        ? loginServerCloudProblem(args.registryLoginServer, cloud, { cloud: "cloud", loginServer: "registryLoginServer" }) : undefined;
    // One message per mistake: a login server already refused for its form is not refused again for its domain.
    if (cloudMismatch && !problems.some((p) => p.path === "registryLoginServer")) problems.push(cloudMismatch);

    const credentialStore = oneOf(args.credentialStore, CredentialStore, CredentialStore.Variables, "credentialStore", problems);
    // Named after the namespace by default, unique on a fleet: two deployments of one repository never
    // write each other's variables, and each workflow reads only its own identity's ids.
    const variableSuffix = args.variableSuffix ?? namespace.toUpperCase().replace(/-/g, "_");
    const suffix = variableSuffix ? `_${variableSuffix}` : "";
    if (typeof variableSuffix !== "string" || !/^[A-Z0-9_]*$/.test(variableSuffix)) {
        problems.push({ path: "variableSuffix", message: `variableSuffix ${JSON.stringify(args.variableSuffix)} must be uppercase letters, digits and '_', e.g. "STAGING" (or "" for the portal's names).` });
    }
    const buildMode = oneOf(args.buildMode, BuildMode, BuildMode.Runner, "buildMode", problems);
    const variableNames: WorkflowVariableNames = {
        clientId: `AZURE_CLIENT_ID${suffix}`,
        tenantId: `AZURE_TENANT_ID${suffix}`,
        subscriptionId: `AZURE_SUBSCRIPTION_ID${suffix}`,
        registryName: `ACR_NAME${suffix}`,
        registryLoginServer: `ACR_LOGIN_SERVER${suffix}`,
        fleetName: `FLEET_NAME${suffix}`,
        fleetResourceGroup: `FLEET_RESOURCE_GROUP${suffix}`,
        // `az acr build` finds the registry in the signed-in subscription (the fleet's) unless told where it is.
        ...(buildMode === BuildMode.AcrTasks ? { registryResourceGroup: `ACR_RESOURCE_GROUP${suffix}`, registrySubscriptionId: `ACR_SUBSCRIPTION_ID${suffix}` } : {}),
    };

    problems.push(...adoptionArgumentProblems(args, adoption, variableNames));
    if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(workflowPath)) {
        problems.push({ path: "workflowPath", message: `workflowPath ${JSON.stringify(workflowPath)} is not a workflow file: GitHub runs only .github/workflows/NAME.yml (or .yaml).` });
    }
    const ownership = oneOf(args.workflowOwnership, FileOwnership, FileOwnership.Managed, "workflowOwnership", problems);
    problems.push(...ownershipProblems(ownership, args.pullRequest, { ownership: "workflowOwnership", pullRequest: "pullRequest" }));
    const layerCache = oneOf(args.layerCache, LayerCache, LayerCache.Registry, "layerCache", problems);
    if (args.layerCache !== undefined && buildMode === BuildMode.AcrTasks) {
        problems.push({ path: "layerCache", message: `layerCache ${JSON.stringify(args.layerCache)} caches runner builds, but buildMode is "acrTasks" (az acr build has no cache import): drop layerCache, or build on the runner.` });
    }
    if (args.deleteNamespaceOnDestroy && args.existingNamespace) {
        problems.push({ path: "deleteNamespaceOnDestroy", message: "deleteNamespaceOnDestroy would delete a namespace this deployment adopted (existingNamespace: true), which is never its to delete: drop one of them." });
    }
    if (args.adoptExistingFiles && args.workflowOwnership === FileOwnership.Released) {
        problems.push({ path: "adoptExistingFiles", message: "adoptExistingFiles takes over files at creation, but workflowOwnership \"released\" commits none: drop adoptExistingFiles." });
    }
    const source = oneOf(args.manifestSource, ManifestSource, ManifestSource.Directory, "manifestSource", problems);
    const dockerfile = args.dockerfile ?? "Dockerfile";
    const context = args.dockerContext ?? ".";
    const manifestPath = args.manifestPath ?? (DEFAULT_MANIFEST_PATHS[source] ?? DEFAULT_MANIFEST_PATHS.directory)(appName);
    problems.push(...repoPathProblems(dockerfile, "dockerfile"), ...repoPathProblems(context, "dockerContext"), ...repoPathProblems(manifestPath, "manifestPath"));
    problems.push(...helmInputProblems(args.helmValuesFiles, args.helmSet));
    if (source !== ManifestSource.Helm && isOneOf(source, ManifestSource)) {
        for (const field of ["helmValuesFiles", "helmSet"] as const) {
            if (args[field] !== undefined) problems.push({ path: field, message: `${field} configures helm template, but manifestSource is ${JSON.stringify(source)}: set manifestSource "helm", or drop ${field}.` });
        }
    }
    const { paths, pathsIgnore } = pathFilters(triggerArgs, { context, dockerfile, manifestPath, manifestSource: source, helmValuesFiles: args.helmValuesFiles, workflowPath }, problems);

    const containerize = args.containerize
        ? { args: args.containerize, port: containerizeProblems(args.containerize, problems), dockerfile, context }
        : undefined;
    let manifests: AppManifestSpec | undefined;
    if (args.generateManifests) {
        if (source !== ManifestSource.Directory && isOneOf(source, ManifestSource)) {
            problems.push({ path: "generateManifests", message: `generateManifests writes plain manifests, but manifestSource is ${JSON.stringify(source)}: set manifestSource "directory" (the default), or drop generateManifests.` });
        }
        manifests = generatedManifestSpec(args.generateManifests, appName, namespace, containerize?.port ?? 8080, problems);
    }
    const hubLogin = oneOf(args.hubLogin, HubLogin, HubLogin.AzureCli, "hubLogin", problems);
    if (args.hubLogin !== undefined && args.hubProvider) {
        problems.push({ path: "hubLogin", message: "hubLogin configures the provider built for the hub, but hubProvider is given: set the login on that provider's kubeconfig (or fleetHubProvider's login), and drop hubLogin." });
    }
    const registryAccessMode = oneOf(args.registryAccessMode, RegistryAccessMode, RegistryAccessMode.Rbac, "registryAccessMode", problems);
    const members = args.members ?? [];
    problems.push(...memberProblems(members, "members"), ...sharedGrantProblems(args.registryId, members, "members"));
    const namespaceMode = oneOf(args.namespaceMode, NamespaceMode, NamespaceMode.Kubernetes, "namespaceMode", problems);
    let placement: PlacementSpec | undefined;
    // A managed namespace places itself (with its quota and network policy) on the clusters the placement can pick; the
    // app's objects go with a ResourcePlacement in it (see placementTypes' PlacementScope).
    const managedPropagation = namespaceModeProblems(namespaceMode, {
        fleetId: args.fleetId, hubProvider: args.hubProvider, hubLogin: args.hubLogin, quota: args.namespaceQuota, networkPolicy: args.namespaceNetworkPolicy,
        placement: args.placement, members: members.map((m) => m?.name),
    }, { mode: "namespaceMode", quota: "namespaceQuota", networkPolicy: "namespaceNetworkPolicy", placement: "placement" }, problems);
    // A namespace deleted on destroy takes its placement with it: a placement left selecting nothing is noise.
    const placementArgs = args.placement && { ...args.placement, deleteOnDestroy: args.placement.deleteOnDestroy ?? (args.deleteNamespaceOnDestroy || undefined) };
    const scope = namespaceMode === NamespaceMode.Managed ? "Namespaced" : "Cluster";
    placement = placementArgs ? placementSpec(placementArgs, namespace, members, problems, { autoscaledDeployment: manifests?.hpa ? manifests.appName : undefined, membersPath: "members", scope }) : undefined;

    // Fleet names the strategy like the placement (render/placement.ts).
    const rollout = placement?.stagedRollout ? { placement: placement.name, strategy: placement.name, ...(placement.scope === "Namespaced" ? { namespace } : {}) } : undefined;
    if (rollout) variableNames.rolloutClientId = `AZURE_ROLLOUT_CLIENT_ID${suffix}`;
    // Its own identity, never the adopted one.
    const rolloutIdentity = rollout ? { ...identity, identityName: `${identity.identityName.slice(0, 120)}-rollout`, adoption: undefined } : undefined;

    const workflow: WorkflowSpec = {
        name: `Deploy ${appName} to the fleet`,
        // The app and its namespace, not the component's name: a rename leaves the workflow as it is.
        deploymentName: namespace === appName ? appName : `${appName}-${namespace}`,
        // Without an environment a pattern is a flexible credential's, whose `*` spans '/': the trigger deploys exactly
        // what it trusts. In an environment its subject is trusted whatever the branch, and GitHub's filter applies as written.
        branches: environment ? triggers.branches : triggers.branches.map((b) => (triggers.branchPatterns.includes(b) ? branchFilterOf(b) : b)),
        commitBranch: branch,
        tags,
        environment: environment?.name,
        paths,
        pathsIgnore,
        build: { mode: buildMode, layerCache, dockerfile, context, imageName: appName },
        manifests: { source, path: manifestPath, releaseName: appName, helmValuesFiles: args.helmValuesFiles, helmSet: args.helmSet },
        namespace,
        variables: variableNames,
        credentialStore,
        registryAbac: registryAccessMode === RegistryAccessMode.Abac,
        rollout,
        cloud,
    };
    failOnProblems("FleetAutomatedDeployment", name, problems);
    return {
        name, owner, repo, branch, appName, namespace,
        existingNamespace: args.existingNamespace ?? false,
        deleteNamespaceOnDestroy: args.deleteNamespaceOnDestroy ?? false,
        fleet, registry, registryLoginServer,
        registryTarget: { registry, mode: registryAccessMode, repositories: [appName] },
        identity, rolloutIdentity, identityArgs, credentialStore, variableNames, workflowPath, workflow,
        environment, pullRequestBuilds: args.pullRequestBuilds ?? false, containerize, manifests,
        ownership, pullRequest: args.pullRequest ?? false, adoptExistingFiles: args.adoptExistingFiles ?? false, members, placement, hubLogin,
        namespaceMode, managedPropagation, namespaceQuota: args.namespaceQuota, namespaceNetworkPolicy: args.namespaceNetworkPolicy,
        cloud, adoption,
    };
}

/** Adoption that contradicts the deployment's other arguments: each names both and the fix. */
function adoptionArgumentProblems(args: FleetAutomatedDeploymentArgs, adoption: AdoptionSpec, variableNames: WorkflowVariableNames): Problem[] {
    const problems: Problem[] = [];
    const identity = adoption.identity;
    if (identity?.name !== undefined && args.identityName !== undefined && args.identityName.toLowerCase() !== identity.name.toLowerCase()) {
        problems.push({ path: "identityName", message: `identityName ${JSON.stringify(args.identityName)} is not the adopted identity's name (${identity.name}): drop identityName (it defaults to the adopted one's), or adopt the identity of that name.` });
    }
    if (identity?.resourceGroupId !== undefined && typeof args.identityResourceGroupId === "string" && args.identityResourceGroupId.toLowerCase() !== identity.resourceGroupId.toLowerCase()) {
        problems.push({ path: "identityResourceGroupId", message: `identityResourceGroupId ${JSON.stringify(args.identityResourceGroupId)} is not the adopted identity's group (${identity.resourceGroupId}): drop identityResourceGroupId.` });
    }
    if (adoption.namespace && args.existingNamespace) {
        problems.push({ path: "adopt.namespace", message: "adopt.namespace takes the hub namespace over (this deployment then owns it), but existingNamespace uses it without owning it: choose one." });
    }
    if (adoption.namespace && args.namespaceMode === NamespaceMode.Managed) {
        problems.push({ path: "adopt.namespace", message: "adopt.namespace imports a Kubernetes namespace; a managed namespace is adopted by ARM's own adoption policy: set existingNamespace instead." });
    }
    if (adoption.workflow && args.pullRequest) {
        problems.push({ path: "adopt.workflow", message: "adopt.workflow imports the workflow file on branch, but pullRequest commits to a new branch: drop pullRequest (the portal's pull request is merged already), or adopt.workflow." });
    }
    if (adoption.workflow && args.workflowOwnership === FileOwnership.Released) {
        problems.push({ path: "adopt.workflow", message: "adopt.workflow imports the workflow file, but workflowOwnership \"released\" declares none: drop one of them." });
    }
    const written = [...Object.values(variableNames)];
    adoption.githubValues.forEach((n, i) => {
        if (!written.includes(n)) {
            problems.push({ path: `adopt.githubValues[${i}]`, message: `adopt.githubValues[${i}] ${JSON.stringify(n)} is not a name this deployment writes (${written.join(", ")}): adopt only those (variableSuffix "" gives the portal's bare names), and delete the others by hand once the new ones are read.` });
        }
    });
    if (adoption.roles.registryTasks && args.buildMode !== BuildMode.AcrTasks) {
        problems.push({ path: "adopt.roleAssignments.registryTasks", message: "adopt.roleAssignments.registryTasks adopts Tasks Contributor, which only buildMode \"acrTasks\" needs: set buildMode \"acrTasks\", or leave it to its owner and remove it by hand." });
    }
    return problems;
}

/** `.github/workflows/fleet-deploy-web.yml` -> `.github/workflows/fleet-deploy-web-verify.yml` */
export function verifyWorkflowPath(workflowPath: string): string {
    return workflowPath.replace(/(\.ya?ml)$/, "-verify$1");
}

/** The GitHub wiring of a deployment: its variables (or secrets) and the rendered workflow. */
export function deploymentWiring(spec: DeploymentSpec, ids: { clientId: pulumi.Input<string>; tenantId: pulumi.Input<string> }, loginServer: pulumi.Input<string>, generated: RepositoryFileArgs[] = [], rolloutClientId?: pulumi.Input<string>): WiringSpec {
    const n = spec.variableNames;
    const signIn = {
        [n.clientId]: ids.clientId, [n.tenantId]: ids.tenantId, [n.subscriptionId]: lift(spec.fleet, (f) => f.subscriptionId),
        ...(n.rolloutClientId ? { [n.rolloutClientId]: rolloutClientId ?? "" } : {}),
    };
    const plain = {
        [n.registryName]: lift(spec.registry, (r) => r.name),
        [n.registryLoginServer]: loginServer,
        [n.fleetName]: lift(spec.fleet, (f) => f.name),
        [n.fleetResourceGroup]: lift(spec.fleet, (f) => f.resourceGroup),
        ...(n.registryResourceGroup ? { [n.registryResourceGroup]: lift(spec.registry, (r) => r.resourceGroup) } : {}),
        ...(n.registrySubscriptionId ? { [n.registrySubscriptionId]: lift(spec.registry, (r) => r.subscriptionId) } : {}),
    };
    const secrets = spec.credentialStore === CredentialStore.Secrets;
    return {
        owner: spec.owner,
        repo: spec.repo,
        branch: spec.branch,
        variables: secrets ? plain : { ...signIn, ...plain },
        secrets: secrets ? signIn : {},
        files: [
            { path: spec.workflowPath, content: renderWorkflow(spec.workflow) },
            ...(spec.pullRequestBuilds ? [{ path: verifyWorkflowPath(spec.workflowPath), content: renderPullRequestWorkflow(spec.workflow) }] : []),
            ...generated,
        ],
        ownership: spec.ownership,
        pullRequest: spec.pullRequest,
        // Named after the deployment's target, not the component: a rename keeps the branch.
        pullRequestBranch: `fleet-autodeploy/${spec.workflow.deploymentName}`,
        adoptExistingFiles: spec.adoptExistingFiles,
        commitMessage: `Deploy ${spec.appName} to the fleet with GitHub Actions`,
        environment: spec.environment,
        adopt: { values: spec.adoption.githubValues, files: spec.adoption.workflow ? [spec.workflowPath] : [] },
    };
}
