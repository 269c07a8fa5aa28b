import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { Plan } from "./run";

export interface WrittenFiles {
    /** Paths (relative to the output folder) of the files the program commits to GitHub. */
    files: string[];
    /** Paths (relative to the output folder) of the Kubernetes objects it applies. */
    kubernetes: string[];
}

const FILE_TYPE = "github:index/repositoryFile:RepositoryFile";

/** `kubernetes:apps/v1:Deployment` -> apps/v1, Deployment; `kubernetes:core/v1:Namespace` -> v1, Namespace. */
function kubeKind(type: string, inputs: Record<string, any>): { apiVersion: string; kind: string } {
    const [, module, kind] = type.split(":");
    const [group, version] = module.split("/");
    const apiVersion = inputs.apiVersion ?? (group === "core" ? version : `${group}/${version}`);
    return { apiVersion, kind: inputs.kind ?? kind.replace(/Patch$/, "") };
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, "_");

/** Writes plan.json, the committed files under files/OWNER/REPO/PATH (REPO@BRANCH with several branches) and the Kubernetes objects under kubernetes/. */
export function writePlan(outDir: string, plan: Plan, configOwner: string | undefined): WrittenFiles {
    fs.mkdirSync(outDir, { recursive: true });
    for (const sub of ["files", "kubernetes"]) fs.rmSync(path.join(outDir, sub), { recursive: true, force: true });
    fs.writeFileSync(path.join(outDir, "plan.json"), JSON.stringify(plan, null, 2) + "\n");

    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const files: string[] = [];
    const committed = plan.resources.filter((x) => x.type === FILE_TYPE).map((r) => {
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
    const kubernetes: string[] = [];
    let index = 0;
    for (const r of plan.resources.filter((x) => x.type.startsWith("kubernetes:") && x.custom)) {
        const inputs = r.inputs as Record<string, any>;
        const { apiVersion, kind } = kubeKind(r.type, inputs);
        const { apiVersion: _a, kind: _k, ...rest } = inputs;
        const object = { apiVersion, kind, ...rest };
        const meta = inputs.metadata ?? {};
        const patch = r.type.endsWith("Patch") ? "-patch" : "";
        const rel = path.join("kubernetes", `${String(++index).padStart(3, "0")}-${safe(kind.toLowerCase())}${meta.namespace ? `-${safe(meta.namespace)}` : ""}-${safe(meta.name ?? r.name)}${patch}.yaml`);
        fs.mkdirSync(path.join(outDir, "kubernetes"), { recursive: true });
        fs.writeFileSync(path.join(outDir, rel), YAML.stringify(object, { lineWidth: 0 }));
        kubernetes.push(rel);
    }
    return { files, kubernetes };
}
