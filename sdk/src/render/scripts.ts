// Bash for the workflow's `run:` steps. Every value arrives through the step's env, never spliced into the text.

/**
 * Role assignments can take up to 10 minutes to take effect (Microsoft Learn, "Troubleshoot Azure RBAC"), and the
 * first push may run seconds after onboarding. So the first registry call and the first hub call wait, bounded:
 * 10 attempts, sleeping 10, 20, 40, then 60 s (430 s of sleep in all), saying what they wait for and why.
 */
export const RETRY = { attempts: 10, firstDelaySeconds: 10, maxDelaySeconds: 60 } as const;

/** Total sleep of a loop that never succeeds: what RETRY bounds. */
export function retrySleepSeconds(): number {
    let total = 0;
    for (let i = 1, d: number = RETRY.firstDelaySeconds; i < RETRY.attempts; i++, d = Math.min(d * 2, RETRY.maxDelaySeconds)) total += d;
    return total;
}

/** The env a wait's fresh sign-in reads (see signInAgain); the step fills them from vars or secrets. */
export const SIGN_IN_ENV = {
    clientId: "SIGN_IN_CLIENT_ID",
    tenantId: "SIGN_IN_TENANT_ID",
    subscriptionId: "SIGN_IN_SUBSCRIPTION_ID",
    audience: "SIGN_IN_AUDIENCE",
} as const;

/**
 * `sign_in`: azure/login's OIDC sign-in once more, with a GitHub ID token of its own. A wait outlives the token
 * azure/login stored: GitHub's ID token is valid for 5 minutes and Azure CLI cannot renew it, so any token request it
 * makes later (a new resource such as the hub's, an expired cache entry) fails with AADSTS700024 (Azure/azure-cli
 * issues 28708 and 28737; Azure/login issue 372). The token is requested as azure/login requests it (@actions/core
 * getIDToken, bundled at azure/login f5d393ae: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<encoded>, bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN, JSON `.value`), the request token on curl's stdin, never on a command line; then the
 * same `az login` as its src/Cli/AzureCliLogin.ts (`--service-principal --username --tenant --federated-token`).
 * `--allow-no-subscriptions`: without it `az login` fails with "No subscriptions found for CLIENT." until a role of
 * the identity is visible (azure-cli _profile.py, Profile.login); with it the subscription is selected afterwards,
 * against the list this sign-in just cached ("The subscription of '...' doesn't exist in cloud", Profile.
 * set_active_subscription): both are propagation, so both end the attempt with a reason and the wait goes on.
 */
function signInAgain(): string[] {
    const e = SIGN_IN_ENV;
    return [
        "sign_in() {",
        "  local answer token out",
        '  if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ] || [ -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]; then',
        '    echo "::error title=No GitHub ID token::This job cannot request an ID token: it needs permissions id-token: write."',
        "    exit 1",
        "  fi",
        `  if ! answer=$(printf 'header = "Authorization: bearer %s"\n' "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" | curl -sS --fail --config - --url "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$(jq -rn --arg a "$${e.audience}" '$a | @uri')" 2>&1); then`,
        `    reason="GitHub gave no ID token: ${lastLine("$answer")}"`,
        "    return 1",
        "  fi",
        "  token=$(jq -r '.value // empty' <<<\"$answer\" 2>/dev/null || true)",
        '  if [ -z "$token" ]; then',
        '    reason="GitHub answered without an ID token"',
        "    return 1",
        "  fi",
        '  echo "::add-mask::$token"',
        `  if ! out=$(az login --service-principal --username "$${e.clientId}" --tenant "$${e.tenantId}" --federated-token "$token" --allow-no-subscriptions -o none 2>&1); then`,
        `    reason="the sign-in failed: ${lastLine("$out")}"`,
        "    return 1",
        "  fi",
        `  if ! out=$(az account set --subscription "$${e.subscriptionId}" -o none 2>&1); then`,
        `    reason="subscription $${e.subscriptionId} is not among those the identity can see yet (a role in it may still be propagating): ${lastLine("$out")}"`,
        "    return 1",
        "  fi",
        "}",
    ];
}

/**
 * A bounded retry around `probe`, a bash function body that returns 0 once the access is there, or sets `reason`
 * (one line) and returns non-zero. `what` names the grant being waited for; `failure` ends the error after the last
 * try. Each attempt first signs in again (signInAgain): the loop outlives the ID token of the job's sign-in, and each
 * sign-in refreshes the subscriptions Azure CLI may select.
 */
export function waitForGrant(what: string, probe: string[], title: string, failure: string): string[] {
    return [
        ...signInAgain(),
        "probe() {",
        "  sign_in || return 1",
        ...probe.map((l) => `  ${l}`),
        "}",
        `attempts=${RETRY.attempts}`,
        `delay=${RETRY.firstDelaySeconds}`,
        "attempt=1",
        'reason=""',
        "until probe; do",
        '  if [ "$attempt" -ge "$attempts" ]; then',
        `    echo "::error title=${title}::${failure} Gave up after $attempts attempts; last answer: $reason"`,
        "    exit 1",
        "  fi",
        `  echo "Waiting for role assignment propagation (${what}), attempt $attempt/$attempts: $reason. Next try in \${delay}s."`,
        '  sleep "$delay"',
        "  attempt=$((attempt + 1))",
        `  delay=$((delay * 2 > ${RETRY.maxDelaySeconds} ? ${RETRY.maxDelaySeconds} : delay * 2))`,
        "done",
    ];
}

/** The last line of a command's output, for a one-line reason. */
const lastLine = (v: string) => `$(printf '%s\\n' "${v}" | tail -n 1)`;

/**
 * Probe: may the signed-in identity push to $REPOSITORY in $REGISTRY ($LOGIN_SERVER)? `az acr login` succeeds
 * without any data-plane role (the push then fails), so ask the registry's token service for a push token and read
 * the actions it granted: its access token lists only what the caller may do (Azure/acr docs/AAD-OAuth.md, "token
 * claim sets"; the Docker registry token spec). No token is ever printed: each is masked as soon as it is read.
 * With `dockerLogin`, Docker's credential (what buildx pushes with) is taken last, once the token shows push: one taken
 * before could predate the grant and lack push although the probe passed.
 */
export function pushGrantProbe(dockerLogin: boolean): string[] {
    const docker = dockerLogin ? ['if ! out=$(az acr login --name "$REGISTRY" -o none 2>&1); then', `  reason="the registry sign-in failed: ${lastLine("$out")}"`, "  return 1", "fi"] : [];
    return [
        'if ! token=$(az acr login --name "$REGISTRY" --expose-token --query accessToken --output tsv 2>/dev/null); then',
        '  reason="the registry gave no refresh token"',
        "  return 1",
        "fi",
        'echo "::add-mask::$token"',
        'if ! answer=$(printf \'%s\' "$token" | curl -sS --fail --data-urlencode grant_type=refresh_token --data-urlencode "service=$LOGIN_SERVER" \\',
        '    --data-urlencode "scope=repository:$REPOSITORY:pull,push" --data-urlencode refresh_token@- "https://$LOGIN_SERVER/oauth2/token" 2>&1); then',
        `  reason="the registry refused a push token: ${lastLine("$answer")}"`,
        "  return 1",
        "fi",
        "access=$(jq -r '.access_token // empty' <<<\"$answer\")",
        'echo "::add-mask::$access"',
        "claims=$(cut -d. -f2 <<<\"$access\" | tr '_-' '/+')",
        'while [ $(( ${#claims} % 4 )) -ne 0 ]; do claims="$claims="; done',
        'claims=$(base64 -d <<<"$claims" 2>/dev/null || true)',
        'if ! jq -e \'has("access")\' <<<"$claims" >/dev/null 2>&1; then',
        '  echo "::notice title=Push rights not checked::The registry token lists no granted actions; going ahead."',
        ...docker.map((l) => `  ${l}`),
        "  return 0",
        "fi",
        'if ! jq -e --arg repo "$REPOSITORY" \'any(.access[]?; .type == "repository" and .name == $repo and ((.actions // []) | (index("push") != null or index("*") != null)))\' <<<"$claims" >/dev/null; then',
        '  reason="the registry grants no push on $REPOSITORY yet"',
        "  return 1",
        "fi",
        ...docker,
        "return 0",
    ];
}

/**
 * Probe: the hub's credentials, then may the signed-in identity do `canI` (`kubectl auth can-i` arguments, e.g. write
 * Deployments in $NAMESPACE, what Fleet RBAC Writer grants)? Two assignments propagate independently: Hub Cluster User on the fleet (`az fleet
 * get-credentials`, fleets/listCredentials/action) and the namespace's RBAC Writer. So this does what
 * azure/aks-set-context does for fleets (its src/run.ts: `az fleet get-credentials -f FILE`, then `kubelogin
 * convert-kubeconfig -l azurecli`, so no device-code prompt), inside the retry, which an action cannot be.
 */
export function hubAccessProbe(canI: string[]): string[] {
    const shown = canI.join(" ").replace(/"/g, "");
    return [
        'rm -f "$KUBECONFIG"',
        'if ! out=$(az fleet get-credentials --resource-group "$FLEET_RESOURCE_GROUP" --name "$FLEET_NAME" --file "$KUBECONFIG" -o none 2>&1); then',
        `  reason="getting the hub credentials failed: ${lastLine("$out")}"`,
        "  return 1",
        "fi",
        "if ! out=$(kubelogin convert-kubeconfig -l azurecli 2>&1); then",
        `  reason="kubelogin convert-kubeconfig failed: ${lastLine("$out")}"`,
        "  return 1",
        "fi",
        `if out=$(kubectl auth can-i ${canI.join(" ")} 2>&1); then`,
        "  return 0",
        "fi",
        `reason="kubectl auth can-i ${shown} answered: ${lastLine("$out")}"`,
        "return 1",
    ];
}

/** The deploy identity's probe: may it write Deployments in its namespace? A function, so nothing renders at import. */
export function hubGrantProbe(): string[] {
    return hubAccessProbe(["create", "deployments.apps", "--namespace", '"$NAMESPACE"']);
}
