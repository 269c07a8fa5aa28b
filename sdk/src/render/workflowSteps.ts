// The steps of the deployment workflow: sign-in and build. Hub steps are in hubSteps.ts.
import { azureLoginCloudInputs, cloudSettings } from "../azure/cloud";
import { actionPins, PinnedAction } from "./actions";
import { pushGrantProbe, SIGN_IN_ENV, waitForGrant } from "./scripts";
import { BUILDKIT_DRIVER_OPTS } from "./tools";
import { BuildMode, CredentialStore, LayerCache, WorkflowSpec } from "./workflowSpec";

export type Step = Record<string, unknown>;

/** A `uses:` step pinned to the SHA from the pins table; the version is added as a comment later. */
export function uses(action: PinnedAction, name: string, withInputs?: Record<string, string>, extra?: Step): Step {
    return { name, ...extra, uses: `${action}@${actionPins[action].sha}`, ...(withInputs ? { with: withInputs } : {}) };
}

export const expr = (e: string) => `\${{ ${e} }}`;

const storeOf = (spec: WorkflowSpec) => (spec.credentialStore === CredentialStore.Secrets ? "secrets" : "vars");

/**
 * `azure/login` with OIDC. The assertion it stores expires in about 5 minutes and Azure CLI cannot renew it: every
 * wait signs in again (scripts.ts, signInAgain). Every sign-in of every job is this step, so each one signs in to the
 * spec's cloud with its audience. No `subscription-id`: the action would run `az account set --subscription` right
 * after `az login` (src/Cli/AzureCliLogin.ts, callCliLogin), which fails until a role of a new identity is visible,
 * and `az login` alone fails then with "No subscriptions found" unless `allow-no-subscriptions` (azure-cli
 * _profile.py, Profile.login). Both are propagation on a first push, so the step signs in without a subscription and
 * each wait selects it after its own fresh sign-in, retrying while it is not visible yet.
 */
export function azureLogin(spec: WorkflowSpec, name = "Sign in to Azure with OIDC", extra?: Step, clientId = spec.variables.clientId): Step {
    const store = storeOf(spec);
    return uses(
        "azure/login",
        name,
        {
            "client-id": expr(`${store}.${clientId}`),
            "tenant-id": expr(`${store}.${spec.variables.tenantId}`),
            "allow-no-subscriptions": "true",
            ...azureLoginCloudInputs(spec.cloud),
        },
        extra,
    );
}

/**
 * What a wait's fresh sign-in reads (scripts.ts SIGN_IN_ENV): the identity's ids from where the credential store keeps
 * them, the subscription the wait selects (`subscription`: a variable name, the deployment's subscription when not
 * given) and the audience the cloud's federated credentials accept.
 */
export function signInEnv(spec: WorkflowSpec, clientId = spec.variables.clientId, subscription?: string): Record<string, string> {
    const store = storeOf(spec);
    return {
        [SIGN_IN_ENV.clientId]: expr(`${store}.${clientId}`),
        [SIGN_IN_ENV.tenantId]: expr(`${store}.${spec.variables.tenantId}`),
        [SIGN_IN_ENV.subscriptionId]: subscription ? expr(`vars.${subscription}`) : expr(`${store}.${spec.variables.subscriptionId}`),
        [SIGN_IN_ENV.audience]: cloudSettings(spec.cloud).tokenAudience,
    };
}

/** Seconds to wait before the 2nd and 3rd sign-in attempt. */
export const SIGN_IN_WAITS = [60, 120];

/**
 * Checkout and the sign-in. The first run starts right after onboarding, and Entra documents that a token
 * request minutes after a federated credential is created may fail with AADSTS70021 (workload identity
 * federation, "Important considerations and restrictions"): a failed sign-in is retried, twice, after a
 * logged wait, never more.
 */
export function signInSteps(spec: WorkflowSpec, as: { clientId?: string; checkout?: boolean } = {}): Step[] {
    const ids = SIGN_IN_WAITS.map((_, i) => `azure-login-${i + 1}`);
    const retries = SIGN_IN_WAITS.flatMap((seconds, i) => {
        const failed = `steps.${ids[i]}.outcome == 'failure'`;
        const last = i === SIGN_IN_WAITS.length - 1;
        return [
            {
                name: `Wait for the federated credential to propagate (attempt ${i + 2}/${SIGN_IN_WAITS.length + 1})`,
                if: failed,
                env: { WAIT_SECONDS: String(seconds) },
                run: 'echo "::warning title=Sign-in failed::The sign-in failed; a new federated credential can take minutes to be accepted (AADSTS70021). Waiting ${WAIT_SECONDS}s before signing in again."\nsleep "$WAIT_SECONDS"',
            },
            azureLogin(spec, `Sign in to Azure with OIDC (attempt ${i + 2}/${SIGN_IN_WAITS.length + 1})`, { if: failed, ...(last ? {} : { id: ids[i + 1], "continue-on-error": true }) }, as.clientId),
        ];
    });
    return [
        // No token left in .git/config for later steps to read.
        ...(as.checkout === false ? [] : [uses("actions/checkout", "Check out", { "persist-credentials": "false" })]),
        azureLogin(spec, undefined, { id: ids[0], "continue-on-error": true }, as.clientId),
        ...retries,
    ];
}

const ROLE_WAIT_TITLE = "Registry access not granted";

export function buildSteps(spec: WorkflowSpec): Step[] {
    const v = spec.variables;
    const image = `${expr(`vars.${v.registryLoginServer}`)}/${spec.build.imageName}`;
    // Expressions reach scripts through env only, never spliced into the script text.
    const ref: Step = {
        name: "Name the image",
        id: "image",
        env: { IMAGE: image },
        run: 'echo "ref=$IMAGE:$GITHUB_SHA" >> "$GITHUB_OUTPUT"',
    };
    const registryEnv = {
        REGISTRY: expr(`vars.${v.registryName}`),
        LOGIN_SERVER: expr(`vars.${v.registryLoginServer}`),
        REPOSITORY: spec.build.imageName,
    };
    // The registry's own subscription when it is named (the registry may live outside the fleet's).
    const signIn = signInEnv(spec, undefined, v.registrySubscriptionId);
    if (spec.build.mode === BuildMode.AcrTasks) return [ref, ...(spec.registryAbac ? [pushGrantStep({ ...registryEnv, ...signIn }, false)] : []), acrTasksStep(spec)];
    const cache = cacheInputs(spec.build.layerCache, image);
    return [
        ref,
        pushGrantStep({ ...registryEnv, ...signIn }, true),
        uses("docker/setup-buildx-action", "Set up buildx", { "driver-opts": BUILDKIT_DRIVER_OPTS }),
        uses("docker/build-push-action", "Build and push", {
            context: spec.build.context,
            file: spec.build.dockerfile,
            push: "true",
            tags: expr("steps.image.outputs.ref"),
            ...cache,
        }),
    ];
}

/** The first registry call: waits until the registry grants the identity push on the app's repository. */
function pushGrantStep(env: Record<string, string>, dockerLogin: boolean): Step {
    return {
        name: dockerLogin ? "Sign in to the registry (waits for push rights)" : "Wait for push rights on the registry",
        env,
        run: [
            "set -euo pipefail",
            ...waitForGrant(
                "push on repository $REPOSITORY in registry $REGISTRY",
                pushGrantProbe(dockerLogin),
                ROLE_WAIT_TITLE,
                "The deploy identity still cannot push to $REPOSITORY in $REGISTRY: check its AcrPush (or, on an ABAC registry, Container Registry Repository Writer) assignment.",
            ),
            "",
        ].join("\n"),
    };
}

/**
 * `az acr build`, retried only while ARM refuses it (Container Registry Tasks Contributor not effective yet): a
 * failing build is not retried. `--resource-group` and `--subscription` name the registry's own: without them the
 * CLI looks the registry up by name in the signed-in subscription, the fleet's (azure-cli acr/_utils.py,
 * get_registry_by_name). On an ABAC registry a quick build has no data-plane access of its own and needs
 * `--source-acr-auth-id [caller]` (Microsoft Learn, container-registry-rbac-abac-repository-permissions).
 */
function acrTasksStep(spec: WorkflowSpec): Step {
    const v = spec.variables;
    const scoped = v.registryResourceGroup !== undefined && v.registrySubscriptionId !== undefined;
    const flags = [
        '--registry "$REGISTRY"',
        ...(scoped ? ['--resource-group "$REGISTRY_RESOURCE_GROUP"', '--subscription "$REGISTRY_SUBSCRIPTION"'] : []),
        // Quoted: unquoted, bash would glob-expand [caller] against one-letter file names.
        ...(spec.registryAbac ? ["--source-acr-auth-id '[caller]'"] : []),
        '--image "$IMAGE"',
        `--file ${quote(spec.build.dockerfile)}`,
        quote(spec.build.context),
        "-o none",
    ];
    return {
        name: "Build and push with ACR Tasks",
        env: {
            REGISTRY: expr(`vars.${v.registryName}`),
            ...(scoped ? { REGISTRY_RESOURCE_GROUP: expr(`vars.${v.registryResourceGroup}`), REGISTRY_SUBSCRIPTION: expr(`vars.${v.registrySubscriptionId}`) } : {}),
            IMAGE: `${spec.build.imageName}:${expr("github.sha")}`,
            ...signInEnv(spec, undefined, scoped ? v.registrySubscriptionId : undefined),
        },
        run: [
            "set -euo pipefail",
            "log=$(mktemp)",
            ...waitForGrant(
                "Container Registry Tasks Contributor on registry $REGISTRY",
                [
                    `if az acr build ${flags.join(" ")} 2>&1 | tee "$log"; then`,
                    "  return 0",
                    "fi",
                    // `--subscription` is checked against the subscriptions cached at sign-in (azure-cli _profile.py,
                    // Profile.get_subscription): not listed yet is propagation too.
                    'if grep -qE "AuthorizationFailed|does not have authorization|Subscription \'[^\']*\' not found" "$log"; then',
                    '  reason="Azure refused to queue the build (not authorized yet)"',
                    "  return 1",
                    "fi",
                    'echo "::error title=ACR Tasks build failed::The build failed (see its log above); not an authorization error, so not retried."',
                    "exit 1",
                ],
                ROLE_WAIT_TITLE,
                "Azure still refuses to queue ACR Tasks builds in $REGISTRY: check the deploy identity's Container Registry Tasks Contributor assignment.",
            ),
            "",
        ].join("\n"),
    };
}

/**
 * The layer cache. `ignore-error=true`: BuildKit fails the build when a cache export fails (moby/buildkit issue 2578,
 * the option from PR 3430; Docker docs, "cache storage backends"), after the image is pushed, and ACR has answered
 * cache pushes with intermittent 400s: a lost cache costs the next build time, not this deployment.
 */
function cacheInputs(cache: LayerCache, image: string): Record<string, string> {
    switch (cache) {
        case LayerCache.Registry:
            return { "cache-from": `type=registry,ref=${image}:buildcache`, "cache-to": `type=registry,ref=${image}:buildcache,mode=max,ignore-error=true` };
        case LayerCache.GitHub:
            return { "cache-from": "type=gha", "cache-to": "type=gha,mode=max,ignore-error=true" };
        case LayerCache.None:
            return {};
    }
}

/** Shell-quotes a path for a `run:` script. */
export function quote(value: string): string {
    return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
