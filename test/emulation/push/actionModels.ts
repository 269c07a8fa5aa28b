// What each pinned action does, as bash against the same stubs the workflow's own scripts meet: a model of the action
// at its pinned SHA (sdk/src/render/actions.ts), never the action itself. An action without a model, or an input the
// action does not declare, fails the step.
import * as fs from "node:fs";
import * as path from "node:path";
import { actionPins, PinnedAction } from "../../../sdk/src/render/actions";

export interface ModelContext {
    home: string;
    temp: string;
    workspace: string;
    files: Record<string, string>;
    kubeloginDir: string;
    job: any;
    githubPath: string;
    outputFile: string;
}

const q = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;

/**
 * azure/login at f5d393ae (src/common/LoginConfig.ts, src/Cli/AzureCliLogin.ts): validate the inputs, `az cloud set`,
 * a GitHub ID token for `audience` (@actions/core getIDToken), `az login --service-principal ... --federated-token`
 * (`--allow-no-subscriptions` when asked), then `az account set --subscription` when a subscription is given.
 */
function azureLogin(w: Record<string, string>): string {
    const environment = (w.environment ?? "azurecloud").toLowerCase();
    const audience = w.audience ?? "api://AzureADTokenExchange";
    const allowNone = (w["allow-no-subscriptions"] ?? "").toLowerCase() === "true";
    if (!w["client-id"] || !w["tenant-id"]) return `echo "::error::Using auth-type: SERVICE_PRINCIPAL. Not all values are present. Ensure 'client-id' and 'tenant-id' are supplied."; exit 1`;
    if (!w["subscription-id"] && !allowNone) return `echo "::error::Ensure 'subscription-id' is supplied or 'allow-no-subscriptions' is 'true'."; exit 1`;
    return [
        'if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ]; then echo "::error::Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable"; exit 1; fi',
        "az version > /dev/null",
        `az cloud set -n ${q(environment)}`,
        `answer=$(printf 'header = "Authorization: bearer %s"\\n' "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" | curl -sS --fail --config - --url "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=${encodeURIComponent(audience)}")`,
        'token=$(jq -r .value <<<"$answer")',
        'echo "::add-mask::$token"',
        `az login --service-principal --username ${q(w["client-id"])} --tenant ${q(w["tenant-id"])} --federated-token "$token"${allowNone ? " --allow-no-subscriptions" : ""} --output none`,
        ...(w["subscription-id"] ? [`az account set --subscription ${q(w["subscription-id"])}`] : []),
        "",
    ].join("\n");
}

export function actionModel(uses: string, w: Record<string, string>, c: ModelContext): string {
    const action = uses.split("@")[0] as PinnedAction;
    const pin = actionPins[action];
    if (!pin) return `echo "no model of ${uses}"; exit 2`;
    if (uses.split("@")[1] !== pin.sha) return `echo "${uses} is not the pinned SHA ${pin.sha}"; exit 2`;
    const unknown = Object.keys(w).filter((k) => !(pin.inputs as readonly string[]).includes(k));
    if (unknown.length > 0) return `echo "::warning::Unexpected input(s) '${unknown.join("', '")}'"; exit 2`;
    switch (action) {
        case "actions/checkout":
            for (const [file, content] of Object.entries(c.files)) {
                fs.mkdirSync(path.dirname(path.join(c.workspace, file)), { recursive: true });
                fs.writeFileSync(path.join(c.workspace, file), content);
            }
            return "true";
        case "azure/login":
            return azureLogin(w);
        case "azure/use-kubelogin": {
            // Installs kubelogin and adds it to PATH for the job's later steps. Without a version it asks the GitHub API
            // for the latest release, and throws unless GITHUB_TOKEN is in its environment (src/gh.ts at 0ce7c361).
            const version = w["kubelogin-version"] ?? "latest";
            return [
                ...(version === "latest" ? ['if [ -z "${GITHUB_TOKEN:-}" ]; then echo "::error::GITHUB_TOKEN is not set, unable to resolve the latest version of kubelogin"; exit 1; fi'] : []),
                `echo ${q(c.kubeloginDir)} >> "$GITHUB_PATH"`,
            ].join("\n");
        }
        case "docker/setup-buildx-action":
        case "azure/setup-helm":
        case "azure/setup-kubectl":
            return "true";
        case "docker/build-push-action": {
            const flags = [
                `--file ${q(w.file ?? "Dockerfile")}`,
                ...String(w.tags ?? "")
                    .split(/[\n,]/)
                    .filter(Boolean)
                    .map((t) => `--tag ${q(t.trim())}`),
                ...((w.push ?? "false") === "true" ? ["--push"] : []),
                ...(w["cache-from"] ? [`--cache-from ${q(w["cache-from"])}`] : []),
                ...(w["cache-to"] ? [`--cache-to ${q(w["cache-to"])}`] : []),
            ];
            return `docker buildx build ${flags.join(" ")} ${q(w.context ?? ".")}`;
        }
        case "azure/k8s-bake": {
            // Kustomize's output, here the overlay's manifests put together, in a bundle file named by an output.
            const bundle = path.join(c.temp, "baked-template.yaml");
            return [
                `find ${q(w.kustomizationPath)} -name '*.yaml' ! -name kustomization.yaml | sort | while read -r f; do echo '---'; cat "$f"; done > ${q(bundle)}`,
                `echo "manifestsBundle=${bundle}" >> "$GITHUB_OUTPUT"`,
            ].join("\n");
        }
        case "Azure/k8s-deploy":
            // With resource-type fleets: apply to the hub with the job's kubeconfig (KUBECONFIG from $GITHUB_ENV).
            return `kubectl apply -f ${q(String(w.manifests).split("\n")[0])} --namespace ${q(w.namespace)}`;
        default:
            return `echo "no model of ${uses}"; exit 2`;
    }
}
