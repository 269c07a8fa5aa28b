// The Azure clouds a deployment can live in, and the three things each one changes together: the audience of the
// GitHub token (which the federated credentials accept), azure/login's sign-in, and the registry's domain. Pure data.
import { AZURE_TOKEN_AUDIENCES } from "../vocabulary/oidc";
import { Problem } from "../core/problems";

/** The Azure cloud the fleet, the registry and the identity live in. */
export const AzureCloud = {
    /** Azure's global cloud: the token-exchange audience `api://AzureADTokenExchange`, registries `*.azurecr.io`. */
    Public: "public",
    /** Azure Government (Fairfax): `api://AzureADTokenExchangeUSGov`, Azure CLI cloud `AzureUSGovernment`, registries `*.azurecr.us`. */
    UsGovernment: "usGovernment",
    /** Azure operated by 21Vianet (Mooncake): `api://AzureADTokenExchangeChina`, Azure CLI cloud `AzureChinaCloud`, registries `*.azurecr.cn`. */
    China: "china",
} as const;
export type AzureCloud = (typeof AzureCloud)[keyof typeof AzureCloud];

export interface CloudSettings {
    /**
     * The audience GitHub mints the OIDC token for, which every federated credential must list: one value per cloud
     * (Microsoft Learn, "Configure an application to trust a managed identity", audiences: Public cloud
     * `api://AzureADTokenExchange`, Fairfax `api://AzureADTokenExchangeUSGov`, Mooncake `api://AzureADTokenExchangeChina`;
     * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
     */
    tokenAudience: string;
    /**
     * azure/login's `environment` (the Azure CLI's cloud name; action.yml: azurecloud, azureusgovernment, azurechinacloud,
     * read case-insensitively by src/common/LoginConfig.ts). Its `audience` input (default `api://AzureADTokenExchange`) is
     * the audience the token is requested for, so it must be `tokenAudience`.
     */
    loginEnvironment: string;
    /** The domain of the cloud's registry login servers (`NAME.azurecr.us`): the Azure CLI's `acrLoginServerEndpoint` suffix. */
    registrySuffix: string;
}

export const CLOUDS: Record<AzureCloud, CloudSettings> = {
    public: { tokenAudience: AZURE_TOKEN_AUDIENCES.public, loginEnvironment: "AzureCloud", registrySuffix: ".azurecr.io" },
    usGovernment: { tokenAudience: AZURE_TOKEN_AUDIENCES.usGovernment, loginEnvironment: "AzureUSGovernment", registrySuffix: ".azurecr.us" },
    china: { tokenAudience: AZURE_TOKEN_AUDIENCES.china, loginEnvironment: "AzureChinaCloud", registrySuffix: ".azurecr.cn" },
};

/** The settings of `cloud`; the public cloud's for a value outside AzureCloud (already reported by its validation). */
export function cloudSettings(cloud: AzureCloud | undefined): CloudSettings {
    return CLOUDS[cloud ?? AzureCloud.Public] ?? CLOUDS.public;
}

/**
 * azure/login's inputs for `cloud`: none on the public cloud (the action's defaults, so existing workflows keep their
 * text), else the cloud's `environment` and the `audience` its federated credentials accept.
 */
export function azureLoginCloudInputs(cloud: AzureCloud | undefined): Record<string, string> {
    if (cloud === undefined || cloud === AzureCloud.Public) return {};
    const settings = cloudSettings(cloud);
    return { environment: settings.loginEnvironment, audience: settings.tokenAudience };
}

/** The cloud whose registries end like `loginServer`, if any. */
function cloudOfLoginServer(loginServer: string): AzureCloud | undefined {
    const server = loginServer.trim().toLowerCase();
    return (Object.keys(CLOUDS) as AzureCloud[]).find((c) => server.endsWith(CLOUDS[c].registrySuffix));
}

/** A login server that is not in `cloud`'s registry domain: named under both arguments, with the fix. */
export function loginServerCloudProblem(loginServer: string, cloud: AzureCloud, paths: { cloud: string; loginServer: string }): Problem | undefined {
    const settings = CLOUDS[cloud];
    if (!settings || loginServer.trim().toLowerCase().endsWith(settings.registrySuffix)) return undefined;
    const other = cloudOfLoginServer(loginServer);
    const fix = other
        ? `set ${paths.cloud} "${other}" if the registry is in that cloud, or give the registry's login server in ${cloud} (NAME${settings.registrySuffix})`
        : `give the registry's login server (NAME${settings.registrySuffix}, as \`az acr show --query loginServer\` prints it), or set ${paths.cloud} to the registry's cloud`;
    return {
        path: paths.loginServer,
        message: `${paths.loginServer} ${JSON.stringify(loginServer)} is not a registry of ${paths.cloud} "${cloud}", whose login servers end in ${settings.registrySuffix}: ${fix}.`,
    };
}
