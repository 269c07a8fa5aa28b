// Generates the two programs each benchmark size plans: one that uses the library, and the floor, a
// hand-written program that registers the same resources directly with the providers.
import * as fs from "node:fs";
import * as path from "node:path";
import { deploymentSpec } from "../sdk/src/deployment/plan";
import { renderWorkflow } from "../sdk/src/render/workflow";

const SUB = "11111111-2222-3333-4444-555555555555";
export const FLEET = `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/hub`;
export const REGISTRY = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/acr`;

const common = (apps: number, members: number) => `
const crypto = require("crypto");
const APPS = ${apps}, MEMBERS = ${members};
const FLEET = ${JSON.stringify(FLEET)};
const REGISTRY = ${JSON.stringify(REGISTRY)};
const guid = (s) => { const h = crypto.createHash("sha1").update(s).digest("hex"); return \`\${h.slice(0, 8)}-\${h.slice(8, 12)}-5\${h.slice(13, 16)}-8\${h.slice(17, 20)}-\${h.slice(20, 32)}\`; };
const members = Array.from({ length: MEMBERS }, (_, j) => ({ name: \`member-\${j}\`, kubeletPrincipalId: guid(\`kubelet-\${j}\`) }));
const k8s = require("@pulumi/kubernetes");
const hub = new k8s.Provider("hub", { kubeconfig: "apiVersion: v1\\nkind: Config\\n" });
`;

/** The library program: one FleetAutomatedDeployment per app, each with every member granted and placed. */
export function libraryProgram(apps: number, members: number): string {
    return `${common(apps, members)}
const { FleetAutomatedDeployment } = require("fleet-autodeploy");
for (let i = 0; i < APPS; i++) {
    new FleetAutomatedDeployment(\`app-\${i}\`, {
        repository: \`contoso/app-\${i}\`, ownerId: 4711, repositoryId: 1000 + i,
        fleetId: FLEET, registryId: REGISTRY, hubProvider: hub, members, placement: {},
    });
}
`;
}

/**
 * The floor: what an expert writes by hand for the same outcome, with the provider classes: one pull
 * grant per member (not per app), the same workflow text from one template, names hashed inline; no
 * validation, no components.
 */
export function floorProgram(apps: number, members: number): string {
    return `${common(apps, members)}
const managedidentity = require("@pulumi/azure-native/managedidentity");
const authorization = require("@pulumi/azure-native/authorization");
const github = require("@pulumi/github");
const ISSUER = "https://token.actions.githubusercontent.com", AUDIENCE = "api://AzureADTokenExchange";
const role = (name, scope, principalId, guidOfRole) => new authorization.RoleAssignment(name, {
    scope, principalId, principalType: "ServicePrincipal",
    roleDefinitionId: \`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/\${guidOfRole}\`,
    roleAssignmentName: require("@pulumi/pulumi").output(principalId).apply((p) => guid(\`\${scope}|\${p}|\${guidOfRole}\`)),
});
// The same workflow text the library commits, as an expert would keep it: one template, filled per app.
const WORKFLOW = ${JSON.stringify(workflowTemplate())};
const workflow = (app, sfx) => WORKFLOW.split("__APP__").join(app).split("__SFX__").join(sfx);
// One AcrPull per member, whatever number of apps it runs: Azure holds one assignment per (registry, kubelet, role).
for (const m of members) role(\`acr-pull-\${m.name}\`, REGISTRY, m.kubeletPrincipalId, "7f951dda-4ed3-4680-a7ca-43fe172d538d");
for (let i = 0; i < APPS; i++) {
    const app = \`app-\${i}\`;
    const id = new managedidentity.UserAssignedIdentity(\`\${app}-oidc-identity\`, { resourceGroupName: "rg-fleet", resourceName: \`gh-contoso-\${app}\` });
    const fic1 = new managedidentity.FederatedIdentityCredential(\`\${app}-fic-main\`, { resourceGroupName: "rg-fleet", resourceName: id.name, issuer: ISSUER, audiences: [AUDIENCE], subject: \`repo:contoso/\${app}:ref:refs/heads/main\` });
    new managedidentity.FederatedIdentityCredential(\`\${app}-fic-main-immutable\`, { resourceGroupName: "rg-fleet", resourceName: id.name, issuer: ISSUER, audiences: [AUDIENCE], subject: \`repo:contoso@4711/\${app}@\${1000 + i}:ref:refs/heads/main\` }, { dependsOn: [fic1] });
    role(\`\${app}-push\`, REGISTRY, id.principalId, "8311e382-0749-4cb8-b61a-304f252e45ec");
    role(\`\${app}-hub-writer\`, \`\${FLEET}/namespaces/\${app}\`, id.principalId, "5af6afb3-c06c-4fa4-8848-71a8aee05683");
    role(\`\${app}-hub-user\`, FLEET, id.principalId, "850c5848-fc51-4a9a-8823-f220370626e3");
    const sfx = app.toUpperCase().replace(/-/g, "_");
    const vars = { AZURE_CLIENT_ID: id.clientId, AZURE_TENANT_ID: id.tenantId, AZURE_SUBSCRIPTION_ID: "${SUB}", ACR_NAME: "acr", ACR_LOGIN_SERVER: "acr.azurecr.io", FLEET_NAME: "hub", FLEET_RESOURCE_GROUP: "rg-fleet" };
    for (const [variableName, value] of Object.entries(vars)) new github.ActionsVariable(\`\${app}-var-\${variableName}\`, { repository: app, variableName: \`\${variableName}_\${sfx}\`, value });
    new github.RepositoryFile(\`\${app}-workflow\`, { repository: app, branch: "main", file: \`.github/workflows/fleet-deploy-\${app}.yml\`, content: workflow(app, sfx), overwriteOnCreate: false });
    const ns = new k8s.core.v1.Namespace(\`\${app}-namespace\`, { metadata: { name: app } }, { provider: hub, retainOnDelete: true });
    new k8s.apiextensions.CustomResource(\`\${app}-crp\`, {
        apiVersion: "placement.kubernetes-fleet.io/v1", kind: "ClusterResourcePlacement", metadata: { name: app },
        spec: { resourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: app }], policy: { placementType: "PickFixed", clusterNames: members.map((m) => m.name) } },
    }, { provider: hub, dependsOn: [ns] });
}
`;
}

/** The library's rendered workflow for an app, with its name and variable suffix as placeholders. */
function workflowTemplate(): string {
    const spec = deploymentSpec("app-x", { repository: "contoso/app-x", ownerId: 4711, repositoryId: 1000, fleetId: FLEET, registryId: REGISTRY });
    return renderWorkflow(spec.workflow).split("app-x").join("__APP__").split("APP_X").join("__SFX__");
}

/** Writes a program folder the plan engine can run. */
export function writeProgram(dir: string, name: string, source: string): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
    fs.writeFileSync(path.join(dir, "index.js"), source);
    return dir;
}
