import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { PlacementSpec, placementProblems, previewFields, renderPlacement } from "../../sdk/src/render/placement";
import { referenceDir } from "../reference";
import { validateFleetObject } from "../validators/fleetCrds";

const base: PlacementSpec = { name: "web", namespace: "web", type: "PickFixed", clusterNames: ["eastus", "westeu"] };

const all = (spec: PlacementSpec) => {
    const r = renderPlacement(spec);
    return [r.placement, ...(r.stagedUpdateStrategy ? [r.stagedUpdateStrategy] : []), ...r.overrides];
};

const variants: Record<string, PlacementSpec> = {
    "PickFixed": base,
    "PickAll": { name: "web", namespace: "web", type: "PickAll" },
    "PickAll with required labels and tolerations": {
        name: "web", namespace: "web", type: "PickAll",
        requiredClusterLabels: { "fleet.azure.com/location": "eastus", env: "prod" },
        tolerations: [{ key: "dedicated", value: "apps", effect: "NoSchedule" }, { key: "gpu", operator: "Exists" }],
    },
    "PickN with affinity and topology spread": {
        name: "web", namespace: "web", type: "PickN", numberOfClusters: 3,
        requiredClusterLabels: { env: "prod" },
        preferredClusterLabels: [{ weight: 20, labels: { tier: "gold" } }, { weight: -10, labels: { spot: "true" } }],
        topologySpread: [{ topologyKey: "fleet.azure.com/location", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }, { topologyKey: "zone" }],
    },
    "rolling update and apply strategy": {
        ...base,
        rollingUpdate: { maxUnavailable: 1, maxSurge: "50%", unavailablePeriodSeconds: 30 },
        applyStrategy: { type: "ServerSideApply", comparisonOption: "FullComparison", whenToApply: "IfNotDrifted", whenToTakeOver: "Never" },
        revisionHistoryLimit: 5,
    },
    "staged rollout with waits and approvals": {
        name: "web", namespace: "web", type: "PickAll",
        stagedRollout: {
            stages: [
                { name: "canary", labels: { "fleet-stage": "canary" }, maxConcurrency: "1", afterStageWaitMinutes: 30 },
                { name: "europe", labels: { "fleet-stage": "europe" }, maxConcurrency: "50%", afterStageWaitMinutes: 10, requireApproval: true },
                { name: "rest", labels: { "fleet-stage": "rest" } },
            ],
        },
    },
    "overrides per region": {
        ...base,
        overrides: [
            { name: "more-replicas-eastus", clusterLabels: { "fleet.azure.com/location": "eastus" }, resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" }, patches: [{ op: "replace", path: "/spec/replicas", value: 4 }] },
            { name: "no-debug", clusterLabels: { env: "prod" }, resource: { group: "", version: "v1", kind: "ConfigMap", name: "web" }, patches: [{ op: "remove", path: "/data/DEBUG" }, { op: "add", path: "/data/MODE", value: "prod" }] },
            { name: "region-label", clusterLabels: { "fleet.azure.com/location": "westeurope" }, resource: { group: "", version: "v1", kind: "Service", name: "web" }, patches: [{ op: "add", path: "/metadata/labels/region", value: "eu" }, { op: "add", path: "/metadata/labels/contoso.com~1cluster", value: "${MEMBER-CLUSTER-NAME}" }] },
        ],
    },
};

describe("render/placement", () => {
    describe("every rendered object is valid against its CRD's openAPIV3Schema", () => {
        for (const [label, spec] of Object.entries(variants)) {
            it(label, () => {
                for (const obj of all(spec)) assert.deepStrictEqual(validateFleetObject(obj), [], `${obj.kind}: ${JSON.stringify(obj)}`);
            });
        }
    });

    it("the validator bites: bad enum, wrong type, missing required field, too many items, unknown kind", () => {
        const crp = renderPlacement(base).placement as any;
        const broken = (mutate: (o: any) => void) => { const o = structuredClone(crp); mutate(o); return validateFleetObject(o); };
        assert.ok(broken((o) => { o.spec.policy.placementType = "PickSome"; }).some((e) => e.includes("placementType")));
        assert.ok(broken((o) => { o.spec.policy.numberOfClusters = "three"; }).some((e) => e.includes("numberOfClusters")));
        assert.ok(broken((o) => { delete o.spec.resourceSelectors; }).some((e) => e.includes("resourceSelectors")));
        assert.ok(broken((o) => { o.spec.policy.clusterNames = Array.from({ length: 101 }, (_, i) => `c${i}`); }).some((e) => e.includes("clusterNames")));
        assert.ok(broken((o) => { o.spec.strategy = { rollingUpdate: { maxUnavailable: "150%" } }; }).some((e) => e.includes("maxUnavailable")));
        assert.ok(broken((o) => { o.metadata.name = "Web"; }).some((e) => e.includes("metadata/name")));
        assert.deepStrictEqual(validateFleetObject({ ...crp, kind: "ClusterResourcePlacer" }), ["no CRD serves placement.kubernetes-fleet.io/v1/ClusterResourcePlacer"]);
    });

    it("selects the namespace and places on exactly the named clusters", () => {
        const crp = renderPlacement(base).placement as any;
        assert.deepStrictEqual(crp.spec.resourceSelectors, [{ group: "", version: "v1", kind: "Namespace", name: "web" }]);
        assert.deepStrictEqual(crp.spec.policy, { placementType: "PickFixed", clusterNames: ["eastus", "westeu"] });
    });

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
            assert.deepStrictEqual(validateFleetObject({ ...crp, apiVersion: "placement.kubernetes-fleet.io/v1alpha1" }), ["no CRD serves placement.kubernetes-fleet.io/v1alpha1/ClusterResourcePlacement"]);
            const bad = structuredClone(crp);
            bad.spec.strategy.applyStrategy.whenToTakeOver = "Sometimes";
            assert.ok(validateFleetObject(bad).some((e) => e.includes("whenToTakeOver") || e.includes("enum")), JSON.stringify(validateFleetObject(bad)));
        });
    });

    it("PickN: count, required and preferred affinity, topology spread", () => {
        const crp = renderPlacement(variants["PickN with affinity and topology spread"]).placement as any;
        const policy = crp.spec.policy;
        assert.strictEqual(policy.numberOfClusters, 3);
        assert.deepStrictEqual(policy.affinity.clusterAffinity.requiredDuringSchedulingIgnoredDuringExecution, { clusterSelectorTerms: [{ labelSelector: { matchLabels: { env: "prod" } } }] });
        assert.strictEqual(policy.affinity.clusterAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].weight, -10);
        assert.deepStrictEqual(policy.topologySpreadConstraints[1], { topologyKey: "zone" });
    });

    it("staged rollout: a strategy with the stages, and the placement's strategy External", () => {
        const r = renderPlacement(variants["staged rollout with waits and approvals"]);
        assert.strictEqual((r.placement as any).spec.strategy.type, "External");
        const stages = (r.stagedUpdateStrategy as any).spec.stages;
        assert.deepStrictEqual(stages.map((s: any) => s.name), ["canary", "europe", "rest"]);
        assert.deepStrictEqual(stages[0].afterStageTasks, [{ type: "TimedWait", waitTime: "30m" }]);
        assert.strictEqual(stages[0].maxConcurrency, 1);
        assert.deepStrictEqual(stages[1].afterStageTasks, [{ type: "TimedWait", waitTime: "10m" }, { type: "Approval" }]);
        assert.strictEqual(stages[2].afterStageTasks, undefined, "nothing after the last stage");
        assert.strictEqual(r.stagedUpdateStrategy!.metadata.name, "web");
    });

    it("overrides: ResourceOverrides in the namespace, tied to the placement, selected by cluster labels", () => {
        const [first, second] = renderPlacement(variants["overrides per region"]).overrides as any[];
        assert.deepStrictEqual([first.kind, first.metadata.namespace, first.spec.placement.name], ["ResourceOverride", "web", "web"]);
        assert.deepStrictEqual(first.spec.policy.overrideRules[0].jsonPatchOverrides, [{ op: "replace", path: "/spec/replicas", value: 4 }]);
        assert.deepStrictEqual(second.spec.policy.overrideRules[0].jsonPatchOverrides[0], { op: "remove", path: "/data/DEBUG" });
    });

    it("overrides carry Fleet's variables verbatim (Fleet substitutes them per member)", () => {
        const ro = renderPlacement(variants["overrides per region"]).overrides[2] as any;
        assert.deepStrictEqual([ro.kind, ro.metadata.name], ["ResourceOverride", "web-service"]);
        assert.strictEqual(ro.spec.policy.overrideRules[0].jsonPatchOverrides[1].value, "${MEMBER-CLUSTER-NAME}");
    });

    describe("Namespace overrides are refused: Fleet applies them to every object in the namespace, where no label patch is safe", () => {
        const namespaceOverride = (patches: NonNullable<PlacementSpec["overrides"]>[number]["patches"]) => ({
            ...base, overrides: [{ name: "region", clusterLabels: { region: "eu" }, resource: { group: "", version: "v1", kind: "Namespace", name: "web" }, patches }],
        });
        const forms: [string, NonNullable<PlacementSpec["overrides"]>[number]["patches"]][] = [
            ["add one label (fails on an object without labels)", [{ op: "add", path: "/metadata/labels/region", value: "eu" }]],
            ["add one annotation (fails on an object without annotations)", [{ op: "add", path: "/metadata/annotations/region", value: "eu" }]],
            ["remove one label (fails on an object without it)", [{ op: "remove", path: "/metadata/labels/region" }]],
            ["replace one label (fails on an object without it)", [{ op: "replace", path: "/metadata/labels/region", value: "eu" }]],
            ["add the whole map (cannot fail, but replaces every object's labels)", [{ op: "add", path: "/metadata/labels", value: { region: "eu" } }]],
        ];
        for (const [label, patches] of forms) {
            it(label, () => {
                const problems = placementProblems(namespaceOverride(patches), "placement");
                assert.deepStrictEqual(problems.map((p) => p.path), ["placement.overrides[0].kind"]);
                for (const fragment of ["every object in it", "doc is missing path", "replace every object's labels", "override each object instead"]) {
                    assert.ok(problems[0].message.includes(fragment), `${fragment}: ${problems[0].message}`);
                }
                assert.throws(() => renderPlacement(namespaceOverride(patches)), /placement\.overrides\[0\]\.kind "Namespace"/);
            });
        }

        it("nothing cluster-scoped is rendered for overrides: no ClusterResourceOverride at all", () => {
            for (const spec of Object.values(variants)) {
                assert.ok(renderPlacement(spec).overrides.every((o) => o.kind === "ResourceOverride"));
            }
        });
    });

    describe("overrides: one ResourceOverride per object (Fleet's webhook refuses a second override of one object)", () => {
        const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };
        const eastus: PlacementSpec["overrides"] = [
            { name: "eastus-env", clusterLabels: { region: "eastus" }, resource: deployment, patches: [{ op: "add", path: "/spec/template/metadata/labels/region", value: "eastus" }] },
            { name: "westeu-env", clusterLabels: { region: "westeu" }, resource: deployment, patches: [{ op: "add", path: "/spec/template/metadata/labels/region", value: "westeu" }] },
            { name: "config", clusterLabels: { region: "westeu" }, resource: { group: "", version: "v1", kind: "ConfigMap", name: "web-config" }, patches: [{ op: "replace", path: "/data/MODE", value: "eu" }] },
        ];

        it("two overrides of one Deployment are two rules of one ResourceOverride, named after the object, in order", () => {
            const overrides = renderPlacement({ ...base, overrides: eastus }).overrides as any[];
            assert.deepStrictEqual(overrides.map((o) => `${o.kind}/${o.metadata.name}`), ["ResourceOverride/web-deployment", "ResourceOverride/web-config-configmap"]);
            assert.deepStrictEqual(overrides[0].spec.resourceSelectors, [deployment]);
            assert.deepStrictEqual(overrides[0].spec.policy.overrideRules.map((r: any) => r.clusterSelector.clusterSelectorTerms[0].labelSelector.matchLabels.region), ["eastus", "westeu"]);
            for (const o of overrides) assert.deepStrictEqual(validateFleetObject(o), [], o.metadata.name);
        });

        it("more than 20 overrides of one object are refused (20 rules per ResourceOverride)", () => {
            const many = Array.from({ length: 21 }, (_, i) => ({ name: `o${i}`, clusterLabels: { n: `${i}` }, resource: deployment, patches: [{ op: "remove" as const, path: "/spec/paused" }] }));
            const problems = placementProblems({ ...base, overrides: many }, "placement");
            assert.ok(problems.some((p) => p.path === "placement.overrides" && p.message.includes("at most 20 rules")), JSON.stringify(problems));
        });
    });

    describe("autoscaling: the HorizontalPodAutoscaler owns replicas, Fleet never re-applies the hub's", () => {
        const autoscaled: PlacementSpec = { ...base, autoscaledDeployment: "web" };

        it("a ResourceOverride removes /spec/replicas from the Deployment on every member cluster, valid against the CRD", () => {
            const [ro] = renderPlacement(autoscaled).overrides as any[];
            assert.strictEqual(ro.kind, "ResourceOverride");
            assert.deepStrictEqual(ro.metadata, { name: "web-autoscaling", namespace: "web" });
            assert.deepStrictEqual(ro.spec.placement, { name: "web", scope: "Cluster" });
            assert.deepStrictEqual(ro.spec.resourceSelectors, [{ group: "apps", version: "v1", kind: "Deployment", name: "web" }]);
            // An empty clusterSelector (no terms) selects every member cluster; a missing one would select none.
            assert.deepStrictEqual(ro.spec.policy.overrideRules, [{ clusterSelector: { clusterSelectorTerms: [] }, overrideType: "JSONPatch", jsonPatchOverrides: [{ op: "remove", path: "/spec/replicas" }] }]);
            assert.deepStrictEqual(validateFleetObject(ro), []);
            assert.deepStrictEqual(renderPlacement(base).overrides, [], "nothing without autoscaling");
        });

        it("other overrides of that Deployment become rules after it, in its one ResourceOverride, named as before overrides were given", () => {
            const overrides = renderPlacement({ ...autoscaled, overrides: [
                { name: "cm", clusterLabels: { region: "eastus" }, resource: { group: "", version: "v1", kind: "ConfigMap", name: "web-config" }, patches: [{ op: "replace", path: "/data/MODE", value: "us" }] },
                { name: "eastus-label", clusterLabels: { region: "eastus" }, resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" }, patches: [{ op: "add", path: "/spec/template/metadata/labels/region", value: "eastus" }] },
            ] }).overrides as any[];
            assert.deepStrictEqual(overrides.map((o) => o.metadata.name), ["web-autoscaling", "web-config-configmap"]);
            assert.deepStrictEqual(overrides[0].spec.policy.overrideRules.map((r: any) => r.jsonPatchOverrides[0].path), ["/spec/replicas", "/spec/template/metadata/labels/region"]);
            for (const o of overrides) assert.deepStrictEqual(validateFleetObject(o), []);
        });

        it("an override that sets the autoscaled Deployment's replicas is refused, naming it and pointing at the autoscaler", () => {
            const change = { ...autoscaled, overrides: variants["overrides per region"].overrides!.slice(0, 1) };
            const problems = placementProblems(change, "placement");
            const hit = problems.find((p) => p.path === "placement.overrides[0].patches[0].path");
            assert.ok(hit && hit.message.includes("autoscaled") && hit.message.includes("/spec/maxReplicas"), JSON.stringify(problems));
            assert.throws(() => renderPlacement(change), /placement\.overrides\[0\]\.patches\[0\]\.path "\/spec\/replicas"/);
            // The same override of a Deployment that is not autoscaled is fine.
            assert.deepStrictEqual(placementProblems({ ...change, autoscaledDeployment: "other" }, "placement"), []);
        });

        it("an override's name names no object: one called like the autoscaler's ResourceOverride is accepted", () => {
            const problems = placementProblems({ ...autoscaled, overrides: [
                { name: "web-autoscaling", clusterLabels: { a: "b" }, resource: { group: "", version: "v1", kind: "ConfigMap", name: "web-config" }, patches: [{ op: "remove", path: "/data/X" }] },
            ] }, "placement");
            assert.deepStrictEqual(problems, []);
        });
    });

    it("renders only what the spec says: no strategy block without one (placementSpec writes Fleet's defaults out)", () => {
        const crp = renderPlacement(base).placement as any;
        assert.ok(!("strategy" in crp.spec) && !("revisionHistoryLimit" in crp.spec));
        const rolling = renderPlacement({ ...base, rollingUpdate: { maxSurge: 1 } }).placement as any;
        assert.deepStrictEqual(rolling.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } });
    });

    it("is deterministic, with label keys sorted", () => {
        const spec = variants["PickAll with required labels and tolerations"];
        assert.deepStrictEqual(renderPlacement(spec), renderPlacement(structuredClone(spec)));
        const terms = (renderPlacement(spec).placement as any).spec.policy.affinity.clusterAffinity.requiredDuringSchedulingIgnoredDuringExecution.clusterSelectorTerms;
        assert.deepStrictEqual(Object.keys(terms[0].labelSelector.matchLabels), ["env", "fleet.azure.com/location"]);
    });

    describe("problems name the argument, the value and the fix", () => {
        const cases: [string, Partial<PlacementSpec>, string, string][] = [
            ["PickFixed without clusters", { clusterNames: [] }, "placement.clusterNames", "name at least one"],
            ["PickFixed with a count", { numberOfClusters: 2 }, "placement.numberOfClusters", "PickFixed"],
            ["PickN without a count", { type: "PickN", clusterNames: undefined }, "placement.numberOfClusters", "PickN"],
            ["PickN with clusterNames", { type: "PickN", numberOfClusters: 1 }, "placement.clusterNames", "PickFixed only"],
            ["PickAll with topology spread", { type: "PickAll", clusterNames: undefined, topologySpread: [{ topologyKey: "zone" }] }, "placement.topologySpread", "PickN only"],
            ["bad label key", { type: "PickAll", clusterNames: undefined, requiredClusterLabels: { "bad key": "x" } }, "placement.clusterLabels", "bad key"],
            ["bad label value", { type: "PickAll", clusterNames: undefined, requiredClusterLabels: { env: "a b" } }, "placement.clusterLabels", "a b"],
            ["maxUnavailable not a count", { rollingUpdate: { maxUnavailable: "half" } }, "placement.maxUnavailable", "half"],
            ["unknown whenToTakeOver", { applyStrategy: { whenToTakeOver: "Sometimes" as never } }, "placement.applyStrategy.whenToTakeOver", "Sometimes"],
            ["toleration with a bad effect", { tolerations: [{ key: "k", effect: "NoExecute" as never }] }, "placement.tolerations[0].effect", "NoSchedule"],
            ["duplicate stage names", { stagedRollout: { stages: [{ name: "a", labels: { s: "1" } }, { name: "a", labels: { s: "2" } }] } }, "placement.stagedRollout.stages[1].name", "twice"],
            ["stage without labels", { stagedRollout: { stages: [{ name: "a", labels: {} }] } }, "placement.stagedRollout.stages[0].clusterLabels", "empty"],
            ["override patch without a value", { overrides: [{ name: "o", clusterLabels: { a: "b" }, resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" }, patches: [{ op: "replace", path: "/spec/replicas" }] }] }, "placement.overrides[0].patches[0].value", "needs a value"],
            ["Namespace override", { overrides: [{ name: "o", clusterLabels: { a: "b" }, resource: { group: "", version: "v1", kind: "Namespace", name: "web" }, patches: [{ op: "add", path: "/metadata/labels/a", value: "b" }] }] }, "placement.overrides[0].kind", "every object in it"],
            ["override patch path not a pointer", { overrides: [{ name: "o", clusterLabels: { a: "b" }, resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" }, patches: [{ op: "remove", path: "spec" }] }] }, "placement.overrides[0].patches[0].path", "JSON pointer"],
        ];
        for (const [label, change, path, fragment] of cases) {
            it(label, () => {
                const problems = placementProblems({ ...base, ...change } as PlacementSpec, "placement");
                const hit = problems.find((p) => p.path === path);
                assert.ok(hit, `${path} in ${JSON.stringify(problems)}`);
                assert.ok(hit!.message.includes(fragment), hit!.message);
                assert.throws(() => renderPlacement({ ...base, ...change } as PlacementSpec), new RegExp(fragment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
            });
        }
    });
});
