// Each rule of the fake (fake.js) shown refusing, through the same stubs the emulated workflow meets: a fake that
// accepted everything would let the first-push scenarios pass for nothing. One job, one bash step per rule.
import * as assert from "node:assert";
import { base, haveBash } from "../../render/workflowFixtures";
import { actionPins } from "../../../sdk/src/render/actions";
import { runWorkflow } from "./runner";
import { IDS, Timing, world } from "./world";

const NOW: Timing = { credential: 0, registryRoles: 0, hubRoles: 0, build: 60 };
/** Signs in as azure/login does; `$1` the audience. Defines `sign_in` for the scripts below. */
const SIGN_IN = `
id_token() { printf 'header = "Authorization: bearer %s"\\n' "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" | curl -sS --fail --config - --url "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=\${1:-api%3A%2F%2FAzureADTokenExchange}" | jq -r .value; }
sign_in() { az login --service-principal --username ${IDS.deploy} --tenant ${IDS.tenant} --federated-token "$(id_token "$@")" --allow-no-subscriptions -o none; }
`;

function attempt(script: string, timing: Partial<Timing> = {}, permissions: Record<string, string> = { "id-token": "write" }) {
    const text = JSON.stringify({ on: "push", jobs: { t: { "runs-on": "ubuntu-latest", permissions, steps: [{ name: "rule", run: SIGN_IN + script }] } } });
    const r = runWorkflow(text, world({ ...base, registryAbac: false }, { ...NOW, ...timing }));
    return { ...r.jobs.t.steps[0], state: r.state };
}

describe("emulation fakes: every rule refuses", function () {
    this.timeout(120000);
    before(function () {
        if (!haveBash()) this.skip();
    });

    it("GitHub: no ID token without id-token: write (the runner sets no request URL or token)", () => {
        const r = attempt("set -o pipefail; id_token", {}, { contents: "read" });
        assert.strictEqual(r.outcome, "failure");
        assert.match(r.output, /Could not resolve host: &audience=/, "no ACTIONS_ID_TOKEN_REQUEST_URL to ask");
    });

    it("Entra: a credential still propagating refuses with AADSTS70021", () => {
        const r = attempt("sign_in", { credential: 300 });
        assert.match(r.output, /AADSTS70021: No matching federated identity record found/);
    });

    it("Entra: a token for another audience refuses with AADSTS700212", () => {
        const r = attempt("sign_in api%3A%2F%2FAzureADTokenExchangeUSGov");
        assert.match(r.output, /AADSTS700212: .*audience 'api:\/\/AzureADTokenExchangeUSGov'/);
    });

    it("Entra: an ID token older than 5 minutes refuses with AADSTS700024", () => {
        const r = attempt('t=$(id_token); sleep 301; az login --service-principal --username deploy-client --tenant tenant-1 --federated-token "$t" --allow-no-subscriptions');
        assert.match(r.output, /AADSTS700024: Client assertion is not within its valid time range/);
    });

    it("Azure CLI: 'No subscriptions found' before any role is visible, unless --allow-no-subscriptions", () => {
        const r = attempt('az login --service-principal --username deploy-client --tenant tenant-1 --federated-token "$(id_token)"', { registryRoles: 600, hubRoles: 600 });
        assert.match(r.output, /No subscriptions found for deploy-client\./);
        assert.strictEqual(attempt("sign_in", { registryRoles: 600, hubRoles: 600 }).outcome, "success");
    });

    it("Azure CLI: account set and --subscription check the list cached at sign-in; a new sign-in refreshes it", () => {
        const r = attempt(
            "sign_in; sleep 600; az account set --subscription sub-1 || true; az acr build --registry contoso --subscription sub-1 --image web:1 . || true; sign_in; az account set --subscription sub-1 && echo SELECTED",
            { registryRoles: 300, hubRoles: 300 },
        );
        assert.match(r.output, /The subscription of 'sub-1' doesn't exist in cloud 'AzureCloud'\./);
        assert.match(r.output, /Subscription 'sub-1' not found\. Check the spelling and casing and try again\./);
        assert.match(r.output, /SELECTED/);
    });

    it("Azure CLI: a cached token keeps working; a token for a new resource after the assertion expired is AADSTS700024", () => {
        const r = attempt(
            "sign_in; az account set --subscription sub-1; sleep 400; az acr login --name contoso --expose-token >/dev/null && echo CACHED-ARM-OK; az account get-access-token --resource 6dae42f8-4368-4678-94ff-3960e28e3630",
        );
        assert.match(r.output, /CACHED-ARM-OK/);
        assert.match(r.output, /AADSTS700024/);
    });

    it("ARM: listCredentials and ACR Tasks are AuthorizationFailed until their roles are in effect", () => {
        const r = attempt(`sign_in; az account set --subscription sub-1; az fleet get-credentials --resource-group fleet-rg --name fleet --file "$RUNNER_TEMP/k" || true`, { hubRoles: 600 });
        assert.match(r.output, /\(AuthorizationFailed\) .*Microsoft\.ContainerService\/fleets\/listCredentials\/action/);
        const tasks = attempt("sign_in; az account set --subscription sub-1; az acr build --registry contoso --image web:1 .");
        assert.match(tasks.output, /\(AuthorizationFailed\) .*listBuildSourceUploadUrl/, "no Tasks Contributor in a runner layout");
    });

    it("ARM: a fleet or a registry the world does not hold is not found", () => {
        const fleet = attempt(`sign_in; az account set --subscription sub-1; az fleet get-credentials --resource-group fleet-rg --name other --file "$RUNNER_TEMP/k"`);
        assert.match(fleet.output, /\(ResourceNotFound\) The Resource 'Microsoft.ContainerService\/fleets\/other' under resource group 'fleet-rg' was not found/);
        const registry = attempt("sign_in; az account set --subscription sub-1; az acr build --registry other --image web:1 .");
        assert.match(registry.output, /The resource with name 'other' and type 'Microsoft.ContainerRegistry\/registries' could not be found/);
    });

    it("Entra: a flexible credential admits what its pattern matches ('*' spans '/'), and refuses other subjects with AADSTS70021", () => {
        const text = JSON.stringify({ on: "push", jobs: { t: { "runs-on": "ubuntu-latest", permissions: { "id-token": "write" }, steps: [{ name: "rule", run: `${SIGN_IN}sign_in` }] } } });
        const flexible = (ref: string) => {
            const w = world(base, NOW);
            (w.state.identities as any)[IDS.deploy].credentials = [
                { pattern: "repo:contoso/web:ref:refs/heads/release/*", audience: "api://AzureADTokenExchange", createdAt: 0, propagationSeconds: 0 },
            ];
            return runWorkflow(text, { ...w, github: { ...w.github, ref } }).jobs.t.steps[0];
        };
        assert.strictEqual(flexible("refs/heads/release/2.0/hotfix").outcome, "success");
        assert.match(flexible("refs/heads/main").output, /AADSTS70021: .*Assertion Subject: 'repo:contoso\/web:ref:refs\/heads\/main'/);
        assert.match(flexible("refs/heads/releases").output, /AADSTS70021/);
    });

    it("ACR: the token endpoint grants push only once AcrPush is in effect", () => {
        const script = `sign_in; sleep 1; t=$(az acr login --name contoso --expose-token); printf '%s' "$t" | curl -sS --fail --data-urlencode grant_type=refresh_token --data-urlencode scope=repository:web:pull,push --data-urlencode refresh_token@- https://contoso.azurecr.io/oauth2/token | jq -r .access_token | cut -d. -f2 | base64 -d 2>/dev/null; echo`;
        assert.match(attempt(script, { registryRoles: 600 }).output, /"actions":\["pull"\]/);
        assert.match(attempt(script).output, /"actions":\["pull","push"\]/);
    });

    it("Docker: a credential taken before the grant keeps lacking push (denied), one taken after pushes", () => {
        const r = attempt("sign_in; az acr login --name contoso; sleep 120; docker buildx build --tag contoso.azurecr.io/web:1 --push .", { registryRoles: 60, hubRoles: 0 });
        assert.match(r.output, /denied: requested access to the resource is denied/);
        const after = attempt("sign_in; sleep 120; az acr login --name contoso; docker buildx build --tag contoso.azurecr.io/web:1 --push .", { registryRoles: 60, hubRoles: 0 });
        assert.strictEqual(after.outcome, "success", after.output);
        assert.match(attempt("docker buildx build --tag contoso.azurecr.io/web:1 --push .").output, /unauthorized: authentication required/);
    });

    it("BuildKit: a failed cache export fails the build unless ignore-error=true", () => {
        const build = (to: string) => `sign_in; az acr login --name contoso; docker buildx build --tag contoso.azurecr.io/web:1 --push --cache-to '${to}' .`;
        const r = attempt(build("type=registry,ref=contoso.azurecr.io/web:buildcache,mode=max"), { cacheExportFailures: 1 });
        assert.strictEqual(r.outcome, "failure");
        assert.match(r.output, /failed to solve: .*400 Bad Request/);
        assert.strictEqual(attempt(build("type=registry,ref=contoso.azurecr.io/web:buildcache,mode=max,ignore-error=true"), { cacheExportFailures: 1 }).outcome, "success");
    });

    it("use-kubelogin (the action's model): no kubelogin-version and no GITHUB_TOKEN fails as its src/gh.ts does; a pinned version installs", () => {
        const job = (step: Record<string, unknown>) =>
            JSON.stringify({ on: "push", jobs: { t: { "runs-on": "ubuntu-latest", permissions: {}, steps: [step, { name: "which", run: "command -v kubelogin" }] } } });
        const use = `azure/use-kubelogin@${actionPins["azure/use-kubelogin"].sha}`;
        const unpinned = runWorkflow(job({ name: "k", uses: use }), world(base, NOW)).jobs.t.steps[0];
        assert.strictEqual(unpinned.outcome, "failure");
        assert.match(unpinned.output, /GITHUB_TOKEN is not set, unable to resolve the latest version of kubelogin/);
        const pinned = runWorkflow(job({ name: "k", uses: use, with: { "kubelogin-version": "v0.2.19" } }), world(base, NOW)).jobs.t.steps;
        assert.deepStrictEqual(
            pinned.map((x) => x.outcome),
            ["success", "success"],
            "kubelogin is on PATH for the next step",
        );
    });

    it("kubectl: the hub's kubeconfig needs kubelogin on PATH, a non-interactive login, and RBAC Writer in the namespace", () => {
        const creds = `sign_in; az account set --subscription sub-1; export KUBECONFIG="$RUNNER_TEMP/k"; az fleet get-credentials --resource-group fleet-rg --name fleet --file "$KUBECONFIG"`;
        assert.match(attempt(`${creds}; kubectl auth can-i create deployments.apps --namespace web`).output, /executable kubelogin not found/);
        const withKubelogin = `${creds}; export PATH="$(dirname "$(dirname "$(command -v az)")")/kubelogin:$PATH"`;
        assert.match(attempt(`${withKubelogin}; kubectl auth can-i create deployments.apps --namespace web`).output, /devicelogin/);
        const converted = `${withKubelogin}; kubelogin convert-kubeconfig -l azurecli; kubectl auth can-i create deployments.apps --namespace`;
        assert.match(attempt(`${converted} web`).output, /^yes$/m);
        assert.match(attempt(`${converted} other`).output, /^no$/m);
    });
});
