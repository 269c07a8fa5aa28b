// Every distinct CEL rule of the CRDs refusing the object it exists for, evaluated by cel.ts as the API server does;
// the table must cover every rule the CRDs hold, so a CRD update with a new rule fails here until it has a case.
import * as assert from "node:assert";
import { parse } from "@bufbuild/cel";
import { celFailures } from "./cel";
import { servedVersions, walkSchema } from "./crds";
import { applyDefaults } from "./schema";

const V1 = "placement.kubernetes-fleet.io/v1";
const V1B = "placement.kubernetes-fleet.io/v1beta1";
const V1A = "placement.kubernetes-fleet.io/v1alpha1";
const norm = (r: string) => r.replace(/\s+/g, " ").trim();

const crp = (spec: object) => ({
    apiVersion: V1,
    kind: "ClusterResourcePlacement",
    metadata: { name: "web" },
    spec: { resourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: "web" }], ...spec },
});
const nsSelector = (extra: object = {}) => ({ group: "", version: "v1", kind: "Namespace", ...extra });
const run = (spec: object, state?: string) => ({
    apiVersion: V1,
    kind: "ClusterStagedUpdateRun",
    metadata: { name: "web-1" },
    spec: { placementName: "web", stagedRolloutStrategyName: "web", ...(state ? { state } : {}), ...spec },
});
const strategy = (stage: object) => ({
    apiVersion: V1,
    kind: "ClusterStagedUpdateStrategy",
    metadata: { name: "web" },
    spec: { stages: [{ name: "canary", labelSelector: { matchLabels: { stage: "canary" } }, ...stage }] },
});
const ro = (placement?: object) => ({
    apiVersion: V1,
    kind: "ResourceOverride",
    metadata: { name: "o", namespace: "web" },
    spec: {
        ...(placement ? { placement } : {}),
        resourceSelectors: [{ group: "apps", version: "v1", kind: "Deployment", name: "web" }],
        policy: { overrideRules: [{ clusterSelector: { clusterSelectorTerms: [] }, jsonPatchOverrides: [{ op: "remove", path: "/spec/replicas" }] }] },
    },
});
const budget = (spec: object) => ({ apiVersion: V1B, kind: "ClusterResourcePlacementDisruptionBudget", metadata: { name: "web" }, spec });
const approval = (stage: string) => ({ apiVersion: V1, kind: "ClusterApprovalRequest", metadata: { name: "a" }, spec: { parentStageRollout: "web-1", targetStage: stage } });

interface Case {
    rule: string;
    object: any;
    old?: any;
}

/** Keyed by a fragment unique to each rule; each object fails that rule (and the test checks it fails no other). */
const CASES: Record<string, Case> = {
    "self == oldSelf": { rule: "self == oldSelf", object: approval("production"), old: approval("canary") },
    "scope != 'Namespaced'": {
        rule: "!has(self.spec.placement) || self.spec.placement.scope != 'Namespaced'",
        object: {
            apiVersion: V1,
            kind: "ClusterResourceOverride",
            metadata: { name: "o" },
            spec: {
                placement: { name: "web", scope: "Namespaced" },
                clusterResourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: "web" }],
                policy: { overrideRules: [{ clusterSelector: { clusterSelectorTerms: [] }, jsonPatchOverrides: [{ op: "remove", path: "/metadata/labels/x" }] }] },
            },
        },
    },
    "oldSelf.placement == self.placement": {
        rule: "(has(oldSelf.placement) && has(self.placement) && oldSelf.placement == self.placement) || (!has(oldSelf.placement) && !has(self.placement))",
        object: ro({ name: "web-2", scope: "Cluster" }),
        old: ro({ name: "web", scope: "Cluster" }),
    },
    "maxUnavailable) && has(self.minAvailable": { rule: "!(has(self.maxUnavailable) && has(self.minAvailable))", object: budget({ maxUnavailable: 1, minAvailable: 1 }) },
    "self.matches('^(100|[0-9]{1,2})%$') : self >= 0": { rule: "type(self) == string ? self.matches('^(100|[0-9]{1,2})%$') : self >= 0", object: budget({ maxUnavailable: -1 }) },
    "has(oldSelf.policy) && !has(self.policy)": { rule: "!(has(oldSelf.policy) && !has(self.policy))", object: crp({}), old: crp({ policy: { placementType: "PickAll" } }) },
    "statusReportingScope == 'NamespaceAccessible'": {
        rule: "!(self.statusReportingScope == 'NamespaceAccessible' && size(self.resourceSelectors.filter(x, x.kind == 'Namespace')) != 1)",
        object: {
            ...crp({ statusReportingScope: "NamespaceAccessible" }),
            spec: { statusReportingScope: "NamespaceAccessible", resourceSelectors: [nsSelector({ name: "a" }), nsSelector({ name: "b" })] },
        },
    },
    "statusReportingScope is immutable": {
        rule: "!has(oldSelf.statusReportingScope) || self.statusReportingScope == oldSelf.statusReportingScope",
        object: crp({ statusReportingScope: "ClusterScopeOnly" }),
        old: crp({ statusReportingScope: "NamespaceAccessible" }),
    },
    "<= 1": {
        rule: "size(self.resourceSelectors.filter(x, x.kind == 'Namespace' && x.group == \"\" && x.version == 'v1' && has(x.selectionScope) && x.selectionScope == 'NamespaceWithResourceSelectors')) <= 1",
        object: {
            ...crp({}),
            spec: { resourceSelectors: [nsSelector({ name: "a", selectionScope: "NamespaceWithResourceSelectors" }), nsSelector({ name: "b", selectionScope: "NamespaceWithResourceSelectors" })] },
        },
    },
    "must select by name": {
        rule: "size(self.resourceSelectors.filter(x, x.kind == 'Namespace' && x.group == \"\" && x.version == 'v1' && has(x.selectionScope) && x.selectionScope == 'NamespaceWithResourceSelectors')) == 0 || (size(self.resourceSelectors.filter(x, x.kind == 'Namespace' && x.group == \"\" && x.version == 'v1' && has(x.selectionScope) && x.selectionScope == 'NamespaceWithResourceSelectors' && has(x.name) && size(x.name) > 0 && !has(x.labelSelector))) == 1)",
        object: { ...crp({}), spec: { resourceSelectors: [nsSelector({ labelSelector: { matchLabels: { team: "a" } }, selectionScope: "NamespaceWithResourceSelectors" })] } },
    },
    "cannot mix": {
        rule: "size(self.resourceSelectors.filter(x, x.kind == 'Namespace' && x.group == \"\" && x.version == 'v1' && has(x.selectionScope) && x.selectionScope == 'NamespaceWithResourceSelectors')) == 0 || size(self.resourceSelectors.filter(x, x.kind == 'Namespace' && x.group == \"\" && x.version == 'v1')) == 1",
        object: { ...crp({}), spec: { resourceSelectors: [nsSelector({ name: "a", selectionScope: "NamespaceWithResourceSelectors" }), nsSelector({ name: "b" })] } },
    },
    "placementType != oldSelf.placementType": {
        rule: "!(self.placementType != oldSelf.placementType)",
        object: crp({ policy: { placementType: "PickAll" } }),
        old: crp({ policy: { placementType: "PickFixed", clusterNames: ["a"] } }),
    },
    "PickFixed": {
        rule: "self.placementType != 'PickFixed' || (!has(self.affinity) && !has(self.numberOfClusters) && !has(self.topologySpreadConstraints) && !has(self.tolerations))",
        object: crp({ policy: { placementType: "PickFixed", clusterNames: ["a"], tolerations: [{ key: "k", operator: "Exists" }] } }),
    },
    "PickAll": {
        rule: "self.placementType != 'PickAll' || (!has(self.clusterNames) && !has(self.numberOfClusters) && !has(self.topologySpreadConstraints))",
        object: crp({ policy: { placementType: "PickAll", clusterNames: ["a"] } }),
    },
    "PickN": { rule: "self.placementType != 'PickN' || (!has(self.clusterNames) && has(self.numberOfClusters))", object: crp({ policy: { placementType: "PickN" } }) },
    "value must be empty": {
        rule: "self.all(x, x.operator != 'Exists' || !has(x.value) || size(x.value) == 0)",
        object: crp({ policy: { placementType: "PickAll", tolerations: [{ key: "k", operator: "Exists", value: "v" }] } }),
    },
    "operator must be Exists": {
        rule: "self.all(x, (has(x.key) && size(x.key) > 0) || x.operator == 'Exists')",
        object: crp({ policy: { placementType: "PickAll", tolerations: [{ operator: "Equal", value: "v" }] } }),
    },
    "name and labelSelector": {
        rule: "self.all(x, !(has(x.name) && size(x.name) > 0 && has(x.labelSelector)))",
        object: { ...crp({}), spec: { resourceSelectors: [nsSelector({ name: "a", labelSelector: { matchLabels: { a: "b" } } })] } },
    },
    "from 'External'": { rule: "!(self != 'External' && oldSelf == 'External')", object: crp({ strategy: { type: "RollingUpdate" } }), old: crp({ strategy: { type: "External" } }) },
    "Mirror": {
        rule: "(self == null) || (self.type == 'Mirror' ? size(self.destination) != 0 : true)",
        object: { ...crp({ strategy: { reportBackStrategy: { type: "Mirror", destination: "" } } }), apiVersion: V1B },
    },
    "< 64": { rule: "size(self.metadata.name) < 64", object: { ...run({}), metadata: { name: "r".repeat(64) } } },
    "Initialize' && self.state == 'Stop'": { rule: "!(has(oldSelf.state) && oldSelf.state == 'Initialize' && self.state == 'Stop')", object: run({}, "Stop"), old: run({}, "Initialize") },
    "'Run' && self.state == 'Initialize'": { rule: "!(has(oldSelf.state) && oldSelf.state == 'Run' && self.state == 'Initialize')", object: run({}, "Initialize"), old: run({}, "Run") },
    "'Stop' && self.state == 'Initialize'": { rule: "!(has(oldSelf.state) && oldSelf.state == 'Stop' && self.state == 'Initialize')", object: run({}, "Initialize"), old: run({}, "Stop") },
    "Approval' && has(e.waitTime)": { rule: "!self.exists(e, e.type == 'Approval' && has(e.waitTime))", object: strategy({ afterStageTasks: [{ type: "Approval", waitTime: "1h" }] }) },
    "TimedWait' && !has(e.waitTime)": { rule: "!self.exists(e, e.type == 'TimedWait' && !has(e.waitTime))", object: strategy({ afterStageTasks: [{ type: "TimedWait" }] }) },
    "e.type == 'TimedWait')": { rule: "!self.exists(e, e.type == 'TimedWait')", object: strategy({ beforeStageTasks: [{ type: "TimedWait", waitTime: "1h" }] }) },
    "self >= 1": { rule: "self == null || type(self) != int || self >= 1", object: strategy({ maxConcurrency: 0 }) },
    "< 128": { rule: "size(self.metadata.name) < 128", object: { ...run({}), apiVersion: V1A, metadata: { name: "r".repeat(128) } } },
};

/** Every distinct rule the served CRDs hold, with each place it sits. */
function crdRules(): Map<string, string[]> {
    const rules = new Map<string, string[]>();
    for (const [key, v] of servedVersions()) {
        walkSchema(v.schema, (node, at) => {
            for (const r of node["x-kubernetes-validations"] ?? []) rules.set(norm(r.rule), [...(rules.get(norm(r.rule)) ?? []), `${key}${at}`]);
        });
    }
    return rules;
}

const failuresOf = (object: any, old?: any) => {
    const served = servedVersions().get(`${object.apiVersion}/${object.kind}`);
    assert.ok(served, `${object.apiVersion}/${object.kind} is served`);
    // As the API server evaluates them: after the CRD's defaults (the stored old object has them too).
    const defaulted = (o: any) => o && (applyDefaults(o, served.schema) as any);
    return celFailures(served.schema, defaulted(object), defaulted(old));
};

describe("validators/fleet/cel: every CRD rule, evaluated as the API server does", () => {
    it("the cases cover every distinct rule of the CRDs (and nothing else)", () => {
        const rules = crdRules();
        assert.deepStrictEqual(
            Object.values(CASES)
                .map((c) => norm(c.rule))
                .sort(),
            [...rules.keys()].sort(),
        );
        assert.strictEqual([...rules.values()].flat().length, 142, "rule placements across every served version");
    });

    it("every rule placement parses as CEL", () => {
        for (const [rule, at] of crdRules()) assert.doesNotThrow(() => parse(rule), `${rule} at ${at[0]}`);
    });

    for (const [name, c] of Object.entries(CASES)) {
        it(`refuses what breaks: ${name}`, () => {
            const failed = failuresOf(c.object, c.old);
            assert.ok(
                failed.some((f) => norm(f.rule) === norm(c.rule)),
                JSON.stringify(failed),
            );
            assert.deepStrictEqual(
                failed.filter((f) => f.message.startsWith("evaluation error")),
                [],
                "no rule fails to evaluate",
            );
            if (c.old) {
                // A transition rule only runs on an update: the same object created fresh does not break it.
                assert.ok(!failuresOf(c.object).some((f) => norm(f.rule) === norm(c.rule)), `${name} runs without an old object`);
            }
        });
    }

    it("a valid placement, strategy and run fail no rule; an unchanged update fails no transition rule", () => {
        const objects = [
            crp({ policy: { placementType: "PickFixed", clusterNames: ["a"] }, strategy: { type: "External" } }),
            strategy({ maxConcurrency: "50%", afterStageTasks: [{ type: "TimedWait", waitTime: "15m" }, { type: "Approval" }] }),
            run({}, "Run"),
            ro({ name: "web", scope: "Cluster" }),
        ];
        for (const o of objects) {
            assert.deepStrictEqual(failuresOf(o), [], o.kind);
            assert.deepStrictEqual(failuresOf(o, o), [], `${o.kind} updated unchanged`);
        }
    });

    it("integers are CEL ints: a count of 1 passes `type(self) != int || self >= 1`, a count of 0 does not", () => {
        assert.deepStrictEqual(failuresOf(strategy({ maxConcurrency: 1 })), []);
        assert.strictEqual(failuresOf(strategy({ maxConcurrency: 0 })).length, 1);
    });

    it("list items of a listType=map list correlate by key on an update; a new item runs no transition rule", () => {
        // stages are keyed by name in no CRD here, so tolerations (atomic) show the negative: a changed list of an
        // atomic list is not correlated item by item, and no transition rule sits under it.
        const old = crp({ policy: { placementType: "PickAll", tolerations: [{ key: "a", operator: "Exists" }] } });
        const next = crp({ policy: { placementType: "PickAll", tolerations: [{ key: "b", operator: "Exists" }] } });
        assert.deepStrictEqual(failuresOf(next, old), []);
    });
});
