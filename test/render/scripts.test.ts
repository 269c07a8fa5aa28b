// The waits' bash (sdk/src/render/scripts.ts): the bounded retry, the grant probes and each attempt's fresh sign-in,
// run for real against fake az, kubelogin, kubectl and curl: each answer they can get must end in the reason the log
// shows, and no token may reach the log unmasked.
import * as assert from "node:assert";
import { scopeCheckScript } from "../../sdk/src/render/hubKinds";
import { manifestSteps } from "../../sdk/src/render/hubSteps";
import { hubAccessProbe, hubGrantProbe, pushGrantProbe, RETRY, retrySleepSeconds, waitForGrant } from "../../sdk/src/render/scripts";
import { base, beyondSignIn, haveBash, ID_TOKEN_REQUEST, jwt, NO_SLEEP, runStep, withSignIn } from "./workflowFixtures";

const probe = (lines: string[]) => ["set -uo pipefail", "probe() {", ...lines.map((l) => `  ${l}`), "}", "if probe; then rc=0; else rc=$?; fi", 'echo "rc=$rc reason=${reason:-}"'].join("\n");
const REGISTRY = { REGISTRY: "contoso", LOGIN_SERVER: "contoso.azurecr.io", REPOSITORY: "web" };
const HUB = { FLEET_RESOURCE_GROUP: "rg", FLEET_NAME: "fleet", KUBECONFIG: "kubeconfig", NAMESPACE: "web" };

describe("render/scripts", () => {
    it("scripts start strict, and a probe without the docker sign-in starts at the token", () => {
        assert.strictEqual(scopeCheckScript().split("\n")[0], "set -euo pipefail");
        assert.ok(pushGrantProbe(false)[0].startsWith("if ! token=$(az acr login"), pushGrantProbe(false)[0]);
        const render = manifestSteps({ ...base, manifests: { ...base.manifests, source: "helm", path: "c" } }).steps.find((s) => s.name === "Render the chart");
        assert.strictEqual((render?.env as Record<string, string> | undefined)?.IMAGE_REPOSITORY, "${{ vars.ACR_LOGIN_SERVER }}/web");
    });

    describe("the grant probes, against fake tools", () => {
        before(function () {
            if (!haveBash()) this.skip();
        });

        it("bounds every wait: 10 attempts, at most 10 minutes of sleep", () => {
            assert.strictEqual(RETRY.attempts, 10);
            assert.ok(retrySleepSeconds() <= 600, String(retrySleepSeconds()));
        });

        it("bounds the wait: 10 attempts, 430 s of sleep in all", () => {
            assert.strictEqual(retrySleepSeconds(), 10 + 20 + 40 + 60 * 6);
            assert.deepStrictEqual(RETRY, { attempts: 10, firstDelaySeconds: 10, maxDelaySeconds: 60 });
            const script = ["set -euo pipefail", ...waitForGrant("the grant", ['reason="not yet"', "return 1"], "Not granted", "Check it."), 'echo "never"'].join("\n");
            const r = runStep(script, { SIGN_IN_CLIENT_ID: "c", SIGN_IN_TENANT_ID: "t", SIGN_IN_SUBSCRIPTION_ID: "s", SIGN_IN_AUDIENCE: "a" }, withSignIn(NO_SLEEP));
            assert.strictEqual(r.status, 1);
            assert.deepStrictEqual(
                beyondSignIn(r.calls).map((c) => Number(c.split(" ")[1])),
                [10, 20, 40, 60, 60, 60, 60, 60, 60],
            );
            assert.strictEqual(r.calls.filter((c) => c.startsWith("az login ")).length, 10, "a fresh sign-in on every attempt");
            assert.match(r.stdout, /^::error title=Not granted::Check it\. Gave up after 10 attempts; last answer: not yet$/m);
        });

        it("registry: no refresh token, a refused token request, and the access token masked before anything prints", () => {
            const noToken = runStep(probe(pushGrantProbe(false)), REGISTRY, { az: "exit 1" });
            assert.match(noToken.stdout, /^rc=1 reason=the registry gave no refresh token$/m);
            assert.ok(!noToken.calls.some((c) => c.includes("-o none")), "no docker sign-in unless asked");
            const refused = runStep(probe(pushGrantProbe(false)), REGISTRY, { az: "echo REFRESH", curl: "cat >/dev/null; echo 'first'; echo 'HTTP 401 unauthorized'; exit 22" });
            assert.match(refused.stdout, /^rc=1 reason=the registry refused a push token: HTTP 401 unauthorized$/m);
            const access = jwt({ access: [{ type: "repository", name: "web", actions: ["push"] }] });
            const granted = runStep(probe(pushGrantProbe(true)), REGISTRY, { az: 'case "$*" in *--expose-token*) echo REFRESH ;; esac', curl: `cat >/dev/null; echo '{"access_token":"${access}"}'` });
            assert.match(granted.stdout, /^rc=0 reason=$/m);
            const lines = granted.stdout.split("\n");
            assert.deepStrictEqual(
                lines.filter((l) => l.includes(access)),
                [`::add-mask::${access}`],
            );
            assert.ok(lines.indexOf("::add-mask::REFRESH") >= 0 && lines.indexOf("::add-mask::REFRESH") < lines.indexOf(`::add-mask::${access}`));
            const signIn = runStep(probe(pushGrantProbe(true)), REGISTRY, {
                az: 'case "$*" in *"-o none"*) echo "ERROR: denied"; exit 1 ;; *--expose-token*) echo REFRESH ;; esac',
                curl: `cat >/dev/null; echo '{"access_token":"${access}"}'`,
            });
            assert.match(signIn.stdout, /^rc=1 reason=the registry sign-in failed: ERROR: denied$/m);
            // Docker's credential only once the token shows push: one taken before could predate the grant.
            const noPush = jwt({ access: [{ type: "repository", name: "web", actions: ["pull"] }] });
            const notYet = runStep(probe(pushGrantProbe(true)), REGISTRY, { az: 'case "$*" in *--expose-token*) echo REFRESH ;; esac', curl: `cat >/dev/null; echo '{"access_token":"${noPush}"}'` });
            assert.match(notYet.stdout, /^rc=1 reason=the registry grants no push on web yet$/m);
            assert.deepStrictEqual(
                notYet.calls.filter((c) => c.startsWith("az ")),
                ["az acr login --name contoso --expose-token --query accessToken --output tsv"],
            );
            assert.deepStrictEqual(
                granted.calls.filter((c) => c.startsWith("az ")),
                ["az acr login --name contoso --expose-token --query accessToken --output tsv", "az acr login --name contoso -o none"],
            );
        });

        it("hub: each failing step gives its own reason, ending in the last line of its output", () => {
            const ok = { az: "exit 0", kubelogin: "exit 0", kubectl: "echo yes" };
            assert.match(runStep(probe(hubGrantProbe()), HUB, ok).stdout, /^rc=0 reason=$/m);
            assert.match(
                runStep(probe(hubGrantProbe()), HUB, { ...ok, az: "echo one; echo 'ERROR: (AuthorizationFailed)'; exit 1" }).stdout,
                /^rc=1 reason=getting the hub credentials failed: ERROR: \(AuthorizationFailed\)$/m,
            );
            assert.match(
                runStep(probe(hubGrantProbe()), HUB, { ...ok, kubelogin: "echo one; echo 'no azurecli token'; exit 1" }).stdout,
                /^rc=1 reason=kubelogin convert-kubeconfig failed: no azurecli token$/m,
            );
            const no = runStep(probe(hubGrantProbe()), HUB, { ...ok, kubectl: "echo no; exit 1" });
            assert.match(no.stdout, /^rc=1 reason=kubectl auth can-i create deployments.apps --namespace web answered: no$/m);
            assert.ok(no.calls.includes("kubectl auth can-i create deployments.apps --namespace web"), no.calls.join("\n"));
            assert.deepStrictEqual(
                hubAccessProbe(["get", "pods"]).filter((l) => l.includes("can-i")),
                ["if out=$(kubectl auth can-i get pods 2>&1); then", 'reason="kubectl auth can-i get pods answered: $(printf \'%s\\n\' "$out" | tail -n 1)"'],
            );
        });

        describe("each attempt signs in again with a fresh GitHub ID token (azure/login's token expires after 5 minutes)", () => {
            const wait = () => ["set -euo pipefail", ...waitForGrant("the grant", ['reason="not yet"', "return 1"], "Not granted", "Check it.")].join("\n");
            const ids = { SIGN_IN_CLIENT_ID: "client-1", SIGN_IN_TENANT_ID: "tenant-1", SIGN_IN_SUBSCRIPTION_ID: "sub-1", SIGN_IN_AUDIENCE: "api://AzureADTokenExchangeUSGov" };

            it("requests the token as azure/login does (URL&audience=, bearer request token), off the command line, masked before az login uses it", () => {
                const r = runStep(wait(), ids, withSignIn(NO_SLEEP));
                const request = r.calls.find((c) => c.startsWith("curl "))!;
                assert.ok(request.endsWith(`--url ${ID_TOKEN_REQUEST.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=api%3A%2F%2FAzureADTokenExchangeUSGov`), request);
                assert.ok(!r.calls.some((c) => c.includes(ID_TOKEN_REQUEST.ACTIONS_ID_TOKEN_REQUEST_TOKEN)), "the request token is on no command line");
                assert.strictEqual(require("node:fs").readFileSync(`${r.dir}/calls.idrequest`, "utf8"), `header = "Authorization: bearer ${ID_TOKEN_REQUEST.ACTIONS_ID_TOKEN_REQUEST_TOKEN}"\n`);
                assert.ok(
                    r.calls.includes("az login --service-principal --username client-1 --tenant tenant-1 --federated-token GITHUB-ID-TOKEN --allow-no-subscriptions -o none"),
                    r.calls.join("\n"),
                );
                assert.ok(r.calls.includes("az account set --subscription sub-1 -o none"));
                const lines = r.stdout.split("\n");
                assert.ok(lines.indexOf("::add-mask::GITHUB-ID-TOKEN") >= 0 && lines.filter((l) => l.includes("GITHUB-ID-TOKEN")).every((l) => l === "::add-mask::GITHUB-ID-TOKEN"));
            });

            // Entra refuses a new federated credential for minutes (AADSTS70021,
            // workload-identity-federation-considerations); Azure CLI lists no subscription until a role is visible and
            // checks `account set` against that list (azure-cli _profile.py, Profile.login / set_active_subscription):
            // each is propagation, so the wait goes on.
            it("a refused sign-in (AADSTS70021) and a subscription not visible yet are reasons to wait, not to fail", () => {
                const refused = runStep(wait(), ids, withSignIn(NO_SLEEP, 'echo "ERROR: AADSTS70021: No matching federated identity record found for presented assertion." >&2; exit 1'));
                assert.strictEqual(refused.status, 1);
                assert.match(refused.stdout, /attempt 1\/10: the sign-in failed: ERROR: AADSTS70021: No matching federated identity record found/);
                assert.strictEqual(refused.calls.filter((c) => c.startsWith("curl ")).length, 10, "a new ID token each attempt");
                const hidden = runStep(wait(), ids, {
                    ...withSignIn(NO_SLEEP),
                    az: `case "$1 $2" in "account set") echo "ERROR: The subscription of 'sub-1' doesn't exist in cloud 'AzureCloud'." >&2; exit 1 ;; esac; exit 0`,
                });
                assert.match(
                    hidden.stdout,
                    /attempt 1\/10: subscription sub-1 is not among those the identity can see yet \(a role in it may still be propagating\): ERROR: The subscription of 'sub-1' doesn't exist in cloud 'AzureCloud'\./,
                );
                assert.match(hidden.stdout, /Gave up after 10 attempts; last answer: subscription sub-1 is not among/);
            });

            it("a job without id-token: write fails at once, naming the permission, instead of waiting in vain", () => {
                const r = runStep(wait(), { ...ids, ACTIONS_ID_TOKEN_REQUEST_URL: "", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "" }, withSignIn(NO_SLEEP));
                assert.strictEqual(r.status, 1);
                assert.match(r.stdout, /::error title=No GitHub ID token::This job cannot request an ID token: it needs permissions id-token: write\./);
                assert.deepStrictEqual(r.calls, []);
            });
        });
    });
});
