import * as assert from "assert";
import * as YAML from "yaml";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { scopeCheckScript } from "../../sdk/src/render/hubKinds";
import { manifestSteps } from "../../sdk/src/render/hubSteps";
import { detectStack } from "../../sdk/src/render/languages";
import { manifestFiles, renderAppManifests } from "../../sdk/src/render/manifests";
import { pushGrantProbe } from "../../sdk/src/render/scripts";
import { BuildMode, LayerCache, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { quote } from "../../sdk/src/render/workflowSteps";
import { base } from "./workflowFixtures";

// Details the mutation run found unasserted, each one a value a runner, a registry or a web server acts on.
const steps = (spec: WorkflowSpec, job = "build") => YAML.parse(renderWorkflow(spec)).jobs[job].steps as { name: string; uses?: string; with?: Record<string, string>; env?: Record<string, string>; run?: string }[];
const envOf = (files: string[], options = {}) => renderDockerfile(detectStack(files, options)).dockerfile.split("\n").filter((l) => l.startsWith("ENV ")).pop();

describe("render: details the whole-object tests left open", () => {
    // BuildKit fails the build on a failed cache export unless told to ignore it (moby/buildkit PR 3430, issue 2578),
    // after the image was pushed: a flaky cache must not fail a deployment.
    it("layer caches: the registry's buildcache tag, or GitHub's cache, both written with mode=max, export errors ignored", () => {
        const build = (layerCache: LayerCache) => steps({ ...base, build: { ...base.build, layerCache } }).find((s) => String(s.uses).startsWith("docker/build-push-action@"))!.with!;
        assert.deepStrictEqual([build(LayerCache.Registry)["cache-from"], build(LayerCache.Registry)["cache-to"]], ["type=registry,ref=${{ vars.ACR_LOGIN_SERVER }}/web:buildcache", "type=registry,ref=${{ vars.ACR_LOGIN_SERVER }}/web:buildcache,mode=max,ignore-error=true"]);
        assert.deepStrictEqual([build(LayerCache.GitHub)["cache-from"], build(LayerCache.GitHub)["cache-to"]], ["type=gha", "type=gha,mode=max,ignore-error=true"]);
    });

    it("ACR Tasks on an ABAC registry waits for push rights first (no docker sign-in); scoped flags need both variables", () => {
        const acr = { ...base, build: { ...base.build, mode: BuildMode.AcrTasks } };
        assert.deepStrictEqual(steps({ ...acr, registryAbac: true }).slice(-3).map((s) => s.name), ["Name the image", "Wait for push rights on the registry", "Build and push with ACR Tasks"]);
        assert.ok(!steps({ ...acr, registryAbac: true }).find((s) => s.name === "Wait for push rights on the registry")!.run!.includes('az acr login --name "$REGISTRY" -o none'));
        assert.deepStrictEqual(steps(acr).slice(-2).map((s) => s.name), ["Name the image", "Build and push with ACR Tasks"]);
        const task = (extra: object) => steps({ ...acr, variables: { ...base.variables, ...extra } }).find((s) => s.name === "Build and push with ACR Tasks")!.run!;
        for (const half of [{ registryResourceGroup: "RG" }, { registrySubscriptionId: "SUB" }]) assert.ok(!task(half).includes("--resource-group"), JSON.stringify(half));
        assert.ok(task({ registryResourceGroup: "RG", registrySubscriptionId: "SUB" }).includes('--resource-group "$REGISTRY_RESOURCE_GROUP" --subscription "$REGISTRY_SUBSCRIPTION"'));
        assert.match(task({}), /Azure still refuses to queue ACR Tasks builds in \$REGISTRY: check the deploy identity's Container Registry Tasks Contributor assignment\./);
    });

    it("quote: plain paths stay bare, anything else is single-quoted with quotes escaped", () => {
        assert.strictEqual(quote("charts/web-1.0_x"), "charts/web-1.0_x");
        for (const [value, quoted] of [[" a", "' a'"], ["a ", "'a '"], ["a b", "'a b'"], ["it's", "'it'\\''s'"]]) assert.strictEqual(quote(value), quoted);
    });

    it("the rollout job: its sign-in, its wait message and its failure, naming the binding", () => {
        const spec: WorkflowSpec = { ...base, environment: "production", rollout: { placement: "web-crp", strategy: "s" }, variables: { ...base.variables, rolloutClientId: "ROLLOUT" } };
        assert.ok(steps(spec, "deploy").some((s) => s.name === "Sign in to Azure again (the first assertion expired during the build)"));
        const hub = steps(spec, "rollout").find((s) => s.name === "Get the fleet hub's credentials (waits for access)")!.run!;
        assert.ok(hub.includes("Waiting for role assignment propagation (Azure Kubernetes Fleet Manager Hub Cluster User on the fleet and the hub ClusterRoleBinding to create update runs)"), hub);
        assert.ok(hub.includes('echo "::error title=Rollout access not granted::The rollout identity still cannot create ClusterStagedUpdateRuns on the hub: check its Hub Cluster User Role assignment on the fleet and ClusterRoleBinding fleet-autodeploy-rollout-web-crp. Gave up'), hub);
    });

    it("scripts start strict, and a probe without the docker sign-in starts at the token", () => {
        assert.strictEqual(scopeCheckScript().split("\n")[0], "set -euo pipefail");
        assert.ok(pushGrantProbe(false)[0].startsWith("if ! token=$(az acr login"), pushGrantProbe(false)[0]);
        const render = manifestSteps({ ...base, manifests: { ...base.manifests, source: "helm", path: "c" } }).steps.find((s) => s.name === "Render the chart");
        assert.strictEqual((render?.env as Record<string, string>).IMAGE_REPOSITORY, "${{ vars.ACR_LOGIN_SERVER }}/web");
    });

    it("manifests: counts of ten and more are numbers, and files go under nested folders", () => {
        const pdb = renderAppManifests({ appName: "web", namespace: "web", image: "i", pdb: { minAvailable: "10" } }).find((o) => o.kind === "PodDisruptionBudget") as any;
        assert.strictEqual(pdb.spec.minAvailable, 10);
        assert.deepStrictEqual(manifestFiles(renderAppManifests({ appName: "web", namespace: "web", image: "i", serviceType: "None" }), "deploy/k8s/").map((f) => f.path), ["deploy/k8s/deployment.yaml"]);
    });

    it("PHP serves the front controller's folder: SERVER_ROOT exactly, and none with a command", () => {
        assert.strictEqual(envOf(["composer.json", "composer.lock", "index.php"], { entrypoint: "index.php" }), "ENV SERVER_NAME=:8080 PORT=8080 SERVER_ROOT=/app HOME=/tmp");
        assert.strictEqual(envOf(["composer.json", "composer.lock", "web/index.php"]), "ENV SERVER_NAME=:8080 PORT=8080 SERVER_ROOT=/app/web HOME=/tmp");
        assert.strictEqual(renderDockerfile(detectStack(["composer.json", "composer.lock", "src/x.php"]), { command: ["frankenphp", "run"] }).dockerfile.split("\n").filter((l) => l.startsWith("ENV ")).pop(), "ENV SERVER_NAME=:8080 PORT=8080 HOME=/tmp");
        assert.throws(() => renderDockerfile(detectStack(["composer.json", "composer.lock", "src/x.php"])), (e: Error) => e.message.endsWith('set containerize.entrypoint (e.g. "public/index.php").'));
    });

    it("Rust without a Cargo.lock builds unlocked", () => {
        assert.match(renderDockerfile(detectStack(["Cargo.toml"])).dockerfile, /cargo install --path \. --root \/out && cp/);
    });
});
