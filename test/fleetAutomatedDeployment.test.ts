import * as assert from "node:assert";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs } from "../sdk/src";
import { roleAssignmentName } from "../sdk/src/azure/roles";
import { BuiltInRole } from "../sdk/src/vocabulary/roles";
import { guidOf, ofType, Registered, run, valueOf } from "./harness";
import { FLEET, FLEET_RG, KUBELET_WEST, REGISTRY, SUB } from "./fixtures";

const T = {
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    fic: "azure-native:managedidentity:FederatedIdentityCredential",
    role: "azure-native:authorization:RoleAssignment",
    variable: "github:index/actionsVariable:ActionsVariable",
    secret: "github:index/actionsSecret:ActionsSecret",
    file: "github:index/repositoryFile:RepositoryFile",
    namespace: "kubernetes:core/v1:Namespace",
    namespacePatch: "kubernetes:core/v1:NamespacePatch",
    crp: "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement",
    k8sProvider: "pulumi:providers:kubernetes",
};

const args: FleetAutomatedDeploymentArgs = {
    repository: "contoso/web",
    fleetId: FLEET,
    registryId: REGISTRY,
    members: [{ name: "eastus" }, { name: "westeu", kubeletPrincipalId: KUBELET_WEST }],
    placement: {},
};

const deploy = (a: FleetAutomatedDeploymentArgs = args, preview = false) => run(() => new FleetAutomatedDeployment("web", a), { preview });

const roleOf = (r: Registered) => String(r.inputs.roleDefinitionId).split("/").pop();
const byRole = (rs: Registered[], role: string) => ofType(rs, T.role).filter((r) => roleOf(r) === role);
const principal = guidOf("principal:web-oidc-identity");

describe("FleetAutomatedDeployment", () => {
    it("composes identity, grants, GitHub wiring, member pulls, namespace and placement", async () => {
        const { resources } = await deploy();
        const count = (type: string) => ofType(resources, type).length;
        assert.strictEqual(count("fleet-autodeploy:index:FleetAutomatedDeployment"), 1);
        // The parts are registered straight under the deployment: one component per app.
        assert.strictEqual(resources.filter((r) => !r.custom).length, 1);
        assert.strictEqual(count(T.identity), 1);
        assert.strictEqual(count(T.fic), 2, "legacy and immutable subject of the branch");
        // AcrPush + 2 x AcrPull + RBAC Writer + Hub Cluster User
        assert.strictEqual(count(T.role), 5);
        assert.strictEqual(count(T.variable), 7);
        assert.strictEqual(count(T.secret), 0);
        assert.strictEqual(count(T.file), 1);
        assert.strictEqual(count(T.namespace), 1);
        assert.strictEqual(count(T.crp), 1);
        assert.strictEqual(count(T.k8sProvider), 1, "one hub provider shared by namespace and placement");
    });

    it("names every child after the component and parents it to the component; shared objects belong to the stack", async () => {
        const { resources } = await deploy();
        const root = resources.find((r) => r.type === "fleet-autodeploy:index:FleetAutomatedDeployment")!;
        const shared = ["contosoacr-pull-hub-eastus", "contosoacr-pull-hub-westeu", "hub-hub"];
        for (const r of resources.filter((x) => x !== root)) {
            if (shared.includes(r.name)) {
                assert.strictEqual(r.parent, root.parent, `${r.name} is the program's, not the deployment's`);
                continue;
            }
            assert.ok(r.name.startsWith("web-"), r.name);
            assert.strictEqual(r.parent, root.urn, r.name);
        }
        assert.deepStrictEqual(
            resources
                .filter((r) => r.parent === root.parent && r !== root)
                .map((r) => r.name)
                .sort(),
            shared.sort(),
        );
    });

    it("trusts exactly the deploy branch, in both subject spellings, through GitHub's issuer and Azure's audience", async () => {
        const { resources, invokes } = await deploy();
        const fics = ofType(resources, T.fic);
        for (const fic of fics) {
            assert.strictEqual(fic.inputs.issuer, "https://token.actions.githubusercontent.com");
            assert.deepStrictEqual(fic.inputs.audiences, ["api://AzureADTokenExchange"]);
            assert.strictEqual(fic.inputs.resourceGroupName, "rg-fleet");
        }
        assert.deepStrictEqual(
            fics.map((f) => f.inputs.subject),
            ["repo:contoso/web:ref:refs/heads/main", "repo:contoso@4711/web@123456789:ref:refs/heads/main"],
        );
        assert.ok(invokes.some((i) => i.token === "github:index/getRepository:getRepository" && i.args.fullName === "contoso/web"));
        const other = await deploy({ ...args, branch: "release/2026", subjectFormat: "legacy" });
        assert.deepStrictEqual(
            ofType(other.resources, T.fic).map((f) => f.inputs.subject),
            ["repo:contoso/web:ref:refs/heads/release/2026"],
        );
    });

    it("grants the deploy identity AcrPush on the registry, RBAC Writer on the namespace and Hub Cluster User on the fleet, nothing else", async () => {
        const { resources } = await deploy();
        const mine = ofType(resources, T.role).filter((r) => r.inputs.principalId === principal);
        const grants = mine.map((r) => `${roleOf(r)} @ ${r.inputs.scope}`).sort();
        assert.deepStrictEqual(grants, [`${BuiltInRole.FleetRbacWriter} @ ${FLEET}/namespaces/web`, `${BuiltInRole.FleetHubClusterUser} @ ${FLEET}`, `${BuiltInRole.AcrPush} @ ${REGISTRY}`].sort());
    });

    it("grants AcrPull to each listed member's kubelet identity, resolved through the fleet or given", async () => {
        const { resources, invokes } = await deploy();
        const pulls = byRole(resources, BuiltInRole.AcrPull);
        assert.deepStrictEqual(pulls.map((r) => r.inputs.principalId).sort(), [guidOf("kubelet:aks-eastus"), KUBELET_WEST].sort());
        for (const p of pulls) assert.strictEqual(p.inputs.scope, REGISTRY);
        const members = invokes.filter((i) => i.token === "azure-native:containerservice:getFleetMember");
        assert.deepStrictEqual(
            members.map((i) => i.args),
            [{ resourceGroupName: "rg-fleet", fleetName: "hub", fleetMemberName: "eastus" }],
        );
        assert.ok(invokes.some((i) => i.token === "azure-native:containerservice:getManagedCluster" && i.args.resourceName === "aks-eastus"));
    });

    it("every role assignment: ServicePrincipal, deterministic GUID name, and no scope above registry, fleet or namespace", async () => {
        const { resources } = await deploy();
        for (const r of ofType(resources, T.role)) {
            assert.strictEqual(r.inputs.principalType, "ServicePrincipal", r.name);
            assert.strictEqual(r.inputs.roleAssignmentName, roleAssignmentName(r.inputs.scope, r.inputs.principalId, roleOf(r) as BuiltInRole), r.name);
            assert.ok([REGISTRY, FLEET, `${FLEET}/namespaces/web`].includes(r.inputs.scope), `${r.name}: ${r.inputs.scope}`);
            assert.ok(r.inputs.roleDefinitionId.startsWith(`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/`));
            assert.notStrictEqual(roleOf(r), "b24988ac-6180-42a0-ab88-20f7382dd24c", "never Contributor");
        }
    });

    it("grants Container Registry Tasks Contributor only for ACR Tasks builds", async () => {
        assert.strictEqual(byRole((await deploy()).resources, BuiltInRole.ContainerRegistryTasksContributor).length, 0);
        const tasks = byRole((await deploy({ ...args, buildMode: "acrTasks" })).resources, BuiltInRole.ContainerRegistryTasksContributor);
        assert.strictEqual(tasks.length, 1);
        assert.strictEqual(tasks[0].inputs.scope, REGISTRY);
    });

    it("ACR Tasks: the build finds the registry in its own subscription, and on an ABAC registry runs as the caller with Catalog Lister", async () => {
        // `az acr build --registry NAME` looks the registry up in the signed-in (the fleet's) subscription.
        const otherSub = REGISTRY.replace(SUB, "99999999-0000-0000-0000-000000000000").replace("rg-acr", "rg-shared-acr");
        const { resources } = await deploy({ ...args, registryId: otherSub, buildMode: "acrTasks" });
        const vars = Object.fromEntries(ofType(resources, T.variable).map((r) => [r.inputs.variableName, r.inputs.value]));
        assert.strictEqual(vars.ACR_RESOURCE_GROUP_WEB, "rg-shared-acr");
        assert.strictEqual(vars.ACR_SUBSCRIPTION_ID_WEB, "99999999-0000-0000-0000-000000000000");
        const workflow = ofType(resources, T.file).find((f) => f.inputs.file.startsWith(".github/workflows/"))!.inputs.content as string;
        assert.match(workflow, /vars\.ACR_RESOURCE_GROUP_WEB/);
        assert.match(workflow, /--subscription "\$REGISTRY_SUBSCRIPTION"/);
        assert.ok(!("ACR_RESOURCE_GROUP_WEB" in Object.fromEntries(ofType((await deploy()).resources, T.variable).map((r) => [r.inputs.variableName, 1]))), "runner builds need neither");
        const abac = await deploy({ ...args, buildMode: "acrTasks", registryAccessMode: "abac" });
        const lister = byRole(abac.resources, BuiltInRole.ContainerRegistryRepositoryCatalogLister);
        assert.deepStrictEqual(
            lister.map((r) => [r.inputs.scope, r.inputs.principalId]),
            [[REGISTRY, principal]],
        );
        assert.match(ofType(abac.resources, T.file).find((f) => f.inputs.file.startsWith(".github/workflows/"))!.inputs.content, /--source-acr-auth-id '\[caller\]'/);
        assert.strictEqual(
            byRole((await deploy({ ...args, registryAccessMode: "abac" })).resources, BuiltInRole.ContainerRegistryRepositoryCatalogLister).length,
            0,
            "runner builds never list the catalog",
        );
    });

    it("Helm values files and --set overrides reach helm template; refused for other sources", async () => {
        const { resources } = await deploy({ ...args, manifestSource: "helm", helmValuesFiles: ["charts/web/values-prod.yaml"], helmSet: { replicaCount: "3" } });
        const workflow = ofType(resources, T.file).find((f) => f.inputs.file.startsWith(".github/workflows/"))!.inputs.content as string;
        assert.match(workflow, /charts\/web\/values-prod\.yaml/);
        assert.match(workflow, /replicaCount=3/);
        await assert.rejects(deploy({ ...args, helmSet: { replicaCount: "3" } }), (e: any) => e.errors?.[0]?.propertyPath === "helmSet");
    });

    it("sets the repository variables the workflow reads, with the identity's ids", async () => {
        const { resources } = await deploy();
        const vars = Object.fromEntries(ofType(resources, T.variable).map((r) => [r.inputs.variableName, r.inputs.value]));
        // Suffixed with the namespace by default: another deployment of the repository never writes them.
        assert.deepStrictEqual(vars, {
            AZURE_CLIENT_ID_WEB: guidOf("client:web-oidc-identity"),
            AZURE_TENANT_ID_WEB: guidOf("tenant"),
            AZURE_SUBSCRIPTION_ID_WEB: SUB,
            ACR_NAME_WEB: "contosoacr",
            ACR_LOGIN_SERVER_WEB: "contosoacr.azurecr.io",
            FLEET_NAME_WEB: "hub",
            FLEET_RESOURCE_GROUP_WEB: "rg-fleet",
        });
        const workflow = ofType(resources, T.file)[0].inputs.content as string;
        assert.ok(workflow.includes("${{ vars.AZURE_CLIENT_ID_WEB }}"), "the workflow reads its own deployment's names");
        const portal = await deploy({ ...args, variableSuffix: "" });
        assert.ok(
            ofType(portal.resources, T.variable).some((v) => v.inputs.variableName === "AZURE_CLIENT_ID"),
            '"" gives the portal\'s names',
        );
        for (const v of ofType(resources, T.variable)) assert.strictEqual(v.inputs.repository, "web");
    });

    it("reads the registry's login server from Azure, once per registry, unless given", async () => {
        // Registries with a domain-name-label suffix log in at NAME-HASH.azurecr.io: NAME.azurecr.io would be wrong.
        const dnl = "contosoacr-h5gcbnfyd8b2g2e2.azurecr.io";
        const invokes = { "azure-native:containerregistry:getRegistry": () => ({ loginServer: dnl }) };
        const generateManifests = { healthPath: "/healthz" };
        const { resources, invokes: called } = await run(
            () => {
                new FleetAutomatedDeployment("web", { ...args, generateManifests });
                new FleetAutomatedDeployment("api", { ...args, appName: "api" });
            },
            { invokes },
        );
        assert.strictEqual(called.filter((i) => i.token === "azure-native:containerregistry:getRegistry").length, 1, "one look-up per registry");
        const [lookup] = called.filter((i) => i.token === "azure-native:containerregistry:getRegistry");
        assert.deepStrictEqual([lookup.args.resourceGroupName, lookup.args.registryName], ["rg-acr", "contosoacr"]);
        const server = ofType(resources, T.variable).find((v) => v.inputs.variableName === "ACR_LOGIN_SERVER_WEB")!;
        assert.strictEqual(server.inputs.value, dnl);
        const deployment = ofType(resources, T.file).find((f) => f.inputs.file === "manifests/deployment.yaml")!;
        assert.match(deployment.inputs.content, new RegExp(`image: ${dnl}/web`));
        // A registry in Azure Government: its login server is in that cloud's domain (test/cloud.test.ts).
        const given = await run(() => new FleetAutomatedDeployment("web", { ...args, cloud: "usGovernment", registryLoginServer: "contosoacr.azurecr.us" }), { invokes });
        assert.ok(!given.invokes.some((i) => i.token === "azure-native:containerregistry:getRegistry"));
        assert.strictEqual(ofType(given.resources, T.variable).find((v) => v.inputs.variableName === "ACR_LOGIN_SERVER_WEB")!.inputs.value, "contosoacr.azurecr.us");
    });

    it("stores the sign-in ids as secrets when asked, and suffixes names for a second branch", async () => {
        const { resources } = await deploy({ ...args, credentialStore: "secrets", variableSuffix: "STAGING" });
        assert.deepStrictEqual(
            ofType(resources, T.secret)
                .map((r) => r.inputs.secretName)
                .sort(),
            ["AZURE_CLIENT_ID_STAGING", "AZURE_SUBSCRIPTION_ID_STAGING", "AZURE_TENANT_ID_STAGING"],
        );
        assert.ok(!ofType(resources, T.variable).some((r) => r.inputs.variableName.startsWith("AZURE_")));
        const workflow = ofType(resources, T.file)[0].inputs.content as string;
        assert.ok(workflow.includes("${{ secrets.AZURE_CLIENT_ID_STAGING }}") && workflow.includes("${{ vars.FLEET_NAME_STAGING }}"));
    });

    it("commits the rendered workflow to the deploy branch without overwriting a file someone else committed", async () => {
        const { resources } = await deploy();
        const [file] = ofType(resources, T.file);
        assert.strictEqual(file.inputs.file, ".github/workflows/fleet-deploy-web.yml");
        assert.strictEqual(file.inputs.branch, "main");
        assert.strictEqual(file.inputs.repository, "web");
        assert.strictEqual(file.inputs.overwriteOnCreate, false);
        assert.ok((file.inputs.content as string).includes("branches:\n      - main"));
        assert.deepStrictEqual(file.ignoreChanges, []);
        assert.strictEqual(file.retainOnDelete, false);
        const adopted = ofType((await deploy({ ...args, adoptExistingFiles: true })).resources, T.file)[0];
        assert.strictEqual(adopted.inputs.overwriteOnCreate, true, "adoptExistingFiles takes over an existing file");
    });

    it("seed mode commits once: content changes ignored and the file kept on destroy", async () => {
        const { resources } = await deploy({ ...args, workflowOwnership: "seed" });
        const [file] = ofType(resources, T.file);
        assert.ok(file.ignoreChanges.includes("content"));
        assert.strictEqual(file.retainOnDelete, true);
    });

    it("released mode declares no files, and keeps the variables the team's workflow reads", async () => {
        const { resources } = await deploy({ ...args, workflowOwnership: "released" });
        assert.deepStrictEqual(ofType(resources, T.file), []);
        assert.ok(ofType(resources, T.variable).some((v) => v.inputs.variableName === "AZURE_CLIENT_ID_WEB"));
    });

    it("pull-request mode commits to a new branch and opens a pull request into the deploy branch", async () => {
        const { resources } = await deploy({ ...args, pullRequest: true });
        const [branch] = ofType(resources, "github:index/branch:Branch");
        assert.deepStrictEqual([branch.inputs.branch, branch.inputs.sourceBranch], ["fleet-autodeploy/web", "main"]);
        const [file] = ofType(resources, T.file);
        assert.strictEqual(file.inputs.branch, "fleet-autodeploy/web");
        const [pr] = ofType(resources, "github:index/repositoryPullRequest:RepositoryPullRequest");
        assert.deepStrictEqual([pr.inputs.baseRef, pr.inputs.headRef, pr.inputs.baseRepository], ["main", "fleet-autodeploy/web", "web"]);
        assert.ok(pr.dependencies.includes(file.urn), "the pull request waits for the commit");
    });

    it("creates the namespace retained on destroy, and never writes to an existing one", async () => {
        const { resources } = await deploy();
        const [ns] = ofType(resources, T.namespace);
        assert.strictEqual(ns.inputs.metadata.name, "web");
        assert.strictEqual(ns.retainOnDelete, true);
        const adopted = await deploy({ ...args, existingNamespace: true });
        assert.strictEqual(ofType(adopted.resources, T.namespace).length, 0);
        assert.strictEqual(ofType(adopted.resources, T.namespacePatch).length, 0, "no patch: the managed-by-arm policy refuses writes to an Azure-managed namespace");
        const [crp] = ofType(adopted.resources, T.crp);
        assert.ok(crp, "its placement is still registered");
    });

    it("places the namespace on exactly the granted members by default, after the namespace exists", async () => {
        const { resources } = await deploy();
        const [crp] = ofType(resources, T.crp);
        assert.strictEqual(crp.inputs.metadata.name, "web");
        assert.strictEqual(crp.inputs.spec.policy.placementType, "PickFixed");
        assert.deepStrictEqual(crp.inputs.spec.policy.clusterNames, ["eastus", "westeu"]);
        assert.deepStrictEqual(crp.inputs.spec.resourceSelectors, [{ group: "", version: "v1", kind: "Namespace", name: "web" }]);
        const [ns] = ofType(resources, T.namespace);
        assert.ok(crp.dependencies.includes(ns.urn), "the placement waits for the namespace it selects");
        const provider = ofType(resources, T.k8sProvider)[0];
        assert.ok(crp.provider.startsWith(provider.urn) && ofType(resources, T.namespace)[0].provider.startsWith(provider.urn));
    });

    it("warns when the placement can pick a member that was not granted pull", async () => {
        assert.deepStrictEqual((await deploy()).warnings, []);
        const all = await deploy({ ...args, placement: { type: "PickAll" } });
        assert.ok(
            all.warnings.some((w) => w.includes("PickAll") && w.includes("not granted pull")),
            all.warnings.join("\n"),
        );
        const fixed = await deploy({ ...args, placement: { clusterNames: ["eastus", "centralus"] } });
        assert.ok(
            fixed.warnings.some((w) => w.includes("centralus") && w.includes("not granted pull")),
            fixed.warnings.join("\n"),
        );
    });

    it("registers no placement unless asked", async () => {
        const { resources } = await deploy({ ...args, placement: undefined });
        assert.strictEqual(ofType(resources, T.crp).length, 0);
    });

    it("creates federated credentials on a managed identity one after another", async () => {
        const { GitHubOidcIdentity } = require("../sdk/src") as typeof import("../sdk/src");
        const branches = ["main", "dev", "release"];
        const { resources } = await run(() => new GitHubOidcIdentity("deployer", { repository: "contoso/web", branches, resourceGroupId: FLEET_RG }));
        const fics = ofType(resources, T.fic);
        assert.strictEqual(fics.length, 6);
        assert.deepStrictEqual(fics[0].dependencies, []);
        for (let i = 1; i < fics.length; i++) assert.deepStrictEqual(fics[i].dependencies, [fics[i - 1].urn], fics[i].name);
    });

    it("uses an Entra application + service principal when asked", async () => {
        const { resources } = await deploy({ ...args, identityKind: "application" });
        assert.strictEqual(ofType(resources, T.identity).length, 0);
        assert.strictEqual(ofType(resources, "azuread:index/application:Application").length, 1);
        assert.strictEqual(ofType(resources, "azuread:index/servicePrincipal:ServicePrincipal").length, 1);
        const fics = ofType(resources, "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential");
        assert.deepStrictEqual(
            fics.map((f) => f.inputs.subject),
            ["repo:contoso/web:ref:refs/heads/main", "repo:contoso@4711/web@123456789:ref:refs/heads/main"],
        );
        const sp = guidOf("principal:web-oidc-sp");
        assert.strictEqual(ofType(resources, T.role).filter((r) => r.inputs.principalId === sp).length, 3);
    });

    it("exposes its outputs", async () => {
        const { value } = await deploy();
        assert.strictEqual(await valueOf(value.clientId), guidOf("client:web-oidc-identity"));
        assert.strictEqual(await valueOf(value.principalId), principal);
        assert.strictEqual(await valueOf(value.tenantId), guidOf("tenant"));
        assert.deepStrictEqual(await valueOf(value.subjects), ["repo:contoso/web:ref:refs/heads/main", "repo:contoso@4711/web@123456789:ref:refs/heads/main"]);
        assert.strictEqual(await valueOf(value.workflowPath), ".github/workflows/fleet-deploy-web.yml");
        assert.strictEqual(await valueOf(value.namespace), "web");
        assert.strictEqual(await valueOf(value.placementName), "web");
    });

    it("finishes a preview where the identity's ids are still unknown, registering the same resources", async () => {
        const full = await deploy();
        const preview = await deploy(args, true);
        const names = (rs: Registered[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
        assert.deepStrictEqual(names(preview.resources), names(full.resources));
        assert.strictEqual(await valueOf(preview.value.clientId), undefined);
        const push = byRole(preview.resources, BuiltInRole.AcrPush)[0];
        assert.ok(push.inputs.principalId === "[unknown]", "unknown until the identity exists");
    });

    it("is deterministic: the same args register the same resources with the same inputs", async () => {
        const a = await deploy();
        const b = await deploy();
        assert.deepStrictEqual(
            b.resources.map((r) => [r.name, r.inputs]),
            a.resources.map((r) => [r.name, r.inputs]),
        );
    });
});
