import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { actionPins } from "../../sdk/src/render/actions";
import { TOOL_VERSIONS } from "../../sdk/src/render/tools";
import {
    BuildMode, CredentialStore, LayerCache, ManifestSource, renderPullRequestWorkflow, renderWorkflow, WorkflowSpec,
} from "../../sdk/src/render/workflow";
import { actionlintFindings, pinViolations } from "../validators/actionlint";
import { referenceDir } from "../reference";
import { base, layouts, usesOf } from "./workflowFixtures";

const variants: { label: string; spec: WorkflowSpec }[] = [];
for (const mode of Object.values(BuildMode)) {
    for (const source of Object.values(ManifestSource)) {
        for (const store of Object.values(CredentialStore)) {
            for (const cache of mode === BuildMode.Runner ? Object.values(LayerCache) : [LayerCache.Registry]) {
                variants.push({
                    label: `${mode} x ${source} x ${store} x cache=${cache}`,
                    spec: { ...base, credentialStore: store, build: { ...base.build, mode, layerCache: cache }, manifests: { ...base.manifests, source, path: source === "helm" ? "charts/web" : "manifests" } },
                });
            }
        }
    }
}

const parse = (spec: WorkflowSpec) => YAML.parse(renderWorkflow(spec));
const steps = (wf: any, job: string): any[] => wf.jobs[job].steps;
const runs = (wf: any): string => Object.values<any>(wf.jobs).flatMap((j) => j.steps).map((s: any) => s.run ?? "").join("\n");

describe("render/workflow", () => {
    describe("is accepted by actionlint 1.7.7 with zero findings", () => {
        for (const { label, spec } of variants) {
            it(label, async () => {
                assert.deepStrictEqual(await actionlintFindings(renderWorkflow(spec)), []);
            });
        }
        it("in an environment, with tags and several branches", async () => {
            const spec = { ...base, environment: "production", tags: ["v*"], branches: ["main", "release/2026"] };
            assert.deepStrictEqual(await actionlintFindings(renderWorkflow(spec)), []);
            assert.deepStrictEqual(pinViolations(renderWorkflow(spec)), []);
        });
        it("the pull-request verification workflow", async () => {
            for (const cache of Object.values(LayerCache)) {
                const text = renderPullRequestWorkflow({ ...base, build: { ...base.build, layerCache: cache } });
                assert.deepStrictEqual(await actionlintFindings(text), []);
                assert.deepStrictEqual(pinViolations(text), []);
            }
        });
        it("every job layout (build mode x environment x source x registry mode), deploy and verify workflows", async () => {
            for (const { label, texts } of layouts) {
                for (const { kind, text } of texts) {
                    assert.deepStrictEqual(await actionlintFindings(text), [], `${label} (${kind})`);
                    assert.deepStrictEqual(pinViolations(text), [], `${label} (${kind})`);
                }
            }
        });
        it("with paths-ignore and a suffixed variable set", async () => {
            const spec = { ...base, pathsIgnore: ["docs/**", "*.md"], variables: { ...base.variables, clientId: "AZURE_CLIENT_ID_STAGING" } };
            assert.deepStrictEqual(await actionlintFindings(renderWorkflow(spec)), []);
        });
    });

    it("the validators bite: actionlint flags an unknown context, pinViolations a tag, a typo'd input and a missing required input", async () => {
        const broken = renderWorkflow(base).replace("${{ vars.AZURE_CLIENT_ID }}", "${{ varz.AZURE_CLIENT_ID }}");
        assert.ok((await actionlintFindings(broken)).some((f) => f.includes("varz")));
        const wf = parse(base);
        steps(wf, "build")[0].uses = "actions/checkout@v7";
        steps(wf, "build")[1].with["client-idd"] = "x";
        delete steps(wf, "deploy").find((st) => usesOf(st, "Azure/k8s-deploy")).with.manifests;
        const violations = pinViolations(YAML.stringify(wf));
        assert.ok(violations.some((v) => v.includes("not pinned to a full commit SHA")), violations.join("\n"));
        assert.ok(violations.some((v) => v.includes("with.client-idd")), violations.join("\n"));
        assert.ok(violations.some((v) => v.includes("required input manifests")), violations.join("\n"));
    });

    it("pins every action to the table's SHA, uses only declared inputs and gives every required one", () => {
        for (const { label, spec } of variants) assert.deepStrictEqual(pinViolations(renderWorkflow(spec)), [], label);
    });

    it("writes the release tag after each pinned SHA", () => {
        const text = renderWorkflow(base);
        const lines = text.split("\n").filter((l) => l.includes("uses:"));
        assert.ok(lines.length >= 6);
        for (const line of lines) {
            const m = /uses: ([^@]+)@([0-9a-f]{40}) # (\S+)$/.exec(line.trim());
            assert.ok(m, line);
            assert.strictEqual(m![3], (actionPins as any)[m![1]].version, line);
        }
    });

    it("the pins table is generated from shared/reference/actions-pins.json and current", () => {
        const source = JSON.parse(fs.readFileSync(path.join(referenceDir(), "actions-pins.json"), "utf8")).actions as any[];
        assert.strictEqual(Object.keys(actionPins).length, source.length);
        for (const a of source) {
            const pin = (actionPins as any)[a.repo];
            assert.ok(pin, a.repo);
            assert.strictEqual(pin.sha, a.sha);
            assert.strictEqual(pin.version, a.tag);
            assert.deepStrictEqual([...pin.inputs], Object.keys(a.inputs).sort());
        }
    });

    it("triggers on pushes to the deploy branch and manual dispatch only", () => {
        const wf = parse(base);
        assert.deepStrictEqual(wf.on, { push: { branches: ["main"] }, workflow_dispatch: {} });
        const ignoring = parse({ ...base, pathsIgnore: ["docs/**"] });
        assert.deepStrictEqual(ignoring.on.push["paths-ignore"], ["docs/**"]);
        const several = parse({ ...base, branches: ["main", "release/2026"] });
        assert.deepStrictEqual(several.on.push.branches, ["main", "release/2026"]);
        assert.strictEqual(several.jobs.build.if, "github.ref == 'refs/heads/main' || github.ref == 'refs/heads/release/2026'");
        assert.ok(!("pull_request" in wf.on) && !("pull_request_target" in wf.on), "pull requests never run the deploy workflow");
    });

    it("in an environment: one job that declares it (one approval), triggered by branches and tags", () => {
        const wf = parse({ ...base, environment: "production", tags: ["v*"] });
        assert.deepStrictEqual(wf.on.push, { branches: ["main"], tags: ["v*"] });
        assert.deepStrictEqual(Object.keys(wf.jobs), ["deploy"]);
        assert.strictEqual(wf.jobs.deploy.environment, "production");
        const names = wf.jobs.deploy.steps.map((s: any) => s.name);
        assert.ok(names.indexOf("Build and push") < names.indexOf("Stage the manifests on the hub"));
        const k8s = wf.jobs.deploy.steps.find((s: any) => String(s.uses).startsWith("Azure/k8s-deploy@"));
        assert.strictEqual(k8s.with.images, "${{ steps.image.outputs.ref }}");
    });

    it("verifies pull requests without any credential: read-only token, no sign-in, no push", () => {
        const wf = YAML.parse(renderPullRequestWorkflow(base));
        assert.deepStrictEqual(wf.on, { pull_request: { branches: ["main"] } });
        assert.deepStrictEqual(wf.permissions, { contents: "read" });
        const text = renderPullRequestWorkflow(base);
        assert.ok(!text.includes("id-token") && !text.includes("azure/login") && !text.includes("vars.") && !text.includes("secrets."));
        assert.strictEqual(wf.jobs.build.steps.at(-1).with.push, "false");
    });

    it("grants the token nothing by default and each job only contents: read + id-token: write, plus actions: read where k8s-deploy runs", () => {
        const wf = parse(base);
        assert.deepStrictEqual(wf.permissions, {});
        assert.deepStrictEqual(wf.jobs.build.permissions, { contents: "read", "id-token": "write" });
        assert.deepStrictEqual(wf.jobs.deploy.permissions, { contents: "read", "id-token": "write", actions: "read" });
    });

    it("reads sign-in ids from vars, or from secrets when asked, and holds no literal id", () => {
        const text = renderWorkflow(base);
        assert.ok(text.includes("${{ vars.AZURE_CLIENT_ID }}"));
        assert.ok(!text.includes("secrets."));
        const secret = renderWorkflow({ ...base, credentialStore: CredentialStore.Secrets });
        assert.ok(secret.includes("${{ secrets.AZURE_CLIENT_ID }}") && secret.includes("${{ secrets.AZURE_TENANT_ID }}"));
        assert.ok(!secret.includes("vars.AZURE_CLIENT_ID"));
        assert.ok(!/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.test(text), "no GUID literal in the workflow");
    });

    it("builds on the runner with az acr login + buildx, tags the commit SHA and caches layers", () => {
        const wf = parse(base);
        const build = steps(wf, "build");
        assert.ok(build.some((s) => s.run?.includes('az acr login --name "$REGISTRY" -o none')));
        const push = build.find((s) => String(s.uses).startsWith("docker/build-push-action@"));
        assert.strictEqual(push.with.push, "true");
        assert.strictEqual(push.with.tags, "${{ steps.image.outputs.ref }}");
        const name = build.find((s) => s.id === "image");
        assert.strictEqual(name.env.IMAGE, "${{ vars.ACR_LOGIN_SERVER }}/web");
        assert.ok(name.run.includes("$IMAGE:$GITHUB_SHA"));
        assert.ok(push.with["cache-to"].startsWith("type=registry,"));
        assert.strictEqual(parse({ ...base, build: { ...base.build, layerCache: LayerCache.GitHub } }).jobs.build.steps.at(-1).with["cache-from"], "type=gha");
        assert.ok(!("cache-from" in parse({ ...base, build: { ...base.build, layerCache: LayerCache.None } }).jobs.build.steps.at(-1).with));
        assert.ok(!runs(wf).includes("az acr build"));
    });

    it("builds with ACR Tasks when asked, without buildx", () => {
        const wf = parse({ ...base, build: { ...base.build, mode: BuildMode.AcrTasks } });
        const text = runs(wf);
        assert.ok(/az acr build --registry "\$REGISTRY" --image "\$IMAGE" --file Dockerfile \. -o none/.test(text), text);
        assert.ok(!steps(wf, "build").some((s) => String(s.uses ?? "").startsWith("docker/")));
    });

    it("stages into the namespace on the fleet hub with the built image, without annotating the namespace", () => {
        const wf = parse(base);
        const deploy = steps(wf, "deploy");
        // What azure/aks-set-context does for fleets, inside a retry (workflowScripts.test.ts runs it).
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
            const deploy = steps(parse({ ...base, manifests: { ...base.manifests, source } }), "deploy");
            const check = deploy.findIndex((s) => s.name === "Refuse manifests the namespace cannot hold");
            const hub = deploy.findIndex((s) => String(s.name).startsWith("Get the fleet hub's credentials"));
            const stage = deploy.findIndex((s) => usesOf(s, "Azure/k8s-deploy"));
            assert.ok(check > 0 && check < hub && hub < stage, source);
            assert.strictEqual(deploy[check].env.MANIFESTS, deploy[stage].with.manifests, `${source}: the guard checks what is staged`);
            assert.ok(!deploy[check].run.includes("api-resources"), "no discovery: it fails when any aggregated API is down");
        }
    });

    it("renders Kustomize with k8s-bake and stages its bundle", () => {
        const deploy = steps(parse({ ...base, manifests: { ...base.manifests, source: ManifestSource.Kustomize, path: "kustomize/overlays/prod" } }), "deploy");
        const bake = deploy.find((s) => String(s.uses).startsWith("azure/k8s-bake@"));
        // kubectl-version: k8s-bake renders with its own download of that kubectl, not the runner image's (actionContracts.test.ts).
        assert.deepStrictEqual(bake.with, { renderEngine: "kustomize", kustomizationPath: "kustomize/overlays/prod", "kubectl-version": TOOL_VERSIONS.kubectl });
        assert.strictEqual(deploy.find((s) => String(s.uses).startsWith("Azure/k8s-deploy@")).with.manifests, "${{ steps.bake.outputs.manifestsBundle }}");
    });

    it("never lets a step print a token: az calls are -o none or captured and masked, checkout keeps no credentials", () => {
        for (const { spec } of [...variants, ...layouts]) {
            const wf = parse(spec);
            const text = runs(wf);
            for (const line of text.split("\n").filter((l) => /\baz /.test(l))) {
                const captured = /^\s*if ! (\w+)=\$\(az [^)]*--query accessToken --output tsv 2>\/dev\/null\); then$/.exec(line);
                assert.ok(line.includes("-o none") || (captured && text.includes(`echo "::add-mask::$${captured[1]}"`)), line);
            }
            // Every checkout; the rollout job has none (it runs no repository code).
            const checkouts = Object.values<any>(wf.jobs).flatMap((job) => job.steps.filter((s: any) => String(s.uses).startsWith("actions/checkout@")));
            assert.ok(checkouts.length > 0);
            for (const checkout of checkouts) assert.strictEqual(checkout.with["persist-credentials"], "false");
        }
    });

    it("never splices an expression into a script: values reach run steps through env", () => {
        for (const { label, spec } of variants) {
            for (const text of [renderWorkflow(spec), renderPullRequestWorkflow(spec)]) {
                const wf = YAML.parse(text);
                for (const job of Object.values<any>(wf.jobs)) for (const step of job.steps) if (step.run) assert.ok(!step.run.includes("${{"), `${label}: ${step.name}`);
            }
        }
    });

    it("is deterministic", () => {
        assert.strictEqual(renderWorkflow(base), renderWorkflow(JSON.parse(JSON.stringify(base))));
    });
});
