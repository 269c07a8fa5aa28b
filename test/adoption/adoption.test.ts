// Adoption of what the portal's Automated Deployments (or a person) created: every adopted object is registered with
// Pulumi's import option and its real id, under the name that is its identity, so the first `up` imports it instead of
// creating a second one that Azure, Entra or GitHub refuse. Nothing is imported unless asked.
import * as assert from "node:assert";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs } from "../../sdk/src";
import { adoptionSpec } from "../../sdk/src/identity/adoption";
import { FLEET, FLEET_RG, REGISTRY, SUB } from "../fixtures";
import { ofType, Registered, run, attempt } from "../harness";

const APP = "6f1c2b3a-1111-4222-8333-444455556666";
const SP = "7a2d3c4b-2222-4333-8444-555566667777";
const CRED = "8b3e4d5c-3333-4444-8555-666677778888";
const ra = (scope: string, guid: string) => `${scope}/providers/Microsoft.Authorization/roleAssignments/${guid}`;
const PUSH = ra(REGISTRY, "11111111-aaaa-4bbb-8ccc-000000000001");
const WRITER = ra(`${FLEET}/namespaces/web`, "11111111-aaaa-4bbb-8ccc-000000000002");
const USER = ra(FLEET, "11111111-aaaa-4bbb-8ccc-000000000003");
const MI = `/subscriptions/${SUB}/resourceGroups/rg-portal/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-portal-id`;

/** As the portal onboards an app: an Entra app with one branch credential, three roles, bare secrets, its workflow file, and the namespace. */
const portal: FleetAutomatedDeploymentArgs = {
    repository: "contoso/web",
    fleetId: FLEET,
    registryId: REGISTRY,
    subjectFormat: "legacy",
    identityKind: "application",
    credentialStore: "secrets",
    variableSuffix: "",
    workflowPath: ".github/workflows/web-portal.yml",
    adopt: {
        identity: APP,
        servicePrincipal: SP,
        federatedCredentials: [{ subject: "repo:contoso/web:ref:refs/heads/main", name: "web-main-portal", id: CRED }],
        roleAssignments: { registryPush: PUSH, hubNamespaceWriter: WRITER, hubClusterUser: USER },
        githubValues: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID"],
        workflow: true,
        namespace: true,
    },
};

const imports = (resources: Registered[]) => new Map(resources.filter((r) => r.importId).map((r) => [`${r.type} ${r.name}`, r.importId]));

describe("adoption: what the portal created, imported by the first up", () => {
    it("registers every adopted object with its real id, and nothing else with one", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", portal));
        assert.deepStrictEqual(Object.fromEntries(imports(resources)), {
            "azuread:index/application:Application web-oidc-app": `/applications/${APP}`,
            "azuread:index/servicePrincipal:ServicePrincipal web-oidc-sp": `/servicePrincipals/${SP}`,
            "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential web-oidc-fic-branch-main": `${APP}/federatedIdentityCredential/${CRED}`,
            "azure-native:authorization:RoleAssignment web-push": PUSH,
            "azure-native:authorization:RoleAssignment web-ns-hub-writer": WRITER,
            "azure-native:authorization:RoleAssignment web-ns-hub-user": USER,
            "github:index/actionsSecret:ActionsSecret web-github-secret-azure-client-id": "web:AZURE_CLIENT_ID",
            "github:index/actionsSecret:ActionsSecret web-github-secret-azure-tenant-id": "web:AZURE_TENANT_ID",
            "github:index/actionsSecret:ActionsSecret web-github-secret-azure-subscription-id": "web:AZURE_SUBSCRIPTION_ID",
            "github:index/repositoryFile:RepositoryFile web-github-file-github-workflows-web-portal-yml": "web:.github/workflows/web-portal.yml:main",
            "kubernetes:core/v1:Namespace web-ns-namespace": "web",
        });
    });

    it("keeps each adopted object's identity: names that a change would replace stay the existing ones", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", portal));
        const by = (name: string) => resources.find((r) => r.name === name)!;
        assert.strictEqual(by("web-oidc-fic-branch-main").inputs.displayName, "web-main-portal");
        assert.strictEqual(by("web-oidc-fic-branch-main").inputs.subject, "repo:contoso/web:ref:refs/heads/main");
        assert.strictEqual(by("web-push").inputs.roleAssignmentName, "11111111-aaaa-4bbb-8ccc-000000000001");
        assert.strictEqual(by("web-ns-hub-writer").inputs.roleAssignmentName, "11111111-aaaa-4bbb-8ccc-000000000002");
        assert.strictEqual(by("web-ns-hub-writer").inputs.scope, `${FLEET}/namespaces/web`);
        assert.strictEqual(by("web-ns-hub-user").inputs.roleAssignmentName, "11111111-aaaa-4bbb-8ccc-000000000003");
        assert.strictEqual(by("web-ns-namespace").retainOnDelete, true, "an adopted namespace is retained on destroy, as a created one");
    });

    it("writes a ':' inside an import id's part as the GitHub provider reads it back ('??')", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...portal, workflowPath: ".github/workflows/web:portal.yml" }));
        const [file] = ofType(resources, "github:index/repositoryFile:RepositoryFile");
        assert.strictEqual(file.importId, "web:.github/workflows/web??portal.yml:main");
    });

    it("a deployment without adopt imports nothing", async () => {
        const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...portal, adopt: undefined }));
        assert.deepStrictEqual([...imports(resources).keys()], []);
    });

    it("adopts a managed identity by its resource id: name and group follow it, its location is taken as it is", async () => {
        const { resources } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    repository: "contoso/web",
                    fleetId: FLEET,
                    registryId: REGISTRY,
                    subjectFormat: "legacy",
                    adopt: { identity: MI, federatedCredentials: [{ subject: "repo:contoso/web:ref:refs/heads/main", name: "portal-main" }] },
                }),
        );
        const [identity] = ofType(resources, "azure-native:managedidentity:UserAssignedIdentity");
        assert.strictEqual(identity.importId, MI);
        assert.strictEqual(identity.inputs.resourceName, "web-portal-id");
        assert.strictEqual(identity.inputs.resourceGroupName, "rg-portal");
        assert.deepStrictEqual(identity.ignoreChanges, ["location"]);
        const [fic] = ofType(resources, "azure-native:managedidentity:FederatedIdentityCredential");
        assert.strictEqual(fic.importId, `${MI}/federatedIdentityCredentials/portal-main`);
        assert.strictEqual(fic.inputs.federatedIdentityCredentialResourceName, "portal-main");
    });

    it("matches an immutable subject when the repository's ids are given", async () => {
        const subject = "repo:contoso@4711/web@815:ref:refs/heads/main";
        const { resources } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    repository: "contoso/web",
                    fleetId: FLEET,
                    registryId: REGISTRY,
                    subjectFormat: "immutable",
                    ownerId: 4711,
                    repositoryId: 815,
                    adopt: { identity: MI, federatedCredentials: [{ subject, name: "portal-main" }] },
                }),
        );
        const [fic] = ofType(resources, "azure-native:managedidentity:FederatedIdentityCredential");
        assert.strictEqual(fic.importId, `${MI}/federatedIdentityCredentials/portal-main`);
    });

    const refused: [string, Partial<FleetAutomatedDeploymentArgs>, string, RegExp][] = [
        ["an application adopted without its service principal", { adopt: { identity: APP } }, "adopt.servicePrincipal", /give adopt.servicePrincipal, `az ad sp show/],
        ["a managed identity given as an object id", { identityKind: "managedIdentity", adopt: { identity: APP } }, "adopt.identity", /is not a user-assigned identity's resource id/],
        [
            "an identityName that is not the adopted one's",
            { identityKind: "managedIdentity", identityName: "other", adopt: { identity: MI } },
            "identityName",
            /is not the adopted identity's name \(web-portal-id\)/,
        ],
        [
            "a credential of an identity not adopted",
            { adopt: { federatedCredentials: [{ subject: "repo:contoso/web:ref:refs/heads/main", name: "x", id: CRED }] } },
            "adopt.federatedCredentials[0]",
            /give adopt.identity too/,
        ],
        [
            "an application's credential without its id",
            { adopt: { identity: APP, servicePrincipal: SP, federatedCredentials: [{ subject: "repo:contoso/web:ref:refs/heads/main", name: "x" }] } },
            "adopt.federatedCredentials[0].id",
            /az ad app federated-credential list/,
        ],
        [
            "a credential no trigger of the deployment trusts",
            { adopt: { identity: APP, servicePrincipal: SP, federatedCredentials: [{ subject: "repo:contoso/web:ref:refs/heads/dev", name: "x", id: CRED }] } },
            "adopt.federatedCredentials",
            /names subject "repo:contoso\/web:ref:refs\/heads\/dev", which none of this deployment's credentials trusts/,
        ],
        [
            "a push grant at another scope",
            { adopt: { roleAssignments: { registryPush: ra(FLEET_RG, "11111111-aaaa-4bbb-8ccc-000000000001") } } },
            "adopt.roleAssignments.registryPush",
            /is assigned at .*rg-fleet, not at .*registries\/contosoacr/,
        ],
        [
            "a hub writer on another namespace",
            { adopt: { roleAssignments: { hubNamespaceWriter: ra(`${FLEET}/namespaces/api`, "11111111-aaaa-4bbb-8ccc-000000000002") } } },
            "adopt.roleAssignments.hubNamespaceWriter",
            /not at .*fleets\/hub\/namespaces\/web/,
        ],
        [
            "Tasks Contributor without ACR Tasks builds",
            { adopt: { roleAssignments: { registryTasks: ra(REGISTRY, "11111111-aaaa-4bbb-8ccc-000000000004") } } },
            "adopt.roleAssignments.registryTasks",
            /only buildMode "acrTasks" needs/,
        ],
        ["a namespace both adopted and merely used", { existingNamespace: true, adopt: { namespace: true } }, "adopt.namespace", /choose one/],
        [
            "a GitHub value the deployment does not write",
            { adopt: { githubValues: ["AZURE_CLIENT_ID_WEB"] } },
            "adopt.githubValues[0]",
            /is not a name this deployment writes \(ACR_NAME, ACR_LOGIN_SERVER, FLEET_NAME, FLEET_RESOURCE_GROUP, AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID\)|is not a name this deployment writes/,
        ],
        ["a workflow adopted on branch while committing through a pull request", { pullRequest: true, adopt: { workflow: true } }, "adopt.workflow", /drop pullRequest/],
    ];
    for (const [label, extra, path, reason] of refused) {
        it(`refuses ${label}, under ${path}, registering nothing`, async () => {
            const { error, resources } = await attempt(() => new FleetAutomatedDeployment("web", { ...portal, ...extra } as FleetAutomatedDeploymentArgs));
            const problem = error?.errors?.find((e: any) => e.propertyPath === path);
            assert.match(problem?.reason ?? JSON.stringify(error?.errors ?? error?.message), reason);
            assert.strictEqual(resources.length, 0);
        });
    }

    it("warns when a placement would place an adopted namespace, which a hand-made placement most likely places already", async () => {
        const members = [{ name: "eastus" }];
        const adopted = await run(() => new FleetAutomatedDeployment("web", { ...portal, members, placement: {} }));
        assert.ok(
            adopted.warnings.some((w) => w.includes("which this deployment adopted (adopt.namespace)")),
            adopted.warnings.join("\n"),
        );
        const own = await run(() => new FleetAutomatedDeployment("web", { ...portal, members, placement: {}, adopt: { ...portal.adopt, namespace: false } }));
        assert.ok(!own.warnings.some((w) => w.includes("which this deployment adopted")), own.warnings.join("\n"));
    });

    it("parses nothing, and refuses nothing, when nothing is adopted", () => {
        const problems: any[] = [];
        const spec = adoptionSpec(undefined, true, {}, problems);
        assert.deepStrictEqual([problems, spec.credentials.size, spec.githubValues, spec.workflow, spec.namespace], [[], 0, [], false, false]);
    });
});
