// The scope check (sdk/src/render/hubKinds.ts): only what the namespace identity may write is staged, its bash run for
// real against a kubectl whose discovery fails.
import * as assert from "node:assert";
import { allowedKindKeys, FLEET_WRITER_KINDS, scopeCheckScript } from "../../sdk/src/render/hubKinds";
import { haveBash, runStep } from "./workflowFixtures";

describe("render/hubKinds", () => {
    before(function () {
        if (!haveBash()) this.skip();
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
            assert.deepStrictEqual(
                errors.map((l) => /::error file=([^,]+),.*holds kind (\S+) \(apiVersion ([^)]+)\)/.exec(l)!.slice(1)),
                [
                    ["manifests/all.yaml", "ClusterRole", "rbac.authorization.k8s.io/v1"],
                    ["manifests/rbac/binding.yml", "RoleBinding", "rbac.authorization.k8s.io/v1"],
                    ["manifests/role.yaml", "Role", "rbac.authorization.k8s.io/v1"],
                    ["manifests/widget.yaml", "Widget", "example.com/v1"],
                ],
            );
            assert.ok(errors.every((l) => l.includes("Azure Kubernetes Fleet Manager RBAC Writer")));
            assert.deepStrictEqual(r.calls, [], "no API discovery");
        });

        it("passes what the generated manifests hold (Deployment, Service, ConfigMap, HPA, PDB), whatever discovery says", () => {
            const r = run({
                "manifests/app.yaml": [
                    deployment,
                    "apiVersion: v1\nkind: Service\n",
                    "apiVersion: v1\nkind: ConfigMap\n",
                    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n",
                    "apiVersion: policy/v1\nkind: PodDisruptionBudget\n",
                ].join("---\n"),
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
            assert.deepStrictEqual(
                allowedKindKeys().filter((k) => k.startsWith("core/")),
                FLEET_WRITER_KINDS[""].map((k) => `core/${k}`),
            );
            for (const refused of ["rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/RoleBinding", "core/Namespace", "core/Pod", "core/ResourceQuota", "core/LimitRange"]) {
                assert.ok(!allowedKindKeys().includes(refused), refused);
            }
            assert.ok(scopeCheckScript().includes(allowedKindKeys().join(" ")));
        });
    });
});
