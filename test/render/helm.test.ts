// Helm (sdk/src/render/helm.ts): values files and --set entries checked and escaped, and the chart rendered with
// `helm template --no-hooks` and staged like plain manifests, never installed.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { HELM_RENDERED_DIR, helmInputProblems, helmSetEntry, helmTemplateScript } from "../../sdk/src/render/helm";
import { ManifestSource, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { actionlintFindings } from "../validators/actionlint";
import { base, haveBash, layouts, parse, runStep, usesOf, withSource } from "./workflowFixtures";

describe("render/helm", () => {
    describe("values files and --set, each refusal in exact words", () => {
        // Values files and --set entries reach a shell script through env, one per line: each refusal below is an entry
        // that would escape the repository, split into two, or carry an expression GitHub evaluates.
        const found = (files: unknown, set: unknown) => helmInputProblems(files, set).map((p) => [p.path, p.message]);
        const notInRepo = (path: string, f: unknown) =>
            `${path} ${JSON.stringify(f)} is not a file inside the repository: use a relative path with '/' separators and no '..', e.g. "charts/web/values-prod.yaml".`;
        const oneLine = (key: string) =>
            `helmSet.${key} must be a one-line string without "\${{" (the value is passed through env, where GitHub would evaluate an expression); put multi-line values in a values file.`;

        it("accepts nothing, and plain relative paths and value paths", () => {
            assert.deepStrictEqual(found(undefined, undefined), []);
            assert.deepStrictEqual(found(["values.yaml", "charts/web/values prod.yaml", "./v.yaml"], { replicaCount: "3", "ingress.hosts[0].host": "a,b", "x_y-z[1][2].w": "" }), []);
        });

        it("values files: a list of relative paths inside the repository", () => {
            assert.deepStrictEqual(found("values.yaml", undefined), [["helmValuesFiles", 'helmValuesFiles must be a list of paths, e.g. ["charts/web/values-prod.yaml"].']]);
            const bad = ["", "/etc/passwd", "../secrets.yaml", "charts/../../x", "charts//v.yaml", "charts/", "a\\b", "a\nb", "a\rb", "a\0b", "${{ secrets.X }}.yaml", 3];
            assert.deepStrictEqual(
                found(bad, undefined),
                bad.map((f, i) => [`helmValuesFiles[${i}]`, notInRepo(`helmValuesFiles[${i}]`, f)]),
            );
        });

        it("--set: an object of Helm value paths to one-line strings, the image keys reserved", () => {
            for (const set of [null, ["a=b"], "a=b"]) {
                assert.deepStrictEqual(found(undefined, set), [["helmSet", 'helmSet must map value paths to strings, e.g. { "replicaCount": "3" }.']], JSON.stringify(set));
            }
            const keyMessage = (k: string) =>
                `helmSet key ${JSON.stringify(k)} is not a Helm value path: letters, digits, '_' and '-', joined by '.', with optional [N] indexes, e.g. "ingress.hosts[0].host". Put keys that need other characters in a values file.`;
            for (const k of ["a b", "a..b", ".a", "a.", "a[x]", "a[0", "a=b", "a,b", "[0]"]) {
                assert.deepStrictEqual(found(undefined, { [k]: "v" }), [[`helmSet.${k}`, keyMessage(k)]], k);
            }
            for (const k of ["image.repository", "image.tag"]) {
                assert.deepStrictEqual(found(undefined, { [k]: "v" }), [[`helmSet.${k}`, `helmSet key "${k}" is set by the workflow to the image it just built; drop it.`]]);
            }
            assert.deepStrictEqual(found(undefined, { "image.pullPolicy": "Always" }), []);
            for (const v of [3, "a\nb", "a\rb", "a\0b", "${{ github.token }}"]) {
                assert.deepStrictEqual(found(undefined, { k: v }), [["helmSet.k", oneLine("k")]], JSON.stringify(v));
            }
            assert.deepStrictEqual(
                found(undefined, { "a b": 1 }).map(([path]) => path),
                ["helmSet.a b", "helmSet.a b"],
                "a bad key and a bad value are both reported",
            );
        });

        it("names the caller's arguments", () => {
            assert.deepStrictEqual(
                helmInputProblems(["/x"], "y", { valuesFiles: "chart.values", set: "chart.set" }).map((p) => p.path),
                ["chart.values[0]", "chart.set"],
            );
        });

        it("escapes what Helm's strvals parser would read as syntax", () => {
            assert.strictEqual(helmSetEntry("a.b", "x,y{z}\\w=v"), "a.b=x\\,y\\{z\\}\\\\w=v");
            assert.strictEqual(helmSetEntry("a", "plain"), "a=plain");
        });

        it("the template script: no hooks, values then --set then the built image, into the workspace", () => {
            const script = helmTemplateScript().split("\n");
            assert.strictEqual(script[0], "set -euo pipefail");
            assert.deepStrictEqual(
                script.filter((l) => l.includes("args")),
                [
                    'args=(template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --no-hooks)',
                    'while IFS= read -r file; do if [ -n "$file" ]; then args+=(--values "$file"); fi; done <<<"${HELM_VALUES_FILES:-}"',
                    'while IFS= read -r entry; do if [ -n "$entry" ]; then args+=(--set "$entry"); fi; done <<<"${HELM_SET:-}"',
                    'args+=(--set-string "image.repository=$IMAGE_REPOSITORY" --set-string "image.tag=$IMAGE_TAG")',
                    'helm "${args[@]}" > "$out/chart.yaml"',
                ],
            );
        });
    });

    describe("the workflow with a Helm chart", () => {
        const helm: WorkflowSpec = withSource(base, ManifestSource.Helm);
        const withValues: WorkflowSpec = {
            ...helm,
            manifests: {
                ...helm.manifests,
                helmValuesFiles: ["charts/web/values-prod.yaml", "deploy/values eu.yaml"],
                helmSet: { replicaCount: "3", "ingress.hosts[0].host": "a.example.com,b{x}", "podAnnotations.note": "$(touch pwned) `id` \"q\" 'q'" },
            },
        };

        it("never runs helm upgrade or helm install in any layout (no release Secrets in the namespace, no hook waits)", () => {
            for (const { label, texts } of layouts) {
                for (const { text } of texts) assert.ok(!/helm\s+(upgrade|install)\b/.test(text), label);
            }
        });

        it("renders with helm template --no-hooks, then checks and stages the rendered folder with k8s-deploy", () => {
            for (const environment of [undefined, "production"]) {
                const steps: any[] = parse({ ...helm, environment }).jobs.deploy.steps;
                const render = steps.findIndex((s) => s.name === "Render the chart");
                const check = steps.findIndex((s) => s.name === "Refuse manifests the namespace cannot hold");
                const stage = steps.findIndex((s) => usesOf(s, "Azure/k8s-deploy"));
                assert.ok(render >= 0 && render < check && check < stage, String(environment));
                assert.match(steps[render].run, /args=\(template "\$RELEASE" "\$CHART" --namespace "\$NAMESPACE" --no-hooks\)/);
                assert.ok(!steps[render].run.includes("--include-crds"), "CRDs are cluster-scoped");
                // Inside the workspace: k8s-deploy v7 refuses manifests outside it.
                assert.deepStrictEqual([steps[render].env.RENDERED, steps[check].env.MANIFESTS, steps[stage].with.manifests], [HELM_RENDERED_DIR, HELM_RENDERED_DIR, HELM_RENDERED_DIR]);
                assert.strictEqual(steps[stage].with.namespace, "web");
            }
        });

        it("passes values files and --set overrides through env, escaped for Helm, with the built image last", async function () {
            const text = renderWorkflow(withValues);
            assert.deepStrictEqual(await actionlintFindings(text), []);
            const render = YAML.parse(text).jobs.deploy.steps.find((s: any) => s.name === "Render the chart");
            assert.strictEqual(render.env.HELM_VALUES_FILES, "charts/web/values-prod.yaml\ndeploy/values eu.yaml");
            assert.ok(!render.run.includes("pwned") && !render.run.includes("values-prod"), "nothing user-given is spliced into the script");
            if (!haveBash()) this.skip();
            const r = runStep(
                render.run,
                { ...render.env, IMAGE_REPOSITORY: "contoso.azurecr.io/web", IMAGE_TAG: "0123abc" },
                { helm: 'printf "%s\\n" "$@" > "$CALLS.args"; echo "apiVersion: apps/v1"; echo "kind: Deployment"' },
            );
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(fs.readFileSync(`${r.dir}/calls.args`, "utf8").split("\n").slice(0, -1), [
                "template",
                "web",
                "charts/web",
                "--namespace",
                "web",
                "--no-hooks",
                "--values",
                "charts/web/values-prod.yaml",
                "--values",
                "deploy/values eu.yaml",
                "--set",
                "replicaCount=3",
                "--set",
                "ingress.hosts[0].host=a.example.com\\,b\\{x\\}",
                "--set",
                "podAnnotations.note=$(touch pwned) `id` \"q\" 'q'",
                "--set-string",
                "image.repository=contoso.azurecr.io/web",
                "--set-string",
                "image.tag=0123abc",
            ]);
            assert.ok(!fs.existsSync(path.join(r.dir, "work", "pwned")), "a value is data, never shell");
            assert.strictEqual(fs.readFileSync(path.join(r.dir, "work", HELM_RENDERED_DIR, "chart.yaml"), "utf8"), "apiVersion: apps/v1\nkind: Deployment\n");
        });

        it("escapes a --set value the way Helm's strvals parser reads it", () => {
            assert.strictEqual(helmSetEntry("a.b", "x,y"), "a.b=x\\,y");
            assert.strictEqual(helmSetEntry("a", "{1,2}"), "a=\\{1\\,2\\}", "not a list");
            assert.strictEqual(helmSetEntry("a", "c:\\dir"), "a=c:\\\\dir");
        });

        it("refuses values files and --set entries that are not plain one-line data", () => {
            const bad = helmInputProblems(["../secrets.yaml", "/etc/x.yaml", "a\nb.yaml", "${{ github.token }}.yaml"], {
                "a b": "1",
                "x=y": "1",
                "image.tag": "latest",
                "ok": "line1\nline2",
                "expr": "${{ secrets.TOKEN }}",
            });
            assert.deepStrictEqual(
                bad.map((p) => p.path),
                ["helmValuesFiles[0]", "helmValuesFiles[1]", "helmValuesFiles[2]", "helmValuesFiles[3]", "helmSet.a b", "helmSet.x=y", "helmSet.image.tag", "helmSet.ok", "helmSet.expr"],
            );
            assert.deepStrictEqual(helmInputProblems(withValues.manifests.helmValuesFiles, withValues.manifests.helmSet), []);
            assert.throws(() => renderWorkflow({ ...helm, manifests: { ...helm.manifests, helmSet: { "a;b": "1" } } }), /cannot render the Helm step/);
        });
    });
});
