// A member's pull grant is one Azure object shared by every declarer in the program (registry/memberAccess.ts): what
// its ABAC condition covers as declarers add repositories, when it is settled, and how disagreeing declarers and bad
// arguments are refused, in exact words.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetMemberRegistryAccess, FleetMemberRegistryAccessArgs } from "../../sdk/src";
import { FLEET, REGISTRY } from "../fixtures";
import { ofType, refusal, run, attempt } from "../harness";

const ROLE = "azure-native:authorization:RoleAssignment";
const common = { fleetId: FLEET, registryId: REGISTRY };
const abac = (name: string, repositories?: string[]) =>
    new FleetMemberRegistryAccess(name, { ...common, accessMode: "abac", members: [{ name: "eastus" }], ...(repositories ? { repositories } : {}) });
/** The repositories the eastus grant's condition names, in its order; undefined for no condition (the whole registry). */
const named = async (program: () => void) => {
    const { resources } = await run(program);
    const [grant] = ofType(resources, ROLE).filter((r) => r.name === "contosoacr-pull-hub-eastus");
    const condition: string | undefined = grant.inputs.condition;
    return condition === undefined ? undefined : [...condition.matchAll(/StringEqualsIgnoreCase '([^']+)'/g)].map((m) => m[1]);
};

/** A resource that reads an Output, so the program waits for it. */
class Holder extends pulumi.CustomResource {
    constructor(name: string, props: Record<string, unknown>) {
        super("test:index:Holder", name, props);
    }
}

describe("registry/memberAccess: the shared grant's ABAC condition", () => {
    it("names every declarer's repositories once, sorted, whatever the order of declaration", async () => {
        assert.deepStrictEqual(
            await named(() => {
                abac("a", ["web"]);
                abac("b", ["api", "web"]);
            }),
            ["api", "web"],
        );
        assert.deepStrictEqual(
            await named(() => {
                abac("b", ["api", "web"]);
                abac("a", ["web"]);
            }),
            ["api", "web"],
        );
    });

    it("covers the whole registry once any declarer needs it, before or after the limited ones", async () => {
        assert.strictEqual(
            await named(() => {
                abac("a", ["web"]);
                abac("all");
            }),
            undefined,
        );
        assert.strictEqual(
            await named(() => {
                abac("all");
                abac("a", ["web"]);
            }),
            undefined,
        );
    });

    it("is settled when the program's first turn ends: a later declarer may reuse it, but not widen it", async () => {
        // After the turn that constructed "a" (and after its setImmediate), as a declarer inside a slow apply would be.
        const late = async (first: string[] | undefined, repositories: string[] | undefined) => {
            let error: Error | undefined;
            await run(() => {
                abac("a", first);
                const later = pulumi.output(new Promise<string>((resolve) => setImmediate(() => setImmediate(() => resolve("later"))))).apply(() => {
                    try {
                        abac("late", repositories);
                    } catch (e) {
                        error = e as Error;
                    }
                    return "done";
                });
                // A registration that reads it keeps the program running until the apply has run.
                new Holder("holder", { later });
            });
            return error?.message;
        };
        assert.strictEqual(await late(["web"], ["web"]), undefined);
        const settled =
            "FleetMemberRegistryAccess \"late\" needs member eastus's pull grant on contosoacr for more repositories, but the grant's condition was settled when the program's first turn ended: construct every deployment on this registry in the program's first turn (not inside an apply or after an await).";
        assert.strictEqual(await late(["web"], ["api"]), settled);
        assert.strictEqual(await late(["web"], undefined), settled);
        assert.strictEqual(await late(undefined, ["api"]), undefined, "a grant of the whole registry already covers it");
    });
});

describe("registry/memberAccess: refusals", () => {
    it("a second kubelet identity for one member names both declarers, under members", async () => {
        const error = await refusal(() => {
            new FleetMemberRegistryAccess("a", { ...common, members: [{ name: "eastus", kubeletPrincipalId: "11111111-1111-1111-1111-111111111111" }] });
            new FleetMemberRegistryAccess("b", { ...common, members: [{ name: "eastus", kubeletPrincipalId: "22222222-2222-2222-2222-222222222222" }] });
        });
        const reason =
            'FleetMemberRegistryAccess "b" gives member eastus kubelet identity 22222222-2222-2222-2222-222222222222, but FleetMemberRegistryAccess "a" gave 11111111-1111-1111-1111-111111111111: one member has one kubelet identity; give the same kubeletPrincipalId, or leave it out on both to resolve it from the fleet.';
        assert.deepStrictEqual(error?.errors, [{ propertyPath: "members", reason }]);
        assert.strictEqual(error.message, reason);
    });

    it("one kubelet identity given in two cases is one identity; the first declarer stays the one named", async () => {
        const error = await refusal(() => {
            new FleetMemberRegistryAccess("a", { ...common, members: [{ name: "eastus", kubeletPrincipalId: "aaaaaaaa-1111-1111-1111-111111111111" }] });
            new FleetMemberRegistryAccess("b", { ...common, members: [{ name: "eastus", kubeletPrincipalId: "AAAAAAAA-1111-1111-1111-111111111111" }] });
            new FleetMemberRegistryAccess("c", { ...common, accessMode: "abac", members: [{ name: "eastus" }] });
        });
        assert.match(error?.message ?? "", /^FleetMemberRegistryAccess "c" treats registry contosoacr as "abac", but FleetMemberRegistryAccess "a" as "rbac"/);
    });

    const refused: [string, Partial<FleetMemberRegistryAccessArgs>, { propertyPath: string; reason: string }[]][] = [
        ["no members", { members: [] }, [{ propertyPath: "members", reason: 'members is empty: list the fleet members that may pull, e.g. [{ name: "member-eastus" }].' }]],
        [
            "repositories without ABAC",
            { repositories: ["web"] },
            [
                {
                    propertyPath: "repositories",
                    reason: 'repositories limit pulls only with accessMode "abac": AcrPull always covers the whole registry. Set accessMode "abac" (on an ABAC registry) or drop repositories.',
                },
            ],
        ],
    ];
    for (const [label, extra, errors] of refused) {
        it(`FleetMemberRegistryAccess refuses ${label}`, async () => {
            const error = await refusal(() => new FleetMemberRegistryAccess("pull", { ...common, members: [{ name: "eastus" }], ...extra }));
            assert.deepStrictEqual(error?.errors, errors);
        });
    }

    it("FleetMemberRegistryAccess names each bad argument by its path", async () => {
        const error = await refusal(
            () =>
                new FleetMemberRegistryAccess("pull", {
                    registryId: FLEET,
                    fleetId: REGISTRY,
                    members: [{ name: "East US" }, { name: "westeu" }, { name: "westeu" }],
                }),
        );
        assert.deepStrictEqual(
            error?.errors?.map((e: any) => e.propertyPath),
            ["registryId", "fleetId", "members[0].name", "members"],
        );
        assert.ok(error.message.startsWith('FleetMemberRegistryAccess "pull" has 4 invalid arguments:'), error.message);
    });

    it("a cluster whose identity profile has no kubelet identity fails the run, saying what to do", async () => {
        for (const identityProfile of [undefined, {}, { kubeletidentity: {} }]) {
            await assert.rejects(
                run(() => new FleetMemberRegistryAccess("pull", { ...common, members: [{ name: "eastus" }] }), {
                    invokes: { "azure-native:containerservice:getManagedCluster": (a) => ({ name: a.resourceName, identityProfile }) },
                }),
                (e: Error) =>
                    e.message.endsWith("(fleet member eastus) has no kubelet managed identity to grant AcrPull to: enable managed identity on the cluster, or give kubeletPrincipalId explicitly."),
                JSON.stringify(identityProfile),
            );
        }
    });

    it("a member whose fleet record names no AKS cluster fails the run, saying what to give instead", async () => {
        await assert.rejects(
            run(() => new FleetMemberRegistryAccess("pull", { ...common, members: [{ name: "eastus" }] }), {
                invokes: {
                    "azure-native:containerservice:getFleetMember": () => ({ name: "eastus", clusterResourceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm" }),
                },
            }),
            (e: Error) =>
                e.message.endsWith(
                    ": Fleet member eastus records cluster /subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm, which is not an AKS cluster: give kubeletPrincipalId for it explicitly.",
                ),
        );
    });
});

describe("registry/memberAccess: grants owned elsewhere, and grants adopted", () => {
    const EXISTING = `${REGISTRY}/providers/Microsoft.Authorization/roleAssignments/0b5f2c1e-8d4a-4f7e-9c3b-2a1d6e5f4c3b`;
    const pulls = (resources: { type: string; name: string }[]) => ofType(resources as any, ROLE).filter((r: any) => r.name.startsWith("contosoacr-pull-"));
    const web = (members: any[], extra: object = {}) => new FleetAutomatedDeployment("web", { repository: "contoso/web", ...common, members, placement: {}, ...extra });

    it("a member whose grant is external registers no grant, and still counts as able to pull", async () => {
        const { resources, warnings } = await run(() => web([{ name: "eastus" }, { name: "westeu", pullGrant: "external" }]));
        assert.deepStrictEqual(
            pulls(resources).map((r: any) => r.name),
            ["contosoacr-pull-hub-eastus"],
        );
        assert.deepStrictEqual(
            warnings.filter((w) => /pull/.test(w)),
            [],
            "a fixed placement on two members that can pull warns of nothing",
        );
        const placement = ofType(resources, "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement")[0];
        assert.deepStrictEqual(placement.inputs.spec.policy.clusterNames, ["eastus", "westeu"], "an external member is still picked");
    });

    it("external members need no plain ids: nothing is named after the registry", async () => {
        const { resources } = await run(
            () =>
                new FleetAutomatedDeployment("web", {
                    repository: "contoso/web",
                    fleetId: FLEET,
                    registryId: pulumi.output(REGISTRY),
                    members: [{ name: "eastus", pullGrant: "external" }],
                    placement: {},
                }),
        );
        assert.strictEqual(pulls(resources).length, 0);
    });

    it("still warns when a placement can reach a member that nobody grants", async () => {
        const { warnings } = await run(() => web([{ name: "eastus", pullGrant: "external" }], { placement: { clusterNames: ["eastus", "japan"] } }));
        assert.ok(
            warnings.some((w) => w.includes("picks japan, which is not granted pull")),
            warnings.join("\n"),
        );
    });

    it("adopts an existing assignment under its own name, with the import option and its id", async () => {
        const { resources } = await run(() => web([{ name: "eastus", existingPullGrantId: EXISTING }, { name: "westeu" }]));
        const [east, west] = pulls(resources) as any[];
        assert.strictEqual(east.importId, EXISTING);
        assert.strictEqual(east.inputs.roleAssignmentName, "0b5f2c1e-8d4a-4f7e-9c3b-2a1d6e5f4c3b");
        assert.strictEqual(east.inputs.scope, REGISTRY, "the adopted assignment keeps its scope, role and principal");
        assert.strictEqual(east.name, "contosoacr-pull-hub-eastus", "the URN stays what the grant is, adopted or not");
        assert.strictEqual(west.importId, undefined);
        assert.notStrictEqual(west.inputs.roleAssignmentName, east.inputs.roleAssignmentName);
    });

    it("a second declarer of an adopted grant shares it; a different or late adoption is refused, naming both", async () => {
        const shared = await run(() => {
            web([{ name: "eastus", existingPullGrantId: EXISTING }]);
            new FleetMemberRegistryAccess("platform", { ...common, members: [{ name: "eastus" }] });
        });
        assert.strictEqual(pulls(shared.resources).length, 1);
        const other = `${REGISTRY}/providers/Microsoft.Authorization/roleAssignments/11111111-2222-4333-8444-555555555555`;
        const differ = await refusal(() => {
            new FleetMemberRegistryAccess("platform", { ...common, members: [{ name: "eastus", existingPullGrantId: EXISTING }] });
            new FleetMemberRegistryAccess("team", { ...common, members: [{ name: "eastus", existingPullGrantId: other }] });
        });
        assert.match(
            differ?.message ?? "",
            /^FleetMemberRegistryAccess "team" adopts member eastus's pull grant .*11111111.*, but FleetMemberRegistryAccess "platform" adopted .*0b5f2c1e.*: a member has one pull grant on a registry; give the same existingPullGrantId\.$/,
        );
        const late = await refusal(() => {
            new FleetMemberRegistryAccess("platform", { ...common, members: [{ name: "eastus" }] });
            new FleetMemberRegistryAccess("team", { ...common, members: [{ name: "eastus", existingPullGrantId: EXISTING }] });
        });
        assert.match(late?.message ?? "", /already declared a new one: give existingPullGrantId where the member is first listed \(FleetMemberRegistryAccess "platform"\)/);
    });

    const refused: [string, object, string, RegExp][] = [
        [
            "a malformed id",
            { name: "eastus", existingPullGrantId: "0b5f2c1e-8d4a-4f7e-9c3b-2a1d6e5f4c3b" },
            "members[0].existingPullGrantId",
            /is not a role assignment id: give it as `az role assignment list/,
        ],
        [
            "an assignment at another scope",
            { name: "eastus", existingPullGrantId: `${FLEET}/providers/Microsoft.Authorization/roleAssignments/0b5f2c1e-8d4a-4f7e-9c3b-2a1d6e5f4c3b` },
            "members[0].existingPullGrantId",
            /is assigned at .*fleets\/hub, not at .*registries\/contosoacr, where this grant belongs/,
        ],
        [
            "adoption of a grant said to be external",
            { name: "eastus", pullGrant: "external", existingPullGrantId: EXISTING },
            "members[0].existingPullGrantId",
            /adopting makes this program its owner/,
        ],
        ["an unknown owner (by the schema's shape check)", { name: "eastus", pullGrant: "platform" }, "members[0].pullGrant", /expected one of "owned", "external"/],
    ];
    for (const [label, member, path, reason] of refused) {
        it(`refuses ${label}, under ${path}, registering nothing`, async () => {
            const { error, resources } = await attempt(() => web([member]));
            const problem = error?.errors?.find((e: any) => e.propertyPath === path);
            assert.match(problem?.reason ?? JSON.stringify(error?.errors), reason);
            assert.strictEqual(resources.length, 0);
        });
    }

    it("FleetMemberRegistryAccess refuses an external member: it exists to own grants", async () => {
        const error = await refusal(() => new FleetMemberRegistryAccess("pull", { ...common, members: [{ name: "eastus", pullGrant: "external" as any }] }));
        assert.deepStrictEqual(
            error?.errors?.map((e: any) => e.propertyPath),
            ["members[0].pullGrant"],
        );
    });
});

describe("registry/memberAccess: registry and fleet ids that are not plain strings (issue 23)", () => {
    const pulls = (resources: any[]) => ofType(resources, ROLE).filter((r: any) => /pull/.test(r.name));
    const web = (name: string, registryId: pulumi.Input<string>, fleetId: pulumi.Input<string> = FLEET) =>
        new FleetAutomatedDeployment(name, { repository: `contoso/${name}`, fleetId, registryId, members: [{ name: "eastus" }], placement: {} });

    it("a secret, an Output or another resource's id: the grant is the member's, on the registry the id resolves to", async () => {
        for (const registryId of [pulumi.secret(REGISTRY), pulumi.output(REGISTRY), new Holder("acr", { id: REGISTRY }).id.apply(() => REGISTRY)]) {
            const { resources } = await run(() => web("web", registryId, pulumi.output(FLEET)));
            const [grant] = pulls(resources);
            assert.strictEqual(grant.name, "member-pull-eastus");
            assert.match(grant.parent, /::pulumi:pulumi:Stack::/, "at the stack's root, shared");
            // A secret id keeps the scope and the role definition (named through its subscription) secret.
            const secret = grant.inputs.scope === "[secret]";
            assert.ok(secret || grant.inputs.scope === REGISTRY, JSON.stringify(grant.inputs.scope));
            assert.match(String(grant.inputs.roleDefinitionId), secret ? /^\[secret\]$/ : /7f951dda-4ed3-4680-a7ca-43fe172d538d$/);
        }
    });

    it("an id unknown in preview: every resource, the member's grant too, still shows in the preview", async () => {
        // An output the provider computes, which a preview does not know yet.
        const registryId = () => (new Holder("acr", { registryId: undefined }) as unknown as { registryId: pulumi.Output<string> }).registryId;
        const { resources } = await run(() => web("web", registryId()), { preview: true });
        assert.deepStrictEqual(
            pulls(resources).map((r: any) => r.name),
            ["member-pull-eastus"],
        );
        assert.strictEqual(pulls(resources)[0].inputs.scope, "[unknown]");
    });

    it("two deployments on one registry share the member's grant", async () => {
        const { resources } = await run(() => {
            web("web", pulumi.output(REGISTRY));
            web("api", pulumi.output(REGISTRY));
        });
        assert.strictEqual(pulls(resources).length, 1);
    });

    it("two registries given as Outputs for one member fail where the ids resolve, naming both declarers and the fix", async () => {
        const other = REGISTRY.replace("contosoacr", "fabrikamacr");
        await assert.rejects(
            run(() => {
                web("web", pulumi.output(REGISTRY));
                web("api", pulumi.output(other));
            }),
            (e: Error) =>
                /FleetAutomatedDeployment "api" lists member eastus on registry .*fabrikamacr of fleet .*, but FleetAutomatedDeployment "web" on registry .*contosoacr.*Give the ids as plain strings/.test(
                    e.message,
                ),
        );
    });

    it("one registry given plainly by one deployment and as an Output by another fails: two resources, one assignment", async () => {
        await assert.rejects(
            run(() => {
                web("web", REGISTRY);
                web("api", pulumi.output(REGISTRY));
            }),
            (e: Error) => /declared with plain ids by FleetAutomatedDeployment "web" and with Outputs by FleetAutomatedDeployment "api"/.test(e.message),
        );
    });
});
