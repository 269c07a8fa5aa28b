// Registry grants as verbs (registry/grants.ts, abac.ts, loginServer.ts): which role each mode and build mode gets,
// when an ABAC condition applies, and how a bad argument or a registry without a login server is reported.
import * as assert from "node:assert";
import { FleetAutomatedDeployment, grantRegistryPull } from "../../sdk/src";
import { BuiltInRole } from "../../sdk/src/vocabulary/roles";
import { repositoryCondition } from "../../sdk/src/registry/abac";
import { FLEET, REGISTRY } from "../fixtures";
import { ofType, run } from "../harness";

const ROLE = "azure-native:authorization:RoleAssignment";
const PRINCIPAL = "12345678-1234-1234-1234-123456789012";
const roleOf = (r: { inputs: Record<string, any> }) => String(r.inputs.roleDefinitionId).split("/").pop();

describe("registry/grants: grantRegistryPull", () => {
    it("AcrPull on the registry by default, with no condition", async () => {
        const { resources } = await run(() => grantRegistryPull("pull", { registryId: REGISTRY, principalId: PRINCIPAL }));
        const [grant] = ofType(resources, ROLE);
        assert.deepStrictEqual([grant.name, roleOf(grant), grant.inputs.scope, grant.inputs.condition], ["pull", BuiltInRole.AcrPull, REGISTRY, undefined]);
    });

    it("ABAC: Repository Reader, limited by a condition only when repositories are given", async () => {
        const whole = ofType((await run(() => grantRegistryPull("pull", { registryId: REGISTRY, principalId: PRINCIPAL, accessMode: "abac" }))).resources, ROLE)[0];
        assert.deepStrictEqual([roleOf(whole), whole.inputs.condition], [BuiltInRole.ContainerRegistryRepositoryReader, undefined]);
        const limited = ofType((await run(() => grantRegistryPull("pull", { registryId: REGISTRY, principalId: PRINCIPAL, accessMode: "abac", repositories: ["web"] }))).resources, ROLE)[0];
        assert.deepStrictEqual([limited.inputs.condition, limited.inputs.conditionVersion], [repositoryCondition(["web"], "read"), "2.0"]);
    });

    it("refuses a registry id that is no registry and an unknown mode, naming each", async () => {
        assert.throws(
            () => grantRegistryPull("pull", { registryId: FLEET, principalId: PRINCIPAL, accessMode: "acl" as never }),
            (e: any) => {
                assert.deepStrictEqual(
                    e.errors.map((x: any) => x.propertyPath),
                    ["registryId", "accessMode"],
                );
                assert.strictEqual(e.errors[1].reason, 'accessMode "acl" is not one of "rbac", "abac".');
                assert.ok(e.message.startsWith('grantRegistryPull "pull" has 2 invalid arguments:'), e.message);
                return true;
            },
        );
    });

    it("an ABAC condition needs a repository", () => {
        assert.throws(() => repositoryCondition([], "write"), { message: "an ABAC repository condition needs at least one repository" });
    });
});

describe("registry/grants: push, and ACR Tasks builds", () => {
    const deploy = (a: Record<string, unknown>) => run(() => new FleetAutomatedDeployment("web", { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, ...a }));
    const registryRoles = async (a: Record<string, unknown>) =>
        ofType((await deploy(a)).resources, ROLE)
            .filter((r) => r.inputs.scope === REGISTRY)
            .map(roleOf)
            .sort();

    it("ACR Tasks builds add the Tasks Contributor role; only an ABAC registry adds the catalog lister", async () => {
        assert.deepStrictEqual(await registryRoles({ buildMode: "acrTasks" }), [BuiltInRole.AcrPush, BuiltInRole.ContainerRegistryTasksContributor].sort());
        assert.deepStrictEqual(
            await registryRoles({ buildMode: "acrTasks", registryAccessMode: "abac" }),
            [BuiltInRole.ContainerRegistryRepositoryWriter, BuiltInRole.ContainerRegistryTasksContributor, BuiltInRole.ContainerRegistryRepositoryCatalogLister].sort(),
        );
        assert.deepStrictEqual(await registryRoles({}), [BuiltInRole.AcrPush]);
    });

    it("a registry without a login server fails the run, saying what to give", async () => {
        await assert.rejects(
            run(() => new FleetAutomatedDeployment("web", { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY }), {
                invokes: { "azure-native:containerregistry:getRegistry": (a) => ({ id: REGISTRY, name: a.registryName }) },
            }),
            (e: Error) => e.message.endsWith(`Registry ${REGISTRY} reports no login server: give registryLoginServer explicitly.`),
        );
    });
});
