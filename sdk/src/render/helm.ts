// A Helm chart staged on the hub as plain manifests: `helm template`, never `helm upgrade --install`.
import { Problem } from "../core/problems";

/** Where the chart is rendered: inside the workspace, as Azure/k8s-deploy v7 refuses manifests outside it (fileUtils.ts, assertPathWithinWorkspace). */
export const HELM_RENDERED_DIR = ".fleet-autodeploy/rendered";

const SET_KEY = /^[A-Za-z0-9_-]+(\[[0-9]+\])*(\.[A-Za-z0-9_-]+(\[[0-9]+\])*)*$/;
/** Set by the workflow itself, from the image it built. */
const RESERVED_KEYS = ["image.repository", "image.tag"];

/**
 * What is wrong with Helm values files and `--set` overrides, for spec validation (with the user's argument names)
 * and as the renderer's own guard. Both reach the script through env, one per line, so neither can inject shell;
 * these rules keep each entry one line, free of `${{` (GitHub would evaluate it in env), and keys to Helm's plain
 * `a.b[0].c` paths.
 */
export function helmInputProblems(valuesFiles: unknown, set: unknown, paths = { valuesFiles: "helmValuesFiles", set: "helmSet" }): Problem[] {
    const problems: Problem[] = [];
    if (valuesFiles !== undefined) {
        if (!Array.isArray(valuesFiles)) problems.push({ path: paths.valuesFiles, message: `${paths.valuesFiles} must be a list of paths, e.g. ["charts/web/values-prod.yaml"].` });
        else
            valuesFiles.forEach((f, i) => {
                const path = `${paths.valuesFiles}[${i}]`;
                // An absolute, empty or doubled path has an empty segment.
                if (typeof f !== "string" || /[\\\n\r\0]/.test(f) || f.includes("${{") || f.split("/").some((c) => c === ".." || c === "")) {
                    problems.push({
                        path,
                        message: `${path} ${JSON.stringify(f)} is not a file inside the repository: use a relative path with '/' separators and no '..', e.g. "charts/web/values-prod.yaml".`,
                    });
                }
            });
    }
    if (set !== undefined) {
        if (set === null || typeof set !== "object" || Array.isArray(set)) {
            problems.push({ path: paths.set, message: `${paths.set} must map value paths to strings, e.g. { "replicaCount": "3" }.` });
        } else {
            for (const [key, value] of Object.entries(set)) {
                const path = `${paths.set}.${key}`;
                if (!SET_KEY.test(key))
                    problems.push({
                        path,
                        message: `${paths.set} key ${JSON.stringify(key)} is not a Helm value path: letters, digits, '_' and '-', joined by '.', with optional [N] indexes, e.g. "ingress.hosts[0].host". Put keys that need other characters in a values file.`,
                    });
                else if (RESERVED_KEYS.includes(key)) problems.push({ path, message: `${paths.set} key ${JSON.stringify(key)} is set by the workflow to the image it just built; drop it.` });
                if (typeof value !== "string" || /[\n\r\0]/.test(value) || value.includes("${{")) {
                    problems.push({
                        path,
                        message: `${paths.set}.${key} must be a one-line string without "\${{" (the value is passed through env, where GitHub would evaluate an expression); put multi-line values in a values file.`,
                    });
                }
            }
        }
    }
    return problems;
}

/**
 * One `--set` entry as Helm's strvals parser reads it: a backslash escapes the next character, ',' separates
 * entries and a leading '{' starts a list (helm pkg/strvals/parser.go, runesUntil and valList).
 */
export function helmSetEntry(key: string, value: string): string {
    return `${key}=${value.replace(/[\\,{}]/g, (c) => `\\${c}`)}`;
}

/**
 * Renders the chart into HELM_RENDERED_DIR. `--no-hooks`: `helm template` prints hook manifests unless told not to
 * (cmd/helm/template.go), and a hook Job would be staged on a hub that has no nodes to run it. CRDs stay out
 * (no `--include-crds`): they are cluster-scoped. Values files, then `--set`, then the built image, last so it wins.
 */
export function helmTemplateScript(): string {
    return [
        "set -euo pipefail",
        'out="$GITHUB_WORKSPACE/$RENDERED"',
        'rm -rf "$out" && mkdir -p "$out"',
        'args=(template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --no-hooks)',
        'while IFS= read -r file; do if [ -n "$file" ]; then args+=(--values "$file"); fi; done <<<"${HELM_VALUES_FILES:-}"',
        'while IFS= read -r entry; do if [ -n "$entry" ]; then args+=(--set "$entry"); fi; done <<<"${HELM_SET:-}"',
        'args+=(--set-string "image.repository=$IMAGE_REPOSITORY" --set-string "image.tag=$IMAGE_TAG")',
        'helm "${args[@]}" > "$out/chart.yaml"',
        "",
    ].join("\n");
}
