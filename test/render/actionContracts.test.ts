// Every generated step meets its action's contract, read from the action's source at the pinned SHA
// (test/validators/actionContracts/contracts.ts), on the runner image it runs on (runnerImage.ts). Then each rule of
// the checker refuses a planted violation and names where the rule was read.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { actionPins, PinnedAction } from "../../sdk/src/render/actions";
import { BUILDKIT_DRIVER_OPTS, TOOL_VERSIONS } from "../../sdk/src/render/tools";
import { renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { ActionContract, actionContracts } from "../validators/actionContracts/contracts";
import { commandsIn, ContractRule, contractViolations, formatViolation, Violation } from "../validators/actionContracts/checker";
import { UBUNTU_24_04 } from "../validators/actionContracts/runnerImage";
import { base, layouts, usesOf, withSource } from "./workflowFixtures";

const sha = (a: PinnedAction) => actionPins[a].sha;
const parse = (spec: WorkflowSpec) => YAML.parse(renderWorkflow(spec));
const shown = (vs: Violation[]) => vs.map(formatViolation).join("\n") || "(none)";

/** The violations of `rule` in `wf`, asserting there is one whose citation names `cite`. */
function refused(wf: any, rule: ContractRule, cite: string, message?: string): Violation[] {
    const all = contractViolations(wf);
    const hits = all.filter((v) => v.rule === rule && v.cite.includes(cite) && (!message || v.message.includes(message)));
    assert.ok(hits.length > 0, `expected a [${rule}] violation citing ${cite}${message ? ` saying ${message}` : ""}, got:\n${shown(all)}`);
    return hits;
}
const accepted = (wf: any) => assert.deepStrictEqual(contractViolations(wf).map(formatViolation), []);

/** A one-job workflow on ubuntu-latest. */
const oneJob = (steps: object[], permissions: object | undefined = { contents: "read", "id-token": "write", actions: "read" }) => ({
    jobs: { j: { "runs-on": "ubuntu-latest", ...(permissions ? { permissions } : {}), steps } },
});
const step = (action: PinnedAction, name: string, withInputs?: Record<string, string>, extra: object = {}) => ({
    name,
    ...extra,
    uses: `${action}@${sha(action)}`,
    ...(withInputs ? { with: withInputs } : {}),
});
const login = step("azure/login", "Sign in", { "client-id": "c", "tenant-id": "t", "subscription-id": "s" });

const find = (steps: any[], pred: (s: any) => boolean) => {
    const i = steps.findIndex(pred);
    assert.ok(i >= 0, "step not found");
    return i;
};
const named = (name: string) => (s: any) => String(s.name).startsWith(name);

/** The steps as the renderer wrote them before the tools were pinned (commit 5aa023e), text for text. */
const OLD = {
    kubelogin: YAML.parse(`
name: Set up kubelogin
uses: azure/use-kubelogin@0ce7c36141aa27d4934872cf00b0120804c98a29 # v1.3
`),
    bake: YAML.parse(`
name: Render with Kustomize
id: bake
uses: azure/k8s-bake@bf8bfd33b007edea820fe80983239bca24012239 # v4.1.1
with:
  renderEngine: kustomize
  kustomizationPath: kustomize/overlays/production
`),
    buildx: YAML.parse(`
name: Set up buildx
uses: docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0
`),
};

describe("action contracts: every generated step meets its action's recorded contract", () => {
    it("records a contract for every pinned action, each rule citing a file and line of its source", () => {
        assert.deepStrictEqual(Object.keys(actionContracts).sort(), Object.keys(actionPins).sort());
        for (const [action, c] of Object.entries<ActionContract>(actionContracts)) {
            assert.strictEqual(c.repo.toLowerCase(), action.toLowerCase());
            const rules = [...c.inputs, ...c.env, ...c.permissions, ...c.binaries, ...c.downloads, ...c.needs];
            for (const r of rules) assert.match(r.cite, /[\w./-]+\.(ts|yml|md|go|cjs):\d+|[\w./-]+\.(ts|md|cjs)\b/, `${action}: ${r.why}`);
            for (const p of [...(c.provides.binaries ?? []), ...(c.provides.env ?? []), ...(c.provides.states ?? [])]) assert.match(p.cite, /:\d+/, action);
        }
    });

    describe("every layout x job x step: zero violations (deploy workflow and pull-request check)", () => {
        for (const { label, texts } of layouts) {
            it(label, () => {
                for (const { kind, text } of texts) {
                    assert.deepStrictEqual(contractViolations(YAML.parse(text)).map(formatViolation), [], `${label} (${kind})`);
                }
            });
        }
        it("the table covers every job kind, every action the renderer uses, and each tool the workflow pins", () => {
            const jobs = new Set<string>();
            const used = new Set<string>();
            let steps = 0;
            for (const { texts } of layouts) {
                for (const { kind, text } of texts) {
                    for (const [name, job] of Object.entries<any>(YAML.parse(text).jobs)) {
                        jobs.add(`${kind}.${name}`);
                        for (const s of job.steps) {
                            steps++;
                            if (s.uses) used.add(String(s.uses).split("@")[0]);
                        }
                    }
                }
            }
            assert.deepStrictEqual([...jobs].sort(), ["deploy.build", "deploy.deploy", "deploy.rollout", "verify.build"]);
            assert.deepStrictEqual([...used].sort(), [
                "Azure/k8s-deploy",
                "actions/checkout",
                "azure/k8s-bake",
                "azure/login",
                "azure/setup-helm",
                "azure/use-kubelogin",
                "docker/build-push-action",
                "docker/setup-buildx-action",
            ]);
            assert.ok(steps > 1000, `${steps} steps`);
            const all = layouts.flatMap((l) => l.texts.map((t) => t.text)).join("\n");
            for (const v of [`kubelogin-version: ${TOOL_VERSIONS.kubelogin}`, `version: ${TOOL_VERSIONS.helm}`, `kubectl-version: ${TOOL_VERSIONS.kubectl}`, `driver-opts: ${BUILDKIT_DRIVER_OPTS}`])
                assert.ok(all.includes(v), v);
        });
    });

    describe("each rule refuses a planted violation, citing its source", () => {
        it("today's use-kubelogin step (no kubelogin-version) is refused wherever it ran: GITHUB_TOKEN unset, latest resolved at run time", () => {
            let planted = 0;
            for (const { label, texts } of layouts) {
                const wf = YAML.parse(texts[0].text);
                for (const job of Object.values<any>(wf.jobs)) {
                    job.steps = job.steps.map((s: any) => {
                        if (!usesOf(s, "azure/use-kubelogin")) return s;
                        planted++;
                        return OLD.kubelogin;
                    });
                }
                const env = refused(wf, "env", "src/gh.ts:6-9,11-20,37-42", "GITHUB_TOKEN is not set, unable to resolve the latest version of kubelogin");
                const download = refused(wf, "download", "src/release.ts:60-80", 'downloads kubelogin ""');
                const jobs = Object.values<any>(wf.jobs).filter((j) => j.steps.includes(OLD.kubelogin)).length;
                assert.deepStrictEqual([env.length, download.length], [jobs, jobs], label);
            }
            assert.ok(planted >= layouts.length, "every deploy workflow stages through kubelogin");
            // A token alone still leaves "latest"; a version without its v is not the release tag the URL needs.
            refused(oneJob([{ ...OLD.kubelogin, env: { GITHUB_TOKEN: "${{ github.token }}" } }]), "download", "src/release.ts", "resolved at run time");
            assert.ok(!contractViolations(oneJob([{ ...OLD.kubelogin, env: { GITHUB_TOKEN: "t" } }])).some((v) => v.rule === "env"));
            refused(oneJob([step("azure/use-kubelogin", "k", { "kubelogin-version": "0.2.19" })]), "download", "release.ts", "is not of the form");
            accepted(oneJob([step("azure/use-kubelogin", "k", { "kubelogin-version": TOOL_VERSIONS.kubelogin })]));
        });

        it("binary (rendering): a chart rendered with the image's Helm, or with a Helm installed at latest", () => {
            const wf = parse(withSource(base, "helm"));
            const steps = wf.jobs.deploy.steps;
            const setup = find(steps, (s) => usesOf(s, "azure/setup-helm"));
            assert.ok(setup < find(steps, named("Render the chart")));
            steps.splice(setup, 1);
            refused(wf, "binary", "RENDERING", "only the image's helm 3.21.4 is there");
            const floating = parse(withSource(base, "helm"));
            floating.jobs.deploy.steps.find((s: any) => usesOf(s, "azure/setup-helm")).with.version = "latest";
            refused(floating, "binary", "RENDERING", "installs a floating one");
            refused(floating, "download", "src/run.ts:13,16-24,50-61", 'downloads helm "latest"');
        });

        it("binary (rendering): today's k8s-bake step renders Kustomize with the image's kubectl", () => {
            const wf = parse(withSource(base, "kustomize"));
            const steps = wf.jobs.deploy.steps;
            steps[find(steps, (s) => usesOf(s, "azure/k8s-bake"))] = OLD.bake;
            refused(wf, "binary", "Azure/k8s-bake@bf8bfd3 src/kubectl-util.ts:38-76", "kubectl renders what is staged");
            // Pinned by a setup-kubectl step before it, the same render is accepted.
            steps.splice(
                find(steps, (s) => s === OLD.bake),
                0,
                step("azure/setup-kubectl", "Set up kubectl", { version: TOOL_VERSIONS.kubectl }),
            );
            accepted(wf);
        });

        it("binary (PATH): kubelogin called before use-kubelogin installs it; a tool the image does not have", () => {
            const wf = parse(base);
            const steps = wf.jobs.deploy.steps;
            const [kubelogin] = steps.splice(
                find(steps, (s) => usesOf(s, "azure/use-kubelogin")),
                1,
            );
            steps.splice(
                find(steps, (s) => usesOf(s, "Azure/k8s-deploy")),
                0,
                kubelogin,
            );
            refused(wf, "binary", "Ubuntu2404-Readme.md", "kubelogin is not on ubuntu-24.04");
            refused(oneJob([{ name: "Convert", run: "kompose convert -f compose.yaml" }]), "binary", "Ubuntu2404-Readme.md", "kompose");
            // Docker is on the image, so k8s-deploy pulling images needs no install.
            assert.strictEqual(UBUNTU_24_04.tools.docker.version, "28.0.4");
        });

        it("download: today's setup-buildx (BuildKit's moving buildx-stable-1), setup-kubectl MAJOR.MINOR, k8s-bake's kubectl without its v", () => {
            const wf = parse(base);
            wf.jobs.build.steps[find(wf.jobs.build.steps, (s) => usesOf(s, "docker/setup-buildx-action"))] = OLD.buildx;
            refused(wf, "download", "driver/bkimage/bkimage.go:4", '"moby/buildkit:buildx-stable-1"');
            refused(oneJob([step("docker/setup-buildx-action", "b", { "driver-opts": "image=moby/buildkit:latest" })]), "download", "bkimage.go");
            accepted(oneJob([step("docker/setup-buildx-action", "b", { "driver-opts": `network=host\nimage=moby/buildkit@sha256:${"c".repeat(64)}` })]));
            refused(oneJob([step("docker/setup-buildx-action", "b", { version: "latest" })]), "download", "src/main.ts:46-61");
            refused(oneJob([step("azure/setup-kubectl", "k", { version: "1.36" })]), "download", "src/run.ts:14-24,93-116", '"1.36"');
            refused(oneJob([step("azure/setup-kubectl", "k")]), "download", "src/run.ts:14-24", '"latest"');
            refused(
                oneJob([step("azure/k8s-bake", "b", { renderEngine: "kustomize", kustomizationPath: "k", "kubectl-version": "1.36.3" })]),
                "download",
                "src/utilities.ts:63-108",
                "is not of the form",
            );
            refused(oneJob([step("azure/k8s-bake", "b", { renderEngine: "helm", helmChart: "c" })]), "download", "src/utilities.ts:208-311", '"^3.0.0"');
        });

        it("input: required in practice, values the code refuses, and inputs the action does not declare", () => {
            const wf = parse(base);
            const first = wf.jobs.build.steps.find((s: any) => usesOf(s, "azure/login"));
            // The generated sign-in allows no subscriptions (the waits select it once a role is visible): plant the old
            // shape without either.
            delete first.with["subscription-id"];
            delete first.with["allow-no-subscriptions"];
            first.with["client-idd"] = "x";
            refused(wf, "input", "src/common/LoginConfig.ts:106-108", "needs subscription-id");
            refused(wf, "input", "Azure/login@f5d393a action.yml", "client-idd");
            // Only required while allow-no-subscriptions is not true.
            first.with["allow-no-subscriptions"] = "true";
            assert.ok(!contractViolations(wf).some((v) => v.message.includes("needs subscription-id")));
            refused(
                oneJob([step("azure/login", "l", { "client-id": "c", "tenant-id": "t", "subscription-id": "s", environment: "AzureUSGov" })]),
                "input",
                "LoginConfig.ts:6-11,30,95-97",
                "azureusgovernment",
            );
            const deploy = parse(base);
            deploy.jobs.deploy.steps.find((s: any) => usesOf(s, "Azure/k8s-deploy")).with.manifests = "/etc/manifests";
            refused(deploy, "input", "src/utilities/fileUtils.ts:25-60", "outside GITHUB_WORKSPACE");
            refused(oneJob([step("azure/k8s-bake", "b", { renderEngine: "kustomize", "kubectl-version": TOOL_VERSIONS.kubectl })]), "input", "src/bake.ts:246-248", "needs kustomizationPath");
            refused(oneJob([step("docker/login-action", "d", { registry: "r" })]), "input", "src/docker.ts:36-47", "needs username");
        });

        it("permission: k8s-deploy without actions read, OIDC sign-in without id-token write, checkout without contents, and no permissions at all", () => {
            const wf = parse(base);
            delete wf.jobs.deploy.permissions.actions;
            refused(wf, "permission", "src/types/githubClient.ts:10,24-38", "needs actions: read (the job has none)");
            wf.jobs.build.permissions["id-token"] = "read";
            refused(wf, "permission", "src/common/LoginConfig.ts:76-83", "needs id-token: write (the job has read)");
            delete wf.jobs.build.permissions.contents;
            refused(wf, "permission", "actions/checkout@3d3c42e README.md:377-384", "needs contents: read");
            const none = parse(base);
            delete none.jobs.build.permissions;
            delete none.permissions;
            refused(none, "permission", "Controlling permissions for GITHUB_TOKEN", "no explicit permissions");
        });

        it("state: a push with no registry sign-in, a cache export with no container builder, az before azure/login", () => {
            const wf = parse(base);
            const steps = wf.jobs.build.steps;
            steps.splice(find(steps, named("Sign in to the registry")), 1);
            refused(wf, "state", "docker/build-push-action@53b7df9 README.md:60-80", "registry-credentials");
            steps.splice(
                find(steps, (s) => usesOf(s, "docker/setup-buildx-action")),
                1,
            );
            refused(wf, "state", "tests/build.go:943-953", "container-builder");
            const rollout = parse({ ...base, rollout: { placement: "p", strategy: "s" }, variables: { ...base.variables, rolloutClientId: "R" } });
            rollout.jobs.rollout.steps = rollout.jobs.rollout.steps.filter((s: any) => !usesOf(s, "azure/login"));
            refused(rollout, "state", "AzureCliLogin.ts:138-149", "runs az before any azure/login");
            refused(
                oneJob([step("azure/aks-set-context", "ctx", { "resource-group": "g", "cluster-name": "f", "resource-type": "Microsoft.ContainerService/fleets" })]),
                "state",
                "Azure/aks-set-context@60623ac src/run.ts:85-101",
                "az-signed-in",
            );
            accepted(oneJob([login, step("azure/aks-set-context", "ctx", { "resource-group": "g", "cluster-name": "f", "resource-type": "Microsoft.ContainerService/fleets" })]));
        });

        it("env: k8s-deploy when no earlier step exported KUBECONFIG", () => {
            const wf = parse(base);
            const hub = wf.jobs.deploy.steps.find(named("Get the fleet hub's credentials"));
            hub.run = hub.run
                .split("\n")
                .filter((l: string) => !l.includes("GITHUB_ENV"))
                .join("\n");
            refused(wf, "env", "Azure/k8s-deploy@51ca02a src/run.ts:19-23", "needs KUBECONFIG");
        });

        it("output: an output the action does not set, and one the script never writes", () => {
            const wf = parse(withSource(base, "kustomize"));
            wf.jobs.deploy.steps.find((s: any) => usesOf(s, "Azure/k8s-deploy")).with.manifests = "${{ steps.bake.outputs.bundle }}";
            refused(wf, "output", "Azure/k8s-bake@bf8bfd3 action.yml", "sets no output bundle (it has manifestsBundle)");
            const build = parse(base);
            build.jobs.build.outputs.image = "${{ steps.image.outputs.reference }}";
            refused(build, "output", "setting an output parameter", "never writes reference=");
        });

        it("pin and runner: a tag instead of the SHA, an action without a contract, a runner without a tool list", () => {
            const wf = parse(base);
            wf.jobs.deploy.steps.find((s: any) => usesOf(s, "azure/use-kubelogin")).uses = "azure/use-kubelogin@v1";
            refused(wf, "pin", "sdk/src/render/actions.ts", "not 0ce7c36141aa27d4934872cf00b0120804c98a29");
            refused(oneJob([{ name: "x", uses: "azure/setup-kubelogin@0ce7c36141aa27d4934872cf00b0120804c98a29" }]), "pin", "contracts.ts", "no recorded contract");
            wf.jobs.deploy["runs-on"] = "windows-latest";
            refused(wf, "runner", "runnerImage.ts", '"windows-latest"');
        });
    });

    it("commandsIn: tools at a command position, not words inside messages", () => {
        const script =
            'if ! out=$(kubelogin convert-kubeconfig -l azurecli 2>&1); then\n  reason="kubelogin convert-kubeconfig failed: helm"\nfi\nprintf x | curl -sS x\nhelm "${args[@]}" > out\necho "run kubectl get x"';
        assert.deepStrictEqual(commandsIn(script, ["kubelogin", "curl", "helm", "kubectl", "jq"]).sort(), ["curl", "helm", "kubelogin"]);
    });

    it("examples/ci's preview workflow meets the contracts of its pinned actions, with the library's kubelogin", () => {
        const wf = YAML.parse(fs.readFileSync(path.join(__dirname, "../../examples/ci/.github/workflows/preview.yml"), "utf8"));
        assert.deepStrictEqual(contractViolations(wf, { ignoreActions: ["actions/setup-node", "actions/upload-artifact", "pulumi/actions"] }).map(formatViolation), []);
        const kubelogin = Object.values<any>(wf.jobs)
            .flatMap((j) => j.steps)
            .find((s) => usesOf(s, "azure/use-kubelogin"));
        assert.strictEqual(kubelogin.with["kubelogin-version"], TOOL_VERSIONS.kubelogin);
    });

    it("docs/action-contracts.md names every action at its pinned SHA and every pinned tool version", () => {
        const doc = fs.readFileSync(path.join(__dirname, "../../docs/action-contracts.md"), "utf8");
        for (const [action, pin] of Object.entries(actionPins)) assert.ok(doc.includes(`${actionContracts[action as PinnedAction].repo}@${pin.sha}`), action);
        for (const v of [...Object.values(TOOL_VERSIONS), BUILDKIT_DRIVER_OPTS]) assert.ok(doc.includes(v), v);
    });
});
