// The shape check every component and the root program's stack config go through, against sdk/schema.json.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { argumentShapeProblems, packageSchema } from "../../sdk/src/config/argumentShapes";
import { closest } from "../../sdk/src/vocabulary/closest";
import { FILLED_BY_ROOT, renderConfigReference, REFERENCE_END, REFERENCE_START } from "../../sdk/src/config/configReference";
import { FLEET, REGISTRY } from "../fixtures";

const ROOT = path.resolve(__dirname, "../..");
const good = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY };
const paths = (args: unknown, at = "") => argumentShapeProblems("FleetAutomatedDeployment", args, at).map((p) => p.path);

describe("config/argumentShapes: arguments against the analyzer's schema", () => {
    it("accepts a valid deployment, and Outputs where the schema allows Inputs", () => {
        assert.deepStrictEqual(paths(good), []);
        assert.deepStrictEqual(paths({ ...good, fleetId: pulumi.output(FLEET), members: [{ name: "eastus", kubeletPrincipalId: pulumi.output("id") }] }), []);
    });

    it("refuses an Output for a plain argument: the library decides what to create from it", () => {
        const problems = argumentShapeProblems("FleetAutomatedDeployment", { ...good, repository: pulumi.output("contoso/web") });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["repository"],
        );
        assert.match(problems[0].message, /must be a plain value known when the program runs/);
    });

    it("reports each mistake once, with its path, and nothing inside a value of the wrong type", () => {
        assert.deepStrictEqual(paths({ ...good, placement: { stagedRollout: { stages: [{ name: 1, clusterLabels: "x" }] } }, members: [{ name: "a", extra: 1 }, null] }, "apps[2]"), [
            "apps[2].placement.stagedRollout.stages[0].name",
            "apps[2].placement.stagedRollout.stages[0].clusterLabels",
            "apps[2].members[0].extra",
            "apps[2].members[1]",
        ]);
        assert.deepStrictEqual(paths({ ...good, placement: "PickAll" }), ["placement"]);
        assert.deepStrictEqual(paths({ fleetId: FLEET }).sort(), ["registryId", "repository"]);
    });

    it("checks enum values and names the allowed ones", () => {
        const [p] = argumentShapeProblems("FleetAutomatedDeployment", { ...good, subjectFormat: "LEGACY" });
        assert.strictEqual(p.path, "subjectFormat");
        assert.match(p.message, /one of "legacyAndImmutable", "legacy", "immutable", "custom"/);
    });

    it("suggests the argument a misspelt key meant, and reads null as unset (a required one as missing)", () => {
        const [spelt] = argumentShapeProblems("FleetAutomatedDeployment", { ...good, nameSpace: "web" });
        assert.match(spelt.message, /nameSpace is not an argument: did you mean namespace\?/);
        assert.strictEqual(closest("extraBranch", ["extraBranches", "branch"]), "extraBranches");
        assert.strictEqual(closest("zzzzzz", ["branch"]), undefined);
        // Other languages send an optional left unset as null (issue 23): it is not a problem; a required one is missing.
        assert.deepStrictEqual(paths({ ...good, branch: null }), []);
        assert.deepStrictEqual(paths({ ...good, repository: null }), ["repository"]);
    });

    it("wants a resource object where another package's resource is declared (hubProvider)", () => {
        assert.deepStrictEqual(paths({ ...good, hubProvider: "hub" }), ["hubProvider"]);
    });

    it("never throws, whatever the value (property-based)", () => {
        fc.assert(
            fc.property(fc.anything(), (value) => {
                const problems = argumentShapeProblems("FleetAutomatedDeployment", value, "apps[0]");
                for (const p of problems) assert.ok(p.path.startsWith("apps[0]") && p.message.length > 0);
            }),
            { numRuns: 500 },
        );
    });
});

describe("docs/reference.md: the root program's config reference, generated from the schema", () => {
    it("is current: `npm run generate:readme` after changing an argument", () => {
        const reference = fs.readFileSync(path.join(ROOT, "docs/reference.md"), "utf8");
        const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).name;
        const start = reference.indexOf(REFERENCE_START),
            end = reference.indexOf(REFERENCE_END) + REFERENCE_END.length;
        assert.ok(start >= 0 && end > start, "docs/reference.md has the config-reference markers");
        assert.strictEqual(reference.slice(start, end), renderConfigReference(packageSchema(), project), "stale: run `npm run generate:readme`");
    });

    it("lists every argument an app entry may take, and none the root program fills", () => {
        const reference = renderConfigReference(packageSchema(), "p").split("| key | type | required |")[1];
        const inputs = Object.keys(packageSchema().resources["fleet-autodeploy:index:FleetAutomatedDeployment"].inputProperties);
        for (const k of inputs) assert.strictEqual(reference.includes(`| \`${k}\` |`), !FILLED_BY_ROOT.includes(k), k);
    });
});
