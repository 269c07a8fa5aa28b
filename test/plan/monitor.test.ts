// The plan engine's monitor: what it records of each request, unit by unit (the component tests read it through test/harness.ts).
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { aliasRequest, planMocks, PlanMonitor, readable } from "../../sdk/src/plan/monitor";
import { kubernetesServer } from "../../sdk/src/resource/kubernetes";
import { Alias } from "@pulumi/pulumi/proto/alias_pb";
import { run } from "../harness";

describe("plan monitor: kubernetesServer", () => {
    const SECRET = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const kubeconfig = [
        "apiVersion: v1",
        "kind: Config",
        "current-context: a",
        "clusters: [{name: a, cluster: {server: 'https://a.example:443'}}, {name: b, cluster: {server: 'https://user:pass@b.example'}}]",
        "contexts: [{name: a, context: {cluster: a}}, {name: b, context: {cluster: b}}]",
    ].join("\n");

    it("reads the current context's server from a secret kubeconfig, or the context or cluster input's", () => {
        assert.strictEqual(kubernetesServer({ kubeconfig: SECRET(kubeconfig) }), "https://a.example:443");
        assert.strictEqual(kubernetesServer({ kubeconfig, context: "b" }), "https://b.example/", "without its basic-auth credentials");
        assert.strictEqual(kubernetesServer({ kubeconfig, cluster: "b", context: "a" }), "https://b.example/");
        assert.strictEqual(kubernetesServer({ kubeconfig: JSON.stringify({ clusters: [{ name: "only", cluster: { server: "https://only.example" } }] }) }), "https://only.example");
        assert.strictEqual(
            kubernetesServer({ kubeconfig: JSON.stringify({ clusters: [{ name: "only", cluster: { server: "https://:pw@only.example" } }] }) }),
            "https://only.example/",
            "a password alone is dropped too",
        );
        assert.strictEqual(
            kubernetesServer({ kubeconfig: JSON.stringify({ clusters: [{ name: "only", cluster: { server: "hub.internal:443" } }] }) }),
            "hub.internal:443",
            "a server that is no URL is kept as written",
        );
        assert.strictEqual(kubernetesServer({ kubeconfig, cluster: SECRET("b") }), "https://b.example/", "a secret cluster name is read too");
        const holes = JSON.stringify({ "current-context": "a", contexts: [null, { name: "a", context: { cluster: "a" } }], clusters: [null, { name: "a", cluster: { server: "https://a.example" } }] });
        assert.strictEqual(kubernetesServer({ kubeconfig: holes }), "https://a.example", "empty list entries are skipped");
    });

    it("is undefined when the kubeconfig is unknown, unparseable, a path, or names no cluster", () => {
        for (const inputs of [
            { kubeconfig: UNKNOWN },
            { kubeconfig: SECRET(UNKNOWN) },
            { kubeconfig: "{ not: yaml: [" },
            { kubeconfig: "~/.kube/config" },
            {},
            { kubeconfig: "apiVersion: v1\nkind: Config\n" },
            { kubeconfig, context: UNKNOWN },
            { kubeconfig, cluster: SECRET(UNKNOWN) },
            { kubeconfig, context: "missing" },
            { kubeconfig: "just text" },
            { kubeconfig: JSON.stringify({ clusters: { name: "a" }, "current-context": "a" }) },
            { kubeconfig: JSON.stringify({ clusters: [{ name: "a", cluster: { server: 443 } }] }) },
            { kubeconfig: JSON.stringify({ clusters: [{ name: "a", cluster: {} }, { name: "b" }] }) },
        ]) {
            assert.strictEqual(kubernetesServer(inputs), undefined, JSON.stringify(inputs));
        }
    });
});

describe("plan monitor: readable", () => {
    const SIG = "4dabf18193072939515e22adb298388d";
    const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
    const ref = (urn: string) => ({ [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn, id: "x" });
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const inputs = { a: secret({ token: "t0p", nested: secret("deeper") }), list: [UNKNOWN, ref("urn:x"), 3, null], plain: { n: 1, s: "s", b: false } };

    it("hides secrets, names unknowns and writes references as their URN, at any depth", () => {
        assert.deepStrictEqual(readable(inputs), { a: "[secret]", list: ["[unknown]", "urn:x", 3, null], plain: { n: 1, s: "s", b: false } });
    });

    it("shows secrets in clear, nested ones too, only when asked (--show-secrets)", () => {
        assert.deepStrictEqual(readable(inputs, true), { a: { token: "t0p", nested: "deeper" }, list: ["[unknown]", "urn:x", 3, null], plain: { n: 1, s: "s", b: false } });
    });
});

describe("plan monitor: planMocks", () => {
    it("echoes inputs, adds the computed outputs and then the --answers overrides; components get no id", () => {
        const mocks = planMocks({ resources: { "azure-native:managedidentity:UserAssignedIdentity": { tenantId: "given" } } }, []);
        const identity = mocks.newResource({ type: "azure-native:managedidentity:UserAssignedIdentity", name: "id", inputs: { resourceGroupName: "rg", resourceName: "gh" }, custom: true } as any);
        assert.strictEqual(identity.state.resourceName, "gh");
        assert.strictEqual(identity.state.name, "gh");
        assert.match(identity.state.clientId, /^[0-9a-f-]{36}$/);
        assert.strictEqual(identity.state.tenantId, "given", "an override wins over the computed value");
        assert.ok(identity.id, "a custom resource has an id");
        assert.strictEqual(mocks.newResource({ type: "my:index:Component", name: "c", inputs: { x: 1 }, custom: false } as any).id, undefined);
        assert.deepStrictEqual(mocks.newResource({ type: "unknown:index:Thing", name: "t", inputs: { x: 1 }, custom: true } as any).state, { x: 1 });
    });

    it("records every invoke, answers from --answers before its own, and refuses an unknown one naming its token and the fix", () => {
        const invoked: string[] = [];
        const mocks = planMocks({ invokes: { "azure-native:containerservice:getFleet": { name: "given" } } }, invoked);
        assert.deepStrictEqual(mocks.call({ token: "azure-native:containerservice:getFleet", inputs: { fleetName: "f" } } as any), { name: "given" });
        assert.strictEqual((mocks.call({ token: "github:index/getUser:getUser", inputs: { username: "contoso" } } as any) as any).login, "contoso");
        let thrown: any;
        try {
            mocks.call({ token: "x:index:nope", inputs: {} } as any);
        } catch (err) {
            thrown = err;
        }
        const message = 'the offline plan has no answer for invoke x:index:nope: add one with --answers FILE ({"invokes": {"x:index:nope": {...}}})';
        assert.strictEqual(thrown?.message, message);
        assert.strictEqual(thrown?.details, message, "the runtime rethrows a failed invoke from its details");
        assert.deepStrictEqual(invoked, ["azure-native:containerservice:getFleet", "github:index/getUser:getUser", "x:index:nope"]);
    });
});

describe("plan monitor: aliasRequest", () => {
    const spec = (set: (s: Alias.Spec) => void) => {
        const s = new Alias.Spec();
        s.setName("old");
        s.setType("t:index:T");
        s.setStack("dev");
        s.setProject("proj");
        set(s);
        const alias = new Alias();
        alias.setSpec(s);
        return aliasRequest(alias);
    };
    const fields = { name: "old", type: "t:index:T", stack: "dev", project: "proj" };

    it("reads a spec's parent as the URN given, no parent, or the resource's own (unset)", () => {
        assert.deepStrictEqual(
            spec((s) => s.setParenturn("urn:pulumi:dev::proj::t:index:P::p")),
            { ...fields, parent: { urn: "urn:pulumi:dev::proj::t:index:P::p" } },
        );
        assert.deepStrictEqual(
            spec((s) => s.setNoparent(true)),
            { ...fields, parent: "none" },
        );
        assert.deepStrictEqual(
            spec(() => undefined),
            { ...fields, parent: "default" },
        );
    });

    it("an alias given as a URN stays that URN", () => {
        const alias = new Alias();
        alias.setUrn("urn:pulumi:dev::proj::t:index:T::given");
        assert.deepStrictEqual(aliasRequest(alias), { urn: "urn:pulumi:dev::proj::t:index:T::given" });
    });
});

describe("plan monitor: PlanMonitor records whole requests", () => {
    class Thing extends pulumi.CustomResource {
        constructor(name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
            super("test:index:Thing", name, props, opts);
        }
    }
    class Box extends pulumi.ComponentResource {
        constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
            super("test:index:Box", name, {}, opts);
            this.registerOutputs({ shown: "yes", hidden: pulumi.secret("s3cret") });
        }
    }

    class Bare extends pulumi.ComponentResource {
        constructor(name: string) {
            super("test:index:Bare", name, {});
            this.registerOutputs();
        }
    }

    it("keeps every option the engine acts on, with URNs as the engine writes them", async () => {
        const { planned } = await run(() => {
            const box = new Box("box");
            const first = new Thing("first", { a: 1 }, { parent: box });
            new Thing(
                "second",
                { ref: first.id, secret: pulumi.secret("x") },
                {
                    parent: box,
                    dependsOn: [first],
                    protect: true,
                    retainOnDelete: true,
                    ignoreChanges: ["a"],
                    replaceOnChanges: ["b"],
                    deleteBeforeReplace: true,
                    deletedWith: first,
                    aliases: [{ name: "old" }, { parent: pulumi.rootStackResource }, "urn:pulumi:test::test::test:index:Thing::given"],
                },
            );
        });
        const byName = (n: string) => planned.find((p) => p.name === n)!;
        const box = byName("box"),
            first = byName("first"),
            second = byName("second");
        assert.strictEqual(box.custom, false);
        assert.strictEqual(first.urn, "urn:pulumi:test::test::test:index:Box$test:index:Thing::first");
        assert.strictEqual(first.parent, box.urn);
        assert.deepStrictEqual(first.options, {
            dependsOn: [],
            provider: null,
            protect: false,
            retainOnDelete: false,
            ignoreChanges: [],
            replaceOnChanges: [],
            deleteBeforeReplace: false,
            aliases: [],
        });
        assert.deepStrictEqual(second.options.dependsOn, [first.urn]);
        assert.strictEqual(second.options.protect, true);
        assert.strictEqual(second.options.retainOnDelete, true);
        assert.deepStrictEqual(second.options.ignoreChanges, ["a"]);
        assert.deepStrictEqual(second.options.replaceOnChanges, ["b"]);
        assert.strictEqual(second.options.deleteBeforeReplace, true);
        assert.strictEqual(second.options.deletedWith, first.urn);
        assert.deepStrictEqual([...second.options.aliases].sort(), [
            "urn:pulumi:test::test::test:index:Box$test:index:Thing::old",
            "urn:pulumi:test::test::test:index:Thing::given",
            "urn:pulumi:test::test::test:index:Thing::second",
        ]);
        assert.deepStrictEqual(second.inputs, { ref: "first-id", secret: "[secret]" });
    });

    it("a registration the provider refuses fails the run with the provider's error", async () => {
        await assert.rejects(
            run(() => new Thing("refused", { a: 1 }), {
                outputs: (type) => {
                    if (type === "test:index:Thing") throw new Error("quota exceeded");
                    return {};
                },
            }),
            /quota exceeded/,
        );
    });

    it("records component outputs (secrets hidden), calls onRegister with the count, and shows policies secrets in clear", async () => {
        const monitor = new PlanMonitor(planMocks({}, []));
        const counts: number[] = [];
        monitor.onRegister = (n) => counts.push(n);
        monitor.policyView = new Map();
        pulumi.runtime.setMockOptions(monitor, "test", "test", false);
        await pulumi.runtime.runInPulumiStack(async () => {
            const box = new Box("box");
            const first = new Thing("first", { a: 1 }, { parent: box });
            new Thing("second", { ref: first.id, secret: pulumi.secret("x") }, { parent: box });
            new Bare("bare");
            return {};
        });
        await pulumi.runtime.disconnect();
        assert.deepStrictEqual(
            counts,
            monitor.planned.map((_, i) => i + 1),
        );
        const box = monitor.planned.find((p) => p.name === "box")!;
        assert.deepStrictEqual(monitor.outputs.get(box.urn), { shown: "yes", hidden: "[secret]" });
        assert.deepStrictEqual(monitor.outputs.get(monitor.planned.find((p) => p.name === "bare")!.urn), {}, "a component that registers no outputs has none");
        const second = monitor.planned.find((p) => p.name === "second")!;
        const view = monitor.policyView.get(second)!;
        assert.strictEqual(view.inputs.secret, "x");
        assert.deepStrictEqual(view.propertyDependencies, { ref: [monitor.planned.find((p) => p.name === "first")!.urn] });
    });
});
