import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { countResources } from "./counts";
import { PlannedResource, providerUrnOf } from "../resource/planned";
import { Types } from "../vocabulary/tokens";
import type { Plan } from "./run";

/** The Kubernetes objects applied through one provider: one cluster (a fleet's hub, usually). */
export interface ClusterFiles {
    /** The folder under kubernetes/: the provider's name (`default` for the default provider). */
    folder: string;
    /** The provider's URN; null for the default provider (the machine's kubeconfig). */
    provider: string | null;
    /** Its API server, when known offline. */
    server?: string;
    /** Paths (relative to the output folder) of its objects, in the order they are registered. */
    objects: string[];
}

export interface WrittenFiles {
    /** Paths (relative to the output folder) of the files the program commits to GitHub. */
    files: string[];
    /** Paths (relative to the output folder) of the Kubernetes objects it applies. */
    kubernetes: string[];
    /** The same objects per cluster (kubernetes/PROVIDER/NNN-kind-name.yaml). */
    clusters: ClusterFiles[];
}

/** `kubernetes:apps/v1:Deployment` -> apps/v1, Deployment; `kubernetes:core/v1:Namespace` -> v1, Namespace. */
function kubeKind(type: string, inputs: Record<string, any>): { apiVersion: string; kind: string } {
    const [, module, kind] = type.split(":");
    const [group, version] = module.split("/");
    const apiVersion = inputs.apiVersion ?? (group === "core" ? version : `${group}/${version}`);
    return { apiVersion, kind: inputs.kind ?? kind.replace(/Patch$/, "") };
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");

/** The URN of the provider an object goes through; null for the default provider. */
const providerUrn = (ref: string | null) => (ref ? providerUrnOf(ref) : null);

/**
 * The cluster folders of the Kubernetes objects: one per provider they go through, named after it, so two
 * fleets' `namespace web` are told apart. Providers of one name (under two components) get `-2`, `-3`.
 */
function clusterFolders(objects: PlannedResource[], byUrn: Map<string, PlannedResource>): Map<string | null, ClusterFiles> {
    const clusters = new Map<string | null, ClusterFiles>();
    const used = new Set<string>();
    for (const r of objects) {
        const urn = providerUrn(r.options.provider);
        if (clusters.has(urn)) continue;
        const provider = urn ? byUrn.get(urn) : undefined;
        const base = provider ? safe(provider.name) : "default";
        let folder = base;
        for (let n = 2; used.has(folder); n++) folder = `${base}-${n}`;
        used.add(folder);
        clusters.set(urn, { folder, provider: urn, ...(provider?.cluster ? { server: provider.cluster } : {}), objects: [] });
    }
    return clusters;
}

/**
 * Writes plan.json (with `counts`), the committed files under files/OWNER/REPO/PATH (REPO@BRANCH with several
 * branches) and the Kubernetes objects under kubernetes/PROVIDER/, numbered in each cluster's apply order.
 */
export function writePlan(outDir: string, plan: Plan, configOwner: string | undefined): WrittenFiles {
    fs.mkdirSync(outDir, { recursive: true });
    for (const sub of ["files", "kubernetes"]) fs.rmSync(path.join(outDir, sub), { recursive: true, force: true });
    const { program, stack, ...rest } = plan;
    // `counts` says what "N resources" counts: the summary's header and groups add up to `counts.resources`.
    fs.writeFileSync(path.join(outDir, "plan.json"), `${JSON.stringify({ program, stack, counts: countResources(plan.resources), ...rest }, null, 2)}\n`);

    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const files: string[] = [];
    const committed = plan.resources
        .filter((x) => x.type === Types.RepositoryFile)
        .map((r) => {
            const inputs = r.inputs as Record<string, string>;
            const [repoOwner, repoName] = inputs.repository.includes("/") ? inputs.repository.split("/") : [undefined, inputs.repository];
            const provider = r.options.provider ? byUrn.get(r.options.provider.split("::").slice(0, -1).join("::")) : undefined;
            const owner = (provider?.inputs.owner as string | undefined) ?? configOwner ?? repoOwner ?? "_";
            return { inputs, repo: `${safe(owner)}/${safe(repoName)}`, branch: inputs.branch ?? "" };
        });
    // A repository with files on several branches gets a folder per branch (REPO@BRANCH), so one path
    // committed to two branches is written twice, not overwritten.
    const branchesOf = new Map<string, Set<string>>();
    for (const f of committed) branchesOf.set(f.repo, (branchesOf.get(f.repo) ?? new Set()).add(f.branch));
    for (const { inputs, repo, branch } of committed) {
        const folder = branchesOf.get(repo)!.size > 1 ? `${repo}@${safe(branch || "default")}` : repo;
        const rel = path.join("files", ...folder.split("/"), ...inputs.file.split("/").map(safe));
        if (typeof inputs.content !== "string") continue;
        fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
        fs.writeFileSync(path.join(outDir, rel), inputs.content);
        files.push(rel);
    }
    const objects = plan.resources.filter((x) => x.type.startsWith("kubernetes:") && x.custom);
    const clusters = clusterFolders(objects, byUrn);
    const kubernetes: string[] = [];
    for (const r of objects) {
        const cluster = clusters.get(providerUrn(r.options.provider))!;
        const inputs = r.inputs as Record<string, any>;
        const { apiVersion, kind } = kubeKind(r.type, inputs);
        const { apiVersion: _a, kind: _k, ...rest } = inputs;
        const object = { apiVersion, kind, ...rest };
        const meta = inputs.metadata ?? {};
        const patch = r.type.endsWith("Patch") ? "-patch" : "";
        const file = `${String(cluster.objects.length + 1).padStart(3, "0")}-${safe(kind.toLowerCase())}${meta.namespace ? `-${safe(meta.namespace)}` : ""}-${safe(meta.name ?? r.name)}${patch}.yaml`;
        const rel = path.join("kubernetes", cluster.folder, file);
        fs.mkdirSync(path.dirname(path.join(outDir, rel)), { recursive: true });
        fs.writeFileSync(path.join(outDir, rel), YAML.stringify(object, { lineWidth: 0 }));
        cluster.objects.push(rel);
        kubernetes.push(rel);
    }
    return { files, kubernetes, clusters: [...clusters.values()] };
}
