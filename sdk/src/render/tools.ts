// The tools the workflow installs, each at one release named here and nowhere else. An action given no version
// resolves one at run time ("latest"), so a run could install something no one reviewed; use-kubelogin even fails
// without a GITHUB_TOKEN to ask GitHub for it. docs/action-contracts.md has each action's contract;
// test/render/actionContracts.test.ts refuses a step that installs anything floating.

/**
 * Tool releases, each the newest stable one in the tool's repository when last bumped (read with `git tag` from
 * snapshots of 2026-08; the runner image line is actions/runner-images images/ubuntu/Ubuntu2404-Readme.md, image
 * 20260816.277.1). To bump one: pick a newer release tag, then run the contract and workflow tests.
 */
export const TOOL_VERSIONS = {
    /**
     * kubelogin, for azure/use-kubelogin's `kubelogin-version`: the release tag, used verbatim in the download URL
     * (github.com/Azure/kubelogin/releases/download/TAG/kubelogin-linux-amd64.zip, checked against its .sha256).
     * Azure/kubelogin tag v0.2.19 (2026-06-23). The runner image has no kubelogin.
     */
    kubelogin: "v0.2.19",
    /**
     * Helm, for azure/setup-helm's `version` (from get.helm.sh). helm/helm tag v3.21.4 (2026-08-13), the newest v3,
     * which the runner image also ships. The image updates it weekly and Helm 4 is out (v4.2.4), so a chart is
     * rendered with the version installed here, never the image's.
     */
    helm: "v3.21.4",
    /**
     * kubectl for azure/k8s-bake's `kubectl-version`, which renders Kustomize with `kubectl kustomize` (from dl.k8s.io):
     * the runner image's kubectl (1.36.3), pinned so a kustomization renders the same after the image moves on.
     */
    kubectl: "v1.36.3",
    /**
     * The BuildKit image docker/setup-buildx-action's docker-container builder runs. buildx's default,
     * `moby/buildkit:buildx-stable-1` (docker/buildx driver/bkimage/bkimage.go), is a moving tag.
     * moby/buildkit tag v0.32.2 (2026-08-04).
     */
    buildkit: "v0.32.2",
} as const;

/** The BuildKit image, as docker/setup-buildx-action's `driver-opts` take it (`image=REF`, one option a line). */
export const BUILDKIT_DRIVER_OPTS = `image=moby/buildkit:${TOOL_VERSIONS.buildkit}`;
