// Each fake's rules, shown refusing (and the lawful request beside it accepted), called directly without a program.
// Sources: learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (credentials),
// learn.microsoft.com/azure/role-based-access-control/troubleshooting (role assignments), terraform-provider-azuread
// v3.7.0 internal/services/applications/application_resource.go:1179-1300 (owners), terraform-provider-github
// @b6ce8c06 github/*.go (create paths), docs.github.com/rest (status codes); each check cites its own in the fake.
import * as assert from "node:assert";
import { Cloud } from "./cloud";
import { CloudError } from "./cloudError";
import { contosoWorld, EASTUS_KUBELET, PORTAL, portalWorld, SUB } from "./worlds";
import { WorldSpec } from "./world";

const ctx = { urn: "urn:test" };
const REGISTRY = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoacr`;
const FLEET = `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/contoso-fleet`;
const role = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const ACR_PULL = role("7f951dda-4ed3-4680-a7ca-43fe172d538d");
const A = "azure-native:authorization:RoleAssignment";
const MI = "azure-native:managedidentity:UserAssignedIdentity";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const APP = "azuread:index/application:Application";
const SP = "azuread:index/servicePrincipal:ServicePrincipal";
const AFIC = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const ISSUER = "https://token.actions.githubusercontent.com";

const cloudOf = (tweak?: (w: WorldSpec) => void) => {
    const w = contosoWorld();
    tweak?.(w);
    return new Cloud(w);
};

/** Asserts that `p` is refused with `pattern` in the fake's message. */
async function refused(p: Promise<unknown>, pattern: RegExp): Promise<void> {
    await assert.rejects(p, (e: unknown) => e instanceof CloudError && pattern.test(e.message));
}

const assignment = (over: Record<string, unknown> = {}) => ({
    scope: REGISTRY,
    principalId: EASTUS_KUBELET,
    principalType: "ServicePrincipal",
    roleDefinitionId: ACR_PULL,
    roleAssignmentName: "5bc9f4ea-1ede-46e0-ae7a-11e3d4a7274b",
    ...over,
});
const credential = (name: string, subject = `repo:contoso/web:environment:${name}`) => ({
    resourceGroupName: "rg-fleet",
    resourceName: "gh-web",
    federatedIdentityCredentialResourceName: name,
    issuer: ISSUER,
    audiences: ["api://AzureADTokenExchange"],
    subject,
});

describe("emulation fakes: ARM role assignments", () => {
    it("accepts a GUID-named assignment to an existing principal at an existing scope", async () => {
        const c = cloudOf();
        await c.arm.create(A, assignment(), ctx);
        assert.strictEqual(c.arm.assignments.size, 1);
    });
    it("refuses a name that is not a GUID (InvalidRoleAssignmentId)", async () => {
        await refused(cloudOf().arm.create(A, assignment({ roleAssignmentName: "acr-pull" }), ctx), /400 InvalidRoleAssignmentId/);
    });
    it("refuses the same principal, role and scope under another name (409 RoleAssignmentExists), e.g. after --attach-acr", async () => {
        const c = cloudOf((w) => void (w.roleAssignments = [{ scope: REGISTRY, principalId: EASTUS_KUBELET, roleDefinitionId: ACR_PULL, name: "11111111-0000-4000-a000-000000000001" }]));
        await refused(c.arm.create(A, assignment(), ctx), /409 RoleAssignmentExists/);
    });
    it("refuses a changed principal under an existing name (400 RoleAssignmentUpdateNotPermitted)", async () => {
        const c = cloudOf();
        await c.arm.create(A, assignment(), ctx);
        const other = (await c.arm.create(MI, { resourceGroupName: "rg-fleet", resourceName: "gh-web" }, ctx)).outputs.principalId;
        await refused(c.arm.update(A, "", assignment(), assignment({ principalId: other }), ctx), /400 RoleAssignmentUpdateNotPermitted/);
    });
    it("refuses a scope that does not exist, and accepts a fleet's hub namespace", async () => {
        const c = cloudOf();
        await refused(c.arm.create(A, assignment({ scope: REGISTRY.replace("contosoacr", "otheracr") }), ctx), /404 ResourceNotFound/);
        await refused(c.arm.create(A, assignment({ scope: `${FLEET}/managedNamespaces/web` }), ctx), /404 ResourceNotFound/);
        await refused(c.arm.create(A, assignment({ scope: `/subscriptions/${SUB}/resourceGroups/rg-nope` }), ctx), /404 ResourceGroupNotFound/);
        await c.arm.create(A, assignment({ scope: `${FLEET}/namespaces/web` }), ctx);
    });
    it("refuses a principal created seconds ago without principalType (PrincipalNotFound), and one that does not exist", async () => {
        const c = cloudOf();
        const principalId = (await c.arm.create(MI, { resourceGroupName: "rg-fleet", resourceName: "gh-web" }, ctx)).outputs.principalId;
        await refused(c.arm.create(A, assignment({ principalId, principalType: undefined }), ctx), /400 PrincipalNotFound/);
        await refused(c.arm.create(A, assignment({ principalId: "00000000-0000-4000-a000-000000000000" }), ctx), /400 PrincipalNotFound/);
        await c.arm.create(A, assignment({ principalId }), ctx);
    });
    it("refuses a principalType that is not the principal's (UnmatchedPrincipalType) and a role that does not exist", async () => {
        await refused(cloudOf().arm.create(A, assignment({ principalType: "User" }), ctx), /400 UnmatchedPrincipalType/);
        await refused(cloudOf().arm.create(A, assignment({ roleDefinitionId: role("00000000-0000-4000-a000-000000000000") }), ctx), /400 RoleDefinitionDoesNotExist/);
    });
    it("refuses to create what exists (azure-native reads first) and to delete what the user owned beforehand", async () => {
        const c = cloudOf((w) => void (w.roleAssignments = [{ scope: REGISTRY, principalId: EASTUS_KUBELET, roleDefinitionId: ACR_PULL, name: "11111111-0000-4000-a000-000000000001" }]));
        await c.arm.create(MI, { resourceGroupName: "rg-fleet", resourceName: "gh-web" }, ctx);
        await refused(c.arm.create(MI, { resourceGroupName: "rg-fleet", resourceName: "gh-web" }, ctx), /409 AlreadyExists: cannot create already existing resource/);
        await refused(c.arm.delete(A, `${REGISTRY}/providers/Microsoft.Authorization/roleAssignments/11111111-0000-4000-a000-000000000001`, {}, ctx), /UserOwned/);
        await refused(c.arm.delete("azure-native:containerservice:FleetManagedNamespace", FLEET, {}, ctx), /UserOwned/);
    });
});

describe("emulation fakes: ARM managed identities and their federated credentials", () => {
    const withIdentity = async () => {
        const c = cloudOf();
        await c.arm.create(MI, { resourceGroupName: "rg-fleet", resourceName: "gh-web" }, ctx);
        return c;
    };
    it("refuses an identity in a resource group that does not exist", async () => {
        await refused(cloudOf().arm.create(MI, { resourceGroupName: "rg-nope", resourceName: "gh-web" }, ctx), /404 ResourceGroupNotFound/);
    });
    it("refuses two concurrent writes on one identity (409 Concurrent...), and accepts them one after another", async () => {
        const c = await withIdentity();
        const both = Promise.allSettled([c.arm.create(FIC, credential("cred-a"), ctx), c.arm.create(FIC, credential("cred-b"), ctx)]);
        const [first, second] = await both;
        assert.strictEqual(first.status, "fulfilled");
        assert.ok(second.status === "rejected" && /409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity/.test(String(second.reason.message)));
        await c.arm.create(FIC, credential("cred-b"), ctx);
        assert.strictEqual(c.arm.credentials.get(c.arm.identityId("rg-fleet", "gh-web").toLowerCase())!.size, 2);
    });
    it("refuses a 21st credential", async () => {
        const c = await withIdentity();
        for (let i = 0; i < 20; i++) await c.arm.create(FIC, credential(`env${i}`), ctx);
        await refused(c.arm.create(FIC, credential("env20"), ctx), /20 federated identity credentials, the maximum/);
    });
    it("refuses a second credential with the same issuer and subject, and a name outside the REST pattern", async () => {
        const c = await withIdentity();
        await c.arm.create(FIC, credential("cred-a", "repo:contoso/web:ref:refs/heads/main"), ctx);
        await refused(c.arm.create(FIC, credential("cred-b", "repo:contoso/web:ref:refs/heads/main"), ctx), /already trusts issuer/);
        await refused(c.arm.create(FIC, credential("-x"), ctx), /400 InvalidResourceName/);
    });
    it("refuses a credential on an identity that does not exist", async () => {
        await refused(cloudOf().arm.create(FIC, credential("cred-a"), ctx), /404 ResourceNotFound/);
    });
    it("refuses a managed namespace that exists on the hub with adoptionPolicy Never", async () => {
        const c = cloudOf((w) => void (w.fleets[0].hubNamespaces = ["web"]));
        const ns = (name: string) => ({ resourceGroupName: "rg-fleet", fleetName: "contoso-fleet", managedNamespaceName: name, properties: { adoptionPolicy: "Never" } });
        await refused(c.arm.create("azure-native:containerservice:FleetManagedNamespace", ns("web"), ctx), /409 Conflict: namespace web already exists/);
        await c.arm.create("azure-native:containerservice:FleetManagedNamespace", ns("api"), ctx);
    });
    it("answers the member and cluster look-ups from its state, 404 for a member the fleet lacks", () => {
        const c = cloudOf();
        const member = c.arm.invokes["azure-native:containerservice:getFleetMember"]({ resourceGroupName: "rg-fleet", fleetName: "contoso-fleet", fleetMemberName: "member-eastus" });
        const cluster = c.arm.invokes["azure-native:containerservice:getManagedCluster"]({ resourceGroupName: "rg-fleet", resourceName: String(member.clusterResourceId).split("/").pop() });
        assert.strictEqual(cluster.identityProfile.kubeletidentity.objectId, EASTUS_KUBELET);
        assert.throws(
            () => c.arm.invokes["azure-native:containerservice:getFleetMember"]({ resourceGroupName: "rg-fleet", fleetName: "contoso-fleet", fleetMemberName: "member-nope" }),
            /404 ResourceNotFound/,
        );
    });
});

describe("emulation fakes: Entra (azuread provider create path, Application.ReadWrite.OwnedBy)", () => {
    const fic = (applicationId: string, name = "main", subject = "repo:contoso/web:ref:refs/heads/main") => ({
        applicationId,
        displayName: name,
        issuer: ISSUER,
        audiences: ["api://AzureADTokenExchange"],
        subject,
    });
    it("an application whose owners leave out the caller is created, then the caller may change nothing on it (403)", async () => {
        const c = cloudOf();
        const app = await c.entra.create(APP, { displayName: "gh-web" }, ctx);
        assert.deepStrictEqual(app.outputs.owners, []);
        await refused(c.entra.create(AFIC, fic(app.id), ctx), /403 Authorization_RequestDenied/);
        await refused(c.entra.delete(APP, app.id, {}, ctx), /403 Authorization_RequestDenied/);
    });
    it("with the caller among the owners it may add credentials; Application.ReadWrite.All may change any application", async () => {
        const c = cloudOf();
        const app = await c.entra.create(APP, { displayName: "gh-web", owners: [c.directory.caller.objectId] }, ctx);
        await c.entra.create(AFIC, fic(app.id), ctx);
        const all = cloudOf((w) => void (w.entra.permission = "Application.ReadWrite.All"));
        const unowned = await all.entra.create(APP, { displayName: "gh-web" }, ctx);
        await all.entra.create(AFIC, fic(unowned.id), ctx);
    });
    it("refuses a 21st credential (plain and flexible together), a duplicate name, and a duplicate issuer and subject", async () => {
        const c = cloudOf();
        const app = await c.entra.create(APP, { displayName: "gh-web", owners: [c.directory.caller.objectId] }, ctx);
        await c.entra.create(AFIC, fic(app.id), ctx);
        await refused(c.entra.create(AFIC, fic(app.id, "main", "repo:contoso/web:ref:refs/heads/other"), ctx), /409 .*already exists/);
        await refused(c.entra.create(AFIC, fic(app.id, "again"), ctx), /already trusts issuer/);
        for (let i = 1; i < 19; i++) await c.entra.create(AFIC, fic(app.id, `env${i}`, `repo:contoso/web:environment:e${i}`), ctx);
        await c.entra.create(
            "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
            {
                applicationId: app.id,
                displayName: "release",
                issuer: ISSUER,
                audience: "api://AzureADTokenExchange",
                claimsMatchingExpression: "claims['sub'] matches 'repo:contoso/web:ref:refs/heads/release/*'",
            },
            ctx,
        );
        await refused(c.entra.create(AFIC, fic(app.id, "env20", "repo:contoso/web:environment:e20"), ctx), /20 federated identity credentials, the maximum/);
    });
    it("a service principal needs an existing application, once", async () => {
        const c = cloudOf();
        await refused(c.entra.create(SP, { clientId: "00000000-0000-4000-a000-000000000000" }, ctx), /400 Request_BadRequest/);
        const app = await c.entra.create(APP, { displayName: "gh-web", owners: [c.directory.caller.objectId] }, ctx);
        await c.entra.create(SP, { clientId: app.outputs.clientId }, ctx);
        await refused(c.entra.create(SP, { clientId: app.outputs.clientId }, ctx), /409 AlreadyExists/);
    });
});

describe("emulation fakes: GitHub (terraform-provider-github create paths)", () => {
    const V = "github:index/actionsVariable:ActionsVariable";
    const FILE = "github:index/repositoryFile:RepositoryFile";
    const ENV = "github:index/repositoryEnvironment:RepositoryEnvironment";
    const POLICY = "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy";
    const PR = "github:index/repositoryPullRequest:RepositoryPullRequest";
    const file = (over: Record<string, unknown> = {}) => ({ repository: "web", file: ".github/workflows/x.yml", branch: "main", content: "on: push", overwriteOnCreate: false, ...over });

    it("a variable: POST answers 409 when it exists; an unknown repository is 404", async () => {
        const c = cloudOf();
        await c.github.create(V, { repository: "web", variableName: "A", value: "1" }, ctx);
        await refused(c.github.create(V, { repository: "web", variableName: "A", value: "2" }, ctx), /409 Conflict/);
        await refused(c.github.create(V, { repository: "nope", variableName: "A", value: "2" }, ctx), /404 Not Found: repository contoso\/nope/);
    });
    it("an environment variable needs its environment (404)", async () => {
        await refused(
            cloudOf().github.create("github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable", { repository: "web", environment: "prod", variableName: "A", value: "1" }, ctx),
            /404 Not Found: environment prod/,
        );
    });
    it("a file: 404 on a branch that does not exist, refused over an existing file unless overwriteOnCreate", async () => {
        const c = cloudOf((w) => void (w.github.repositories[3].files = ["Dockerfile"]));
        await refused(c.github.create(FILE, file({ branch: "release" }), ctx), /404 Not Found: branch release not found/);
        await refused(c.github.create(FILE, file({ file: "Dockerfile" }), ctx), /422 .*refusing to overwrite existing file/);
        await c.github.create(FILE, file({ file: "Dockerfile", overwriteOnCreate: true }), ctx);
        await refused(c.github.delete(FILE, "", file({ file: "Dockerfile" }), ctx), /UserOwned/);
    });
    it("a branch: 404 when its source does not exist; an existing one is adopted", async () => {
        const c = cloudOf();
        await refused(c.github.create("github:index/branch:Branch", { repository: "web", branch: "x", sourceBranch: "nope" }, ctx), /404 Not Found: error querying GitHub branch reference/);
        await c.github.create("github:index/branch:Branch", { repository: "web", branch: "main", sourceBranch: "main" }, ctx);
    });
    it("an environment: unknown reviewers, more than six, and both or neither branch policy kinds are 422", async () => {
        const c = cloudOf();
        const env = (over: Record<string, unknown>) => c.github.create(ENV, { repository: "web", environment: "prod", ...over }, ctx);
        await refused(env({ reviewers: [{ teams: [1], users: [] }] }), /422 .*team 1 does not exist/);
        await refused(env({ reviewers: [{ teams: [4242, 4242, 4242, 4242], users: [] }, { teams: [4242, 4242, 4242] }] }), /at most 6/);
        await refused(env({ deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: true } }), /422 .*cannot both be true/);
        await env({ reviewers: [{ teams: [4242], users: [] }], deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } });
    });
    it("a deployment branch policy: 404 without the environment or without custom policies, 303 for a pattern that exists", async () => {
        const c = cloudOf();
        const policy = () => c.github.create(POLICY, { repository: "web", environment: "prod", branchPattern: "main" }, ctx);
        await refused(policy(), /404 Not Found: environment prod/);
        await c.github.create(ENV, { repository: "web", environment: "prod", deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false } }, ctx);
        await refused(policy(), /404 Not Found: custom deployment branch policies are off/);
        await c.github.update(ENV, "", {}, { repository: "web", environment: "prod", deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } }, ctx);
        await policy();
        await refused(policy(), /303 See Other/);
    });
    it("a pull request: 422 for a missing head, no commits between, and one that already exists", async () => {
        const c = cloudOf();
        const pr = () => c.github.create(PR, { baseRepository: "web", baseRef: "main", headRef: "deploy", title: "t" }, ctx);
        await refused(pr(), /422 .*field head: invalid/);
        await c.github.create("github:index/branch:Branch", { repository: "web", branch: "deploy", sourceBranch: "main" }, ctx);
        await refused(pr(), /422 .*No commits between main and deploy/);
        await c.github.create(FILE, file({ branch: "deploy" }), ctx);
        await pr();
        await refused(pr(), /422 .*A pull request already exists/);
    });
    it("the OIDC subject template read needs the token's Actions read permission (403)", () => {
        const token = "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate";
        assert.strictEqual(cloudOf().github.invokes[token]({ name: "web" }).useDefault, true);
        assert.throws(() => cloudOf((w) => void (w.github.tokenPermissions = [])).github.invokes[token]({ name: "web" }), /403 Forbidden: Resource not accessible by personal access token/);
    });
});

describe("emulation fakes: hub and engine", () => {
    it("a Kubernetes object without a fleet provider is refused, naming the resource", async () => {
        await refused(cloudOf().hubs.create("kubernetes:core/v1:Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } }, ctx), /NoCluster/);
    });
    it("a resource type no fake serves fails, naming the type", () => {
        assert.throws(() => cloudOf().fakeFor("aws:s3/bucket:Bucket"), /no fake for aws:s3\/bucket:Bucket/);
        assert.strictEqual(cloudOf().fakeFor("pulumi:providers:kubernetes"), undefined);
    });
});

describe("emulation fakes: reads for an import (the provider's Read of the id an `import` names)", () => {
    const portalCloud = () => cloudOf(portalWorld);
    const V = "github:index/actionsVariable:ActionsVariable";
    const S = "github:index/actionsSecret:ActionsSecret";
    const ENV_V = "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable";
    const FILE = "github:index/repositoryFile:RepositoryFile";

    it("ARM: a role assignment by its id, with its scope, name, principal and role as inputs; 404 for one that does not exist, 400 for no assignment id", async () => {
        const c = portalCloud();
        const read = await c.arm.read(A, PORTAL.eastusPull, ctx);
        assert.deepStrictEqual(read.inputs, {
            scope: REGISTRY,
            roleAssignmentName: "9f6c2ab8-d37e-4be0-a28f-bead9a8b7c63",
            principalId: EASTUS_KUBELET,
            roleDefinitionId: ACR_PULL,
            principalType: "ServicePrincipal",
        });
        assert.strictEqual(read.id, PORTAL.eastusPull);
        await refused(c.arm.read(A, PORTAL.eastusPull.replace("9f6c2ab8", "00000000"), ctx), /ARM 404 RoleAssignmentNotFound/);
        await refused(c.arm.read(A, REGISTRY, ctx), /ARM 400 InvalidResourceId/);
    });
    it("ARM: a user-assigned identity by id, and its federated credential by IDENTITY_ID/federatedIdentityCredentials/NAME; 404 when either does not exist", async () => {
        const c = cloudOf();
        const identity = c.arm.identityId("rg-fleet", "gh-web");
        await refused(c.arm.read(MI, identity, ctx), /ARM 404 ResourceNotFound/);
        await refused(c.arm.read(FIC, `${identity}/federatedIdentityCredentials/cred-a`, ctx), /ARM 404 ResourceNotFound/);
        const created = await c.arm.create(MI, { resourceGroupName: "rg-fleet", resourceName: "gh-web", tags: { team: "web" } }, ctx);
        await c.arm.create(FIC, credential("cred-a"), ctx);
        const mi = await c.arm.read(MI, identity, ctx);
        assert.deepStrictEqual(mi.inputs, { resourceGroupName: "rg-fleet", resourceName: "gh-web", location: "westeurope", tags: { team: "web" } });
        assert.strictEqual(mi.outputs.clientId, created.outputs.clientId);
        const fic = await c.arm.read(FIC, `${identity}/federatedIdentityCredentials/cred-a`, ctx);
        assert.deepStrictEqual(fic.inputs, { ...credential("cred-a") });
        await refused(c.arm.read(FIC, `${identity}/federatedIdentityCredentials/cred-b`, ctx), /ARM 404 ResourceNotFound/);
        await refused(c.arm.read(FIC, `${identity}/cred-a`, ctx), /ARM 400 InvalidResourceId/);
    });
    it("Entra: an application by /applications/ID, its service principal by /servicePrincipals/ID, its credential by APP/federatedIdentityCredential/ID; 404 and the parse error otherwise", async () => {
        const c = portalCloud();
        const app = await c.entra.read(APP, `/applications/${PORTAL.applicationObjectId}`, ctx);
        assert.deepStrictEqual(app.inputs, { displayName: PORTAL.displayName, owners: [c.directory.caller.objectId], signInAudience: "AzureADMyOrg" });
        assert.strictEqual(app.outputs.clientId, PORTAL.clientId);
        const sp = await c.entra.read(SP, `/servicePrincipals/${PORTAL.servicePrincipalObjectId}`, ctx);
        assert.strictEqual(sp.inputs.clientId, PORTAL.clientId);
        const fic = await c.entra.read(AFIC, `${PORTAL.applicationObjectId}/federatedIdentityCredential/${PORTAL.credential.id}`, ctx);
        assert.deepStrictEqual(fic.inputs, {
            applicationId: `/applications/${PORTAL.applicationObjectId}`,
            displayName: "web-main",
            issuer: ISSUER,
            subject: PORTAL.credential.subject,
            audiences: ["api://AzureADTokenExchange"],
        });
        const other = "00000000-0000-4000-a000-000000000000";
        await refused(c.entra.read(APP, `/applications/${other}`, ctx), /Graph 404 Request_ResourceNotFound/);
        await refused(c.entra.read(SP, `/servicePrincipals/${other}`, ctx), /Graph 404 Request_ResourceNotFound/);
        await refused(c.entra.read(AFIC, `${PORTAL.applicationObjectId}/federatedIdentityCredential/${other}`, ctx), /Graph 404 Request_ResourceNotFound/);
        await refused(c.entra.read(APP, PORTAL.applicationObjectId, ctx), /Graph 400 InvalidId: .*expected \/applications\/OBJECT_ID/);
        await refused(c.entra.read(AFIC, `/applications/${PORTAL.applicationObjectId}/federatedIdentityCredentials/${PORTAL.credential.id}`, ctx), /Graph 400 InvalidId/);
    });
    it("Entra: a credential the program created reads back by the id the create returned", async () => {
        const c = cloudOf();
        const app = await c.entra.create(APP, { displayName: "gh-web", owners: [c.directory.caller.objectId] }, ctx);
        const created = await c.entra.create(
            AFIC,
            { applicationId: app.id, displayName: "main", issuer: ISSUER, audiences: ["api://AzureADTokenExchange"], subject: "repo:contoso/web:ref:refs/heads/main" },
            ctx,
        );
        assert.strictEqual((await c.entra.read(AFIC, created.id, ctx)).inputs.subject, "repo:contoso/web:ref:refs/heads/main");
    });
    it("GitHub: a secret and a variable by REPO:NAME (a secret's value is never read), an environment's by REPO:ENV:NAME; 404 for one that does not exist, the parse error for another shape", async () => {
        const c = portalCloud();
        const secret = await c.github.read(S, "web:AZURE_CLIENT_ID", ctx);
        assert.deepStrictEqual(secret.inputs, { repository: "web", secretName: "AZURE_CLIENT_ID" });
        await refused(c.github.read(S, "web:ACR_NAME", ctx), /GitHub 404 Not Found: secret ACR_NAME of web/);
        await refused(c.github.read(S, "nope:AZURE_CLIENT_ID", ctx), /GitHub 404 Not Found: repository contoso\/nope/);
        await refused(c.github.read(S, "AZURE_CLIENT_ID", ctx), /unexpected ID format/);
        await refused(c.github.read(V, "web:ACR_NAME", ctx), /GitHub 404 Not Found: variable ACR_NAME of web/);
        await c.github.create(V, { repository: "web", variableName: "ACR_NAME", value: "contosoacr" }, ctx);
        assert.deepStrictEqual((await c.github.read(V, "web:ACR_NAME", ctx)).inputs, { repository: "web", variableName: "ACR_NAME", value: "contosoacr" });
        await refused(c.github.read(ENV_V, "web:prod:ACR_NAME", ctx), /GitHub 404 Not Found: environment prod of web/);
        await c.github.create("github:index/repositoryEnvironment:RepositoryEnvironment", { repository: "web", environment: "prod" }, ctx);
        await c.github.create(ENV_V, { repository: "web", environment: "prod", variableName: "ACR_NAME", value: "x" }, ctx);
        assert.strictEqual((await c.github.read(ENV_V, "web:prod:ACR_NAME", ctx)).inputs.value, "x");
    });
    it("GitHub: a file by REPO:PATH:BRANCH (the default branch when empty, ':' in the path escaped as '??'), with its content; 404 for a file or branch that does not exist", async () => {
        const c = portalCloud();
        const file = await c.github.read(FILE, `web:${PORTAL.workflowPath}:main`, ctx);
        assert.deepStrictEqual(file.inputs, { repository: "web", file: PORTAL.workflowPath, branch: "main", content: `existing ${PORTAL.workflowPath}` });
        assert.strictEqual((await c.github.read(FILE, `web:${PORTAL.workflowPath}:`, ctx)).inputs.branch, "main");
        await refused(c.github.read(FILE, `web:${PORTAL.workflowPath}:release`, ctx), /GitHub 404 Not Found: No commit found for the ref release/);
        await refused(c.github.read(FILE, "web:.github/workflows/other.yml:main", ctx), /GitHub 404 Not Found: filePath .github\/workflows\/other.yml is not a file/);
        await c.github.create(FILE, { repository: "web", file: "docs/a:b.md", branch: "main", content: "x" }, ctx);
        assert.strictEqual((await c.github.read(FILE, "web:docs/a??b.md:main", ctx)).inputs.file, "docs/a:b.md");
        // Unescaped, the ':' splits the id: the path is cut and the rest taken for the branch.
        await refused(c.github.read(FILE, "web:docs/a:b.md:main", ctx), /GitHub 404 Not Found: No commit found for the ref b.md:main/);
    });
    it("hub: a Namespace by name on the hub its provider names; 404 for one that does not exist, and none without a fleet provider", async () => {
        const c = portalCloud();
        const providerState = { kubeconfig: c.hubs.kubeconfig(FLEET, "contoso-fleet", c.directory.tenant) };
        const ns = await c.hubs.read("kubernetes:core/v1:Namespace", "web", { ...ctx, providerState });
        assert.deepStrictEqual(ns.inputs, { apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } });
        await refused(c.hubs.read("kubernetes:core/v1:Namespace", "api", { ...ctx, providerState }), /Hub 404 NotFound: namespaces "api" not found/);
        await refused(c.hubs.read("kubernetes:core/v1:Namespace", "web", ctx), /NoCluster/);
    });
});
