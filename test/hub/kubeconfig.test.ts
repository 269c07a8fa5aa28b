// The hub's kubeconfig as the fleet returns it (`listCredentials`) signs in by device code, kubelogin's
// default: a CI `pulumi preview` would wait for a person forever. Every login the library offers is
// non-interactive, converted the way `kubelogin convert-kubeconfig -l MODE` converts
// (Azure/kubelogin, pkg/internal/converter/convert.go).
import * as assert from "node:assert";
import * as YAML from "yaml";
import { HubLogin, nonInteractiveKubeconfig } from "../../sdk/src/hub/kubeconfig";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** The shape `az fleet get-credentials` writes. */
// biome-ignore lint/suspicious/noExportsInTest: hubComponents.test.ts signs in with the same kubeconfig
export const deviceCodeKubeconfig = YAML.stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "hub",
    clusters: [{ name: "hub", cluster: { server: "https://hub.example.invalid:443", "certificate-authority-data": "Zm9v" } }],
    contexts: [{ name: "hub", context: { cluster: "hub", user: "clusterUser_rg_hub" } }],
    users: [
        {
            name: "clusterUser_rg_hub",
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "kubelogin",
                    provideClusterInfo: false,
                    args: [
                        "get-token",
                        "--login",
                        "devicecode",
                        "--server-id",
                        SERVER_ID,
                        "--client-id",
                        "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
                        "--tenant-id",
                        TENANT,
                        "--environment",
                        "AzurePublicCloud",
                    ],
                },
            },
        },
    ],
});

const execOf = (kubeconfig: string) => YAML.parse(kubeconfig).users[0].user.exec;

describe("hub kubeconfig: never an interactive login", () => {
    for (const login of Object.values(HubLogin)) {
        it(`${login}: kubelogin get-token with that login and the hub's server id, never device code, no prompt`, () => {
            const converted = nonInteractiveKubeconfig(deviceCodeKubeconfig, login);
            const exec = execOf(converted);
            assert.deepStrictEqual(exec.args.slice(0, 5), ["get-token", "--login", login, "--server-id", SERVER_ID]);
            assert.ok(!converted.includes("devicecode"));
            assert.strictEqual(exec.interactiveMode, "Never", "client-go refuses a prompt instead of waiting");
            // The cluster, its CA and the context are untouched.
            const doc = YAML.parse(converted);
            assert.strictEqual(doc.clusters[0].cluster.server, "https://hub.example.invalid:443");
            assert.strictEqual(doc["current-context"], "hub");
        });
    }

    it("a service principal keeps the tenant and the cloud; the other logins take their client from the environment", () => {
        assert.deepStrictEqual(execOf(nonInteractiveKubeconfig(deviceCodeKubeconfig, HubLogin.ServicePrincipal)).args.slice(5), ["--tenant-id", TENANT, "--environment", "AzurePublicCloud"]);
        for (const login of [HubLogin.AzureCli, HubLogin.WorkloadIdentity, HubLogin.ManagedIdentity]) {
            const args: string[] = execOf(nonInteractiveKubeconfig(deviceCodeKubeconfig, login)).args;
            assert.ok(!args.includes("--client-id"), `${login}: the device-code client id is the AKS public client, not the caller's`);
        }
    });

    it("leaves users that are not kubelogin alone, and refuses a kubelogin user without a server id", () => {
        const local = YAML.stringify({ users: [{ name: "admin", user: { token: "abc" } }] });
        assert.deepStrictEqual(YAML.parse(nonInteractiveKubeconfig(local, HubLogin.AzureCli)), YAML.parse(local));
        const broken = YAML.stringify({ users: [{ name: "u", user: { exec: { command: "kubelogin", args: ["get-token"] } } }] });
        assert.throws(() => nonInteractiveKubeconfig(broken, HubLogin.AzureCli), /without --server-id/);
    });
});

describe("hub kubeconfig: reading kubelogin's arguments", () => {
    const withArgs = (args: string[] | undefined, command: string | null = "kubelogin") =>
        YAML.stringify({ users: [{ name: "u", user: { exec: { ...(command === null ? {} : { command }), ...(args ? { args } : {}) } } }] });

    it("reads --server-id wherever it stands, the first argument included", () => {
        const exec = execOf(nonInteractiveKubeconfig(withArgs(["--server-id", SERVER_ID, "get-token", "--login", "devicecode"]), HubLogin.AzureCli));
        assert.deepStrictEqual(exec.args, ["get-token", "--login", "azurecli", "--server-id", SERVER_ID]);
    });

    it("refuses a --server-id with no value after it, and a kubelogin user with no arguments at all", () => {
        assert.throws(() => nonInteractiveKubeconfig(withArgs(["get-token", "--server-id"]), HubLogin.AzureCli), {
            message: "the hub kubeconfig's user u runs kubelogin without --server-id: it cannot be converted to a non-interactive login.",
        });
        assert.throws(() => nonInteractiveKubeconfig(withArgs(undefined), HubLogin.AzureCli), /user u runs kubelogin without --server-id/);
    });

    it("a service principal keeps only the tenant and cloud that are given; other logins drop them", () => {
        const tenantOnly = withArgs(["get-token", "--server-id", SERVER_ID, "--tenant-id", TENANT]);
        assert.deepStrictEqual(execOf(nonInteractiveKubeconfig(tenantOnly, HubLogin.ServicePrincipal)).args, ["get-token", "--login", "spn", "--server-id", SERVER_ID, "--tenant-id", TENANT]);
        assert.deepStrictEqual(execOf(nonInteractiveKubeconfig(tenantOnly, HubLogin.WorkloadIdentity)).args, ["get-token", "--login", "workloadidentity", "--server-id", SERVER_ID]);
    });

    it("an exec user without a command, or running another plugin, is left as it is", () => {
        for (const doc of [withArgs(["get-token"], null), withArgs(["eks", "get-token"], "aws")]) {
            assert.deepStrictEqual(YAML.parse(nonInteractiveKubeconfig(doc, HubLogin.AzureCli)), YAML.parse(doc));
        }
    });
});
