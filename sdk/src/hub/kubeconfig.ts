import * as YAML from "yaml";

/**
 * How the hub's kubeconfig signs in (kubelogin login modes). Never device code: a Pulumi program run by CI
 * (`pulumi preview` on every pull request) has no one to type the code, and would wait forever.
 */
export const HubLogin = {
    /** The Azure CLI's signed-in account (`az login`, or `azure/login` in GitHub Actions). */
    AzureCli: "azurecli",
    /** A federated token file (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE), as in workload identity. */
    WorkloadIdentity: "workloadidentity",
    /** A service principal's secret or certificate (AAD_SERVICE_PRINCIPAL_CLIENT_ID and _CLIENT_SECRET, or AZURE_CLIENT_ID and AZURE_CLIENT_SECRET). */
    ServicePrincipal: "spn",
    /** The machine's managed identity (AZURE_CLIENT_ID selects a user-assigned one). */
    ManagedIdentity: "msi",
} as const;
export type HubLogin = (typeof HubLogin)[keyof typeof HubLogin];

/** `--flag value` from an exec plugin's arguments. */
function argValue(args: string[], flag: string): string | undefined {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
}

/**
 * Rewrites every kubelogin user of `kubeconfig` to `login`, as `kubelogin convert-kubeconfig -l LOGIN` does
 * (Azure/kubelogin pkg/internal/converter): `get-token --login LOGIN --server-id ID`, plus the tenant and cloud
 * for a service principal; the other modes take their client from the environment. The fleet's kubeconfig
 * (`listCredentials`) carries `--login devicecode`, kubelogin's default. `interactiveMode: Never` makes
 * client-go refuse, rather than wait for, any prompt.
 */
export function nonInteractiveKubeconfig(kubeconfig: string, login: HubLogin): string {
    const doc = YAML.parse(kubeconfig) as { users?: { name: string; user?: { exec?: { command?: string; args?: string[]; [k: string]: unknown } } }[] };
    for (const user of doc?.users ?? []) {
        const exec = user.user?.exec;
        if (!exec || !/kubelogin/i.test(exec.command ?? "")) continue;
        const old = exec.args ?? [];
        const serverId = argValue(old, "--server-id");
        if (!serverId) throw new Error(`the hub kubeconfig's user ${user.name} runs kubelogin without --server-id: it cannot be converted to a non-interactive login.`);
        const args = ["get-token", "--login", login, "--server-id", serverId];
        if (login === HubLogin.ServicePrincipal) {
            for (const flag of ["--tenant-id", "--environment"]) {
                const value = argValue(old, flag);
                if (value) args.push(flag, value);
            }
        }
        exec.args = args;
        exec.interactiveMode = "Never";
    }
    return YAML.stringify(doc, { lineWidth: 0 });
}
