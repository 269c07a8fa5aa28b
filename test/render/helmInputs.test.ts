import * as assert from "assert";
import { helmInputProblems, helmSetEntry, helmTemplateScript } from "../../sdk/src/render/helm";

// Values files and --set entries reach a shell script through env, one per line: each refusal below is an entry that
// would escape the repository, split into two, or carry an expression GitHub evaluates.
const found = (files: unknown, set: unknown) => helmInputProblems(files, set).map((p) => [p.path, p.message]);
const notInRepo = (path: string, f: unknown) => `${path} ${JSON.stringify(f)} is not a file inside the repository: use a relative path with '/' separators and no '..', e.g. "charts/web/values-prod.yaml".`;
const oneLine = (key: string) => `helmSet.${key} must be a one-line string without "\${{" (the value is passed through env, where GitHub would evaluate an expression); put multi-line values in a values file.`;

describe("render/helm: values files and --set, each refusal in exact words", () => {
    it("accepts nothing, and plain relative paths and value paths", () => {
        assert.deepStrictEqual(found(undefined, undefined), []);
        assert.deepStrictEqual(found(["values.yaml", "charts/web/values prod.yaml", "./v.yaml"], { replicaCount: "3", "ingress.hosts[0].host": "a,b", "x_y-z[1][2].w": "" }), []);
    });

    it("values files: a list of relative paths inside the repository", () => {
        assert.deepStrictEqual(found("values.yaml", undefined), [["helmValuesFiles", 'helmValuesFiles must be a list of paths, e.g. ["charts/web/values-prod.yaml"].']]);
        const bad = ["", "/etc/passwd", "../secrets.yaml", "charts/../../x", "charts//v.yaml", "charts/", "a\\b", "a\nb", "a\rb", "a\0b", "${{ secrets.X }}.yaml", 3];
        assert.deepStrictEqual(found(bad, undefined), bad.map((f, i) => [`helmValuesFiles[${i}]`, notInRepo(`helmValuesFiles[${i}]`, f)]));
    });

    it("--set: an object of Helm value paths to one-line strings, the image keys reserved", () => {
        for (const set of [null, ["a=b"], "a=b"]) {
            assert.deepStrictEqual(found(undefined, set), [["helmSet", 'helmSet must map value paths to strings, e.g. { "replicaCount": "3" }.']], JSON.stringify(set));
        }
        const keyMessage = (k: string) => `helmSet key ${JSON.stringify(k)} is not a Helm value path: letters, digits, '_' and '-', joined by '.', with optional [N] indexes, e.g. "ingress.hosts[0].host". Put keys that need other characters in a values file.`;
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
        assert.deepStrictEqual(found(undefined, { "a b": 1 }).map(([path]) => path), ["helmSet.a b", "helmSet.a b"], "a bad key and a bad value are both reported");
    });

    it("names the caller's arguments", () => {
        assert.deepStrictEqual(helmInputProblems(["/x"], "y", { valuesFiles: "chart.values", set: "chart.set" }).map((p) => p.path), ["chart.values[0]", "chart.set"]);
    });

    it("escapes what Helm's strvals parser would read as syntax", () => {
        assert.strictEqual(helmSetEntry("a.b", "x,y{z}\\w=v"), "a.b=x\\,y\\{z\\}\\\\w=v");
        assert.strictEqual(helmSetEntry("a", "plain"), "a=plain");
    });

    it("the template script: no hooks, values then --set then the built image, into the workspace", () => {
        const script = helmTemplateScript().split("\n");
        assert.strictEqual(script[0], "set -euo pipefail");
        assert.deepStrictEqual(script.filter((l) => l.includes("args")), [
            'args=(template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --no-hooks)',
            'while IFS= read -r file; do if [ -n "$file" ]; then args+=(--values "$file"); fi; done <<<"${HELM_VALUES_FILES:-}"',
            'while IFS= read -r entry; do if [ -n "$entry" ]; then args+=(--set "$entry"); fi; done <<<"${HELM_SET:-}"',
            'args+=(--set-string "image.repository=$IMAGE_REPOSITORY" --set-string "image.tag=$IMAGE_TAG")',
            'helm "${args[@]}" > "$out/chart.yaml"',
        ]);
    });
});
