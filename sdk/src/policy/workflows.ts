// Guardrail on the GitHub Actions workflows a stack commits: every action pinned to a commit, every token's
// permissions stated. A push of a workflow file runs it at once, with whatever its actions' tags point at that day.
import * as YAML from "yaml";
import { describe, Finding, known, PolicyTarget } from "./target";
import { Types } from "../vocabulary/tokens";

const SHA = /^[0-9a-f]{40}$/;
const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Whether a committed file is a workflow: `.github/workflows/*.yml|yaml`. */
export function isWorkflowPath(file: string): boolean {
    return /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(file.replace(/^\.?\//, ""));
}

/** What is wrong with one `uses:` reference; undefined when it is pinned. */
export function usesProblem(uses: string): string | undefined {
    if (uses.startsWith("./")) return undefined; // an action or reusable workflow of the same repository, at the same commit
    if (uses.startsWith("docker://")) return DIGEST.test(uses) ? undefined : "a container image without a sha256 digest";
    const at = uses.lastIndexOf("@");
    if (at < 0) return "no ref";
    return SHA.test(uses.substring(at + 1)) ? undefined : "a tag or branch, not a full commit SHA";
}

/** Every problem of one workflow text: unpinned `uses:` and jobs without `permissions`. */
export function workflowProblems(text: string): string[] {
    let doc: any;
    try {
        doc = YAML.parse(text);
    } catch (err) {
        return [`it is not valid YAML (${err instanceof Error ? err.message.split("\n")[0] : err})`];
    }
    if (!doc || typeof doc !== "object") return ["it is not a workflow (no mapping at the top)"];
    const problems: string[] = [];
    const jobs: Record<string, any> = doc.jobs && typeof doc.jobs === "object" ? doc.jobs : {};
    for (const [id, job] of Object.entries(jobs)) {
        const refs: string[] = [];
        if (typeof job?.uses === "string") refs.push(job.uses);
        for (const step of Array.isArray(job?.steps) ? job.steps : []) if (typeof step?.uses === "string") refs.push(step.uses);
        for (const uses of refs) {
            const problem = usesProblem(uses.trim());
            if (problem) problems.push(`job ${id} uses ${uses}: ${problem}`);
        }
    }
    if (!("permissions" in doc)) {
        const open = Object.entries(jobs)
            .filter(([, job]) => !job || typeof job !== "object" || !("permissions" in job))
            .map(([id]) => id);
        if (open.length > 0)
            problems.push(
                `no top-level permissions, and job${open.length === 1 ? "" : "s"} ${open.join(", ")} ${open.length === 1 ? "has" : "have"} none: the token gets the repository's defaults (possibly write-all)`,
            );
    }
    return problems;
}

/** Policy: a committed workflow pins every action to a full commit SHA and states its token's permissions. */
export function workflowFindings(r: PolicyTarget): Finding[] {
    if (r.type !== Types.RepositoryFile) return [];
    const file = known(r.props.file);
    const content = known(r.props.content);
    if (!file || !isWorkflowPath(file) || content === undefined) return [];
    return workflowProblems(content).map((problem) => ({ urn: r.urn, message: `${describe(r)} commits ${file}, where ${problem}.` }));
}
