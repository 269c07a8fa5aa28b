// The multi-language contract: Pulumi's own analyzer must infer a schema for every component from
// sdk/, with a description on every input and output, so Python, Go, C# and YAML users get docs too.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { inferredSchema } from "./schema";

const COMPONENTS = ["FleetAutomatedDeployment", "GitHubOidcIdentity", "GitHubRepositoryWiring", "FleetMemberRegistryAccess", "HubNamespace", "NamespacePlacement"];

describe("multi-language schema (ComponentProvider.getSchema)", function () {
    this.timeout(120000);

    it("sdk/schema.json, which arguments and stack config are checked against, is what the analyzer infers now", async () => {
        const committed = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "sdk", "schema.json"), "utf8"));
        assert.deepStrictEqual(committed, await inferredSchema(), "sdk/schema.json is stale: run `npm run generate:schema` and commit it");
    });

    it("names the package after sdk/package.json", async () => {
        assert.strictEqual((await inferredSchema()).name, "fleet-autodeploy");
    });

    it("holds every exported component under its type token", async () => {
        const resources = Object.keys((await inferredSchema()).resources).sort();
        assert.deepStrictEqual(resources, COMPONENTS.map((c) => `fleet-autodeploy:index:${c}`).sort());
    });

    it("describes every input and output of every component, and of every nested type", async () => {
        const schema = await inferredSchema();
        const missing: string[] = [];
        for (const [token, r] of Object.entries<any>(schema.resources)) {
            for (const [k, p] of Object.entries<any>(r.inputProperties ?? {})) if (!p.description) missing.push(`${token} input ${k}`);
            for (const [k, p] of Object.entries<any>(r.properties ?? {})) if (!p.description) missing.push(`${token} output ${k}`);
        }
        for (const [token, t] of Object.entries<any>(schema.types ?? {})) {
            for (const [k, p] of Object.entries<any>(t.properties ?? {})) if (!p.description) missing.push(`${token}.${k}`);
        }
        assert.deepStrictEqual(missing, []);
    });

    it("infers the deployment's inputs with their kinds: plain strings, Inputs, enums, lists and resource references", async () => {
        const r = (await inferredSchema()).resources["fleet-autodeploy:index:FleetAutomatedDeployment"];
        const inputs = r.inputProperties;
        const expected = [
            "repository",
            "branch",
            "fleetId",
            "registryId",
            "registryLoginServer",
            "appName",
            "namespace",
            "existingNamespace",
            "identityKind",
            "identityResourceGroupId",
            "identityLocation",
            "identityName",
            "credentialStore",
            "variableSuffix",
            "workflowPath",
            "workflowOwnership",
            "pullRequest",
            "buildMode",
            "layerCache",
            "dockerfile",
            "dockerContext",
            "manifestSource",
            "manifestPath",
            "pathsIgnore",
            "members",
            "placement",
            "hubProvider",
        ];
        for (const k of expected) assert.ok(inputs[k], `input ${k}`);
        assert.deepStrictEqual([...r.requiredInputs].sort(), ["fleetId", "registryId", "repository"]);
        assert.strictEqual(inputs.repository.plain, true);
        assert.ok(!inputs.fleetId.plain, "fleetId accepts an Output");
        assert.match(inputs.identityKind.$ref, /#\/types\/fleet-autodeploy:index:IdentityKind$/);
        assert.match(inputs.members.items.$ref, /FleetMemberArgs$/);
        assert.match(inputs.hubProvider.$ref, /^\/kubernetes\/v[\d.]+\/schema\.json#/, "a reference into the kubernetes package");
        assert.match(inputs.repository.description, /owner\/name/);
        for (const o of ["clientId", "principalId", "tenantId", "subjects", "workflowPath", "namespace", "placementName"]) assert.ok(r.properties[o], `output ${o}`);
    });

    it("turns the as-const enums into schema enums", async () => {
        const types = (await inferredSchema()).types;
        const values = (name: string) => types[`fleet-autodeploy:index:${name}`].enum.map((e: any) => e.value).sort();
        assert.deepStrictEqual(values("IdentityKind"), ["application", "managedIdentity"]);
        assert.deepStrictEqual(values("BuildMode"), ["acrTasks", "runner"]);
        assert.deepStrictEqual(values("PlacementType"), ["PickAll", "PickFixed", "PickN"]);
    });
});
