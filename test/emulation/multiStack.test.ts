// examples/multi-stack as its stacks are brought up: the platform's first, then each team's, all against one cloud
// (each its own project and state). The clouds refuse what the offline plan calls a conflict across programs.
import * as assert from "node:assert";
import * as sdk from "../../sdk/src";
import { Cloud } from "./cloud";
import { programAt, up, UpResult } from "./engine";
import { FLEET, inline, REGISTRY } from "./programs";
import { contosoWorld, SUB } from "./worlds";

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
const [PLATFORM, TEAM_A, TEAM_B] = ["platform", "team-a", "team-b"].map((p) => `examples/multi-stack/${p}`);
const messages = (r: UpResult) => r.errors.map((e) => e.message).join("\n");
const pullGrants = (cloud: Cloud) =>
    [...cloud.arm.assignments.values()]
        .filter((a) => a.roleDefinitionId.toLowerCase().endsWith(ACR_PULL))
        .map((a) => a.principalId)
        .sort();

describe("emulated examples/multi-stack: the platform's up, then each team's, in one cloud", function () {
    this.timeout(300000);
    // The example's config names the world's fleet and registry.
    before(() => assert.ok(FLEET.includes(SUB) && REGISTRY.includes(SUB)));

    it("every up succeeds: the members' grants are the platform's, the namespaces too, and each team places its own", async () => {
        const cloud = new Cloud(contosoWorld());
        const platform = await up(cloud, programAt(PLATFORM));
        assert.deepStrictEqual(platform.errors, []);
        const granted = pullGrants(cloud);
        assert.strictEqual(granted.length, 2, "member-eastus and member-westeurope");
        for (const team of [TEAM_A, TEAM_B]) assert.deepStrictEqual((await up(cloud, programAt(team))).errors, [], team);
        assert.deepStrictEqual(pullGrants(cloud), granted, "the team stacks register no grant");
        const hub = cloud.hubs.hubOf(FLEET).list();
        assert.deepStrictEqual(
            hub
                .filter((x: any) => x.kind === "Namespace")
                .map((x: any) => x.metadata.name)
                .sort(),
            ["team-a", "team-b"],
        );
        assert.deepStrictEqual(
            hub
                .filter((x: any) => x.kind === "ClusterResourcePlacement")
                .map((x: any) => x.metadata.name)
                .sort(),
            ["team-a", "team-b"],
        );
    });

    it("a team stack that grants a member itself, or creates its namespace, is refused after the platform's: what the plan reports across programs", async () => {
        const afterPlatform = async () => {
            const cloud = new Cloud(contosoWorld());
            assert.deepStrictEqual((await up(cloud, programAt(PLATFORM))).errors, []);
            return cloud;
        };
        const team = (args: Partial<sdk.FleetAutomatedDeploymentArgs>) =>
            inline(
                () =>
                    new sdk.FleetAutomatedDeployment("storefront", {
                        repository: "contoso/storefront",
                        namespace: "team-a",
                        existingNamespace: true,
                        fleetId: FLEET,
                        registryId: REGISTRY,
                        members: [{ name: "member-eastus", pullGrant: "external" }],
                        placement: {},
                        ...args,
                    }),
            );
        // One name (derived from registry, principal and role) in both stacks: the plan's "role assignment name".
        assert.match(
            messages(await up(await afterPlatform(), team({ members: [{ name: "member-eastus" }] }))),
            /ARM 409 AlreadyExists: cannot create already existing resource '[^']*\/roleAssignments\//,
        );
        assert.match(messages(await up(await afterPlatform(), team({ existingNamespace: false }))), /Hub 409 AlreadyExists/);
        assert.deepStrictEqual((await up(await afterPlatform(), team({}))).errors, []);
    });
});
