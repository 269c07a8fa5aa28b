// The world a workflow's first push meets, derived from what an emulated `pulumi up` left in the fakes, never from the
// spec the library rendered it from: the GitHub fake's variables and secrets (and the environment's), the identities the
// up created with their federated credentials (exact and flexible), the role assignments ARM holds for them and the hub
// RBAC bindings, each usable after a propagation delay, and the commit the up made. Pure: reads the Cloud, returns the
// push fake's RunOptions (push/runner.ts).
import * as YAML from "yaml";
import { BuiltInRole, roleNames } from "../../sdk/src/vocabulary/roles";
import { Cloud } from "./cloud";
import { RunOptions } from "./push/runner";
import { REPOSITORY_FILES, Timing } from "./push/world";

export interface WorkflowFile {
    repository: string;
    branch: string;
    path: string;
    text: string;
    commit: string;
}

/** Every workflow file the up committed, once per repository, path and content (a branch copied from another repeats them). */
export function committedWorkflows(cloud: Cloud): WorkflowFile[] {
    const found: WorkflowFile[] = [];
    for (const repo of cloud.github.repositories.values()) {
        for (const [branch, b] of repo.branches) {
            for (const [path, text] of b.files) {
                if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) continue;
                if (found.some((f) => f.repository === repo.name && f.path === path && f.text === text)) continue;
                found.push({ repository: repo.name, branch, path, text, commit: b.commits.at(-1)! });
            }
        }
    }
    return found;
}

/** GitHub's filter pattern: `*` any characters but '/', `**` any characters, `?` one (docs: "Filter pattern cheat sheet"). */
function globRegExp(pattern: string): RegExp {
    const body = pattern
        .split(/(\*\*|\*|\?)/)
        .map((p) => (p === "**" ? ".*" : p === "*" ? "[^/]*" : p === "?" ? "[^/]" : p.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`);
}

/** Patterns in order, a `!` one excluding what the earlier ones matched (docs: "Using filters"). */
const matchesFilter = (patterns: string[], value: string) => patterns.reduce((hit, p) => (p.startsWith("!") ? hit && !globRegExp(p.slice(1)).test(value) : hit || globRegExp(p).test(value)), false);

const pushOf = (text: string) => {
    const on = YAML.parse(text).on;
    return on && typeof on === "object" && "push" in on ? (on.push ?? {}) : undefined;
};

/**
 * Whether a push of `ref` changing `changed` starts the workflow (docs: "Events that trigger workflows", push): with only
 * branch filters no tag push runs it and the reverse; path filters are not evaluated for tag pushes.
 */
export function triggers(text: string, ref: string, changed: string[]): boolean {
    const push = pushOf(text);
    if (push === undefined) return false;
    const tag = ref.startsWith("refs/tags/");
    const name = ref.replace(/^refs\/(heads|tags)\//, "");
    const [include, ignore] = tag ? [push.tags, push["tags-ignore"]] : [push.branches, push["branches-ignore"]];
    const other = tag ? (push.branches ?? push["branches-ignore"]) : (push.tags ?? push["tags-ignore"]);
    if (include === undefined && ignore === undefined && other !== undefined) return false;
    if (include !== undefined && !matchesFilter(include, name)) return false;
    if (ignore !== undefined && matchesFilter(ignore, name)) return false;
    if (tag) return true;
    if (push.paths !== undefined) return changed.some((f) => matchesFilter(push.paths, f));
    if (push["paths-ignore"] !== undefined) return changed.some((f) => !matchesFilter(push["paths-ignore"], f));
    return true;
}

/** The ref of the first push: the first branch the trigger lists, else a tag its first tag pattern matches (v1.0.0 for v*). */
export function firstPushRef(text: string): string {
    const push = pushOf(text);
    if (!push) throw new Error("the workflow has no push trigger");
    const branch = (push.branches ?? []).find((b: string) => !b.startsWith("!"));
    if (branch) return `refs/heads/${branch.replace(/\*\*?/g, "1.0")}`;
    const tag = (push.tags ?? []).find((t: string) => !t.startsWith("!"));
    if (tag) return `refs/tags/${tag.replace(/\*\*?/g, "1.0.0")}`;
    return "refs/heads/main";
}

const steps = (text: string): any[] => Object.values<any>(YAML.parse(text).jobs).flatMap((j) => j.steps ?? []);

/** The hub namespace the workflow stages into: k8s-deploy's `namespace`, else the hub step's NAMESPACE. */
export function workflowNamespace(text: string): string | undefined {
    const s = steps(text);
    return s.find((x) => String(x.uses ?? "").startsWith("Azure/k8s-deploy@"))?.with?.namespace ?? s.find((x) => x.env?.NAMESPACE)?.env.NAMESPACE;
}

/** The files its build and staging steps read, at the paths the workflow names: Dockerfile, manifests, chart, overlay. */
export function filesFor(text: string): Record<string, string> {
    const files: Record<string, string> = {};
    const manifests = (dir: string) => void (files[`${dir}/deployment.yaml`] = REPOSITORY_FILES["manifests/deployment.yaml"]);
    for (const s of steps(text)) {
        const uses = String(s.uses ?? "");
        if (uses.startsWith("docker/build-push-action@")) files[s.with?.file ?? `${s.with?.context ?? "."}/Dockerfile`] = REPOSITORY_FILES.Dockerfile;
        const acrBuild = /az acr build .*--file (\S+)/.exec(String(s.run ?? ""));
        if (acrBuild) files[acrBuild[1].replace(/^["']|["']$/g, "")] = REPOSITORY_FILES.Dockerfile;
        if (s.env?.MANIFESTS && !String(s.env.MANIFESTS).startsWith(".fleet-autodeploy")) manifests(s.env.MANIFESTS);
        if (s.env?.CHART) files[`${s.env.CHART}/Chart.yaml`] = REPOSITORY_FILES["charts/web/Chart.yaml"];
        if (s.with?.kustomizationPath) {
            files[`${s.with.kustomizationPath}/kustomization.yaml`] = REPOSITORY_FILES["kustomize/overlays/production/kustomization.yaml"];
            manifests(s.with.kustomizationPath);
        }
    }
    return files;
}

const norm = (id: string) => id.toLowerCase().replace(/\/+$/, "");
/** A scope covers a resource when it is the resource or one of its parents (ARM's inheritance). */
const covers = (scope: string, id: string) => norm(id) === norm(scope) || norm(id).startsWith(`${norm(scope)}/`);
const roleName = (roleDefinitionId: string) => roleNames[roleDefinitionId.split("/").pop()!.toLowerCase() as BuiltInRole];
const REGISTRY_ROLES = [BuiltInRole.AcrPush, BuiltInRole.ContainerRegistryRepositoryWriter, BuiltInRole.ContainerRegistryTasksContributor].map((r) => roleNames[r]);
const HUB_USER = roleNames[BuiltInRole.FleetHubClusterUser];
const RBAC_WRITER = roleNames[BuiltInRole.FleetRbacWriter];

/** The push fake's world after the up, for one committed workflow, its first push at `ref` (default: firstPushRef). */
export function pushWorld(cloud: Cloud, file: WorkflowFile, t: Timing, ref = firstPushRef(file.text)): RunOptions {
    const repo = cloud.github.repo(file.repository);
    const vars = Object.fromEntries(repo.variables);
    const secrets = Object.fromEntries(repo.secrets);
    const environments = Object.fromEntries([...repo.environments].map(([name, e]) => [name, { vars: Object.fromEntries(e.variables), secrets: Object.fromEntries(e.secrets) }]));

    // Principals by object id -> client id: managed identities and the service principals of Entra applications.
    const clientOf = new Map<string, string>();
    const identities: Record<string, { credentials: object[] }> = {};
    const credential = (extra: object) => ({ ...extra, createdAt: 0, propagationSeconds: t.credential });
    for (const [key, r] of cloud.arm.resources) {
        if (!r.props.clientId) continue;
        clientOf.set(r.props.principalId, r.props.clientId);
        const creds = [...(cloud.arm.credentials.get(key)?.values() ?? [])];
        identities[r.props.clientId] = { credentials: creds.flatMap((c) => c.audiences.map((audience) => credential({ subject: c.subject, audience }))) };
    }
    for (const sp of cloud.entra.servicePrincipals.values()) {
        clientOf.set(sp.objectId, sp.clientId);
        const app = [...cloud.entra.applications.values()].find((a) => a.clientId === sp.clientId);
        identities[sp.clientId] = {
            credentials: [...(app?.credentials.values() ?? [])].flatMap((c) => {
                const exact = /^subject:(.*)$/.exec(c.match) ?? /^expression:claims\['sub'\] eq '(.*)'$/.exec(c.match);
                const flexible = /^expression:claims\['sub'\] matches '(.*)'$/.exec(c.match);
                const trust = exact ? { subject: exact[1] } : flexible ? { pattern: flexible[1] } : undefined;
                return trust ? c.audiences.map((audience) => credential({ ...trust, audience })) : [];
            }),
        };
    }

    // The identities this workflow signs in as: the client ids among the values it reads.
    const read = [...file.text.matchAll(/\$\{\{\s*(vars|secrets)\.(\w+)\s*\}\}/g)]
        .map(([, , name]) => name)
        .flatMap((name) => [vars[name], secrets[name], ...Object.values(environments).flatMap((e) => [e.vars[name], e.secrets[name]])]);
    const clients = new Set(read.filter((v) => v && identities[v]));
    const assignments = [...cloud.arm.assignments.values()].filter((a) => clients.has(clientOf.get(a.principalId)!));
    const sub = `/subscriptions/${cloud.world.subscription}`;
    const registryIds = cloud.world.registries.map((r) => `${sub}/resourceGroups/${r.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${r.name}`);
    const fleetIds = cloud.world.fleets.map((f) => `${sub}/resourceGroups/${f.resourceGroup}/providers/Microsoft.ContainerService/fleets/${f.name}`);
    const registryId = registryIds.find((id) => assignments.some((a) => REGISTRY_ROLES.includes(roleName(a.roleDefinitionId)) && covers(a.scope, id))) ?? registryIds[0];
    const fleetId = fleetIds.find((id) => assignments.some((a) => roleName(a.roleDefinitionId) === HUB_USER && covers(a.scope, id))) ?? fleetIds[0];
    const namespace = workflowNamespace(file.text) ?? "";
    // RBAC Writer counts only where it reaches the workflow's namespace: the fleet, or the namespace (plain or managed).
    const inScope = (role: string, scope: string) =>
        REGISTRY_ROLES.includes(role)
            ? covers(scope, registryId)
            : role === HUB_USER
              ? covers(scope, fleetId)
              : role === RBAC_WRITER
                ? covers(scope, fleetId) || [`${norm(fleetId)}/namespaces/${namespace}`, `${norm(fleetId)}/managednamespaces/${namespace}`].includes(norm(scope))
                : false;
    const at = (seconds: number) => (Number.isFinite(seconds) ? seconds : 1e9);
    const roles = assignments
        .filter((a) => inScope(roleName(a.roleDefinitionId), a.scope))
        .map((a) => {
            const role = roleName(a.roleDefinitionId);
            return { client: clientOf.get(a.principalId)!, role, visibleAt: at(REGISTRY_ROLES.includes(role) ? t.registryRoles : t.hubRoles) };
        });
    // Update runs: a hub (Cluster)RoleBinding of the principal to a role that may create them (render/rollout.ts).
    const hub = cloud.hubs.hubOf(fleetId).list();
    const mayCreateRuns = (ref: any, ns?: string) =>
        hub.some(
            (r: any) =>
                r.kind === ref.kind &&
                r.metadata.name === ref.name &&
                r.metadata.namespace === ns &&
                (r.rules ?? []).some((rule: any) => rule.resources.some((x: string) => /stagedupdateruns$/.test(x)) && rule.verbs.includes("create")),
        );
    for (const b of hub.filter((o: any) => /^(Cluster)?RoleBinding$/.test(o.kind) && mayCreateRuns(o.roleRef, o.roleRef.kind === "Role" ? o.metadata.namespace : undefined))) {
        for (const s of (b as any).subjects ?? []) if (clients.has(clientOf.get(s.name)!)) roles.push({ client: clientOf.get(s.name)!, role: "rollout-runs", visibleAt: at(t.hubRoles) });
    }

    const registryName = registryId.split("/").pop()!;
    const [fleetRg, fleetName] = [/resourceGroups\/([^/]+)/.exec(fleetId)![1], fleetId.split("/").pop()!];
    const state = {
        now: 0,
        seq: 0,
        log: [],
        issued: {},
        accessTokenSeconds: 3600,
        buildSeconds: t.build,
        tenant: cloud.directory.tenant,
        subscription: cloud.world.subscription,
        github: { idTokenUrl: "https://pipelines.actions.test/idtoken?api-version=2.0", requestToken: "REQUEST-TOKEN-456", idTokenSeconds: 300 },
        identities,
        roles,
        // The registry as getRegistry answers for it (arm.ts): its login server, role-assignment mode legacy.
        registry: { name: registryName, loginServer: `${registryName.toLowerCase()}.azurecr.io`, abac: false, images: [], cache: [], cacheExportFailures: t.cacheExportFailures ?? 0 },
        fleet: { name: fleetName, resourceGroup: fleetRg, namespace, serverId: "6dae42f8-4368-4678-94ff-3960e28e3630" },
        hub: { objects: [] },
    };
    return {
        state,
        vars,
        secrets,
        environments,
        github: { sha: file.commit, ref, repository: `${cloud.world.github.owner}/${repo.name}` },
        files: { ...filesFor(file.text), [file.path]: file.text },
    };
}
