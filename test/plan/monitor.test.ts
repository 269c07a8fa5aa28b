// The plan engine's monitor: what it records of each request, unit by unit (the component tests read it through test/harness.ts).
import * as assert from "assert";
import { kubernetesServer } from "../../sdk/src/plan/monitor";

describe("plan monitor: kubernetesServer", () => {
    const SECRET = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const kubeconfig = [
        "apiVersion: v1", "kind: Config", "current-context: a",
        "clusters: [{name: a, cluster: {server: 'https://a.example:443'}}, {name: b, cluster: {server: 'https://user:pass@b.example'}}]",
        "contexts: [{name: a, context: {cluster: a}}, {name: b, context: {cluster: b}}]",
    ].join("\n");

    it("reads the current context's server from a secret kubeconfig, or the context or cluster input's", () => {
        assert.strictEqual(kubernetesServer({ kubeconfig: SECRET(kubeconfig) }), "https://a.example:443");
        assert.strictEqual(kubernetesServer({ kubeconfig, context: "b" }), "https://b.example/", "without its basic-auth credentials");
        assert.strictEqual(kubernetesServer({ kubeconfig, cluster: "b", context: "a" }), "https://b.example/");
        assert.strictEqual(kubernetesServer({ kubeconfig: JSON.stringify({ clusters: [{ name: "only", cluster: { server: "https://only.example" } }] }) }), "https://only.example");
    });

    it("is undefined when the kubeconfig is unknown, unparseable, a path, or names no cluster", () => {
        for (const inputs of [{ kubeconfig: UNKNOWN }, { kubeconfig: SECRET(UNKNOWN) }, { kubeconfig: "{ not: yaml: [" }, { kubeconfig: "~/.kube/config" },
            {}, { kubeconfig: "apiVersion: v1\nkind: Config\n" }, { kubeconfig, context: UNKNOWN }, { kubeconfig, context: "missing" }]) {
            assert.strictEqual(kubernetesServer(inputs), undefined, JSON.stringify(inputs));
        }
    });
});
