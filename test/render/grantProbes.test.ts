import * as assert from "assert";
import { hubAccessProbe, hubGrantProbe, pushGrantProbe, RETRY, retrySleepSeconds, waitForGrant } from "../../sdk/src/render/scripts";
import { haveBash, jwt, NO_SLEEP, runStep } from "./workflowFixtures";

// The grant probes run for real against fake az, kubelogin, kubectl and curl: each answer they can get must end in
// the reason the log shows, and no token may reach the log unmasked.
const probe = (lines: string[]) => ["set -uo pipefail", "probe() {", ...lines.map((l) => `  ${l}`), "}", "if probe; then rc=0; else rc=$?; fi", 'echo "rc=$rc reason=${reason:-}"'].join("\n");
const REGISTRY = { REGISTRY: "contoso", LOGIN_SERVER: "contoso.azurecr.io", REPOSITORY: "web" };
const HUB = { FLEET_RESOURCE_GROUP: "rg", FLEET_NAME: "fleet", KUBECONFIG: "kubeconfig", NAMESPACE: "web" };

describe("render/scripts: the grant probes, against fake tools", function () {
    before(function () { if (!haveBash()) this.skip(); });

    it("bounds the wait: 10 attempts, 430 s of sleep in all", () => {
        assert.strictEqual(retrySleepSeconds(), 10 + 20 + 40 + 60 * 6);
        assert.deepStrictEqual(RETRY, { attempts: 10, firstDelaySeconds: 10, maxDelaySeconds: 60 });
        const script = ["set -euo pipefail", ...waitForGrant("the grant", ['reason="not yet"', "return 1"], "Not granted", "Check it."), 'echo "never"'].join("\n");
        const r = runStep(script, {}, NO_SLEEP);
        assert.strictEqual(r.status, 1);
        assert.deepStrictEqual(r.calls.map((c) => Number(c.split(" ")[1])), [10, 20, 40, 60, 60, 60, 60, 60, 60]);
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
        assert.deepStrictEqual(lines.filter((l) => l.includes(access)), [`::add-mask::${access}`]);
        assert.ok(lines.indexOf("::add-mask::REFRESH") >= 0 && lines.indexOf("::add-mask::REFRESH") < lines.indexOf(`::add-mask::${access}`));
        const signIn = runStep(probe(pushGrantProbe(true)), REGISTRY, { az: 'case "$*" in *"-o none"*) echo "ERROR: denied"; exit 1 ;; esac' });
        assert.match(signIn.stdout, /^rc=1 reason=the registry sign-in failed: ERROR: denied$/m);
    });

    it("hub: each failing step gives its own reason, ending in the last line of its output", () => {
        const ok = { az: "exit 0", kubelogin: "exit 0", kubectl: "echo yes" };
        assert.match(runStep(probe(hubGrantProbe()), HUB, ok).stdout, /^rc=0 reason=$/m);
        assert.match(runStep(probe(hubGrantProbe()), HUB, { ...ok, az: "echo one; echo 'ERROR: (AuthorizationFailed)'; exit 1" }).stdout, /^rc=1 reason=getting the hub credentials failed: ERROR: \(AuthorizationFailed\)$/m);
        assert.match(runStep(probe(hubGrantProbe()), HUB, { ...ok, kubelogin: "echo one; echo 'no azurecli token'; exit 1" }).stdout, /^rc=1 reason=kubelogin convert-kubeconfig failed: no azurecli token$/m);
        const no = runStep(probe(hubGrantProbe()), HUB, { ...ok, kubectl: "echo no; exit 1" });
        assert.match(no.stdout, /^rc=1 reason=kubectl auth can-i create deployments.apps --namespace web answered: no$/m);
        assert.ok(no.calls.includes("kubectl auth can-i create deployments.apps --namespace web"), no.calls.join("\n"));
        assert.deepStrictEqual(hubAccessProbe(["get", "pods"]).filter((l) => l.includes("can-i")), ["if out=$(kubectl auth can-i get pods 2>&1); then", "reason=\"kubectl auth can-i get pods answered: $(printf '%s\\n' \"$out\" | tail -n 1)\""]);
    });
});
