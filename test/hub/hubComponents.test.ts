// The hub components as registered: what each one is given to act with (its provider and the parent its invokes
// inherit a provider from), what it records as outputs, how it refuses bad input, and the hub objects of a staged
// rollout's identity.
import * as assert from "node:assert";
import * as YAML from "yaml";
import * as azure from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, fleetHubProvider, HubNamespace, NamespacePlacement } from "../../sdk/src";
import { FLEET, REGISTRY } from "../fixtures";
import { ofType, refusal, run, RunOptions } from "../harness";
import { deviceCodeKubeconfig } from "./kubeconfig.test";

const PROVIDER = "pulumi:providers:kubernetes";
const CREDENTIALS = "azure-native:containerservice:listFleetCredentials";
/** The fleet answers with the kubeconfig `az fleet get-credentials` writes (device code). */
const deviceCode: RunOptions = {
    showSecrets: true,
    invokes: { [CREDENTIALS]: () => ({ kubeconfigs: [{ name: "hub", value: Buffer.from(deviceCodeKubeconfig).toString("base64") }] }) },
};
const loginOf = (kubeconfig: string) => {
    const args: string[] = YAML.parse(kubeconfig).users[0].user.exec.args;
    return args[args.indexOf("--login") + 1];
};

describe("HubNamespace", () => {
    it("an existing namespace is never written to: no Namespace, no patch (an Azure-managed one refuses writes)", async () => {
        const { resources } = await run(() => new HubNamespace("apps", { fleetId: FLEET, namespace: "apps", existing: true }));
        assert.deepStrictEqual(
            resources.filter((r) => r.type.startsWith("kubernetes:core/v1:Namespace")),
            [],
        );
    });

    it("records its namespace as its output", async () => {
        const { outputs, planned } = await run(() => new HubNamespace("apps", { fleetId: FLEET, namespace: "team-apps" }));
        assert.deepStrictEqual(outputs.get(planned.find((p) => p.name === "apps")!.urn), { namespace: "team-apps" });
    });

    const refused: [string, Record<string, unknown>, string, string][] = [
        ["a fleet id that is a registry", { fleetId: REGISTRY }, "fleetId", "fleetId"],
        ["an unknown login", { hubLogin: "devicecode" }, "hubLogin", 'hubLogin is a string ("devicecode"); expected one of "azurecli", "workloadidentity", "spn", "msi"'],
        ["an unknown mode", { mode: "arm" }, "mode", 'mode is a string ("arm"); expected one of "kubernetes", "managed"'],
        [
            "a network policy on a Kubernetes namespace",
            { networkPolicy: { ingress: "DenyAll" } },
            "networkPolicy",
            'networkPolicy is a property of a Fleet managed namespace, but mode is "kubernetes": set mode "managed", or drop networkPolicy.',
        ],
    ];
    for (const [label, extra, path, message] of refused) {
        it(`refuses ${label}, naming ${path}`, async () => {
            const error = await refusal(() => new HubNamespace("apps", { fleetId: FLEET, namespace: "apps", ...extra } as never));
            assert.deepStrictEqual(
                error?.errors?.map((e: any) => e.propertyPath),
                [path],
                error?.message,
            );
            assert.ok(error.errors[0].reason.includes(message), error.errors[0].reason);
            assert.ok(error.message.startsWith('HubNamespace "apps" has an invalid argument:'), error.message);
        });
    }

    it("a second HubNamespace of one namespace on one fleet is refused, naming the first and a free name", async () => {
        const error = await refusal(() => {
            new HubNamespace("a", { fleetId: FLEET, namespace: "apps" });
            new HubNamespace("b", { fleetId: FLEET, namespace: "apps" });
        });
        assert.deepStrictEqual(error?.errors, [
            {
                propertyPath: "namespace",
                reason: 'hub namespace "apps" is already declared by HubNamespace "a" (its namespace): each deployment stages into its own namespace (two would overwrite each other\'s manifests, and one placement would withdraw the other\'s); set namespace on one of them, e.g. "apps-2".',
            },
        ]);
    });

    it("a login other than the Azure CLI's is another shared provider for the same hub, named after it", async () => {
        const { resources } = await run(() => {
            new HubNamespace("a", { fleetId: FLEET, namespace: "a" });
            new HubNamespace("b", { fleetId: FLEET, namespace: "b", hubLogin: "workloadidentity" });
            new HubNamespace("c", { fleetId: FLEET, namespace: "c", hubLogin: "workloadidentity" });
        }, deviceCode);
        const providers = ofType(resources, PROVIDER);
        assert.deepStrictEqual(
            providers.map((p) => p.name),
            ["hub-hub", "hub-hub-workloadidentity"],
        );
        assert.deepStrictEqual(
            providers.map((p) => loginOf(p.inputs.kubeconfig)),
            ["azurecli", "workloadidentity"],
        );
    });

    it("a fleet without a hub fails the run with what is wrong", async () => {
        await assert.rejects(
            run(() => new HubNamespace("apps", { fleetId: FLEET, namespace: "apps" }), { invokes: { [CREDENTIALS]: () => ({ kubeconfigs: [] }) } }),
            /The fleet returned no kubeconfig: is it a fleet with a hub cluster\? A hubless fleet has nothing to stage into\./,
        );
    });
});

describe("NamespacePlacement", () => {
    const placement = { clusterNames: ["eastus"] };

    it("builds its own hub provider under itself, whose credentials are read through the parent's Azure provider", async () => {
        const { resources, invokes, outputs, planned } = await run(() => {
            const azureProvider = new azure.Provider("other-subscription", {});
            new NamespacePlacement("web", { fleetId: FLEET, namespace: "web", placement }, { providers: [azureProvider] });
        }, deviceCode);
        const component = planned.find((p) => p.name === "web")!;
        const [provider] = ofType(resources, PROVIDER);
        assert.strictEqual(provider.name, "web-hub");
        assert.strictEqual(provider.parent, component.urn);
        assert.strictEqual(loginOf(provider.inputs.kubeconfig), "azurecli");
        const credentials = invokes.find((i) => i.token === CREDENTIALS)!;
        assert.match(credentials.provider ?? "", /::other-subscription::/, "the fleet's credentials come through the component's Azure provider");
        assert.deepStrictEqual(outputs.get(component.urn), { placementName: "web" });
    });

    it("refuses a fleet id that is no fleet, naming fleetId", async () => {
        const error = await refusal(() => new NamespacePlacement("web", { fleetId: REGISTRY, namespace: "web", placement }));
        assert.deepStrictEqual(
            error?.errors?.map((e: any) => e.propertyPath),
            ["fleetId"],
        );
        assert.ok(error.message.startsWith('NamespacePlacement "web" has an invalid argument:'), error.message);
    });
});

describe("fleetHubProvider", () => {
    it("a named provider for the hub, with the login asked for and the options given, its credentials read under its parent", async () => {
        const { resources, invokes, planned } = await run(() => {
            const parent = new pulumi.ComponentResource("test:index:Platform", "platform", {}, { providers: [new azure.Provider("platform-azure", {})] });
            fleetHubProvider("hub-msi", FLEET, { parent }, "msi");
        }, deviceCode);
        const [provider] = ofType(resources, PROVIDER);
        assert.strictEqual(provider.name, "hub-msi");
        assert.strictEqual(provider.parent, planned.find((p) => p.name === "platform")!.urn);
        assert.strictEqual(loginOf(provider.inputs.kubeconfig), "msi");
        assert.match(invokes.find((i) => i.token === CREDENTIALS)!.provider ?? "", /::platform-azure::/);
    });

    it("refuses a fleet id that is no fleet and an unknown login, naming each", async () => {
        const error = await refusal(() => fleetHubProvider("hub", REGISTRY, {}, "devicecode" as never));
        assert.deepStrictEqual(
            error?.errors?.map((e: any) => e.propertyPath),
            ["fleetId", "login"],
        );
        assert.ok(error.message.startsWith('fleetHubProvider "hub" has 2 invalid arguments:'), error.message);
    });
});

describe("staged rollout: the rollout identity's hub objects", () => {
    it("the ClusterRole and its binding go through the hub provider, under the deployment, the binding after the role", async () => {
        const { resources } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    repository: "contoso/web",
                    fleetId: FLEET,
                    registryId: REGISTRY,
                    members: [{ name: "canary" }, { name: "eastus" }],
                    placement: {
                        stagedRollout: {
                            stages: [
                                { name: "canary", clusterLabels: { "fleet-stage": "canary" } },
                                { name: "rest", clusterLabels: { "fleet-stage": "rest" } },
                            ],
                        },
                    },
                }),
        );
        const [hub] = ofType(resources, PROVIDER);
        const [role] = ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole");
        const [binding] = ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
        const deployment = resources.find((r) => r.name === "web")!;
        for (const r of [role, binding]) {
            assert.ok(r.provider.startsWith(`${hub.urn}::`), `${r.name} on the hub: ${r.provider}`);
            assert.strictEqual(r.parent, deployment.urn);
        }
        assert.ok(binding.dependencies.includes(role.urn), "the binding is created after the role it binds");
    });
});
