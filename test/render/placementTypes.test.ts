// The placement's API version (sdk/src/render/placementTypes.ts): GA v1 unless a preview field is asked for.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { PlacementSpec, previewFields, renderPlacement } from "../../sdk/src/render/placement";
import { referenceDir } from "../reference";
import { validateFleetObject } from "../validators/fleetCrds";
import { base, variants } from "./placementFixtures";

describe("render/placementTypes", () => {
    describe("preview fields only when asked (Azure ships takeover and drift handling on v1beta1 only)", () => {
        it("by default the placement is GA v1 and carries no apply strategy at all: Fleet's defaults apply", () => {
            const crp = renderPlacement(base).placement as any;
            assert.strictEqual(crp.apiVersion, "placement.kubernetes-fleet.io/v1");
            assert.ok(!("strategy" in crp.spec), JSON.stringify(crp.spec));
            assert.deepStrictEqual(previewFields(base), []);
        });

        it("a GA apply type stays on v1", () => {
            const crp = renderPlacement({ ...base, applyStrategy: { type: "ServerSideApply" } }).placement as any;
            assert.strictEqual(crp.apiVersion, "placement.kubernetes-fleet.io/v1");
            assert.deepStrictEqual(crp.spec.strategy.applyStrategy, { type: "ServerSideApply" });
        });

        const previews: [string, PlacementSpec["applyStrategy"]][] = [
            ["whenToTakeOver", { whenToTakeOver: "IfNoDiff" }],
            ["whenToApply", { whenToApply: "IfNotDrifted" }],
            ["comparisonOption", { comparisonOption: "FullComparison" }],
            ["type", { type: "ReportDiff" }],
        ];
        for (const [field, applyStrategy] of previews) {
            it(`applyStrategy.${field} moves the placement (and only it) to v1beta1, valid against v1beta1's schema`, () => {
                const r = renderPlacement({ ...variants["overrides per region"], applyStrategy });
                const crp = r.placement as any;
                assert.strictEqual(crp.apiVersion, "placement.kubernetes-fleet.io/v1beta1");
                assert.deepStrictEqual(crp.spec.strategy.applyStrategy, applyStrategy);
                assert.deepStrictEqual(previewFields({ applyStrategy }), [`applyStrategy.${field}`]);
                assert.deepStrictEqual(validateFleetObject(crp), []);
                for (const o of r.overrides) assert.strictEqual(o.apiVersion, "placement.kubernetes-fleet.io/v1", o.kind);
            });
        }

        it("the CRD serves v1beta1 with the applyStrategy fields, and the v1beta1 schema is the one enforced", () => {
            const crd = YAML.parse(fs.readFileSync(path.join(referenceDir(), "crds", "placement.kubernetes-fleet.io_clusterresourceplacements.yaml"), "utf8"));
            const v1beta1 = crd.spec.versions.find((v: any) => v.name === "v1beta1");
            assert.ok(v1beta1?.served, "v1beta1 is served");
            const fields = v1beta1.schema.openAPIV3Schema.properties.spec.properties.strategy.properties.applyStrategy.properties;
            assert.deepStrictEqual(fields.whenToTakeOver.enum, ["Always", "IfNoDiff", "Never"]);
            const crp = renderPlacement({ ...base, applyStrategy: { whenToTakeOver: "Never" } }).placement as any;
            // The schema is looked up by version: a version the CRD does not serve has none.
            assert.deepStrictEqual(validateFleetObject({ ...crp, apiVersion: "placement.kubernetes-fleet.io/v1alpha1" }), [
                "no CRD serves placement.kubernetes-fleet.io/v1alpha1/ClusterResourcePlacement",
            ]);
            const bad = structuredClone(crp);
            bad.spec.strategy.applyStrategy.whenToTakeOver = "Sometimes";
            assert.ok(
                validateFleetObject(bad).some((e) => e.includes("whenToTakeOver") || e.includes("enum")),
                JSON.stringify(validateFleetObject(bad)),
            );
        });
    });
});
