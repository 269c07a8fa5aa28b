// Each component the deployment composes, used on its own.
import * as assert from "node:assert";
import { FleetMemberRegistryAccess, GitHubOidcIdentity, GitHubRepositoryWiring, HubNamespace, NamespacePlacement } from "../sdk/src";
import { BuiltInRole } from "../sdk/src/vocabulary/roles";
import { guidOf, ofType, run, valueOf } from "./harness";
import { FLEET, FLEET_RG, KUBELET_WEST, REGISTRY } from "./fixtures";

const ROLE = "azure-native:authorization:RoleAssignment";
const roleOf = (r: { inputs: Record<string, any> }) => String(r.inputs.roleDefinitionId).split("/").pop();

describe("components on their own", () => {
    it("GitHubOidcIdentity: one managed identity in the given resource group, one credential per subject", async () => {
        const { resources, value } = await run(
            () =>
                new GitHubOidcIdentity("deployer", {
                    repository: "contoso/web",
                    branches: ["main"],
                    environments: ["production"],
                    subjectFormat: "legacy",
                    resourceGroupId: FLEET_RG,
                    location: "westeurope",
                }),
        );
        const [identity] = ofType(resources, "azure-native:managedidentity:UserAssignedIdentity");
        assert.deepStrictEqual([identity.inputs.resourceGroupName, identity.inputs.resourceName, identity.inputs.location], ["rg-fleet", "deployer", "westeurope"]);
        const fics = ofType(resources, "azure-native:managedidentity:FederatedIdentityCredential");
        assert.deepStrictEqual(
            fics.map((f) => f.name),
            ["deployer-fic-branch-main", "deployer-fic-env-production"],
        );
        assert.deepStrictEqual(
            fics.map((f) => f.inputs.federatedIdentityCredentialResourceName),
            ["github-branch-main", "github-env-production"],
        );
        assert.deepStrictEqual(
            fics.map((f) => f.inputs.subject),
            ["repo:contoso/web:ref:refs/heads/main", "repo:contoso/web:environment:production"],
        );
        assert.strictEqual(await valueOf(value.principalId), guidOf("principal:deployer-identity"));
        assert.strictEqual(ofType(resources, ROLE).length, 0, "an identity alone has no rights");
    });

    it("GitHubOidcIdentity: subjects that fold to the same name stay distinct", async () => {
        const { resources } = await run(() => new GitHubOidcIdentity("deployer", { repository: "o/r", branches: ["a/b", "a-b"], subjectFormat: "legacy", resourceGroupId: FLEET_RG }));
        const names = ofType(resources, "azure-native:managedidentity:FederatedIdentityCredential").map((f) => f.name);
        assert.strictEqual(new Set(names).size, 2, names.join(", "));
    });

    it("GitHubRepositoryWiring: a workflow is committed last, after the variables, secrets and other files it reads", async () => {
        // A push of a workflow file runs it at once (on: push): its first run must find what it reads.
        const { resources } = await run(
            () =>
                new GitHubRepositoryWiring("wiring", {
                    repository: "contoso/web",
                    branch: "main",
                    variables: { FLEET_NAME: "hub" },
                    secrets: { API_TOKEN: "s3cr3t" },
                    files: [
                        { path: ".github/workflows/deploy.yml", content: "on: push" },
                        { path: "Dockerfile", content: "FROM scratch" },
                    ],
                }),
        );
        const files = ofType(resources, "github:index/repositoryFile:RepositoryFile");
        const workflow = files.find((f) => f.inputs.file === ".github/workflows/deploy.yml")!;
        const dockerfile = files.find((f) => f.inputs.file === "Dockerfile")!;
        const variable = ofType(resources, "github:index/actionsVariable:ActionsVariable")[0];
        const secret = ofType(resources, "github:index/actionsSecret:ActionsSecret")[0];
        for (const r of [dockerfile, variable, secret]) assert.ok(workflow.dependencies.includes(r.urn), `the workflow waits for ${r.name}`);
        assert.deepStrictEqual(dockerfile.dependencies, [], "other files need nothing first");
    });

    it("GitHubRepositoryWiring: variables, secrets (marked secret) and files on the branch", async () => {
        const { resources } = await run(
            () =>
                new GitHubRepositoryWiring("wiring", {
                    repository: "contoso/web",
                    branch: "main",
                    variables: { FLEET_NAME: "hub" },
                    secrets: { API_TOKEN: "s3cr3t" },
                    files: [{ path: "deploy/README.md", content: "hello" }],
                }),
        );
        assert.deepStrictEqual(
            ofType(resources, "github:index/actionsVariable:ActionsVariable").map((r) => [r.inputs.repository, r.inputs.variableName, r.inputs.value]),
            [["web", "FLEET_NAME", "hub"]],
        );
        const [secret] = ofType(resources, "github:index/actionsSecret:ActionsSecret");
        assert.strictEqual(secret.inputs.secretName, "API_TOKEN");
        assert.strictEqual(secret.inputs.plaintextValue, "[secret]", "registered as a secret");
        const [file] = ofType(resources, "github:index/repositoryFile:RepositoryFile");
        assert.deepStrictEqual([file.inputs.file, file.inputs.branch, file.inputs.content], ["deploy/README.md", "main", "hello"]);
    });

    it("FleetMemberRegistryAccess: exactly one AcrPull per listed member, on the registry, owned by the program", async () => {
        const { resources } = await run(
            () =>
                new FleetMemberRegistryAccess("shared", {
                    registryId: REGISTRY,
                    fleetId: FLEET,
                    members: [{ name: "eastus" }, { name: "westeu", kubeletPrincipalId: KUBELET_WEST }],
                }),
        );
        const roles = ofType(resources, ROLE).sort((a, b) => a.name.localeCompare(b.name));
        // Named after registry, fleet and member, at the stack's root: a deployment listing the same member shares it.
        assert.deepStrictEqual(
            roles.map((r) => r.name),
            ["contosoacr-pull-hub-eastus", "contosoacr-pull-hub-westeu"],
        );
        const stack = resources.find((r) => r.type === "fleet-autodeploy:index:FleetMemberRegistryAccess")!.parent;
        for (const r of roles) assert.strictEqual(r.parent, stack, r.name);
        for (const r of roles) {
            assert.strictEqual(roleOf(r), BuiltInRole.AcrPull);
            assert.strictEqual(r.inputs.scope, REGISTRY);
        }
        assert.deepStrictEqual(
            roles.map((r) => r.inputs.principalId),
            [guidOf("kubelet:aks-eastus"), KUBELET_WEST],
        );
    });

    it("FleetMemberRegistryAccess: a member whose cluster has no kubelet identity fails with what to do", async () => {
        await assert.rejects(
            run(() => new FleetMemberRegistryAccess("shared", { registryId: REGISTRY, fleetId: FLEET, members: [{ name: "legacy" }] }), {
                invokes: { "azure-native:containerservice:getManagedCluster": (a) => ({ name: a.resourceName }) },
            }),
            /no kubelet managed identity.*kubeletPrincipalId/s,
        );
    });

    it("HubNamespace: a provider from the fleet's credentials, the namespace, and the deployer's two hub roles", async () => {
        const principal = "12345678-1234-1234-1234-123456789012";
        const { resources, invokes } = await run(() => new HubNamespace("ns", { fleetId: FLEET, namespace: "web", deployerPrincipalId: principal }));
        assert.ok(invokes.some((i) => i.token === "azure-native:containerservice:listFleetCredentials" && i.args.fleetName === "hub" && i.args.resourceGroupName === "rg-fleet"));
        const [provider] = ofType(resources, "pulumi:providers:kubernetes");
        assert.strictEqual(provider.name, "hub-hub", "the fleet's shared hub provider, named after the fleet");
        assert.strictEqual(provider.inputs.kubeconfig, "[secret]", "the hub's credentials are registered as a secret");
        const [ns] = ofType(resources, "kubernetes:core/v1:Namespace");
        assert.ok(ns.provider.startsWith(provider.urn));
        assert.deepStrictEqual(
            ofType(resources, ROLE)
                .map((r) => [roleOf(r), r.inputs.scope])
                .sort(),
            [
                [BuiltInRole.FleetRbacWriter, `${FLEET}/namespaces/web`],
                [BuiltInRole.FleetHubClusterUser, FLEET],
            ].sort(),
        );
    });

    it("NamespacePlacement: a ClusterResourcePlacement for the namespace, waiting for what the component waits for", async () => {
        const { resources } = await run(() => new NamespacePlacement("spread", { fleetId: FLEET, namespace: "web", placement: { type: "PickAll" } }));
        const [crp] = ofType(resources, "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement");
        assert.strictEqual(crp.inputs.spec.policy.placementType, "PickAll");
        assert.strictEqual(crp.inputs.metadata.name, "web");
    });
});

describe("grantRegistryPull", () => {
    it("grants one principal AcrPull on a registry, or Repository Reader limited to repositories on an ABAC registry", async () => {
        const { grantRegistryPull } = require("../sdk/src") as typeof import("../sdk/src");
        const principalId = "12345678-1234-1234-1234-123456789012";
        const { resources } = await run(() => {
            grantRegistryPull("ci-pull", { registryId: REGISTRY, principalId });
            grantRegistryPull("ci-pull-abac", { registryId: REGISTRY, principalId, accessMode: "abac", repositories: ["tools"] });
        });
        const [rbac, abac] = ofType(resources, ROLE).sort((a, b) => a.name.localeCompare(b.name));
        assert.deepStrictEqual([roleOf(rbac), rbac.inputs.scope, rbac.inputs.principalId, rbac.inputs.principalType], [BuiltInRole.AcrPull, REGISTRY, principalId, "ServicePrincipal"]);
        assert.strictEqual(roleOf(abac), BuiltInRole.ContainerRegistryRepositoryReader);
        assert.ok(abac.inputs.condition.includes("'tools'"));
        assert.throws(() => grantRegistryPull("bad", { registryId: FLEET, principalId }), /registryId .* not a registry/);
    });
});
