// The two constants every GitHub-to-Azure federation names (FACTS.md): read by the identity part, the cloud table
// and the policy pack.

/** The issuer every GitHub Actions OIDC token carries, in every Azure cloud (FACTS.md). */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
/** The token-exchange audience of Azure's public cloud; sovereign clouds have their own (azure/cloud.ts, the `cloud` argument). */
export const AZURE_TOKEN_AUDIENCE = "api://AzureADTokenExchange";
