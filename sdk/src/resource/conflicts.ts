import { Types } from "../vocabulary/tokens";
import { lastSegment, PlannedResource, providerUrnOf } from "./planned";

// Two resources that declare one cloud object conflict: the provider refuses to create the second
// (azure-native "already existing resource", RoleAssignmentExists, GitHub 409/422, Kubernetes
// AlreadyExists), and deleting either deletes the object for both. Mocks accept both, so the plan
// compares the objects' physical identities as the cloud sees them.

/** Resources that claim one cloud object. */
export interface Conflict {
    /** A short stable label of the identity compared, e.g. "actions variable". */
    kind: string;
    /** The object, as a person names it. */
    object: string;
    /** URNs of the claiming resources, in registration order (two or more). */
    resources: string[];
    /**
     * Across programs ({@link findConflictsAcross}) only: the label of each resource's program, parallel to
     * `resources` (programs in the order given, each one's resources in its registration order).
     */
    programs?: string[];
}

/** One physical identity of a resource: `key` compares, `object` describes. */
interface Identity {
    key: string[];
    object: string;
}

interface Context {
    config: Record<string, string>;
    /** The explicit provider resource of `r`, if any: looked up by URN within `r`'s own program. */
    provider(r: PlannedResource): PlannedResource | undefined;
    /**
     * The key of something only this program knows: a default its engine takes from the machine it runs on (the
     * default subscription, GitHub owner or kubeconfig) or one of its own URNs. Within one program it is itself;
     * across programs it is qualified by the program, so it never equals another program's: it is not known offline.
     */
    own(key: string): string;
}

interface Check {
    kind: string;
    types: string[];
    identify(inputs: Record<string, any>, r: PlannedResource, ctx: Context): Identity | undefined;
}

/** The values as strings, or undefined when any is missing, empty, unknown or secret: the identity is not known. */
function known(...values: unknown[]): string[] | undefined {
    const ok = values.every((v) => typeof v === "string" && v !== "" && v !== "[unknown]" && v !== "[secret]");
    return ok ? (values as string[]) : undefined;
}

const lower = (values: string[]) => values.map((v) => v.toLowerCase());

/** The subscription an Azure resource is created in: the explicit provider's, else the stack config's. */
function subscriptionOf(r: PlannedResource, ctx: Context): unknown {
    return ctx.provider(r)?.inputs.subscriptionId ?? ctx.config["azure-native:subscriptionId"] ?? ctx.own("default subscription");
}

/** A user-assigned identity's ARM path (compared case-insensitively, as ARM does) and `more` parts. */
function identityIn(i: Record<string, any>, r: PlannedResource, ctx: Context, ...more: unknown[]): string[] | undefined {
    return known(subscriptionOf(r, ctx), i.resourceGroupName, i.resourceName, ...more);
}
const identityText = ([sub, rg, name]: string[]) => `user-assigned identity ${name} in resource group ${rg} (subscription ${sub})`;

/**
 * A GitHub repository as owner/name, lower-cased for keys (GitHub names are case-insensitive). The owner
 * is the explicit provider's, else github:owner, else the repository's `owner/` prefix.
 */
function repositoryOf(r: PlannedResource, ctx: Context, repository: unknown, owner?: unknown): { key: string[]; text: string } | undefined {
    const full = known(repository)?.[0];
    if (!full) return undefined;
    const slash = full.indexOf("/");
    const prefix = slash >= 0 ? full.substring(0, slash) : undefined;
    const parts = known(owner ?? ctx.provider(r)?.inputs.owner ?? ctx.config["github:owner"] ?? prefix ?? ctx.own("default owner"), full.substring(slash + 1));
    return parts && { key: lower(parts), text: parts.join("/") };
}

type Values = (inputs: Record<string, any>) => unknown[];

/** A check of GitHub objects named within a repository: `folded` parts compare case-insensitively, `exact` ones as written. */
function github(kind: string, type: string, folded: Values, exact: Values, describe: (values: string[], repo: string) => string): Check {
    return {
        kind,
        types: [type],
        identify(i, r, ctx) {
            const repo = repositoryOf(r, ctx, i.repository);
            const f = folded(i);
            const v = known(...f, ...exact(i));
            if (!repo || !v) return undefined;
            return { key: [...repo.key, ...lower(v.slice(0, f.length)), ...v.slice(f.length)], object: describe(v, repo.text) };
        },
    };
}

/** A Kubernetes provider's cluster: its API server, else (kubeconfig not known offline) the provider itself. */
function clusterOf(r: PlannedResource, ctx: Context): { key: string; text: string } {
    const provider = ctx.provider(r);
    if (!provider) return { key: ctx.own("default kubeconfig"), text: "the default kubeconfig's cluster" };
    if (!provider.cluster) return { key: ctx.own(provider.urn), text: `the cluster of provider ${provider.name}` };
    let key = provider.cluster.toLowerCase();
    try {
        // Two spellings of one server (default port, trailing slash) are one cluster.
        const url = new URL(provider.cluster);
        key = `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, "")}`;
    } catch {
        /* not a URL: compare as written */
    }
    return { key, text: provider.cluster };
}

const checks: Check[] = [
    {
        kind: "role assignment name",
        types: [Types.RoleAssignment],
        identify(i) {
            const v = known(i.scope, i.roleAssignmentName);
            return v && { key: lower(v), object: `role assignment ${v[1]} at ${v[0]}` };
        },
    },
    {
        kind: "role assignment",
        types: [Types.RoleAssignment],
        identify(i) {
            // Azure refuses a second assignment of one role to one principal at one scope even when only the condition differs.
            const v = known(i.scope, i.principalId, i.roleDefinitionId);
            return v && { key: lower([v[0], v[1], lastSegment(v[2])]), object: `role ${lastSegment(v[2])} for principal ${v[1]} at ${v[0]}` };
        },
    },
    {
        kind: "managed identity",
        types: [Types.UserAssignedIdentity],
        identify(i, r, ctx) {
            const v = identityIn(i, r, ctx);
            return v && { key: lower(v), object: identityText(v) };
        },
    },
    {
        kind: "federated credential name",
        types: [Types.FederatedIdentityCredential],
        identify(i, r, ctx) {
            const v = identityIn(i, r, ctx, i.federatedIdentityCredentialResourceName);
            return v && { key: lower(v), object: `federated credential ${v[3]} of ${identityText(v)}` };
        },
    },
    {
        kind: "federated credential subject",
        types: [Types.FederatedIdentityCredential],
        identify(i, r, ctx) {
            const v = identityIn(i, r, ctx, i.issuer, i.subject);
            return v && { key: [...lower(v.slice(0, 3)), v[3], v[4]], object: `federated credential for subject ${v[4]} of issuer ${v[3]} on ${identityText(v)}` };
        },
    },
    {
        // Flexible credentials live in the application's one collection of federated credentials.
        kind: "application federated credential name",
        types: [Types.ApplicationFederatedIdentityCredential, Types.ApplicationFlexibleFederatedIdentityCredential],
        identify(i) {
            const v = known(i.applicationId, i.displayName);
            return v && { key: lower(v), object: `federated credential ${v[1]} of application ${v[0]}` };
        },
    },
    {
        kind: "application federated credential subject",
        types: [Types.ApplicationFederatedIdentityCredential],
        identify(i) {
            const v = known(i.applicationId, i.issuer, i.subject);
            return v && { key: [v[0].toLowerCase(), v[1], v[2]], object: `federated credential for subject ${v[2]} of issuer ${v[1]} on application ${v[0]}` };
        },
    },
    github(
        "actions variable",
        Types.ActionsVariable,
        (i) => [i.variableName],
        () => [],
        ([name], repo) => `variable ${name} in ${repo}`,
    ),
    github(
        "actions secret",
        Types.ActionsSecret,
        (i) => [i.secretName],
        () => [],
        ([name], repo) => `secret ${name} in ${repo}`,
    ),
    github(
        "environment variable",
        Types.ActionsEnvironmentVariable,
        (i) => [i.environment, i.variableName],
        () => [],
        ([env, name], repo) => `variable ${name} of environment ${env} in ${repo}`,
    ),
    github(
        "environment secret",
        Types.ActionsEnvironmentSecret,
        (i) => [i.environment, i.secretName],
        () => [],
        ([env, name], repo) => `secret ${name} of environment ${env} in ${repo}`,
    ),
    github(
        "repository file",
        Types.RepositoryFile,
        () => [],
        (i) => [i.branch ?? "default branch", i.file],
        ([branch, file], repo) => `file ${file} on ${branch} of ${repo}`,
    ),
    github(
        "environment",
        Types.RepositoryEnvironment,
        (i) => [i.environment],
        () => [],
        ([env], repo) => `environment ${env} of ${repo}`,
    ),
    // A branch policy and a tag policy with one pattern are two objects.
    github(
        "environment deployment policy",
        Types.RepositoryEnvironmentDeploymentPolicy,
        (i) => [i.environment],
        (i) => (i.branchPattern !== undefined ? ["branch", i.branchPattern] : ["tag", i.tagPattern]),
        ([env, on, pattern], repo) => `deployment policy for ${on === "branch" ? "branches" : "tags"} matching ${pattern} in environment ${env} of ${repo}`,
    ),
    github(
        "branch",
        Types.Branch,
        () => [],
        (i) => [i.branch],
        ([branch], repo) => `branch ${branch} of ${repo}`,
    ),
    {
        // GitHub keeps one open pull request per head and base.
        kind: "pull request",
        types: [Types.RepositoryPullRequest],
        identify(i, r, ctx) {
            const repo = repositoryOf(r, ctx, i.baseRepository, i.owner);
            const v = known(i.baseRef, i.headRef);
            return repo && v && { key: [...repo.key, ...v], object: `pull request ${v[1]} -> ${v[0]} in ${repo.text}` };
        },
    },
];

/** `kubernetes:apps/v1:Deployment` -> group apps, kind Deployment (core -> ""); the version names no other object. */
function kubernetesIdentity(r: PlannedResource, ctx: Context): Identity | undefined {
    const [, module, kind] = r.type.split(":");
    const group = module.split("/")[0] === "core" ? "" : module.split("/")[0];
    const meta = (r.inputs.metadata ?? {}) as Record<string, unknown>;
    // Without a name Pulumi generates a unique one.
    const name = known(meta.name)?.[0];
    const namespace = meta.namespace === undefined || meta.namespace === "" ? "" : known(meta.namespace)?.[0];
    if (!name || namespace === undefined) return undefined;
    const cluster = clusterOf(r, ctx);
    return {
        key: [cluster.key, group, kind, namespace, name],
        object: `${kind}${group ? `.${group}` : ""} ${namespace ? `${namespace}/` : ""}${name} on ${cluster.text}`,
    };
}

/** Custom Kubernetes objects (providers are `pulumi:providers:kubernetes`); a Patch adopts an existing object instead of declaring one. */
const isKubernetesObject = (r: PlannedResource) => r.custom && r.type.startsWith("kubernetes:") && !r.type.endsWith("Patch");

/** One program's resources, with the stack config it ran with (secret values left out: they are not known). */
export interface ProgramResources {
    /** How the program is named in conflicts, e.g. its folder's name; unique among the programs compared. */
    label: string;
    resources: PlannedResource[];
    config: Record<string, string>;
}

interface Claim {
    program: number;
    index: number;
    r: PlannedResource;
    ctx: Context;
}
type Identify = (r: PlannedResource, ctx: Context) => Identity | undefined;

const duplicateUrn: { kind: string; identify: Identify } = { kind: "duplicate URN", identify: (r) => (r.urn ? { key: [r.urn], object: r.urn } : undefined) };
const identities: Array<{ kind: string; identify: Identify }> = [
    ...checks.map((c) => ({ kind: c.kind, identify: (r: PlannedResource, ctx: Context) => (c.types.includes(r.type) ? c.identify(r.inputs as Record<string, any>, r, ctx) : undefined) })),
    { kind: "kubernetes object", identify: (r, ctx) => (isKubernetesObject(r) ? kubernetesIdentity(r, ctx) : undefined) },
];

/** A program's context: its config, its explicit providers by URN, and (across programs) its own keys qualified by its position. */
function contextOf(resources: PlannedResource[], config: Record<string, string>, qualifier?: string): Context {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return {
        config,
        provider: (r) => (r.options.provider ? byUrn.get(providerUrnOf(r.options.provider)) : undefined),
        own: qualifier === undefined ? (key) => key : (key) => `${key} of program ${qualifier}`,
    };
}

/** Groups claims by each identity in turn; a set of claims is reported once, under its first identity. */
function group(claims: Claim[], checks: Array<{ kind: string; identify: Identify }>, keep: (members: Claim[]) => boolean): Array<{ kind: string; object: string; members: Claim[] }> {
    const found: Array<{ kind: string; object: string; members: Claim[] }> = [];
    const reported = new Set<string>();
    for (const check of checks) {
        const groups = new Map<string, { object: string; members: Claim[] }>();
        for (const claim of claims) {
            const id = check.identify(claim.r, claim.ctx);
            if (!id) continue;
            const key = JSON.stringify(id.key);
            const g = groups.get(key) ?? { object: id.object, members: [] };
            g.members.push(claim);
            groups.set(key, g);
        }
        for (const { object, members } of groups.values()) {
            // Registration indexes, not URNs: resources with one URN are still distinct claims.
            const set = members.map((m) => `${m.program}:${m.index}`).join(",");
            if (members.length < 2 || reported.has(set) || !keep(members)) continue;
            reported.add(set);
            found.push({ kind: check.kind, object, members });
        }
    }
    return found;
}

/** Every cloud object that two or more resources of one program declare; a set of resources is reported once, under its first check. */
export function findConflicts(resources: PlannedResource[], config: Record<string, string>): Conflict[] {
    const ctx = contextOf(resources, config);
    const claims = resources.map((r, index) => ({ program: 0, index, r, ctx }));
    return group(claims, [duplicateUrn, ...identities], () => true).map(({ kind, object, members }) => ({ kind, object, resources: members.map((m) => m.r.urn) }));
}

/**
 * Every cloud object that resources of two or more programs declare: each resource's identity is computed in its own
 * program (its config, its explicit providers), then grouped across programs. A conflict lists every claim, those of
 * one program included, with `programs` naming each one's program. Conflicts within a single program are
 * {@link findConflicts}'s, as is a URN declared twice: one URN in two programs is two stacks' resources, no conflict
 * by itself. What one program takes from its machine (default subscription, owner or kubeconfig) never matches another's.
 */
export function findConflictsAcross(programs: ProgramResources[]): Conflict[] {
    const labels = programs.map((p) => p.label);
    const twice = labels.find((l, i) => labels.indexOf(l) !== i);
    if (twice !== undefined) throw new Error(`findConflictsAcross: program label ${JSON.stringify(twice)} is given twice: labels name programs in conflicts, so each must be unique`);
    const claims = programs.flatMap((p, program) => {
        const ctx = contextOf(p.resources, p.config, String(program));
        return p.resources.map((r, index) => ({ program, index, r, ctx }));
    });
    return group(claims, identities, (members) => new Set(members.map((m) => m.program)).size > 1).map(({ kind, object, members }) => ({
        kind,
        object,
        resources: members.map((m) => m.r.urn),
        programs: members.map((m) => labels[m.program]),
    }));
}

/**
 * The cloud objects each resource of one program declares, as comparable keys (the check's kind and its identity):
 * what the plan diff matches a deleted resource and a created one by, to tell a rename from a new object.
 */
export function cloudObjectsOf(resources: PlannedResource[], config: Record<string, string> = {}): (r: PlannedResource) => Array<{ key: string; object: string }> {
    const ctx = contextOf(resources, config);
    return (r) =>
        identities.flatMap((check) => {
            const id = check.identify(r, ctx);
            return id ? [{ key: JSON.stringify([check.kind, ...id.key]), object: id.object }] : [];
        });
}
