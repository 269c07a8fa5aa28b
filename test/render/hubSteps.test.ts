// The steps that talk to the hub (sdk/src/render/hubSteps.ts): each manifest source's render and scope check, the
// hub's credentials once the grant is effective (their script run for real against fake tools), and the staging.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { manifestSteps } from "../../sdk/src/render/hubSteps";
import { TOOL_VERSIONS } from "../../sdk/src/render/tools";
import { ManifestSource, WorkflowSpec } from "../../sdk/src/render/workflow";
import { base, envOf, haveBash, NO_SLEEP, parse, runStep, sleeps, step, stepsOf, succeedsFrom, usesOf, withSignIn } from "./workflowFixtures";

describe("render/hubSteps", () => {
    describe("the manifest steps of each source", () => {
        // How each manifest source becomes steps: what the render step is given, and nothing it was not.
        const helm = (manifests: Partial<WorkflowSpec["manifests"]>): WorkflowSpec => ({ ...base, manifests: { ...base.manifests, source: ManifestSource.Helm, path: "charts/web", ...manifests } });

        it("Kustomize: azure/k8s-bake renders the overlay, and the scope check reads its bundle", () => {
            const { steps, manifests } = manifestSteps({ ...base, manifests: { ...base.manifests, source: ManifestSource.Kustomize, path: "kustomize/prod" } });
            assert.strictEqual(manifests, "${{ steps.bake.outputs.manifestsBundle }}");
            assert.deepStrictEqual(
                { ...steps[0], uses: String(steps[0].uses).split("@")[0] },
                {
                    name: "Render with Kustomize",
                    id: "bake",
                    uses: "azure/k8s-bake",
                    with: { renderEngine: "kustomize", kustomizationPath: "kustomize/prod", "kubectl-version": TOOL_VERSIONS.kubectl },
                },
            );
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
            assert.throws(
                () => manifestSteps(helm({ helmValuesFiles: ["/etc/x"], helmSet: { "image.tag": "1" } })),
                (e: Error) =>
                    e.message ===
                    "cannot render the Helm step: helmValuesFiles[0] \"/etc/x\" is not a file inside the repository: use a relative path with '/' separators and no '..', e.g. \"charts/web/values-prod.yaml\". " +
                        'helmSet key "image.tag" is set by the workflow to the image it just built; drop it.',
            );
        });
    });

    describe("in the deploy job", () => {
        it("stages into the namespace on the fleet hub with the built image, without annotating the namespace", () => {
            const wf = parse(base);
            const deploy = stepsOf(wf, "deploy");
            // What azure/aks-set-context does for fleets, inside a retry (run below).
            const ctx = deploy.find((s) => s.name === "Get the fleet hub's credentials (waits for access)");
            assert.ok(ctx.run.includes('az fleet get-credentials --resource-group "$FLEET_RESOURCE_GROUP" --name "$FLEET_NAME" --file "$KUBECONFIG"'));
            assert.ok(ctx.run.includes("kubelogin convert-kubeconfig -l azurecli") && ctx.run.includes('"KUBECONFIG=$KUBECONFIG" >> "$GITHUB_ENV"'));
            assert.deepStrictEqual([ctx.env.FLEET_RESOURCE_GROUP, ctx.env.FLEET_NAME], ["${{ vars.FLEET_RESOURCE_GROUP }}", "${{ vars.FLEET_NAME }}"]);
            assert.ok(deploy.findIndex((s) => String(s.uses).startsWith("azure/use-kubelogin@")) < deploy.indexOf(ctx));
            const k8s = deploy.find((s) => String(s.uses).startsWith("Azure/k8s-deploy@"));
            assert.strictEqual(k8s.with.namespace, "web");
            assert.strictEqual(k8s.with.images, "${{ needs.build.outputs.image }}");
            assert.strictEqual(k8s.with["annotate-namespace"], "false");
            assert.strictEqual(k8s.with["resource-type"], "Microsoft.ContainerService/fleets");
            assert.strictEqual(wf.jobs.deploy.needs, "build");
        });

        it("checks every manifest source against the namespace allow-list before anything touches the hub", () => {
            for (const source of Object.values(ManifestSource)) {
                const deploy = stepsOf(parse({ ...base, manifests: { ...base.manifests, source } }), "deploy");
                const check = deploy.findIndex((s) => s.name === "Refuse manifests the namespace cannot hold");
                const hub = deploy.findIndex((s) => String(s.name).startsWith("Get the fleet hub's credentials"));
                const stage = deploy.findIndex((s) => usesOf(s, "Azure/k8s-deploy"));
                assert.ok(check > 0 && check < hub && hub < stage, source);
                assert.strictEqual(deploy[check].env.MANIFESTS, deploy[stage].with.manifests, `${source}: the guard checks what is staged`);
                assert.ok(!deploy[check].run.includes("api-resources"), "no discovery: it fails when any aggregated API is down");
            }
        });

        it("renders Kustomize with k8s-bake and stages its bundle", () => {
            const deploy = stepsOf(parse({ ...base, manifests: { ...base.manifests, source: ManifestSource.Kustomize, path: "kustomize/overlays/prod" } }), "deploy");
            const bake = deploy.find((s) => String(s.uses).startsWith("azure/k8s-bake@"));
            // kubectl-version: k8s-bake renders with its own download of that kubectl, not the runner image's
            // (actionContracts.test.ts).
            assert.deepStrictEqual(bake.with, { renderEngine: "kustomize", kustomizationPath: "kustomize/overlays/prod", "kubectl-version": TOOL_VERSIONS.kubectl });
            assert.strictEqual(deploy.find((s) => String(s.uses).startsWith("Azure/k8s-deploy@")).with.manifests, "${{ steps.bake.outputs.manifestsBundle }}");
        });
    });

    describe("the hub's credentials: a bounded wait for the grant, against fake tools", () => {
        before(function () {
            if (!haveBash()) this.skip();
        });

        const hub = () => step(base, "deploy", "Get the fleet hub's credentials (waits for access)");
        const hubFakes = (kubectl: string) =>
            withSignIn({
                ...NO_SLEEP,
                az: 'if [ "$1 $2" = "fleet get-credentials" ]; then echo "apiVersion: v1" > "$KUBECONFIG"; exit 0; fi; exit 2',
                kubelogin: "exit 0",
                kubectl,
            });

        it("hub: retries kubectl auth can-i until the namespace grant is effective, logging what it waits for", () => {
            const r = runStep(hub().run, envOf(hub(), { "vars.FLEET_RESOURCE_GROUP": "rg", "vars.FLEET_NAME": "fleet" }), hubFakes(succeedsFrom(3, "echo yes; exit 0", "echo no; exit 1")));
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(
                r.stdout,
                /Waiting for role assignment propagation \(Azure Kubernetes Fleet Manager Hub Cluster User on the fleet and RBAC Writer on hub namespace web\), attempt 1\/10: kubectl auth can-i create deployments.apps --namespace web answered: no/,
            );
            assert.match(r.stdout, /attempt 2\/10/);
            assert.ok(!/attempt 3\/10/.test(r.stdout));
            assert.deepStrictEqual(sleeps(r.calls), [10, 20]);
            assert.ok(r.calls.includes(`az fleet get-credentials --resource-group rg --name fleet --file ${path.join(r.dir, "kubeconfig-fleet-hub")} -o none`));
            assert.ok(r.calls.includes("kubelogin convert-kubeconfig -l azurecli"), "no device-code prompt");
            assert.strictEqual(fs.readFileSync(path.join(r.dir, "github_env"), "utf8"), `KUBECONFIG=${path.join(r.dir, "kubeconfig-fleet-hub")}\n`);
        });

        it("hub: gives up after the last attempt with a clear error, having slept at most 10 minutes", () => {
            const r = runStep(hub().run, envOf(hub()), hubFakes('echo "no - Azure does not have opinion for this user."; exit 1'));
            assert.strictEqual(r.status, 1);
            assert.strictEqual(r.calls.filter((c) => c.startsWith("kubectl ")).length, 10);
            assert.match(r.stdout, /attempt 9\/10/);
            assert.match(
                r.stdout,
                /::error title=Hub access not granted::The deploy identity still cannot write Deployments in hub namespace web: .* Gave up after 10 attempts; last answer: kubectl auth can-i .* answered: no - Azure does not have opinion/,
            );
            const slept = sleeps(r.calls);
            assert.strictEqual(slept.length, 9);
            assert.ok(slept.reduce((a, b) => a + b, 0) <= 600);
            assert.ok(!fs.existsSync(path.join(r.dir, "github_env")), "no kubeconfig handed on");
        });

        it("hub: also waits while the fleet refuses the credentials (Hub Cluster User Role not effective yet)", () => {
            const r = runStep(
                hub().run,
                envOf(hub()),
                withSignIn({
                    ...hubFakes("echo yes"),
                    az: succeedsFrom(
                        2,
                        'echo "apiVersion: v1" > "$KUBECONFIG"; exit 0',
                        'echo "(AuthorizationFailed) does not have authorization to perform action Microsoft.ContainerService/fleets/listCredentials/action" >&2; exit 1',
                    ),
                }),
            );
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /attempt 1\/10: getting the hub credentials failed: \(AuthorizationFailed\)/);
        });
    });
});
