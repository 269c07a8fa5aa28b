// The sign-in and build steps (sdk/src/render/workflowSteps.ts), read from the rendered workflow, and their scripts
// run for real with bash and fake az/curl/sleep on PATH.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as YAML from "yaml";
import { BuildMode, CredentialStore, LayerCache, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { quote } from "../../sdk/src/render/workflowSteps";
import { base, beyondSignIn, envOf, haveBash, jwt, layouts, NO_SLEEP, parse, runs, runStep, sleeps, step, stepsOf, succeedsFrom, usesOf, withSignIn } from "./workflowFixtures";

describe("render/workflowSteps", () => {
    describe("sign-in", () => {
        it("reads sign-in ids from vars, or from secrets when asked, and holds no literal id", () => {
            const text = renderWorkflow(base);
            assert.ok(text.includes("${{ vars.AZURE_CLIENT_ID }}"));
            assert.ok(!text.includes("secrets."));
            const secret = renderWorkflow({ ...base, credentialStore: CredentialStore.Secrets });
            assert.ok(secret.includes("${{ secrets.AZURE_CLIENT_ID }}") && secret.includes("${{ secrets.AZURE_TENANT_ID }}"));
            assert.ok(!secret.includes("vars.AZURE_CLIENT_ID"));
            assert.ok(!/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.test(text), "no GUID literal in the workflow");
        });

        it("retries the first sign-in of every job only after it failed, with a logged wait, at most three attempts", () => {
            // Entra: a token request minutes after a federated credential is created may fail (AADSTS70021).
            for (const { label, texts } of layouts) {
                for (const { kind, text } of texts) {
                    for (const [name, job] of Object.entries<any>(YAML.parse(text).jobs)) {
                        const steps: any[] = job.steps;
                        const first = steps.findIndex((s) => usesOf(s, "azure/login"));
                        if (first < 0) continue;
                        const where = `${label} (${kind}) job ${name}`;
                        const attempts = steps.filter((s) => usesOf(s, "azure/login") && String(s.name).includes("attempt"));
                        assert.strictEqual(attempts.length, 2, where);
                        assert.deepStrictEqual([steps[first].id, steps[first]["continue-on-error"]], ["azure-login-1", true], where);
                        assert.strictEqual(attempts[0].if, "steps.azure-login-1.outcome == 'failure'", where);
                        assert.strictEqual(attempts[1].if, "steps.azure-login-2.outcome == 'failure'", where);
                        assert.strictEqual(attempts[1]["continue-on-error"], undefined, `${where}: the last attempt fails the job`);
                        const waits = steps.filter((s) => typeof s.run === "string" && s.run.includes("AADSTS70021"));
                        assert.strictEqual(waits.length, 2, where);
                        assert.ok(
                            waits.every((w) => w.if && /::warning/.test(w.run)),
                            `${where}: waits only after a failure, and says why`,
                        );
                        assert.ok(waits.reduce((t, w) => t + Number(w.env.WAIT_SECONDS), 0) <= 180, `${where}: bounded`);
                    }
                }
            }
        });
    });

    describe("the build steps", () => {
        const steps = (spec: WorkflowSpec, job = "build") =>
            YAML.parse(renderWorkflow(spec)).jobs[job].steps as { name: string; uses?: string; with?: Record<string, string>; env?: Record<string, string>; run?: string }[];

        it("builds on the runner with az acr login + buildx, tags the commit SHA and caches layers", () => {
            const wf = parse(base);
            const build = stepsOf(wf, "build");
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
            assert.ok(!stepsOf(wf, "build").some((s) => String(s.uses ?? "").startsWith("docker/")));
        });

        // BuildKit fails the build on a failed cache export unless told to ignore it (moby/buildkit PR 3430, issue
        // 2578), after the image was pushed: a flaky cache must not fail a deployment.
        it("layer caches: the registry's buildcache tag, or GitHub's cache, both written with mode=max, export errors ignored", () => {
            const build = (layerCache: LayerCache) => steps({ ...base, build: { ...base.build, layerCache } }).find((s) => String(s.uses).startsWith("docker/build-push-action@"))!.with!;
            assert.deepStrictEqual(
                [build(LayerCache.Registry)["cache-from"], build(LayerCache.Registry)["cache-to"]],
                ["type=registry,ref=${{ vars.ACR_LOGIN_SERVER }}/web:buildcache", "type=registry,ref=${{ vars.ACR_LOGIN_SERVER }}/web:buildcache,mode=max,ignore-error=true"],
            );
            assert.deepStrictEqual([build(LayerCache.GitHub)["cache-from"], build(LayerCache.GitHub)["cache-to"]], ["type=gha", "type=gha,mode=max,ignore-error=true"]);
        });

        it("ACR Tasks on an ABAC registry waits for push rights first (no docker sign-in); scoped flags need both variables", () => {
            const acr = { ...base, build: { ...base.build, mode: BuildMode.AcrTasks } };
            assert.deepStrictEqual(
                steps({ ...acr, registryAbac: true })
                    .slice(-3)
                    .map((s) => s.name),
                ["Name the image", "Wait for push rights on the registry", "Build and push with ACR Tasks"],
            );
            assert.ok(
                !steps({ ...acr, registryAbac: true })
                    .find((s) => s.name === "Wait for push rights on the registry")!
                    .run!.includes('az acr login --name "$REGISTRY" -o none'),
            );
            assert.deepStrictEqual(
                steps(acr)
                    .slice(-2)
                    .map((s) => s.name),
                ["Name the image", "Build and push with ACR Tasks"],
            );
            const task = (extra: object) => steps({ ...acr, variables: { ...base.variables, ...extra } }).find((s) => s.name === "Build and push with ACR Tasks")!.run!;
            for (const half of [{ registryResourceGroup: "RG" }, { registrySubscriptionId: "SUB" }]) assert.ok(!task(half).includes("--resource-group"), JSON.stringify(half));
            assert.ok(task({ registryResourceGroup: "RG", registrySubscriptionId: "SUB" }).includes('--resource-group "$REGISTRY_RESOURCE_GROUP" --subscription "$REGISTRY_SUBSCRIPTION"'));
            assert.match(task({}), /Azure still refuses to queue ACR Tasks builds in \$REGISTRY: check the deploy identity's Container Registry Tasks Contributor assignment\./);
        });
    });

    describe("the build steps' scripts, against fake tools", () => {
        before(function () {
            if (!haveBash()) this.skip();
        });

        const push = () => step(base, "build", "Sign in to the registry (waits for push rights)");
        const pushEnv = () => envOf(push(), { "vars.ACR_NAME": "contoso", "vars.ACR_LOGIN_SERVER": "contoso.azurecr.io" });
        const registryFakes = (curl: string) =>
            withSignIn({
                ...NO_SLEEP,
                az: 'case "$*" in *--expose-token*) echo "REFRESH-TOKEN-123" ;; *) exit 0 ;; esac',
                curl: `cat > "$CALLS.stdin"; ${curl}`,
            });
        const grants = (actions: string[]) => `echo '{"access_token":"${jwt({ access: [{ type: "repository", name: "web", actions }] })}"}'`;

        it("registry: az acr login alone proves nothing, so it waits until the registry's token grants push on the repository", () => {
            const r = runStep(push().run, pushEnv(), registryFakes(succeedsFrom(3, grants(["pull", "push"]), grants(["pull"]))));
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /Waiting for role assignment propagation \(push on repository web in registry contoso\), attempt 1\/10: the registry grants no push on web yet/);
            assert.deepStrictEqual(sleeps(r.calls), [10, 20]);
            assert.strictEqual(r.calls.filter((c) => c === "az acr login --name contoso -o none").length, 1, "docker credentials for buildx, once push shows");
            assert.strictEqual(beyondSignIn(r.calls).at(-1), "az acr login --name contoso -o none", "taken after the token that shows push");
            assert.ok(r.calls.some((c) => c.startsWith("curl ") && c.includes("scope=repository:web:pull,push") && c.includes("https://contoso.azurecr.io/oauth2/token")));
            // The refresh token goes to curl on stdin, never on a command line, and is masked before anything prints.
            assert.ok(!r.calls.some((c) => c.includes("REFRESH-TOKEN-123")));
            assert.strictEqual(fs.readFileSync(`${r.dir}/calls.stdin`, "utf8"), "REFRESH-TOKEN-123");
            for (const line of r.stdout.split("\n").filter((l) => l.includes("REFRESH-TOKEN-123"))) assert.ok(line.startsWith("::add-mask::"), line);
        });

        it("registry: a refused token request is retried too, and the last attempt fails clearly", () => {
            const r = runStep(push().run, pushEnv(), registryFakes('echo "curl: (22) The requested URL returned error: 401" >&2; exit 22'));
            assert.strictEqual(r.status, 1);
            assert.match(
                r.stdout,
                /::error title=Registry access not granted::The deploy identity still cannot push to web in contoso: check its AcrPush .* Gave up after 10 attempts; last answer: the registry refused a push token: curl: \(22\)/,
            );
            assert.ok(sleeps(r.calls).reduce((a, b) => a + b, 0) <= 600);
        });

        it("registry: a token that lists no granted actions cannot be judged, so it goes ahead instead of waiting in vain", () => {
            const r = runStep(push().run, pushEnv(), registryFakes(`echo '{"access_token":"${jwt({ sub: "x" })}"}'`));
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /::notice title=Push rights not checked::/);
            assert.deepStrictEqual(sleeps(r.calls), []);
        });

        const tasks = (spec: WorkflowSpec) => step(spec, "build", "Build and push with ACR Tasks");
        const acrSpec: WorkflowSpec = { ...base, build: { ...base.build, mode: BuildMode.AcrTasks } };

        it("ACR Tasks: retries az acr build only while Azure refuses to queue it", () => {
            const r = runStep(
                tasks(acrSpec).run,
                envOf(tasks(acrSpec)),
                withSignIn({
                    ...NO_SLEEP,
                    az: succeedsFrom(
                        2,
                        "echo 'Run ID: ca1 was successful'",
                        "echo \"(AuthorizationFailed) The client 'x' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/listBuildSourceUploadUrl/action'\" >&2; exit 1",
                    ),
                }),
            );
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /Waiting for role assignment propagation \(Container Registry Tasks Contributor on registry <vars.ACR_NAME>\), attempt 1\/10: Azure refused to queue the build/);
            assert.deepStrictEqual(sleeps(r.calls), [10]);
        });

        // `--subscription` is looked up in the list Azure CLI cached at sign-in (azure-cli _profile.py,
        // Profile.get_subscription).
        it("ACR Tasks: 'Subscription ... not found' (the list cached at sign-in) is propagation too, retried after a fresh sign-in", () => {
            const r = runStep(
                tasks(acrSpec).run,
                envOf(tasks(acrSpec)),
                withSignIn({
                    ...NO_SLEEP,
                    az: succeedsFrom(2, "echo 'Run ID: ca1 was successful'", "echo \"ERROR: Subscription 'sub-2' not found. Check the spelling and casing and try again.\" >&2; exit 1"),
                }),
            );
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /attempt 1\/10: Azure refused to queue the build/);
            assert.strictEqual(r.calls.filter((c) => c.startsWith("az login ")).length, 2, "signed in again before the second try");
        });

        it("ACR Tasks: a failing build is not retried", () => {
            const r = runStep(tasks(acrSpec).run, envOf(tasks(acrSpec)), withSignIn({ ...NO_SLEEP, az: "echo 'failed to solve: dockerfile parse error line 3'; exit 1" }));
            assert.strictEqual(r.status, 1);
            assert.strictEqual(beyondSignIn(r.calls).filter((c) => c.startsWith("az ")).length, 1);
            assert.deepStrictEqual(sleeps(r.calls), []);
            assert.match(r.stdout, /::error title=ACR Tasks build failed::/);
        });

        describe("ACR Tasks finds the registry in its own subscription, and builds as the caller on ABAC registries", () => {
            const scoped: WorkflowSpec = {
                ...base,
                build: { ...base.build, mode: BuildMode.AcrTasks },
                variables: { ...base.variables, registryResourceGroup: "ACR_RESOURCE_GROUP", registrySubscriptionId: "ACR_SUBSCRIPTION_ID" },
            };
            const tasks = (spec: WorkflowSpec) => step(spec, "build", "Build and push with ACR Tasks");

            it("passes the registry's --resource-group and --subscription from their variables", () => {
                const s = tasks(scoped);
                assert.deepStrictEqual([s.env.REGISTRY_RESOURCE_GROUP, s.env.REGISTRY_SUBSCRIPTION], ["${{ vars.ACR_RESOURCE_GROUP }}", "${{ vars.ACR_SUBSCRIPTION_ID }}"]);
                const r = runStep(
                    s.run,
                    envOf(s, { "vars.ACR_NAME": "contoso", "vars.ACR_RESOURCE_GROUP": "registry-rg", "vars.ACR_SUBSCRIPTION_ID": "sub-2", "github.sha": "abc" }),
                    withSignIn({ ...NO_SLEEP, az: "exit 0" }),
                );
                assert.strictEqual(r.status, 0, r.stderr);
                assert.ok(r.calls.includes("az account set --subscription sub-2 -o none"), "signed in to the registry's subscription");
                assert.deepStrictEqual(beyondSignIn(r.calls), ["az acr build --registry contoso --resource-group registry-rg --subscription sub-2 --image web:abc --file Dockerfile . -o none"]);
            });

            it("without those variables it keeps today's lookup (no empty flags)", () => {
                assert.ok(!tasks({ ...scoped, variables: base.variables }).run.includes("--resource-group"));
            });

            it("on an ABAC registry: --source-acr-auth-id [caller] (quoted: no glob), after waiting for push rights", () => {
                const abac = { ...scoped, registryAbac: true };
                const s = tasks(abac);
                const r = runStep(
                    s.run,
                    envOf(s, { "vars.ACR_NAME": "contoso", "vars.ACR_RESOURCE_GROUP": "g", "vars.ACR_SUBSCRIPTION_ID": "s", "github.sha": "abc" }),
                    withSignIn({ ...NO_SLEEP, az: "exit 0" }),
                    { c: "a file bash would glob [caller] into" },
                );
                assert.deepStrictEqual(beyondSignIn(r.calls), [
                    "az acr build --registry contoso --resource-group g --subscription s --source-acr-auth-id [caller] --image web:abc --file Dockerfile . -o none",
                ]);
                const names = parse(abac).jobs.build.steps.map((x: any) => x.name);
                assert.ok(names.indexOf("Wait for push rights on the registry") < names.indexOf("Build and push with ACR Tasks"));
                assert.ok(!tasks(scoped).run.includes("source-acr-auth-id"), "RBAC registries: the task pushes with the registry's own access");
            });
        });
    });

    it("quote: plain paths stay bare, anything else is single-quoted with quotes escaped", () => {
        assert.strictEqual(quote("charts/web-1.0_x"), "charts/web-1.0_x");
        for (const [value, quoted] of [
            [" a", "' a'"],
            ["a ", "'a '"],
            ["a b", "'a b'"],
            ["it's", "'it'\\''s'"],
        ])
            assert.strictEqual(quote(value), quoted);
    });
});
