// The offline plan, run as users run it: the compiled CLI in a fresh process per plan.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { validateFleetObjects } from "../validators/fleetCrds";
import { actionlintFindings, pinViolations } from "../validators/actionlint";
import { dockerfileRuleViolations } from "../validators/dockerfileRules";
import { validateKubeObject } from "../validators/kubernetesModels";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
const FIXTURES = path.join(__dirname, "../fixtures/plan");

interface Planned {
    status: number | null;
    stdout: string;
    stderr: string;
    out: string;
    plan: any;
}

function plan(dir: string, ...args: string[]): Planned {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const r = spawnSync(process.execPath, [CLI, "plan", dir, "--out", out, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
    const file = path.join(out, "plan.json");
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, out, plan: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined };
}

/**
 * Every workflow file must be the last commit of its deployment's onboarding: a push of it runs it at once
 * (FACTS.md, "A push of a workflow file runs it"), so it must transitively depend on what its first run
 * needs. Returns, per workflow file, what of its deployment it does not wait for.
 */
function workflowOrderProblems(p: any): string[] {
    const byUrn = new Map<string, any>(p.resources.map((r: any) => [r.urn, r]));
    const closure = (urn: string) => {
        const seen = new Set<string>(),
            todo = [urn];
        while (todo.length)
            for (const d of byUrn.get(todo.pop()!)?.options.dependsOn ?? [])
                if (!seen.has(d)) {
                    seen.add(d);
                    todo.push(d);
                }
        return seen;
    };
    const needed = (t: string, r: any) =>
        [
            "azure-native:managedidentity:FederatedIdentityCredential",
            "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
            "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
            "azuread:index/servicePrincipal:ServicePrincipal",
            "azure-native:authorization:RoleAssignment",
            "github:index/actionsVariable:ActionsVariable",
            "github:index/actionsSecret:ActionsSecret",
            "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
            "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
            "github:index/repositoryEnvironment:RepositoryEnvironment",
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:NamespacePatch",
            "azure-native:containerservice:FleetManagedNamespace",
        ].includes(t) ||
        (t === "github:index/repositoryFile:RepositoryFile" && !String(r.inputs.file).startsWith(".github/workflows/"));
    const problems: string[] = [];
    const workflows = p.resources.filter((r: any) => r.type === "github:index/repositoryFile:RepositoryFile" && String(r.inputs.file).startsWith(".github/workflows/"));
    for (const wf of workflows) {
        const before = closure(wf.urn);
        const siblings = p.resources.filter((r: any) => r.parent === wf.parent && r.urn !== wf.urn && needed(r.type, r));
        for (const r of siblings) if (!before.has(r.urn)) problems.push(`${wf.name} does not wait for ${r.name}`);
        if (siblings.length < 5) problems.push(`${wf.name}: only ${siblings.length} prerequisites found`);
    }
    if (workflows.length === 0) problems.push("no workflow file");
    return problems;
}

const types = (p: any) => p.resources.map((r: any) => r.type);
const count = (p: any, type: string) => types(p).filter((t: string) => t === type).length;
const byName = (p: any, name: string) => p.resources.find((r: any) => r.name === name);

describe("offline plan (npm run plan)", function () {
    this.timeout(180000);

    describe("the root program with Pulumi.sample.yaml", () => {
        let result: Planned;
        before(() => {
            result = plan(".");
        });

        it("plans every app in stack config and prints a summary", () => {
            assert.strictEqual(result.status, 0, result.stderr);
            assert.deepStrictEqual(result.plan.conflicts, [], "every cloud object has one owner");
            assert.deepStrictEqual(workflowOrderProblems(result.plan), [], "each workflow is committed last");
            assert.strictEqual(count(result.plan, "fleet-autodeploy:index:FleetAutomatedDeployment"), 3);
            assert.strictEqual(count(result.plan, "pulumi:providers:kubernetes"), 1, "one hub provider shared by every app");
            assert.strictEqual(result.plan.stack, "sample");
            assert.match(result.stdout, /FleetAutomatedDeployment storefront/);
            assert.match(result.stdout, /Files committed to GitHub \(9\)/, "the PodDisruptionBudget is not committed: it goes in an envelope");
            assert.match(result.stdout, /Warnings \(1\):\n {2}! placement orders is PickN/);
        });

        it("writes the committed files under files/OWNER/REPO/PATH, each valid for its validator", async () => {
            const files = path.join(result.out, "files/contoso");
            for (const wf of [
                "storefront/.github/workflows/fleet-deploy-storefront.yml",
                "orders-api/.github/workflows/fleet-deploy-orders-api.yml",
                "payments/.github/workflows/fleet-deploy-payments.yml",
                "payments/.github/workflows/fleet-deploy-payments-verify.yml",
            ]) {
                const text = fs.readFileSync(path.join(files, wf), "utf8");
                assert.deepStrictEqual(await actionlintFindings(text), [], wf);
                assert.deepStrictEqual(pinViolations(text), [], wf);
            }
            assert.deepStrictEqual(dockerfileRuleViolations(fs.readFileSync(path.join(files, "storefront/Dockerfile"), "utf8"), { port: 3000 }), []);
            for (const m of fs.readdirSync(path.join(files, "storefront/manifests"))) {
                await validateKubeObject(YAML.parse(fs.readFileSync(path.join(files, "storefront/manifests", m), "utf8")));
            }
        });

        it("counts one thing everywhere: the header says what it counts, the groups add up to it, plan.json agrees", () => {
            const header = /\): (\d+) resources: (\d+) cloud objects, (\d+) providers?, (\d+) components \(\+ the stack\)\n/.exec(result.stdout);
            assert.ok(header, result.stdout.slice(0, 300));
            const [total, cloud, providers, components] = header.slice(1).map(Number);
            const groups = [...result.stdout.matchAll(/^ {2}\S.* {2}\((\d+): [^)]*\)$/gm)].map((m) => Number(m[1]));
            assert.ok(groups.length >= 4, "the stack root and one group per deployment");
            assert.strictEqual(
                groups.reduce((a, b) => a + b, 0),
                total,
                "the groups add up to the header",
            );
            const notStack = result.plan.resources.filter((r: any) => r.type !== "pulumi:pulumi:Stack");
            assert.strictEqual(total, notStack.length);
            assert.deepStrictEqual(result.plan.counts, { resources: total, cloudObjects: cloud, providers, components, stackReferences: 0 });
            assert.strictEqual(components, count(result.plan, "fleet-autodeploy:index:FleetAutomatedDeployment"));
            assert.strictEqual(providers, notStack.filter((r: any) => r.type.startsWith("pulumi:providers:")).length);
        });

        it("writes the Kubernetes objects it applies, per cluster, each valid against its schema", async () => {
            assert.match(result.stdout, /Kubernetes objects applied \(12\), under .*\n {2}hub {2}\(12; provider hub, API server https:\/\/contoso-fleet-hub\.plan\.invalid:443/);
            const dir = path.join(result.out, "kubernetes/hub");
            const objects = fs.readdirSync(dir).map((f) => YAML.parse(fs.readFileSync(path.join(dir, f), "utf8")));
            assert.deepStrictEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
                "ClusterResourcePlacement/orders",
                "ClusterResourcePlacement/payments",
                "ClusterResourcePlacement/storefront",
                "ClusterRole/fleet-autodeploy-rollout-payments",
                "ClusterRoleBinding/fleet-autodeploy-rollout-payments",
                "ClusterStagedUpdateStrategy/payments",
                "Namespace/orders",
                "Namespace/payments",
                "Namespace/storefront",
                "ResourceEnvelope/storefront-pdb",
                "ResourceOverride/storefront-autoscaling",
                "ResourceOverride/storefront-horizontalpodautoscaler",
            ]);
            // Created together on one hub (in the plan's order), through the hub's whole admission.
            const fleetObjects = result.plan.resources.filter((r: any) => String(r.type).startsWith("kubernetes:placement.")).map((r: any) => r.inputs);
            assert.deepStrictEqual(validateFleetObjects(fleetObjects), []);
            assert.strictEqual(fleetObjects.length, objects.filter((x) => x.apiVersion.startsWith("placement.")).length);
            for (const o of objects.filter((x) => !x.apiVersion.startsWith("placement."))) await validateKubeObject(o);
        });

        it("records parents, options and outputs", () => {
            const ns = result.plan.resources.find((r: any) => r.type === "kubernetes:core/v1:Namespace");
            assert.strictEqual(ns.options.retainOnDelete, true);
            assert.ok(ns.options.provider.startsWith(byName(result.plan, "hub").urn));
            assert.strictEqual(byName(result.plan, "storefront-oidc-identity").parent, byName(result.plan, "storefront").urn);
            assert.strictEqual(result.plan.outputs.onboarded.length, 3);
        });
    });

    describe("the examples", () => {
        it("quickstart: one deployment, two members, a PickFixed placement", () => {
            const r = plan("examples/quickstart");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.plan.conflicts, [], "every cloud object has one owner");
            assert.deepStrictEqual(workflowOrderProblems(r.plan), [], "each workflow is committed last");
            assert.strictEqual(count(r.plan, "azure-native:authorization:RoleAssignment"), 5);
            assert.strictEqual(count(r.plan, "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement"), 1);
            assert.deepStrictEqual(r.plan.outputs.subjects.length, 2);
            assert.ok(fs.existsSync(path.join(r.out, "files/contoso/web/.github/workflows/fleet-deploy-web.yml")));
        });

        it("from-portal: every object the portal made is adopted with the import option and its real id, nothing created beside it", () => {
            const r = plan("examples/from-portal");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.plan.conflicts, [], "every cloud object has one owner");
            const config = YAML.parse(fs.readFileSync(path.join(ROOT, "examples/from-portal/Pulumi.sample.yaml"), "utf8")).config;
            const imported: string[] = r.plan.resources.filter((x: any) => x.options.import).map((x: any) => x.options.import);
            // Each id the portal's objects have appears in exactly one import id: nothing adopted twice, nothing left out.
            const ids = ["applicationObjectId", "servicePrincipalObjectId", "credentialId", "acrPushAssignmentId", "hubWriterAssignmentId", "hubUserAssignmentId", "eastusPullAssignmentId"].map(
                (k) => config[`from-portal:${k}`],
            );
            for (const id of ids)
                assert.strictEqual(imported.filter((i) => i.endsWith(id) || i.includes(`/${id}`) || i.startsWith(`${id}/`)).length, id === config["from-portal:applicationObjectId"] ? 2 : 1, id);
            assert.deepStrictEqual(imported.filter((i) => i.startsWith("web:")).sort(), [
                "web:.github/workflows/web-fleet.yml:main",
                "web:AZURE_CLIENT_ID",
                "web:AZURE_SUBSCRIPTION_ID",
                "web:AZURE_TENANT_ID",
            ]);
            assert.ok(imported.includes("web"), "the hub namespace");
            assert.strictEqual(imported.length, 12);
            // Created: what the portal never made (the immutable-subject credential, the plain variables); no second pull grant.
            const created = r.plan.resources.filter((x: any) => x.custom && !x.options.import && !String(x.type).startsWith("pulumi:providers:"));
            assert.deepStrictEqual(created.map((x: any) => x.type).sort(), [
                "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
                ...Array(4).fill("github:index/actionsVariable:ActionsVariable"),
            ]);
            assert.match(r.stdout, /Adopted on the first `pulumi up` \(12\)/);
        });

        it("platform: four deployments sharing one hub provider, a platform grant, suffixed variables, an Entra application", () => {
            const r = plan("examples/platform");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.plan.conflicts, [], "every cloud object has one owner");
            assert.deepStrictEqual(workflowOrderProblems(r.plan), [], "each workflow is committed last");
            assert.strictEqual(count(r.plan, "fleet-autodeploy:index:FleetAutomatedDeployment"), 4);
            // The search app signs in as an Entra application, owned by the caller, with a flexible credential per spelling.
            const app = r.plan.resources.find((x: any) => x.type === "azuread:index/application:Application");
            assert.ok(app && Array.isArray(app.inputs.owners) && app.inputs.owners.length === 1, "the caller owns the application");
            assert.strictEqual(count(r.plan, "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential"), 2);
            assert.strictEqual(count(r.plan, "pulumi:providers:kubernetes"), 1, "one shared hub provider");
            assert.strictEqual(count(r.plan, "fleet-autodeploy:index:FleetMemberRegistryAccess"), 1, "the platform engineer's own grant");
            const vars = r.plan.resources.filter((x: any) => x.type === "github:index/actionsVariable:ActionsVariable").map((x: any) => x.inputs.variableName);
            assert.ok(vars.includes("AZURE_CLIENT_ID_STAGING") && vars.includes("AZURE_CLIENT_ID_STOREFRONT"));
            const tasks = r.plan.resources.filter((x: any) => String(x.inputs.roleDefinitionId).endsWith("fb382eab-e894-4461-af04-94435c366c3f"));
            assert.deepStrictEqual(
                tasks.map((t: any) => t.name),
                ["orders-acrtasks"],
            );
        });

        it("the hub provider never signs in by device code, in any login mode; --show-secrets shows it, and only then", () => {
            // The offline plan's fleet credentials have the real shape: kubelogin with --login devicecode.
            const shown = plan(path.join(FIXTURES, "hub-logins"), "--show-secrets");
            assert.strictEqual(shown.status, 0, shown.stderr);
            const providers = shown.plan.resources.filter((x: any) => x.type === "pulumi:providers:kubernetes");
            assert.deepStrictEqual(providers.map((p: any) => p.name).sort(), ["contoso-fleet-hub", "contoso-fleet-hub-msi", "contoso-fleet-hub-spn", "contoso-fleet-hub-workloadidentity"]);
            for (const p of providers) {
                const exec = YAML.parse(p.inputs.kubeconfig).users[0].user.exec;
                const login = p.name.replace(/^contoso-fleet-hub-?/, "") || "azurecli";
                assert.deepStrictEqual(exec.args.slice(0, 3), ["get-token", "--login", login], p.name);
                assert.strictEqual(exec.interactiveMode, "Never", p.name);
                assert.ok(!p.inputs.kubeconfig.includes("devicecode"), p.name);
            }
            const hidden = plan(path.join(FIXTURES, "hub-logins"));
            assert.ok(hidden.plan.resources.filter((x: any) => x.type === "pulumi:providers:kubernetes").every((p: any) => p.inputs.kubeconfig === "[secret]"));
            assert.ok(!fs.readFileSync(path.join(hidden.out, "plan.json"), "utf8").includes("get-token"), "nothing secret is written without --show-secrets");
        });

        it("monorepo: two apps of one repository and a second branch, sharing each member's grant and the hub provider", () => {
            const r = plan("examples/monorepo");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.plan.conflicts, [], "every cloud object has one owner");
            assert.deepStrictEqual(workflowOrderProblems(r.plan), [], "each workflow is committed last");
            assert.match(r.stdout, /Conflicts: none/);
            const pulls = r.plan.resources.filter((x: any) => String(x.inputs.roleDefinitionId).endsWith("7f951dda-4ed3-4680-a7ca-43fe172d538d"));
            assert.deepStrictEqual(pulls.map((p: any) => p.name).sort(), ["contosoacr-pull-contoso-fleet-member-eastus", "contosoacr-pull-contoso-fleet-member-westeurope"]);
            assert.strictEqual(count(r.plan, "pulumi:providers:kubernetes"), 1);
            // One workflow path on two branches: written once per branch, neither overwriting the other.
            const main = fs.readFileSync(path.join(r.out, "files/contoso/shop@main/.github/workflows/fleet-deploy-shop-api.yml"), "utf8");
            const develop = fs.readFileSync(path.join(r.out, "files/contoso/shop@develop/.github/workflows/fleet-deploy-shop-api.yml"), "utf8");
            assert.match(main, /AZURE_CLIENT_ID_SHOP_API }}/);
            assert.match(develop, /AZURE_CLIENT_ID_SHOP_API_DEVELOP }}/);
        });

        it("managed-namespace: an ARM managed namespace, a ResourcePlacement of the app's objects in it, RBAC Writer on it alone", () => {
            const r = plan("examples/managed-namespace");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.plan.conflicts, [], "every cloud object has one owner");
            assert.deepStrictEqual(workflowOrderProblems(r.plan), [], "each workflow is committed last");
            assert.strictEqual(count(r.plan, "azure-native:containerservice:FleetManagedNamespace"), 1);
            assert.strictEqual(count(r.plan, "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement"), 0, "the namespace is placed by its own placement only");
            const [rp] = r.plan.resources.filter((x: any) => x.type === "kubernetes:placement.kubernetes-fleet.io/v1:ResourcePlacement");
            assert.deepStrictEqual([rp.inputs.metadata.namespace, rp.inputs.spec.policy.placementType, rp.inputs.spec.strategy.type], ["web", "PickFixed", "External"]);
            // It brings the app's objects: every kind the generated manifests and the workflow stage is selected.
            const selected = new Set(rp.inputs.spec.resourceSelectors.map((s: any) => `${s.group}/${s.kind}`));
            for (const kind of ["apps/Deployment", "/Service", "/ConfigMap", "autoscaling/HorizontalPodAutoscaler"]) assert.ok(selected.has(kind), kind);
            assert.strictEqual(count(r.plan, "kubernetes:placement.kubernetes-fleet.io/v1:StagedUpdateStrategy"), 1);
            assert.strictEqual(count(r.plan, "kubernetes:rbac.authorization.k8s.io/v1:Role"), 1);
            const fleetObjects = r.plan.resources.filter((x: any) => String(x.type).startsWith("kubernetes:placement.")).map((x: any) => x.inputs);
            assert.deepStrictEqual(validateFleetObjects(fleetObjects), []);
            const writer = r.plan.resources.find((x: any) => String(x.inputs.roleDefinitionId).endsWith("5af6afb3-c06c-4fa4-8848-71a8aee05683"));
            assert.match(writer.inputs.scope, /\/fleets\/contoso-fleet\/managedNamespaces\/web$/);
            assert.strictEqual(r.plan.outputs.placement, "web");
        });

        it("existing-namespace-helm: an existing namespace left as it is, a seeded workflow through a pull request", () => {
            const r = plan("examples/existing-namespace-helm");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.plan.conflicts, [], "every cloud object has one owner");
            assert.deepStrictEqual(workflowOrderProblems(r.plan), [], "each workflow is committed last");
            assert.strictEqual(count(r.plan, "kubernetes:core/v1:Namespace"), 0);
            assert.strictEqual(count(r.plan, "kubernetes:core/v1:NamespacePatch"), 0, "an existing namespace is never written to");
            const file = r.plan.resources.find((x: any) => x.type === "github:index/repositoryFile:RepositoryFile");
            assert.deepStrictEqual([file.inputs.branch, file.options.retainOnDelete, file.options.ignoreChanges.includes("content")], ["fleet-autodeploy/payments", true, true]);
            assert.strictEqual(count(r.plan, "github:index/repositoryPullRequest:RepositoryPullRequest"), 1);
            // Staged as plain manifests: no release Secrets placed on members, no hook Jobs waiting on a hub without nodes.
            const workflow = fs.readFileSync(path.join(r.out, "files/contoso/payments/.github/workflows/fleet-deploy-payments.yml"), "utf8");
            assert.match(workflow, /--no-hooks/);
            assert.doesNotMatch(workflow, /helm\s+(upgrade|install)\b/);
        });
    });

    describe("any program", () => {
        let raw: Planned;
        before(() => {
            raw = plan(path.join(FIXTURES, "raw"), "--stack", "test");
        });

        it("plans raw resources with their options, in registration order", () => {
            assert.strictEqual(raw.status, 0, raw.stderr);
            assert.deepStrictEqual(raw.plan.conflicts, []);
            const role = byName(raw.plan, "web-role");
            assert.deepStrictEqual(role.options.dependsOn, [byName(raw.plan, "web-id").urn]);
            assert.deepStrictEqual(role.options.ignoreChanges, ["description"]);
            assert.strictEqual(role.parent, byName(raw.plan, "web").urn);
            const ns = byName(raw.plan, "ns");
            assert.deepStrictEqual([ns.options.retainOnDelete, ns.options.protect], [true, true]);
            assert.ok(ns.options.provider.startsWith(byName(raw.plan, "hub").urn));
            assert.strictEqual(byName(raw.plan, "secret").options.deleteBeforeReplace, true);
            const names = raw.plan.resources.map((r: any) => r.name);
            // Registration order: the stack first, each component before its children.
            assert.strictEqual(raw.plan.resources[0].type, "pulumi:pulumi:Stack");
            assert.ok(names.indexOf("web") < names.indexOf("web-id") && names.indexOf("api") < names.indexOf("api-id") && names.indexOf("web-id") < names.indexOf("web-role"));
        });

        it("writes URNs and alias URNs as the engine does: the whole parent type chain, never the stack's type", () => {
            const prefix = "urn:pulumi:test::raw::";
            assert.strictEqual(byName(raw.plan, "web").urn, `${prefix}raw:index:Group::web`);
            assert.strictEqual(byName(raw.plan, "web-id").urn, `${prefix}raw:index:Group$azure-native:managedidentity:UserAssignedIdentity::web-id`);
            const deep = byName(raw.plan, "platform-web-id");
            assert.strictEqual(deep.urn, `${prefix}raw:index:Team$raw:index:Group$azure-native:managedidentity:UserAssignedIdentity::platform-web-id`);
            assert.deepStrictEqual(byName(raw.plan, "platform").options.aliases, [`${prefix}raw:index:Team::platform-old`]);
            assert.ok(byName(raw.plan, "platform-web").options.aliases.includes(`${prefix}raw:index:Team$raw:index:Group::platform-old-web`));
            // The grandchild inherits through its parent's inherited alias: renaming the outer component keeps it.
            assert.ok(
                deep.options.aliases.includes(`${prefix}raw:index:Team$raw:index:Group$azure-native:managedidentity:UserAssignedIdentity::platform-old-web-id`),
                JSON.stringify(deep.options.aliases),
            );
            assert.ok(raw.plan.resources.every((r: any) => !r.urn.includes("pulumi:pulumi:Stack$")));
        });

        it("reads stack config: namespaced keys, objects, and secure values kept secret", () => {
            assert.strictEqual(byName(raw.plan, "ns").inputs.metadata.name, "hello");
            assert.strictEqual(raw.plan.outputs.identities, 2);
            assert.strictEqual(byName(raw.plan, "secret").inputs.plaintextValue, "[secret]");
            assert.strictEqual(raw.plan.outputs.token, "[secret]");
            assert.ok(!JSON.stringify(raw.plan).includes("secret-token"), "the stand-in value never reaches the plan file");
        });

        it("answers invokes deterministically and captures warnings", () => {
            assert.match(raw.plan.outputs.memberCluster, /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/rg\/providers\/Microsoft\.ContainerService\/managedClusters\/eastus$/);
            assert.match(raw.stdout, /! this is a warning from the program/);
        });

        it("writes files by owner: the explicit provider's, else github:owner", () => {
            assert.strictEqual(fs.readFileSync(path.join(raw.out, "files/fabrikam/site/docs/README.md"), "utf8"), "# hello\n");
            assert.ok(fs.existsSync(path.join(raw.out, "files/contoso/tools/a.txt")));
            const deployment = YAML.parse(fs.readFileSync(path.join(raw.out, "kubernetes/hub/002-deployment-hello-web.yaml"), "utf8"));
            assert.deepStrictEqual([deployment.apiVersion, deployment.kind], ["apps/v1", "Deployment"]);
        });

        it("two fleets: each hub's objects in the folder of its provider, the summary naming its API server", () => {
            const r = plan(path.join(FIXTURES, "two-fleets"));
            assert.strictEqual(r.status, 0, r.stderr);
            const files = (hub: string) => fs.readdirSync(path.join(r.out, "kubernetes", hub));
            assert.deepStrictEqual([files("east-hub"), files("west-hub")], [["001-namespace-web.yaml"], ["001-namespace-web.yaml"]]);
            assert.deepStrictEqual(fs.readdirSync(path.join(r.out, "kubernetes")).sort(), ["east-hub", "west-hub"]);
            assert.match(r.stdout, /Kubernetes objects applied \(2 on 2 clusters\)/);
            for (const fleet of ["east", "west"]) {
                assert.match(
                    r.stdout,
                    new RegExp(
                        `\\n {2}${fleet}-hub {2}\\(1; provider ${fleet}-hub, API server https://${fleet}-hub\\.plan\\.invalid:443, fleet ${fleet}\\)\\n {4}kubernetes/${fleet}-hub/001-namespace-web\\.yaml\\n`,
                    ),
                );
            }
        });

        it("is deterministic: two plans write byte-identical plan.json", () => {
            const again = plan(path.join(FIXTURES, "raw"), "--stack", "test");
            assert.strictEqual(fs.readFileSync(path.join(again.out, "plan.json"), "utf8"), fs.readFileSync(path.join(raw.out, "plan.json"), "utf8"));
        });

        it("reports progress while the program registers, not only at the end", () => {
            // The CLI prints these on a terminal; registrations arrive in one long run of promise callbacks, so
            // a timer would fire only after the last one.
            const script =
                `require(${JSON.stringify(path.join(ROOT, "sdk/bin/plan/run.js"))}).planProgram({ programDir: ${JSON.stringify(path.join(FIXTURES, "many"))}, ` +
                `outDir: ${JSON.stringify(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")))}, onProgress: (n) => seen.push(n) }).then((r) => console.log(JSON.stringify({ seen, total: r.plan.resources.length })));`;
            const r = spawnSync(process.execPath, ["-e", `const seen = []; ${script}`], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
            assert.strictEqual(r.status, 0, r.stderr);
            const { seen, total } = JSON.parse(r.stdout);
            assert.strictEqual(total, 401);
            assert.strictEqual(seen[seen.length - 1], total, "the final count");
            assert.ok(seen.filter((n: number) => n < total).length >= 2, `counts reported during the run: ${JSON.stringify(seen)}`);
            assert.ok(
                seen.every((n: number, i: number) => i === 0 || n >= seen[i - 1]),
                "never counts backwards",
            );
        });

        it("plans a program outside the checkout that has no node_modules", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-"));
            for (const f of ["Pulumi.yaml", "Pulumi.sample.yaml", "index.ts"]) fs.copyFileSync(path.join(ROOT, "examples/quickstart", f), path.join(dir, f));
            const r = plan(dir);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(count(r.plan, "fleet-autodeploy:index:FleetAutomatedDeployment"), 1);
        });

        it("runs a program that is a function (export = async () => ...), as Pulumi does; a stack reference's outputs come from --answers", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-"));
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: team\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "Pulumi.sample.yaml"), "config:\n  github:owner: contoso\n");
            fs.writeFileSync(
                path.join(dir, "index.ts"),
                [
                    `import * as pulumi from "@pulumi/pulumi";`,
                    `import * as github from "@pulumi/github";`,
                    `export = async () => {`,
                    `    const platform = new pulumi.StackReference("contoso/platform/prod");`,
                    `    const namespace: string = await platform.getOutputValue("namespace");`,
                    `    const v = new github.ActionsVariable("ns", { repository: "web", variableName: "NAMESPACE", value: namespace });`,
                    `    return { namespace: v.value };`,
                    `};`,
                ].join("\n"),
            );
            const answers = path.join(dir, "answers.json");
            fs.writeFileSync(answers, JSON.stringify({ resources: { "pulumi:pulumi:StackReference": { outputs: { namespace: "team-a" } } } }));
            const r = plan(dir, "--answers", answers);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(byName(r.plan, "ns").inputs.value, "team-a");
            assert.deepStrictEqual(r.plan.outputs, { namespace: "team-a" });
        });

        it("fails loudly on an invoke it has no answer for, naming the token", () => {
            const r = plan(path.join(FIXTURES, "unknown-invoke"));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /no answer for invoke azure-native:storage:getStorageAccount/);
        });

        it("takes extra answers from --answers", () => {
            const answers = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "answers-")), "answers.json");
            fs.writeFileSync(answers, JSON.stringify({ invokes: { "azure-native:storage:getStorageAccount": { kind: "StorageV2" } } }));
            const r = plan(path.join(FIXTURES, "unknown-invoke"), "--answers", answers);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(r.plan.outputs.kind, "StorageV2");
        });

        it("a program with bad args exits non-zero with the library's message and no stack trace", () => {
            const r = plan(path.join(FIXTURES, "broken"));
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /FleetAutomatedDeployment "web" has 2 invalid arguments/);
            assert.match(r.stderr, /repository "web" names no owner/);
            assert.match(r.stderr, /namespace "kube-system" is reserved/);
            assert.ok(!/\n\s+at /.test(r.stderr), r.stderr);
            assert.strictEqual(r.plan, undefined, "no plan is written for a failed program");
        });

        it("the root program with a broken stack config: every problem with its config path, before anything is registered", () => {
            // The root program as it is, with a stack file holding one mistake of each kind.
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "root-broken-"));
            for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
            fs.copyFileSync(path.join(FIXTURES, "root-broken-config", "Pulumi.broken.yaml"), path.join(dir, "Pulumi.broken.yaml"));
            const r = plan(dir, "--stack", "broken");
            assert.strictEqual(r.status, 1, r.stderr);
            const listed = r.stderr
                .split("\n")
                .filter((l) => l.startsWith("  - "))
                .map((l) => l.slice(4).split(" ")[0]);
            assert.deepStrictEqual(
                listed,
                [
                    "fleetId", // missing required value
                    "apps[0].environment", // a string where an object is expected (was a TypeError)
                    "apps[0].nameSpace", // a misspelt key (was ignored)
                    "apps[1].members", // a string where a list is expected (was "forEach is not a function")
                    "apps[1].placement", // a string where an object is expected (was read as the default)
                    "apps[2].members[0].name", // a number where a string is expected
                    "apps[2].members[1]", // an empty list entry
                    "apps[2].pullRequestBuilds", // a string where a boolean is expected
                    "apps[3].repository", // missing required value in an app
                ],
                r.stderr,
            );
            assert.match(r.stderr, /stack config has 9 problems/);
            assert.match(r.stderr, /apps\[0\]\.nameSpace is not an argument of apps\[0\]: did you mean namespace\?/);
            assert.ok(!/TypeError|is not a function|Cannot read properties/.test(r.stderr), r.stderr);
            assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
            assert.strictEqual(r.plan, undefined, "nothing planned, nothing registered");
        });

        it("the root program with a mistake in each of five apps: all five in one run, under their config paths", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "root-five-"));
            for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
            fs.copyFileSync(path.join(FIXTURES, "root-five-mistakes", "Pulumi.five.yaml"), path.join(dir, "Pulumi.five.yaml"));
            const r = plan(dir, "--stack", "five");
            assert.strictEqual(r.status, 1, r.stderr);
            const listed = r.stderr
                .split("\n")
                .filter((l) => l.startsWith("  - "))
                .map((l) => l.slice(4).split(/[: ]/)[0]);
            assert.deepStrictEqual(listed, ["apps[0].nameSpace", "apps[1].tagsOnly", "apps[3]", "apps[4]", "apps[5]"], r.stderr);
            assert.match(r.stderr, /stack config has 5 problems/);
            assert.match(r.stderr, /apps\[3\]: hub namespace "shop" is already declared by apps\[2\]/);
            assert.match(r.stderr, /apps\[4\]: branch "refs\/heads\/main" is a full ref/);
            assert.match(r.stderr, /apps\[5\]: branch "release\/\*" contains a wildcard/);
            assert.strictEqual(r.plan, undefined, "nothing planned, nothing registered");
        });

        it("a hand-written program over two fleets with three refused components: all three in one run", () => {
            const r = plan(path.join(FIXTURES, "two-fleets-mistakes"));
            assert.strictEqual(r.status, 1, r.stderr);
            assert.match(r.stderr, /3 components of this program were refused/);
            assert.match(r.stderr, /FleetAutomatedDeployment "api-europe" has an invalid argument/);
            assert.match(r.stderr, /FleetAutomatedDeployment "shop-america" collides[\s\S]*already declared by FleetAutomatedDeployment "web-america"/);
            assert.match(r.stderr, /FleetAutomatedDeployment "jobs-europe" gives member member-1 kubelet identity/);
            assert.match(r.stderr, /Valid, but not registered until the program has no refusal: FleetMemberRegistryAccess "platform-europe"\./);
            assert.ok(!/\n\s+at /.test(r.stderr), r.stderr);
        });

        it("refuses a YAML program with a clear error", () => {
            const r = plan("examples/yaml");
            assert.strictEqual(r.status, 1);
            assert.match(r.stderr, /runtime "yaml".*Node\.js programs/);
        });
    });
});
