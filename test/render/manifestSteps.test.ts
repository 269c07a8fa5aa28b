import * as assert from "assert";
import { manifestSteps } from "../../sdk/src/render/hubSteps";
import { TOOL_VERSIONS } from "../../sdk/src/render/tools";
import { ManifestSource, WorkflowSpec } from "../../sdk/src/render/workflow";
import { base } from "./workflowFixtures";

// How each manifest source becomes steps: what the render step is given, and nothing it was not.
const helm = (manifests: Partial<WorkflowSpec["manifests"]>): WorkflowSpec => ({ ...base, manifests: { ...base.manifests, source: ManifestSource.Helm, path: "charts/web", ...manifests } });

describe("render/hubSteps: the manifest steps of each source", () => {
    it("Kustomize: azure/k8s-bake renders the overlay, and the scope check reads its bundle", () => {
        const { steps, manifests } = manifestSteps({ ...base, manifests: { ...base.manifests, source: ManifestSource.Kustomize, path: "kustomize/prod" } });
        assert.strictEqual(manifests, "${{ steps.bake.outputs.manifestsBundle }}");
        assert.deepStrictEqual({ ...steps[0], uses: String(steps[0].uses).split("@")[0] }, { name: "Render with Kustomize", id: "bake", uses: "azure/k8s-bake", with: { renderEngine: "kustomize", kustomizationPath: "kustomize/prod", "kubectl-version": TOOL_VERSIONS.kubectl } });
        assert.deepStrictEqual(steps[1].env, { MANIFESTS: "${{ steps.bake.outputs.manifestsBundle }}", NAMESPACE: "web" });
    });

    it("Helm: values files and --set reach the script only when given", () => {
        // steps[0] installs the pinned Helm (actionContracts.test.ts); steps[1] renders.
        const bare = manifestSteps(helm({})).steps[1];
        assert.deepStrictEqual(Object.keys(bare.env as object), ["RELEASE", "CHART", "NAMESPACE", "RENDERED", "IMAGE_REPOSITORY", "IMAGE_TAG"]);
        const empty = manifestSteps(helm({ helmValuesFiles: [], helmSet: {} })).steps[1];
        assert.deepStrictEqual(Object.keys(empty.env as object), ["RELEASE", "CHART", "NAMESPACE", "RENDERED", "IMAGE_REPOSITORY", "IMAGE_TAG"]);
        const full = manifestSteps(helm({ helmValuesFiles: ["a.yaml", "b.yaml"], helmSet: { x: "1,2", y: "z" } })).steps[1].env as Record<string, string>;
        assert.deepStrictEqual([full.HELM_VALUES_FILES, full.HELM_SET], ["a.yaml\nb.yaml", "x=1\\,2\ny=z"]);
    });

    it("Helm: bad inputs fail the renderer with every problem", () => {
        assert.throws(() => manifestSteps(helm({ helmValuesFiles: ["/etc/x"], helmSet: { "image.tag": "1" } })), (e: Error) => e.message ===
            'cannot render the Helm step: helmValuesFiles[0] "/etc/x" is not a file inside the repository: use a relative path with \'/\' separators and no \'..\', e.g. "charts/web/values-prod.yaml". ' +
            'helmSet key "image.tag" is set by the workflow to the image it just built; drop it.');
    });
});
