// Adoption emulated (issue 22): examples/from-portal's first `pulumi up` in the world the portal left (worlds.ts,
// portalWorld) imports each object the portal made with Pulumi's `import` option (engine.ts: the provider's Read of the
// id, then an update for what differs) instead of creating it, so the application keeps its client id and nothing is
// deleted or recreated. The same program in an empty world fails on its imports, and without `adopt` in the portal's
// world it fails as the issue reports. The engine's own import rules are shown on small programs.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import { Cloud } from "./cloud";
import { Program, programAt, Step, up, UpResult } from "./engine";
import { inline, REGISTRY } from "./programs";
import { contosoWorld, EASTUS_KUBELET, PORTAL, portalWorld, SUB } from "./worlds";
import { TENANT, WorldSpec } from "./world";

const ROOT = path.resolve(__dirname, "../..");
const DIR = "examples/from-portal";
const ACR_PULL = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`;

const world = (tweak?: (w: WorldSpec) => void) => {
    const w = contosoWorld();
    tweak?.(w);
    return new Cloud(w);
};
const portal = (tweak?: (w: WorldSpec) => void) =>
    world((w) => {
        portalWorld(w);
        tweak?.(w);
    });
const messages = (r: UpResult) => r.errors.map((e) => e.message).join("\n");
const nameOf = (urn: string) => urn.split("::").pop()!;
/** Each resource's steps in order, by its name. */
const opsByName = (steps: Step[]) => {
    const ops = new Map<string, string[]>();
    for (const s of steps) ops.set(nameOf(s.urn), [...(ops.get(nameOf(s.urn)) ?? []), s.op]);
    return ops;
};

/** examples/from-portal as written, except that the library drops `adopt` and members' `existingPullGrantId` (withoutAdoption.ts). */
function withoutAdoption(): Program {
    const program = programAt(DIR);
    const wrapper = path.join(__dirname, "withoutAdoption.ts");
    const Module = require("node:module");
    return {
        ...program,
        run: () => {
            const resolve = Module._resolveFilename;
            Module._resolveFilename = function (request: string, ...rest: unknown[]) {
                return resolve.call(this, request === "fleet-autodeploy" ? wrapper : request, ...rest);
            };
            try {
                return program.run();
            } finally {
                Module._resolveFilename = resolve;
                // Node remembers which file a request from the program's folder loaded while that file stays cached
                // (relativeResolveCache): unloaded, a later run of the program resolves "fleet-autodeploy" afresh.
                delete require.cache[require.resolve(wrapper)];
            }
        },
    };
}

describe("emulated adoption: examples/from-portal's first up in the world the portal left", function () {
    this.timeout(300000);

    it("the portal's world has the ids examples/from-portal/Pulumi.sample.yaml gives", () => {
        const config = YAML.parse(fs.readFileSync(path.join(ROOT, DIR, "Pulumi.sample.yaml"), "utf8")).config;
        const c = (k: string) => config[`from-portal:${k}`];
        assert.deepStrictEqual(
            [c("applicationObjectId"), c("servicePrincipalObjectId"), c("credentialName"), c("credentialId"), c("workflowPath")],
            [PORTAL.applicationObjectId, PORTAL.servicePrincipalObjectId, PORTAL.credential.name, PORTAL.credential.id, PORTAL.workflowPath],
        );
        assert.deepStrictEqual(
            [c("acrPushAssignmentId"), c("hubWriterAssignmentId"), c("hubUserAssignmentId"), c("eastusPullAssignmentId")],
            [PORTAL.assignments.acrPush.id, PORTAL.assignments.hubWriter.id, PORTAL.assignments.hubUser.id, PORTAL.eastusPull],
        );
        const cloud = portal();
        for (const id of [...Object.values(PORTAL.assignments).map((a) => a.id), PORTAL.eastusPull, PORTAL.westeuropePull]) assert.ok(cloud.arm.assignments.has(id.toLowerCase()), id);
    });

    it("imports every adopted object (import, or import then update), creates only what the portal never made, and keeps the portal's objects and ids", async () => {
        const cloud = portal();
        const fleet = `/subscriptions/${SUB}/resourceGroups/rg-fleet/providers/Microsoft.ContainerService/fleets/contoso-fleet`;
        const hub = cloud.hubs.hubOf(fleet);
        // Every write of the namespace `web` on the hub other than an apply: a delete or a create would be an outage.
        const namespaceWrites: string[] = [];
        const isWeb = (o: any) => o?.kind === "Namespace" && o?.metadata?.name === "web";
        for (const op of ["create", "delete"] as const) {
            const original = hub[op].bind(hub);
            hub[op] = ((o: any, ...rest: any[]) => {
                if (isWeb(o)) namespaceWrites.push(op);
                return original(o, ...rest);
            }) as any;
        }
        const assignmentsBefore = new Map([...cloud.arm.assignments].map(([k, a]) => [k, { ...a }]));
        const westeurope = { ...cloud.arm.assignments.get(PORTAL.westeuropePull.toLowerCase())! };
        const secretsBefore = Object.fromEntries(cloud.github.repo("web").secrets);

        const first = await up(cloud, programAt(DIR));
        assert.deepStrictEqual(first.errors, []);

        // The 12 objects the portal made (README.md beside the program) are adopted, each an import, at most updated after.
        const served = first.planned.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        const adopted = served
            .filter((r) => r.options.import)
            .map((r) => r.name)
            .sort();
        assert.strictEqual(adopted.length, 12, adopted.join(", "));
        const ops = opsByName(first.steps);
        for (const name of adopted) {
            assert.ok(
                [["import"], ["import", "update"]].some((x) => JSON.stringify(x) === JSON.stringify(ops.get(name))),
                `${name}: ${ops.get(name)}`,
            );
        }
        assert.ok(!first.steps.some((s) => ["import-replace", "replace", "delete"].includes(s.op)), JSON.stringify(first.steps));
        // Created: only what the portal never made (the library's plain variables and the immutable-subject credential).
        const created = first.steps
            .filter((s) => s.op === "create")
            .map((s) => nameOf(s.urn))
            .sort();
        assert.deepStrictEqual(
            created,
            served
                .filter((r) => !r.options.import)
                .map((r) => r.name)
                .sort(),
        );
        assert.deepStrictEqual(created, [
            "web-github-var-acr-login-server",
            "web-github-var-acr-name",
            "web-github-var-fleet-name",
            "web-github-var-fleet-resource-group",
            "web-oidc-fic-branch-main-immutable",
        ]);

        // The application, its service principal and its credential are the portal's, with their ids: the client id is kept.
        assert.deepStrictEqual([...cloud.entra.applications.keys()], [PORTAL.applicationObjectId]);
        assert.strictEqual(cloud.entra.applications.get(PORTAL.applicationObjectId)!.clientId, PORTAL.clientId);
        assert.deepStrictEqual(
            [...cloud.entra.servicePrincipals.values()].map((s) => [s.objectId, s.clientId]),
            [[PORTAL.servicePrincipalObjectId, PORTAL.clientId]],
        );
        const app = [...first.state.values()].find((r) => r.type === "azuread:index/application:Application")!;
        assert.deepStrictEqual([app.id, app.outputs.clientId], [`/applications/${PORTAL.applicationObjectId}`, PORTAL.clientId]);
        assert.strictEqual(cloud.entra.applications.get(PORTAL.applicationObjectId)!.credentials.get(PORTAL.credential.name)?.id, PORTAL.credential.id);

        // The same role assignments, no other: the adopted ones keep name, scope, principal and role; westeurope's is untouched.
        assert.deepStrictEqual([...cloud.arm.assignments.keys()].sort(), [...assignmentsBefore.keys()].sort());
        for (const [key, a] of cloud.arm.assignments) {
            const before = assignmentsBefore.get(key)!;
            assert.deepStrictEqual([a.scope, a.name, a.principalId, a.roleDefinitionId], [before.scope, before.name, before.principalId, before.roleDefinitionId], key);
        }
        assert.deepStrictEqual(cloud.arm.assignments.get(PORTAL.westeuropePull.toLowerCase()), westeurope);
        assert.ok(!first.planned.some((r) => JSON.stringify(r.inputs).includes(westeurope.principalId)), "the program names member-westeurope's kubelet identity");

        // The secrets are written again with the values they held: the same application, tenant and subscription.
        assert.deepStrictEqual(secretsBefore, { AZURE_CLIENT_ID: PORTAL.clientId, AZURE_TENANT_ID: TENANT, AZURE_SUBSCRIPTION_ID: SUB });
        assert.deepStrictEqual(Object.fromEntries(cloud.github.repo("web").secrets), secretsBefore);

        // The namespace was applied to (the library's label), never deleted or created again.
        assert.deepStrictEqual(namespaceWrites, []);
        assert.strictEqual(hub.get({ apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } })?.metadata?.labels?.["app.kubernetes.io/managed-by"], "fleet-autodeploy");

        // The workflow file is this deployment's now, in one commit on main.
        const main = cloud.github.repo("web").branches.get("main")!;
        assert.match(main.files.get(PORTAL.workflowPath)!, /^# Generated by fleet-autodeploy/);
        assert.strictEqual(main.commits.length, 2);

        // A second up, from the state the first left (the import option now inert), changes nothing.
        const second = await up(cloud, programAt(DIR), first.state);
        assert.deepStrictEqual(second.errors, []);
        assert.deepStrictEqual([...new Set(second.steps.map((s) => s.op))], ["same"]);
        assert.strictEqual(second.steps.length, served.length);
    });

    it("in an empty world the same program fails: its imports name objects that do not exist", async () => {
        const cloud = world();
        const r = await up(cloud, programAt(DIR));
        const text = messages(r);
        assert.match(text, new RegExp(`importing web-oidc-app \\(azuread:index/application:Application\\): resource '/applications/${PORTAL.applicationObjectId}' does not exist \\(Graph 404`));
        assert.match(
            text,
            new RegExp(`importing contosoacr-pull-contoso-fleet-member-eastus \\(azure-native:authorization:RoleAssignment\\): resource '${PORTAL.eastusPull}' does not exist \\(ARM 404`),
        );
        assert.match(text, /importing web-ns-namespace \(kubernetes:core\/v1:Namespace\): resource 'web' does not exist \(Hub 404/);
        // The secrets wait for what a run needs, which failed: never read, never written.
        assert.ok(!r.steps.some((s) => /actionsSecret/.test(s.urn)) && !r.errors.some((e) => /actionsSecret/.test(e.urn)), JSON.stringify(r.errors));
        assert.ok(r.errors.some((e) => nameOf(e.urn) === "web-oidc-app"));
        // Nothing adopted was created instead.
        const adopted = new Set(r.planned.filter((p) => p.options.import).map((p) => p.urn));
        assert.ok(!r.steps.some((s) => adopted.has(s.urn)), JSON.stringify(r.steps));
        assert.strictEqual(cloud.entra.applications.size, 0);
    });

    it("without adopt (and existingPullGrantId) in the portal's world, the first up fails as the issue reports: ARM 409 RoleAssignmentExists for member-eastus's AcrPull", async () => {
        const cloud = portal();
        const secretsBefore = Object.fromEntries(cloud.github.repo("web").secrets);
        const r = await up(cloud, withoutAdoption());
        assert.ok(!r.planned.some((p) => p.options.import), "the program still adopts");
        // The secrets wait for what a run needs (valuesDependOn): the portal's workflow keeps signing in as the portal's app.
        assert.deepStrictEqual(Object.fromEntries(cloud.github.repo("web").secrets), secretsBefore);
        assert.match(messages(r), /ARM 409 RoleAssignmentExists: The role assignment already exists \(as 9f6c2ab8-d37e-4be0-a28f-bead9a8b7c63\)\./);
        assert.strictEqual(nameOf(r.errors.find((e) => /RoleAssignmentExists/.test(e.message))!.urn), "contosoacr-pull-contoso-fleet-member-eastus");
        // The namespace made by hand: the hub refuses a second one.
        assert.match(messages(r), /Hub 409 AlreadyExists: v1\/Namespace\/\/web AlreadyExists/);
        // Entra refuses nothing: a second application is registered beside the portal's, with a new client id.
        assert.strictEqual(cloud.entra.applications.size, 2);
        assert.ok(r.steps.some((s) => s.op === "create" && nameOf(s.urn) === "web-oidc-app"));
    });
});

describe("emulated adoption: the engine's import", function () {
    this.timeout(300000);
    const acrPush = (principalId: string, importId = PORTAL.assignments.acrPush.id) =>
        inline(
            () =>
                new authorization.RoleAssignment(
                    "push",
                    {
                        scope: REGISTRY,
                        principalId,
                        principalType: "ServicePrincipal",
                        roleAssignmentName: importId.split("/").pop(),
                        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${PORTAL.assignments.acrPush.role}`,
                    },
                    { import: importId },
                ),
        );

    it("an import whose inputs match the object is an import alone; the next up, with state, ignores the option (same)", async () => {
        const cloud = portal();
        const first = await up(cloud, acrPush(PORTAL.servicePrincipalObjectId));
        assert.deepStrictEqual(first.errors, []);
        assert.deepStrictEqual(
            first.steps.map((s) => s.op),
            ["import"],
        );
        const second = await up(cloud, acrPush(PORTAL.servicePrincipalObjectId), first.state);
        assert.deepStrictEqual(
            second.steps.map((s) => s.op),
            ["same"],
        );
    });

    it("an import of an object that is not the one the inputs describe (another principal) would replace it: import-replace", async () => {
        // The id names the portal's AcrPush of the application; the program's principal is member-eastus's kubelet.
        const r = await up(portal(), acrPush(EASTUS_KUBELET));
        assert.deepStrictEqual(
            r.steps.map((s) => s.op),
            ["import", "import-replace"],
        );
        // ARM then refuses to rewrite the assignment under its name for another principal.
        assert.match(messages(r), /ARM 400 RoleAssignmentUpdateNotPermitted/);
    });

    it("an import of an id of the wrong shape fails with the provider's parse error, not as an object that does not exist", async () => {
        const r = await up(
            portal(),
            inline(() => new azuread.Application("app", { displayName: "x" }, { import: PORTAL.applicationObjectId })),
        );
        assert.match(messages(r), /Graph 400 InvalidId: parsing "3f0c6a52-7d1e-4b8a-9c2f-5e4d3a2b1c0d": expected \/applications\/OBJECT_ID/);
    });

    it("an application the caller does not own (Application.ReadWrite.OwnedBy) is imported, then its update is refused (403) and it stays imported", async () => {
        const cloud = portal((w) => void w.entra.applications!.forEach((a) => (a.owners = [])));
        const first = await up(cloud, programAt(DIR));
        assert.match(messages(first), /Graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation \(PATCH of application contoso-web-fleet/);
        assert.deepStrictEqual(opsByName(first.steps).get("web-oidc-app"), ["import"]);
        const app = [...first.state.values()].find((r) => r.type === "azuread:index/application:Application");
        assert.strictEqual(app?.id, `/applications/${PORTAL.applicationObjectId}`);
        // With Application.ReadWrite.All the same up goes through.
        const all = portal((w) => {
            w.entra.permission = "Application.ReadWrite.All";
            w.entra.applications!.forEach((a) => (a.owners = []));
        });
        assert.deepStrictEqual((await up(all, programAt(DIR))).errors, []);
    });

    it("a member's AcrPull imported under its --attach-acr name is updated in place (description), keeping its name", async () => {
        const cloud = portal();
        const r = await up(
            cloud,
            inline(
                () =>
                    new authorization.RoleAssignment(
                        "pull",
                        {
                            scope: REGISTRY,
                            principalId: EASTUS_KUBELET,
                            principalType: "ServicePrincipal",
                            roleDefinitionId: ACR_PULL,
                            roleAssignmentName: PORTAL.eastusPull.split("/").pop(),
                            description: "fleet-autodeploy: AcrPull",
                        },
                        { import: PORTAL.eastusPull },
                    ),
            ),
        );
        assert.deepStrictEqual(r.errors, []);
        assert.deepStrictEqual(
            r.steps.map((s) => s.op),
            ["import", "update"],
        );
        assert.strictEqual(cloud.arm.assignments.get(PORTAL.eastusPull.toLowerCase())?.description, "fleet-autodeploy: AcrPull");
    });
});
