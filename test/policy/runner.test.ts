// The offline plan's policy runner (sdk/src/plan/policies.ts) on hand-made packs and plans: loading without serving,
// enforcement levels after policy config, the arguments policies receive.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { Policy } from "@pulumi/policy";
import type { PlannedResource } from "../../sdk/src/resource/planned";
import { LoadedPack, loadPolicyPack, runPolicyPack } from "../../sdk/src/plan/policies";

const ROOT = path.resolve(__dirname, "../..");

function planned(type: string, name: string, inputs: Record<string, unknown>, more: Partial<PlannedResource> = {}, options: Partial<PlannedResource["options"]> = {}): PlannedResource {
    return {
        urn: `urn:pulumi:dev::proj::${type}::${name}`,
        type,
        name,
        parent: null,
        custom: true,
        inputs,
        options: { dependsOn: [], provider: null, protect: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], deleteBeforeReplace: false, aliases: [], ...options },
        ...more,
    };
}

const flagAll: Policy[] = [
    { name: "every-resource", description: "d", enforcementLevel: "advisory", validateResource: (args: any, report: any) => report(`saw ${args.name}`) } as Policy,
    { name: "stack", description: "d", enforcementLevel: "mandatory", validateStack: (args: any, report: any) => report(`saw ${args.resources.length}`) } as Policy,
];
const pack = (policies: Policy[], enforcementLevel?: LoadedPack["enforcementLevel"]): LoadedPack => ({ dir: ".", name: "test", policies, enforcementLevel });

describe("policy runner of the offline plan", () => {
    const resources = [planned("pulumi:pulumi:Stack", "proj-dev", {}, { custom: false }), planned("github:index/actionsVariable:ActionsVariable", "v", { variableName: "X" })];
    const none = () => undefined;

    it("runs resource validations on each resource (not the stack) and stack validations once, at their levels", async () => {
        const found = await runPolicyPack(pack(flagAll), resources, none, {}, {});
        assert.deepStrictEqual(
            found.map((v) => [v.policy, v.enforcementLevel, v.message, v.urn]),
            [
                ["every-resource", "advisory", "saw v", resources[1].urn],
                ["stack", "mandatory", "saw 2", undefined],
            ],
        );
    });

    it('applies policy config: a policy\'s own entry over "all" over its default; disabled skips it; remediate counts as mandatory', async () => {
        const levels = async (config: Record<string, unknown>) => (await runPolicyPack(pack(flagAll), resources, none, {}, config as any)).map((v) => `${v.policy}:${v.enforcementLevel}`);
        assert.deepStrictEqual(await levels({ all: "mandatory" }), ["every-resource:mandatory", "stack:mandatory"]);
        assert.deepStrictEqual(await levels({ all: "advisory", stack: { enforcementLevel: "remediate" } }), ["every-resource:advisory", "stack:mandatory"]);
        assert.deepStrictEqual(await levels({ "every-resource": "disabled" }), ["stack:mandatory"]);
        await assert.rejects(runPolicyPack(pack(flagAll), resources, none, {}, { typo: "advisory" }), /names "typo", which pack test does not have/);
        await assert.rejects(runPolicyPack(pack(flagAll), resources, none, {}, { stack: "strict" } as any), /enforcement level "strict"/);
    });

    it("falls back to the pack's level, then advisory", async () => {
        const bare = [{ name: "bare", description: "d", validateResource: (_: unknown, report: (m: string) => void) => report("x") } as Policy];
        assert.strictEqual((await runPolicyPack(pack(bare, "mandatory"), resources, none, {}, {}))[0].enforcementLevel, "mandatory");
        assert.strictEqual((await runPolicyPack(pack(bare), resources, none, {}, {}))[0].enforcementLevel, "advisory");
    });

    it("passes what the engine passes: inputs with secrets, options, the explicit or default provider, linked stack resources", async () => {
        const provider = planned("pulumi:providers:github", "gh", { owner: "fabrikam" });
        const parent = planned("my:index:Component", "c", {}, { custom: false });
        const explicit = planned(
            "github:index/actionsSecret:ActionsSecret",
            "s",
            { plaintextValue: "[secret]" },
            { parent: parent.urn },
            { provider: `${provider.urn}::id-1`, protect: true, retainOnDelete: true, dependsOn: [parent.urn] },
        );
        const implicit = planned("github:index/actionsVariable:ActionsVariable", "v", { variableName: "X" });
        const seen: any[] = [];
        const spy: Policy[] = [
            { name: "r", description: "d", validateResource: (args: any) => void seen.push(args) } as Policy,
            { name: "s", description: "d", validateStack: (args: any) => void seen.push(args) } as Policy,
        ];
        const view = (r: PlannedResource) => (r === explicit ? { inputs: { plaintextValue: "hunter2" }, propertyDependencies: { plaintextValue: [provider.urn] } } : undefined);
        await runPolicyPack(pack(spy), [provider, parent, explicit, implicit], view, { "github:owner": "contoso", "azure-native:location": "westeurope" }, {});
        const args = seen.find((a) => a.name === "s");
        assert.deepStrictEqual(args.props, { plaintextValue: "hunter2" });
        assert.deepStrictEqual([args.opts.protect, args.opts.retainOnDelete, args.opts.parent], [true, true, parent.urn]);
        assert.deepStrictEqual([args.provider.urn, args.provider.props], [provider.urn, { owner: "fabrikam" }]);
        assert.ok(args.isType({ __pulumiType: "github:index/actionsSecret:ActionsSecret" }) && !args.isType({ __pulumiType: "x" }));
        const defaultProvider = seen.find((a) => a.name === "v").provider;
        assert.deepStrictEqual([defaultProvider.urn, defaultProvider.props], ["urn:pulumi:dev::proj::pulumi:providers:github::default", { owner: "contoso" }]);
        assert.strictEqual(seen.find((a) => a.name === "c").provider, undefined, "components have no provider");
        const stack = seen.find((a) => a.resources).resources;
        const secret = stack.find((r: any) => r.name === "s");
        assert.strictEqual(secret.parent.name, "c");
        assert.deepStrictEqual(
            secret.dependencies.map((d: any) => d.name),
            ["c"],
        );
        assert.deepStrictEqual(
            secret.propertyDependencies.plaintextValue.map((d: any) => d.name),
            ["gh"],
        );
    });

    it("ignores notApplicable, and names the policy that throws", async () => {
        const policies = [
            { name: "skips", description: "d", validateResource: (args: any) => args.notApplicable("not mine") } as Policy,
            {
                name: "breaks",
                description: "d",
                validateStack: () => {
                    throw new Error("boom");
                },
            } as Policy,
        ];
        await assert.rejects(runPolicyPack(pack(policies), resources, none, {}, {}), /policy breaks of pack test failed: boom/);
        assert.deepStrictEqual(await runPolicyPack(pack(policies.slice(0, 1)), resources, none, {}, {}), []);
    });

    it("loads a pack that constructs its PolicyPack when loaded, capturing it instead of serving", async () => {
        const loaded = loadPolicyPack(path.join(__dirname, "../fixtures/policy/packs/constructing"), () => {
            throw new Error("not TypeScript");
        });
        assert.deepStrictEqual([loaded.name, loaded.enforcementLevel, loaded.policies.map((p) => p.name)], ["constructing", "mandatory", ["no-reader"]]);
        const reader = planned("azure-native:authorization:RoleAssignment", "r", { roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7" });
        assert.deepStrictEqual(
            (await runPolicyPack(loaded, [reader], none, {}, {})).map((v) => [v.policy, v.enforcementLevel, v.message]),
            [["no-reader", "mandatory", "r assigns Reader"]],
        );
        assert.throws(() => loadPolicyPack(path.join(ROOT, "test/fixtures"), () => undefined), /not a policy pack: it has no PulumiPolicy.yaml/);
    });

    it("the library's pack module exports its policies and serves nothing when required outside Pulumi", () => {
        const r = spawnSync(process.execPath, ["-e", "const p = require('./sdk/policy'); console.log(p.name, p.policies.map((x) => x.name).join(','))"], {
            cwd: ROOT,
            encoding: "utf8",
            timeout: 30000,
        });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(
            r.stdout.trim(),
            "fleet-autodeploy github-identity-roles,github-identity-no-privileged-roles,role-assignment-principal-type," +
                "github-federation-trust,workflow-pinned-and-scoped,hub-namespace-retained,no-conflicting-resources",
        );
    });

    it("the pack's version is the package's (PolicyPack reads it from the pack folder's package.json)", () => {
        assert.strictEqual(require(path.join(ROOT, "sdk/policy/package.json")).version, require(path.join(ROOT, "sdk/package.json")).version);
    });
});
