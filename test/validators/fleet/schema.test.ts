// What the hub's API server does before any CEL rule or webhook: each family shown refusing (or changing) an object.
import * as assert from "node:assert";
import { admit } from "./admission";
import { servedVersions } from "./crds";
import { applyDefaults, metadataErrors, openApiErrors, prune } from "./schema";

const V1 = "placement.kubernetes-fleet.io/v1";
// Read when the tests run, not when the file loads: without shared/reference they are skipped.
const crpVersion = () => servedVersions().get(`${V1}/ClusterResourcePlacement`)!;
const roVersion = () => servedVersions().get(`${V1}/ResourceOverride`)!;
const crp = (spec: object = {}, metadata: object = { name: "web" }) => ({
    apiVersion: V1,
    kind: "ClusterResourcePlacement",
    metadata,
    spec: { resourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: "web" }], ...spec },
});

describe("validators/fleet/schema: pruning, defaults, OpenAPI keywords, metadata", () => {
    it("pruning: an unknown field is dropped, and admission reports it (the API server would store the object without it)", () => {
        const { value, dropped } = prune(crp({ strategy: { type: "RollingUpdate", maxUnavailable: 1 } }), crpVersion().schema);
        assert.deepStrictEqual(dropped, [".spec.strategy.maxUnavailable"]);
        assert.deepStrictEqual((value as any).spec.strategy, { type: "RollingUpdate" });
        assert.deepStrictEqual(admit(crp({ strategy: { type: "RollingUpdate", maxUnavailable: 1 } }), undefined, []).errors, [
            ".spec.strategy.maxUnavailable: unknown field, dropped by the API server (pruning)",
        ]);
    });

    it("defaults: the CRD's `default:` values fill what is absent, inside what is present", () => {
        const defaulted = applyDefaults(crp({ policy: { placementType: "PickAll" }, strategy: { type: "RollingUpdate" } }), crpVersion().schema) as any;
        assert.strictEqual(defaulted.spec.strategy.type, "RollingUpdate");
        assert.ok(Object.keys(defaulted.spec).length > 3, JSON.stringify(defaulted.spec));
        const ro = applyDefaults({ spec: { placement: { name: "web" } } }, roVersion().schema) as any;
        assert.strictEqual(ro.spec.placement.scope, "Cluster", "the override's placement scope defaults to Cluster");
    });

    it("OpenAPI keywords: an enum, a type and a bound each refused", () => {
        assert.ok(openApiErrors(crp({ policy: { placementType: "PickSome" } }), crpVersion()).some((e) => e.includes("allowed values")));
        assert.ok(openApiErrors(crp({ policy: { placementType: "PickN", numberOfClusters: "two" } }), crpVersion()).some((e) => e.includes("numberOfClusters")));
        assert.ok(openApiErrors(crp({ revisionHistoryLimit: 0 }), crpVersion()).some((e) => e.includes("revisionHistoryLimit")));
        assert.deepStrictEqual(openApiErrors(crp(), crpVersion()), []);
    });

    it("metadata: a DNS-subdomain name, qualified label keys, label values, a namespace only on namespaced kinds", () => {
        assert.deepStrictEqual(metadataErrors(crp(), crpVersion()), []);
        assert.deepStrictEqual(metadataErrors(crp({}, { name: "Web" }), crpVersion()), ['/metadata/name "Web" is not a DNS subdomain']);
        assert.deepStrictEqual(metadataErrors(crp({}, { name: "web", labels: { "bad key": "x", ok: "bad value!" } }), crpVersion()), [
            '/metadata/labels key "bad key" is not a qualified name',
            '/metadata/labels value "bad value!" of ok is not a label value',
        ]);
        assert.deepStrictEqual(metadataErrors(crp({}, { name: "web", namespace: "web" }), crpVersion()), ['/metadata/namespace "web" is set on a cluster-scoped kind']);
        assert.deepStrictEqual(metadataErrors({ metadata: { name: "o" } }, roVersion()), ["/metadata/namespace is required: the kind is namespaced"]);
    });

    it("an apiVersion or kind no CRD serves is refused", () => {
        assert.deepStrictEqual(admit({ ...crp(), apiVersion: "placement.kubernetes-fleet.io/v1alpha9" }, undefined, []).errors, [
            "no CRD serves placement.kubernetes-fleet.io/v1alpha9/ClusterResourcePlacement",
        ]);
    });
});
