// What makes the workflow run: the push filters (branches, tags, paths) and, in an environment, the deployment rules
// that must admit every one of them. Pure: the filters are read by the workflow renderer, the environment's defaults
// by its component, and the identity trusts exactly what these say deploys.
import { Problem } from "../core/problems";
import { branchPatternProblems } from "../checks/validate";
import { literalPathPattern, unadmitted } from "./refPatterns";
import { REF_PATTERN } from "../vocabulary/refs";

/** The arguments that decide the triggers, as the deployment spells them. */
export interface TriggerArgs {
    tags?: string[];
    tagsOnly?: boolean;
    branchPatterns?: string[];
    paths?: string[];
    pathsIgnore?: string[];
    /** Whether the deployment runs in a GitHub environment. */
    environment: boolean;
}

/** Where the app's files are, for the default `paths` of an app in a folder of a repository (a monorepo). */
export interface AppFiles {
    context: string;
    dockerfile: string;
    manifestPath: string;
    manifestSource: string;
    helmValuesFiles?: string[];
    workflowPath: string;
}

/** The push filters of the deployment's workflow. */
export interface TriggerSpec {
    /** Branches whose pushes deploy: the exact ones, then the patterns. Empty with `tagsOnly`. */
    branches: string[];
    /** The patterns among `branches` (`branchPatterns`). */
    branchPatterns: string[];
    /** Tag patterns whose pushes deploy. */
    tags: string[];
    tagsOnly: boolean;
    /** Changed paths that make a branch push deploy; empty: any change does. */
    paths: string[];
    /** Changed paths that alone do not make a branch push deploy. */
    pathsIgnore: string[];
}

/**
 * The paths an app in a folder of the repository is made of: its build context, its Dockerfile, its manifests (a
 * Kustomize overlay's whole tree: an overlay reads `../../base`), its Helm values files, and the workflow itself.
 * None for an app whose context is the repository root: every change may be the app's.
 */
export function defaultPaths(app: AppFiles): string[] {
    const context = app.context.replace(/\/+$/, "");
    if (context === "." || context === "") return [];
    const root = app.manifestSource === "kustomize" ? app.manifestPath.replace(/\/overlays\/[^/]+\/?$/, "") : app.manifestPath.replace(/\/+$/, "");
    const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
    const inApp = (p: string) => under(p, context);
    const folders = [context, ...(root === "." || inApp(root) ? [] : [root])];
    const files = [app.dockerfile, ...(app.helmValuesFiles ?? []), app.workflowPath].filter((f) => !folders.some((d) => under(f, d)));
    return [...folders.map((d) => `${literalPathPattern(d)}/**`), ...[...new Set(files)].map(literalPathPattern)];
}

/** Validates the ref triggers and fills in their defaults; `branches` are the exact deploy branches (branch, extraBranches). */
export function triggerSpec(args: TriggerArgs, branches: string[], problems: Problem[]): Omit<TriggerSpec, "paths" | "pathsIgnore"> {
    const tags = args.tags ?? [];
    tags.forEach((t, i) => {
        if (typeof t !== "string" || !REF_PATTERN.test(t))
            problems.push({ path: `tags[${i}]`, message: `tags[${i}] ${JSON.stringify(t)} is not a tag pattern: letters, digits, '.', '_', '-', '/' and '*', e.g. "v*".` });
    });
    if (tags.length > 0 && !args.environment) {
        problems.push({
            path: "tags",
            message:
                "tags need an environment: a tag push's OIDC subject names the tag, which changes every release and cannot be trusted ahead; set environment: { name: \"production\" } and the environment's subject is used instead.",
        });
    }
    const tagsOnly = args.tagsOnly ?? false;
    const branchPatterns = args.branchPatterns ?? [];
    // Without an environment the identity checks them, as its flexible credentials' patterns.
    if (args.environment) branchPatterns.forEach((p, i) => problems.push(...branchPatternProblems(p, `branchPatterns[${i}]`)));
    if (tagsOnly) {
        if (tags.length === 0) problems.push({ path: "tagsOnly", message: 'tagsOnly deploys tag pushes only, but no tags are given: add tags (e.g. ["v*"]), or drop tagsOnly.' });
        for (const [field, list] of [
            ["extraBranches", branches.slice(1)],
            ["branchPatterns", branchPatterns],
        ] as const) {
            if (list.length > 0) problems.push({ path: field, message: `${field} ${JSON.stringify(list)} deploy branch pushes, but tagsOnly says only tags deploy: drop ${field}, or drop tagsOnly.` });
        }
    }
    return { branches: tagsOnly ? [] : [...branches, ...branchPatterns], branchPatterns, tags, tagsOnly };
}

/** Validates the path filters and fills in their default (the app's own files, for an app in a folder). */
export function pathFilters(args: TriggerArgs, app: AppFiles, problems: Problem[]): Pick<TriggerSpec, "paths" | "pathsIgnore"> {
    const tagsOnly = args.tagsOnly ?? false;
    // GitHub evaluates no path filter for a tag push (docs.github.com workflow syntax, on.push.paths).
    for (const field of ["paths", "pathsIgnore"] as const) {
        if (tagsOnly && args[field] !== undefined && args[field]!.length > 0) {
            problems.push({ path: field, message: `${field} filters branch pushes, but with tagsOnly only tag pushes deploy, and GitHub evaluates no path filter for a tag push: drop ${field}.` });
        }
        (args[field] ?? []).forEach((p, i) => {
            if (typeof p !== "string" || p.trim() === "") problems.push({ path: `${field}[${i}]`, message: `${field}[${i}] is empty: give a glob such as "docs/**".` });
        });
    }
    // "You cannot use both the paths and paths-ignore filters for the same event" (same page): GitHub refuses the file.
    if (args.paths !== undefined && args.paths.length > 0 && args.pathsIgnore !== undefined && args.pathsIgnore.length > 0) {
        problems.push({
            path: "paths",
            message: `paths and pathsIgnore are both set, and GitHub refuses a workflow with both filters on one event: keep paths and write each ignored path in it with a leading '!' (e.g. "!${args.pathsIgnore[0]}"), or drop paths.`,
        });
    }
    const given = args.paths ?? [];
    if (given.length > 0 && given.every((p) => typeof p === "string" && p.startsWith("!"))) {
        problems.push({
            path: "paths",
            message: `paths ${JSON.stringify(given)} only exclude: GitHub needs at least one path without '!' among them (docs.github.com workflow syntax, "Including and excluding paths"). Use pathsIgnore for exclusions alone.`,
        });
    }
    const pathsIgnore = tagsOnly ? [] : (args.pathsIgnore ?? []);
    // The default is the app's own files, unless the user chose exclusions (the two filters cannot be combined).
    const paths = tagsOnly ? [] : (args.paths ?? (pathsIgnore.length > 0 ? [] : defaultPaths(app)));
    return { paths, pathsIgnore };
}

/** A workflow filter's `**` at the end of a pattern, as an environment rule: `**` there spans parts only before `/`. */
export const environmentRule = (filter: string) => filter.replace(/\*\*$/, "**/*");

/** The trigger each name came from, for the messages: `branch`, `extraBranches[0]`, `branchPatterns[1]`, `tags[0]`. */
export interface NamedTrigger {
    path: string;
    value: string;
}

/**
 * Each trigger the environment's deployment rules do not admit. GitHub refuses such a job before it starts ("Branch
 * \"main\" is not allowed to deploy to production due to environment protection rules"), so a push that triggers
 * the workflow would fail every time: refused here, naming the trigger, the rule list and both fixes.
 */
export function admissionProblems(env: { name: string; deploymentBranches: string[]; deploymentTags: string[] }, branches: NamedTrigger[], tags: NamedTrigger[], path = "environment"): Problem[] {
    const problems: Problem[] = [];
    for (const [kind, field, triggers, rules] of [
        ["Branch", "deploymentBranches", branches, env.deploymentBranches],
        ["Tag", "deploymentTags", tags, env.deploymentTags],
    ] as const) {
        for (const t of triggers) {
            const name = unadmitted(t.value, rules);
            if (name === undefined) continue;
            const example = name === t.value ? "" : ` (e.g. ${kind.toLowerCase()} ${JSON.stringify(name)})`;
            problems.push({
                path: `${path}.${field}`,
                message:
                    `${path}.${field} ${JSON.stringify(rules)} does not admit ${t.path} ${JSON.stringify(t.value)}${example}: GitHub would refuse every such deploy: ` +
                    `${kind} ${JSON.stringify(name)} is not allowed to deploy to ${env.name} due to environment protection rules. ` +
                    `Add ${JSON.stringify(environmentRule(t.value))} to ${path}.${field} (or leave ${path}.${field} out: it defaults to the triggers), ` +
                    (t.path === "branch" ? "or set tagsOnly, so that pushes to branch do not deploy." : `or drop it from ${t.path.replace(/\[\d+\]$/, "")}.`),
            });
        }
    }
    return problems;
}
