// Other languages' SDKs send an optional argument left unset as an explicit null (Python's None, a nil pointer in Go,
// `~` in YAML): the components read it as left out, at any depth, and register exactly what they register without it.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetMemberRegistryAccess, HubNamespace } from "../../sdk/src";
import { withoutNulls } from "../../sdk/src/config/argumentShapes";
import { FLEET, REGISTRY } from "../fixtures";
import { refusal, run } from "../harness";

const registered = async (program: () => void) => (await run(program)).resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));

describe("config/argumentShapes: an explicit null is an argument left out", () => {
    it("a deployment with every optional argument null registers what one without them registers", async () => {
        const base = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "eastus" }], placement: {} };
        const nulls = {
            ...base,
            branch: null,
            appName: null,
            namespace: null,
            identityKind: null,
            credentialStore: null,
            variableSuffix: null,
            adopt: null,
            hubProvider: null,
            environment: null,
            containerize: null,
            generateManifests: null,
            paths: null,
            members: [{ name: "eastus", kubeletPrincipalId: null, pullGrant: null, existingPullGrantId: null }],
            placement: { type: null, clusterNames: null, applyStrategy: null },
        };
        assert.deepStrictEqual(await registered(() => new FleetAutomatedDeployment("web", nulls as any)), await registered(() => new FleetAutomatedDeployment("web", base)));
    });

    it("the other components read null as unset too", async () => {
        assert.deepStrictEqual(
            await registered(
                () =>
                    new FleetMemberRegistryAccess("pull", {
                        registryId: REGISTRY,
                        fleetId: FLEET,
                        members: [{ name: "eastus", kubeletPrincipalId: null }],
                        accessMode: null,
                        repositories: null,
                    } as any),
            ),
            await registered(() => new FleetMemberRegistryAccess("pull", { registryId: REGISTRY, fleetId: FLEET, members: [{ name: "eastus" }] })),
        );
        assert.deepStrictEqual(
            await registered(() => new HubNamespace("ns", { fleetId: FLEET, namespace: "web", existing: null, deleteOnDestroy: null, mode: null } as any)),
            await registered(() => new HubNamespace("ns", { fleetId: FLEET, namespace: "web" })),
        );
    });

    it("a required argument that is null is missing, and a null list item is still reported", async () => {
        const missing = await refusal(() => new FleetAutomatedDeployment("web", { repository: null, fleetId: FLEET, registryId: REGISTRY } as any));
        assert.deepStrictEqual(
            missing?.errors?.map((e: any) => e.propertyPath),
            ["repository"],
        );
        assert.match(missing.errors[0].reason, /^repository is required/);
        const item = await refusal(() => new FleetAutomatedDeployment("web", { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [null] } as any));
        assert.deepStrictEqual(
            item?.errors?.map((e: any) => e.propertyPath),
            ["members[0]"],
        );
    });

    it("leaves Outputs, resources and class instances as they are, and keeps null list items", () => {
        const output = pulumi.output("x");
        const date = new Date(0);
        const result = withoutNulls({ a: null, b: output, c: [null, { d: null, e: 1 }], f: date, g: { h: null } });
        assert.deepStrictEqual(Object.keys(result), ["b", "c", "f", "g"]);
        assert.strictEqual(result.b, output);
        assert.strictEqual(result.f, date);
        assert.deepStrictEqual(result.c, [null, { e: 1 }]);
        assert.deepStrictEqual(result.g, {});
    });
});
