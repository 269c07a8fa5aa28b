// Conflicts: resources that declare one cloud object, which mocks accept and `pulumi up` refuses.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Conflict, findConflicts } from "../../sdk/src/resource/conflicts";
import { PlannedResource } from "../../sdk/src/resource/planned";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
const FIXTURE = path.join(__dirname, "../fixtures/plan/conflicts");

function plan(...args: string[]) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const r = spawnSync(process.execPath, [CLI, "plan", FIXTURE, "--out", out, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
    const file = path.join(out, "plan.json");
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, plan: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined };
}

/** The pair the fixture plants for each kind, by Pulumi name. */
const PLANTED: Record<string, [string, string]> = {
    "duplicate URN": ["twin", "twin"],
    "role assignment name": ["dup-ra-name-a", "dup-ra-name-b"],
    "role assignment": ["dup-ra-a", "dup-ra-b"],
    "managed identity": ["dup-id-a", "dup-id-b"],
    "federated credential name": ["dup-fic-name-a", "dup-fic-name-b"],
    "federated credential subject": ["dup-fic-subject-a", "dup-fic-subject-b"],
    "application federated credential name": ["dup-app-fic-name-a", "dup-app-fic-name-b"],
    "application federated credential subject": ["dup-app-fic-subject-a", "dup-app-fic-subject-b"],
    "actions variable": ["dup-var-a", "dup-var-b"],
    "actions secret": ["dup-secret-a", "dup-secret-b"],
    "environment variable": ["dup-env-var-a", "dup-env-var-b"],
    "environment secret": ["dup-env-secret-a", "dup-env-secret-b"],
    "repository file": ["dup-file-a", "dup-file-b"],
    "environment": ["dup-environment-a", "dup-environment-b"],
    "environment deployment policy": ["dup-policy-a", "dup-policy-b"],
    "branch": ["dup-branch-a", "dup-branch-b"],
    "pull request": ["dup-pr-a", "dup-pr-b"],
    "kubernetes object": ["dup-namespace-a", "dup-namespace-b"],
};

describe("offline plan: conflicts", function () {
    this.timeout(180000);

    describe("a program that plants one pair per kind", () => {
        let result: ReturnType<typeof plan>;
        before(() => {
            result = plan();
        });

        /** URNs of the named resources, in registration order. */
        const urnsOf = (names: string[]) => result.plan.resources.filter((r: any) => names.includes(r.name)).map((r: any) => r.urn);
        const byName = (name: string) => result.plan.resources.find((r: any) => r.name === name);

        for (const [kind, pair] of Object.entries(PLANTED)) {
            it(`finds the ${kind} conflict of ${pair.join(" and ")}`, () => {
                const found = result.plan.conflicts.filter((c: Conflict) => c.kind === kind);
                assert.deepStrictEqual(
                    found.map((c: Conflict) => c.resources),
                    [urnsOf(pair)],
                    JSON.stringify(found),
                );
            });
        }

        it("finds nothing else: same names in other repositories, branches, scopes, subscriptions, owners, clusters; a Patch", () => {
            assert.strictEqual(result.plan.conflicts.length, Object.keys(PLANTED).length, JSON.stringify(result.plan.conflicts, null, 2));
            const planted = new Set(urnsOf(Object.values(PLANTED).flat()));
            const lookalikes = [
                "ra-other-scope",
                "id-other-sub",
                "var-other-repo",
                "secret-other-owner",
                "file-other-branch",
                "file-other-case",
                "policy-tag",
                "pr-other-head",
                "namespace-patch",
                "namespace-other-cluster",
            ];
            assert.strictEqual(urnsOf(lookalikes).length, lookalikes.length);
            for (const c of result.plan.conflicts)
                assert.ok(
                    c.resources.every((urn: string) => planted.has(urn)),
                    JSON.stringify(c),
                );
        });

        it("records each Kubernetes provider's API server, honouring its context, and keeps the kubeconfig secret", () => {
            assert.deepStrictEqual(
                ["east-1", "east-2", "west"].map((n) => byName(n).cluster),
                ["https://east.k8s.plan.invalid:443", "https://EAST.k8s.plan.invalid/", "https://west.k8s.plan.invalid:443"],
            );
            assert.strictEqual(byName("east-1").inputs.kubeconfig, "[secret]");
            const namespace = result.plan.conflicts.find((c: Conflict) => c.kind === "kubernetes object");
            assert.match(namespace.object, /^Namespace shared on https:\/\/(east|EAST)\.k8s\.plan\.invalid/);
        });

        it("exits 3 after writing the plan and printing each conflict with its resources", () => {
            assert.strictEqual(result.status, 3, result.stderr);
            assert.match(result.stdout, /\nConflicts \(18\): resources that declare the same cloud object; /);
            assert.match(
                result.stdout,
                /\n {2}! actions variable: variable AZURE_CLIENT_ID in contoso\/storefront\n {6}dup-var-a {2}\(urn:pulumi:sample::conflicts::github:index\/actionsVariable:ActionsVariable::dup-var-a\)\n {6}dup-var-b {2}\(/,
            );
            assert.match(
                result.stdout,
                /! role assignment: role 7f951dda-4ed3-4680-a7ca-43fe172d538d for principal p-3 at \/subscriptions\/aaaaaaaa-2222-3333-4444-555555555555\/resourceGroups\/rg-app\n/,
            );
            assert.match(result.stderr, /error: 18 conflicts \(listed above\).*--allow-conflicts/);
            assert.strictEqual(result.plan.conflicts.length, 18);
        });

        it("with --allow-conflicts exits 0, warns, and still writes the conflicts into plan.json", () => {
            const allowed = plan("--allow-conflicts");
            assert.strictEqual(allowed.status, 0, allowed.stderr);
            assert.match(allowed.stderr, /warning: 18 conflicts/);
            assert.match(allowed.stdout, /Conflicts \(18\)/);
            assert.deepStrictEqual(allowed.plan.conflicts, result.plan.conflicts);
        });
    });

    describe("findConflicts", () => {
        const SUB = "/subscriptions/aaaaaaaa-2222-3333-4444-555555555555";
        let order = 0;
        const res = (type: string, inputs: Record<string, unknown>, more: Partial<PlannedResource> = {}): PlannedResource => {
            const name = more.name ?? `r${++order}`;
            return {
                urn: `urn:pulumi:dev::p::${type}::${name}`,
                type,
                name,
                parent: null,
                custom: true,
                inputs,
                options: { dependsOn: [], provider: null, protect: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], deleteBeforeReplace: false, aliases: [] },
                ...more,
            };
        };
        const ROLE = "azure-native:authorization:RoleAssignment";
        const role = (scope: string, name: string | undefined, principalId: string, roleDefinitionId: string) => res(ROLE, { scope, roleAssignmentName: name, principalId, roleDefinitionId });
        const kinds = (conflicts: Conflict[]) => conflicts.map((c) => `${c.kind}: ${c.resources.map((u) => u.split("::").pop()).join(" ")}`);

        it("compares ARM ids case-insensitively and the role by its GUID, whatever path names it", () => {
            const a = role(
                `${SUB}/resourceGroups/rg-app`,
                "11111111-0000-0000-0000-00000000000a",
                "principal-a",
                `${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
            );
            const b = role(
                `${SUB.toUpperCase()}/resourcegroups/RG-APP`,
                "11111111-0000-0000-0000-00000000000b",
                "PRINCIPAL-A",
                "/providers/microsoft.authorization/roleDefinitions/7F951DDA-4ED3-4680-A7CA-43FE172D538D",
            );
            const ids = ["rg-app", "RG-App"].map((g, i) => res("azure-native:managedidentity:UserAssignedIdentity", { resourceGroupName: g, resourceName: i ? "WEB" : "web" }));
            assert.deepStrictEqual(kinds(findConflicts([a, b, ...ids], {})), [`role assignment: ${a.name} ${b.name}`, `managed identity: ${ids[0].name} ${ids[1].name}`]);
        });

        it("reports two assignments matching by name and by principal once, under the name", () => {
            const scope = `${SUB}/resourceGroups/rg`,
                def = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/x`;
            const conflicts = findConflicts([role(scope, "n", "p", def), role(scope, "N", "p", def)], {});
            assert.deepStrictEqual(
                conflicts.map((c) => c.kind),
                ["role assignment name"],
            );
        });

        it("skips a key with an unknown, secret or missing part: the identity is not known offline", () => {
            const scope = `${SUB}/resourceGroups/rg`,
                def = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/x`;
            assert.deepStrictEqual(findConflicts([role(scope, "[unknown]", "[unknown]", def), role(scope, "[unknown]", "[unknown]", def)], {}), []);
            // Auto-named (no roleAssignmentName) but one principal and role: the second key still applies.
            assert.deepStrictEqual(
                findConflicts([role(scope, undefined, "p", def), role(scope, undefined, "p", def)], {}).map((c) => c.kind),
                ["role assignment"],
            );
            const variable = (name: string) => res("github:index/actionsVariable:ActionsVariable", { repository: "web", variableName: name });
            assert.deepStrictEqual(findConflicts([variable("[secret]"), variable("[secret]")], { "github:owner": "contoso" }), []);
        });

        it("takes the GitHub owner from the explicit provider, else github:owner", () => {
            const provider = res("pulumi:providers:github", { owner: "fabrikam" }, { name: "gh" });
            const variable = (repository: string, withProvider: boolean) =>
                res("github:index/actionsVariable:ActionsVariable", { repository, variableName: "X" }, withProvider ? { options: { ...res("t", {}).options, provider: `${provider.urn}::id` } } : {});
            const config = { "github:owner": "contoso" };
            assert.strictEqual(findConflicts([provider, variable("web", true), variable("web", false)], config).length, 0);
            assert.strictEqual(findConflicts([provider, variable("web", true), variable("Fabrikam/Web", true)], config).length, 1);
            assert.strictEqual(findConflicts([variable("contoso/web", false), variable("web", false)], {}).length, 0, "owner prefix vs default owner");
        });

        it("keys Kubernetes objects by cluster, group, kind, namespace and name, not version; ignores Patches and auto-named objects", () => {
            const provider = (name: string, cluster?: string) => res("pulumi:providers:kubernetes", { kubeconfig: "[secret]" }, { name, cluster });
            const [p1, p2, p3, p4] = [provider("p1", "https://hub.example:443"), provider("p2", "https://HUB.example/"), provider("p3"), provider("p4")];
            const on = (p: PlannedResource) => ({ options: { ...p.options, provider: `${p.urn}::id` } });
            const deploy = (version: string, p: PlannedResource, meta: Record<string, unknown>) => res(`kubernetes:apps/${version}:Deployment`, { metadata: meta }, on(p));
            const web = { name: "web", namespace: "apps" };
            const objects = [
                deploy("v1", p1, web),
                deploy("v1beta1", p2, web),
                deploy("v1", p1, { name: "web", namespace: "other" }),
                deploy("v1", p1, {}),
                deploy("v1", p2, {}),
                res("kubernetes:apps/v1:DeploymentPatch", { metadata: web }, on(p1)),
                deploy("v1", p3, web),
                deploy("v1", p4, web),
                res("kubernetes:core/v1:Namespace", { metadata: { name: "apps" } }, on(p3)),
                res("kubernetes:core/v1:Namespace", { metadata: { name: "apps" } }, on(p3)),
            ];
            const conflicts = findConflicts([p1, p2, p3, p4, ...objects], {});
            assert.deepStrictEqual(kinds(conflicts), [`kubernetes object: ${objects[0].name} ${objects[1].name}`, `kubernetes object: ${objects[8].name} ${objects[9].name}`]);
            assert.strictEqual(conflicts[0].object, "Deployment.apps apps/web on https://hub.example:443");
            assert.strictEqual(conflicts[1].object, "Namespace apps on the cluster of provider p3");
        });
    });
});
