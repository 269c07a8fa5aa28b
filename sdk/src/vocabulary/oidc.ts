// The constants every GitHub-to-Azure federation names (FACTS.md): read by the identity part, the cloud table
// and the policy pack.

/** The issuer every GitHub Actions OIDC token carries, in every Azure cloud (FACTS.md). */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
/**
 * The token-exchange audience of each Azure cloud (Microsoft Learn, "Configure an application to trust a managed
 * identity"): what every federated credential must list. azure/cloud.ts pairs each with the cloud's other settings.
 */
export const AZURE_TOKEN_AUDIENCES = {
    public: "api://AzureADTokenExchange",
    usGovernment: "api://AzureADTokenExchangeUSGov",
    china: "api://AzureADTokenExchangeChina",
} as const;
/** The token-exchange audience of Azure's public cloud; sovereign clouds have their own (the `cloud` argument). */
export const AZURE_TOKEN_AUDIENCE = AZURE_TOKEN_AUDIENCES.public;
