// kubefleet's hub admission webhooks (webhooks.ts): every ported rule refuses an otherwise-valid object, the table of
// refusals covers every rule in WEBHOOK_RULES (a new rule fails the completeness test until it has a case), and the
// mutating webhook's defaults.
import * as assert from "node:assert";
import { HubOptions, mutate, Obj, validate, WEBHOOK_RULES, WebhookRequest } from "./webhooks";

const V1 = "placement.kubernetes-fleet.io/v1";
const V1B = "placement.kubernetes-fleet.io/v1beta1";

const nsSel = (name: string, extra: Obj = {}) => ({ group: "", version: "v1", kind: "Namespace", name, selectionScope: "NamespaceWithResources", ...extra });
const depSel = (name = "web") => ({ group: "apps", version: "v1", kind: "Deployment", name });
const roleSel = (extra: Obj = {}) => ({ group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", ...extra });

/** A ClusterResourcePlacement as the validating webhook receives it: after the mutating webhook. */
const crp = (spec: Obj = {}, metadata: Obj = {}): Obj =>
    mutate({ apiVersion: V1, kind: "ClusterResourcePlacement", metadata: { name: "web", ...metadata }, spec: { resourceSelectors: [nsSel("web")], ...spec } });
/** A ResourcePlacement: no mutating webhook is configured for it. */
const rp = (spec: Obj = {}): Obj => ({ apiVersion: V1, kind: "ResourcePlacement", metadata: { name: "web", namespace: "web" }, spec: { resourceSelectors: [depSel()], ...spec } });

const labelTerms = (terms: Obj[] = [{ labelSelector: { matchLabels: { env: "prod" } } }]) => ({ clusterSelectorTerms: terms });
const rule = (extra: Obj = {}) => ({ clusterSelector: labelTerms(), overrideType: "JSONPatch", jsonPatchOverrides: [{ op: "replace", path: "/spec/replicas", value: 3 }], ...extra });
const ro = (spec: Obj = {}, metadata: Obj = {}): Obj => ({
    apiVersion: V1,
    kind: "ResourceOverride",
    metadata: { name: "o", namespace: "web", ...metadata },
    spec: { resourceSelectors: [depSel()], policy: { overrideRules: [rule()] }, ...spec },
});
const cro = (spec: Obj = {}, metadata: Obj = {}): Obj => ({
    apiVersion: V1,
    kind: "ClusterResourceOverride",
    metadata: { name: "o", ...metadata },
    spec: { clusterResourceSelectors: [nsSel("web")], policy: { overrideRules: [rule({ jsonPatchOverrides: [{ op: "add", path: "/metadata/labels/team", value: "a" }] })] }, ...spec },
});
const pdb = (namespace: string): Obj => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web", namespace }, spec: { minAvailable: 1 } });

const create = (object: Obj, existing: Obj[] = []): WebhookRequest => ({ operation: "CREATE", object, existing });
const update = (object: Obj, oldObject: Obj, existing: Obj[] = []): WebhookRequest => ({ operation: "UPDATE", object, oldObject, existing });

const pickAll = (policy: Obj) => crp({ policy: { placementType: "PickAll", ...policy } });
const pickN = (policy: Obj) => crp({ policy: { placementType: "PickN", numberOfClusters: 1, ...policy } });
const pickFixed = (policy: Obj) => crp({ policy: { placementType: "PickFixed", clusterNames: ["member-1"], ...policy } });
const required = (terms: Obj[]) => pickAll({ affinity: { clusterAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { clusterSelectorTerms: terms } } } });
const preferred = (preference: Obj) => pickN({ affinity: { clusterAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference }] } } });
const properties = (...matchExpressions: Obj[]) => required([{ propertySelector: { matchExpressions } }]);
const prop = (operator: string, ...values: string[]) => ({ name: "kubernetes-fleet.io/node-count", operator, values });
const tolerations = (...ts: Obj[]) => pickAll({ tolerations: ts });
const rolling = (rollingUpdate: Obj) => crp({ strategy: { type: "RollingUpdate", rollingUpdate } });
const patches = (...jsonPatchOverrides: Obj[]) => ro({ policy: { overrideRules: [rule({ jsonPatchOverrides })] } });
const patchPath = (path: string) => patches({ op: "replace", path, value: 1 });
const overrideRule = (extra: Obj) => ro({ policy: { overrideRules: [rule(extra)] } });
const hundred = (make: (i: number) => Obj) => Array.from({ length: 100 }, (_, i) => make(i));

interface Refusal {
    req: WebhookRequest;
    options?: Partial<HubOptions>;
}

/** One otherwise-valid request per rule, refused by that rule and no other. Keyed by rule id. */
const REFUSALS: Record<string, Refusal> = {
    "placement.name-length": { req: create(crp({}, { name: "a".repeat(64) })) },
    "placement.selector-name-and-label-selector": { req: create(crp({ resourceSelectors: [roleSel({ name: "view", labelSelector: { matchLabels: { a: "b" } } })] })) },
    "placement.selector-label-selector": { req: create(crp({ resourceSelectors: [roleSel({ labelSelector: { matchLabels: { "bad key!": "b" } } })] })) },
    "placement.selector-rest-mapping": { req: create(crp({ resourceSelectors: [{ group: "example.com", version: "v1", kind: "Widget", name: "w" }] })) },
    "placement.selector-crp-cluster-scoped": { req: create(crp({ resourceSelectors: [depSel()] })) },
    "placement.selector-rp-namespace-scoped": { req: create(rp({ resourceSelectors: [roleSel({ name: "view" })] })) },
    "placement.pickfixed-cluster-name-invalid": { req: create(pickFixed({ clusterNames: ["Member_1"] })) },
    "placement.pickfixed-cluster-name-length": { req: create(pickFixed({ clusterNames: ["m".repeat(64)] })) },
    "placement.pickfixed-cluster-names-unique": { req: create(pickFixed({ clusterNames: ["a", "a"] })) },
    "placement.pickfixed-number-of-clusters": { req: create(pickFixed({ numberOfClusters: 1 })) },
    "placement.pickfixed-affinity": { req: create(pickFixed({ affinity: {} })) },
    "placement.pickfixed-topology-spread": { req: create(pickFixed({ topologySpreadConstraints: [{ topologyKey: "zone" }] })) },
    "placement.pickfixed-tolerations": { req: create(pickFixed({ tolerations: [{ key: "k", operator: "Exists" }] })) },
    "placement.pickall-cluster-names": { req: create(pickAll({ clusterNames: ["member-1"] })) },
    "placement.pickall-number-of-clusters": { req: create(pickAll({ numberOfClusters: 2 })) },
    "placement.pickall-topology-spread": { req: create(pickAll({ topologySpreadConstraints: [{ topologyKey: "zone" }] })) },
    "placement.pickn-cluster-names": { req: create(pickN({ clusterNames: ["member-1"] })) },
    "placement.pickn-number-of-clusters-negative": { req: create(pickN({ numberOfClusters: -1 })) },
    "placement.pickn-number-of-clusters-nil": { req: create(crp({ policy: { placementType: "PickN" } })) },
    "placement.affinity-pickall-preferred": {
        req: create(pickAll({ affinity: { clusterAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { labelSelector: {} } }] } } })),
    },
    "placement.topology-when-unsatisfiable": { req: create(pickN({ topologySpreadConstraints: [{ topologyKey: "zone", whenUnsatisfiable: "Sometimes" }] })) },
    "placement.cluster-selector-label-selector": { req: create(required([{ labelSelector: { matchExpressions: [{ key: "env", operator: "In", values: [] }] } }])) },
    "placement.cluster-selector-property-sorter": { req: create(required([{ labelSelector: {}, propertySorter: { name: "kubernetes-fleet.io/node-count", sortOrder: "Ascending" } }])) },
    "placement.preferred-selector-label-selector": { req: create(preferred({ labelSelector: { matchExpressions: [{ key: "env", operator: "Exists", values: ["x"] }] } })) },
    "placement.preferred-selector-property-selector": { req: create(preferred({ propertySelector: { matchExpressions: [prop("Gt", "1")] } })) },
    "placement.property-sorter-order": { req: create(preferred({ propertySorter: { name: "kubernetes-fleet.io/node-count", sortOrder: "Sideways" } })) },
    "placement.property-name-resource-format": { req: create(properties({ ...prop("Gt", "1"), name: "resources.kubernetes-fleet.io/cpu" })) },
    "placement.property-name-capacity-type": { req: create(properties({ ...prop("Gt", "1"), name: "resources.kubernetes-fleet.io/free-cpu" })) },
    "placement.property-name-resource-qualified": { req: create(properties({ ...prop("Gt", "1"), name: "resources.kubernetes-fleet.io/total-cpu/x" })) },
    "placement.property-name-unprefixed": { req: create(properties({ ...prop("Gt", "1"), name: "node count" })) },
    "placement.property-name-prefix": { req: create(properties({ ...prop("Gt", "1"), name: "Bad_Prefix!/count" })) },
    "placement.property-name-segment": { req: create(properties({ ...prop("Gt", "1"), name: "kubernetes-fleet.io/ok/bad segment" })) },
    "placement.property-operator-unsupported": { req: create(properties(prop("Gte", "1"))) },
    "placement.property-operator-value-count": { req: create(properties(prop("Gt", "1", "2"))) },
    "placement.property-value-quantity": { req: create(properties(prop("Gt", "lots"))) },
    "placement.property-eq-conflict": { req: create(properties(prop("Eq", "1"), prop("Eq", "2"))) },
    "placement.property-eq-ne-conflict": { req: create(properties(prop("Eq", "1k"), prop("Ne", "1000"))) },
    "placement.property-interval-empty": { req: create(properties(prop("Gt", "10"), prop("Lt", "5"))) },
    "placement.property-eq-below-lower": { req: create(properties(prop("Eq", "5"), prop("Ge", "10"))) },
    "placement.property-eq-above-upper": { req: create(properties(prop("Eq", "5"), prop("Le", "4"))) },
    "placement.toleration-key": { req: create(tolerations({ key: "bad key", operator: "Exists" })) },
    "placement.toleration-exists-value": { req: create(tolerations({ key: "k", operator: "Exists", value: "v" })) },
    "placement.toleration-equal-key": { req: create(tolerations({ operator: "Equal", value: "v" })) },
    "placement.toleration-equal-value": { req: create(tolerations({ key: "k", value: "bad value!" })) },
    "placement.toleration-unique": { req: create(tolerations({ key: "k", value: "v" }, { key: "k", value: "v" })) },
    "placement.rollout-type": { req: create(crp({ strategy: { type: "Canary" } })) },
    "placement.rollout-external-rolling-update": { req: create(crp({ strategy: { type: "External", rollingUpdate: { maxSurge: 1 } } })) },
    "placement.rollout-unavailable-period": { req: create(rolling({ unavailablePeriodSeconds: -1 })) },
    "placement.rollout-max-unavailable-invalid": { req: create(rolling({ maxUnavailable: "3" })) },
    "placement.rollout-max-unavailable-negative": { req: create(rolling({ maxUnavailable: -1 })) },
    "placement.rollout-max-surge-invalid": { req: create(rolling({ maxSurge: "x%" })) },
    "placement.rollout-max-surge-negative": { req: create(rolling({ maxSurge: "-20%" })) },
    "placement.rollout-ssa-config": { req: create(crp({ strategy: { applyStrategy: { type: "ClientSideApply", serverSideApplyConfig: { force: true } } } })) },
    "placement.update-old-invalid": { req: update(pickFixed({ clusterNames: ["member-1"] }), pickFixed({ clusterNames: ["Member_1"] })) },
    "placement.update-type-immutable": { req: update(pickN({}), pickAll({})) },
    "placement.update-tolerations": { req: update(tolerations({ key: "a", value: "2" }), tolerations({ key: "a", value: "1" })) },

    "ro.selector-duplicate": { req: create(ro({ resourceSelectors: [depSel(), depSel()] })) },
    "ro.selector-conflict": { req: create(ro(), [ro({}, { name: "other" })]) },
    "override.cluster-selector-property": { req: create(overrideRule({ clusterSelector: labelTerms([{ propertySelector: { matchExpressions: [] } }]) })) },
    "override.cluster-selector-label-required": { req: create(overrideRule({ clusterSelector: labelTerms([{}]) })) },
    "override.cluster-selector-label-invalid": { req: create(overrideRule({ clusterSelector: labelTerms([{ labelSelector: { matchLabels: { "a/b/c": "x" } } }]) })) },
    "override.delete-with-patches": { req: create(overrideRule({ overrideType: "Delete" })) },
    "override.jsonpatch-empty": { req: create(overrideRule({ jsonPatchOverrides: [] })) },
    "override.jsonpatch-remove-value": { req: create(patches({ op: "remove", path: "/spec/replicas", value: 1 })) },
    "override.jsonpatch-path-empty": { req: create(patchPath("")) },
    "override.jsonpatch-path-leading-slash": { req: create(patchPath("spec/replicas")) },
    "override.jsonpatch-path-typemeta": { req: create(patchPath("/kind")) },
    "override.jsonpatch-path-metadata": { req: create(patchPath("/metadata")) },
    "override.jsonpatch-path-metadata-field": { req: create(patchPath("/metadata/name")) },
    "override.jsonpatch-path-status": { req: create(patchPath("/status/replicas")) },
    "override.jsonpatch-path-empty-segment": { req: create(patchPath("/spec/ /replicas")) },
    "cro.selector-label-selector": { req: create(cro({ clusterResourceSelectors: [{ group: "", version: "v1", kind: "Namespace", labelSelector: { matchLabels: { a: "b" } } }] })) },
    "cro.selector-name-required": { req: create(cro({ clusterResourceSelectors: [{ group: "", version: "v1", kind: "Namespace" }] })) },
    "cro.selector-duplicate": { req: create(cro({ clusterResourceSelectors: [nsSel("web"), nsSel("web")] })) },
    "cro.selector-conflict": { req: create(cro(), [cro({}, { name: "other" })]) },
    "ro.limit": {
        req: create(
            ro(),
            hundred((i) => ro({ resourceSelectors: [depSel(`d${i}`)] }, { name: `o${i}` })),
        ),
    },
    "cro.limit": {
        req: create(
            cro(),
            hundred((i) => cro({ clusterResourceSelectors: [nsSel(`ns${i}`)] }, { name: `o${i}` })),
        ),
    },
    "pdb.reserved-namespace": { req: create(pdb("web")), options: { enablePDBs: false } },
};

const idsOf = (errors: string[]) => errors.map((e) => /^\[([^\]]+)\] /.exec(e)?.[1]);

describe("validators/fleet/webhooks: kubefleet's hub admission webhooks", () => {
    describe("the rule table", () => {
        it("every rule has a unique id, a kubefleet source line and kinds", () => {
            assert.strictEqual(new Set(WEBHOOK_RULES.map((r) => r.id)).size, WEBHOOK_RULES.length);
            for (const r of WEBHOOK_RULES) {
                assert.match(r.source, /^kubefleet@e160c1cd pkg\/[\w/.]+\.go:\d+$/, r.id);
                assert.ok(r.kinds.length > 0 && r.summary.length > 0, r.id);
            }
        });

        it("the refusal table covers every rule, and nothing else", () => {
            assert.deepStrictEqual(Object.keys(REFUSALS).sort(), WEBHOOK_RULES.map((r) => r.id).sort());
        });

        it("rules for ResourcePlacement are flagged: kubefleet configures no webhook for it at this commit", () => {
            for (const r of WEBHOOK_RULES) {
                if (r.kinds.includes("ResourcePlacement")) assert.strictEqual(r.configured?.ResourcePlacement, false, r.id);
                if (r.kinds.includes("ClusterResourcePlacement") && r.configured) assert.strictEqual(r.configured.ClusterResourcePlacement, true, r.id);
                if (!r.kinds.includes("ResourcePlacement")) assert.strictEqual(r.configured, undefined, r.id);
            }
        });
    });

    describe("valid baselines are admitted", () => {
        const cases: [string, WebhookRequest, Partial<HubOptions>?][] = [
            ["ClusterResourcePlacement (defaults only)", create(crp())],
            ["ClusterResourcePlacement v1beta1", create({ ...crp(), apiVersion: V1B })],
            [
                "ClusterResourcePlacement, every policy field used well",
                create(
                    pickN({
                        numberOfClusters: 2,
                        affinity: {
                            clusterAffinity: {
                                requiredDuringSchedulingIgnoredDuringExecution: {
                                    clusterSelectorTerms: [
                                        {
                                            labelSelector: { matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] },
                                            propertySelector: {
                                                matchExpressions: [prop("Ge", "2"), prop("Le", "10"), { name: "resources.kubernetes-fleet.io/available-cpu", operator: "Gt", values: ["500m"] }],
                                            },
                                        },
                                    ],
                                },
                                preferredDuringSchedulingIgnoredDuringExecution: [
                                    {
                                        weight: 20,
                                        preference: {
                                            labelSelector: { matchLabels: { region: "east" } },
                                            propertySorter: { name: "resources.kubernetes-fleet.io/total-memory", sortOrder: "Descending" },
                                        },
                                    },
                                ],
                            },
                        },
                        topologySpreadConstraints: [{ topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway" }],
                        tolerations: [
                            { key: "dedicated", value: "gpu", effect: "NoSchedule" },
                            { key: "spot", operator: "Exists" },
                        ],
                    }),
                ),
            ],
            ["ClusterResourcePlacement PickFixed", create(pickFixed({ clusterNames: ["member-1", "member-2"] }))],
            ["ClusterResourcePlacement External strategy", create(crp({ strategy: { type: "External" } }))],
            [
                "ClusterResourcePlacement selecting cluster-scoped kinds",
                create(
                    crp({
                        resourceSelectors: [
                            roleSel({ name: "view" }),
                            { group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", labelSelector: { matchLabels: { app: "web" } } },
                            { group: V1B.split("/")[0], version: "v1beta1", kind: "ClusterResourceEnvelope", name: "e" },
                        ],
                    }),
                ),
            ],
            [
                "ResourcePlacement",
                create(
                    rp({
                        resourceSelectors: [
                            depSel(),
                            { group: "", version: "v1", kind: "ConfigMap", labelSelector: { matchLabels: { app: "web" } } },
                            { group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", name: "web" },
                        ],
                    }),
                ),
            ],
            ["ResourceOverride", create(ro(), [ro({ resourceSelectors: [depSel("other")] }, { name: "other" })])],
            ["ClusterResourceOverride", create(cro(), [cro({ clusterResourceSelectors: [nsSel("other")] }, { name: "other" })])],
            ["PodDisruptionBudget (--enable-pdbs defaults to true)", create(pdb("web"))],
            ["PodDisruptionBudget in fleet-system with --enable-pdbs=false", create(pdb("fleet-system")), { enablePDBs: false }],
            ["PodDisruptionBudget in kube-system with --enable-pdbs=false", create(pdb("kube-system")), { enablePDBs: false }],
            ["Namespace", create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "web" } })],
        ];
        for (const [name, req, options] of cases) it(name, () => assert.deepStrictEqual(validate(req, options), []));
    });

    describe("every rule refuses an otherwise-valid object", () => {
        for (const [id, { req, options }] of Object.entries(REFUSALS)) {
            it(id, () => {
                const errors = validate(req, options);
                assert.ok(errors.length > 0, `${id}: admitted`);
                assert.deepStrictEqual([...new Set(idsOf(errors))], [id], errors.join("\n"));
            });
        }
    });

    describe("messages are kubefleet's", () => {
        const only = (req: WebhookRequest, options?: Partial<HubOptions>) => {
            const errors = validate(req, options);
            assert.strictEqual(errors.length, 1, errors.join("\n"));
            return errors[0];
        };

        it("a toleration: the deny prefix, the policy wrapper and Go's %+v of the struct", () => {
            assert.strictEqual(
                only(REFUSALS["placement.toleration-equal-key"].req),
                "[placement.toleration-equal-key] deny create/update v1beta1 CRP has invalid fields the placement policy field is invalid: invalid toleration {Key: Operator:Equal Value:v Effect:}: toleration key cannot be empty, when operator is Equal",
            );
        });

        it("a selector the hub does not serve", () => {
            assert.strictEqual(
                only(create(crp({ resourceSelectors: [{ group: "apps", version: "v1", kind: "Deploymnet", name: "web" }] }))),
                '[placement.selector-rest-mapping] deny create/update v1beta1 CRP has invalid fields failed to get GVR of the selector: no matches for kind "Deploymnet" in version "apps/v1"',
            );
            assert.match(
                only(create(crp({ resourceSelectors: [{ group: "apps", version: "v2", kind: "Deployment", name: "web" }] }))),
                /unable to retrieve the complete list of server APIs: apps\/v2/,
            );
        });

        it("a namespaced kind in a CRP, with Go's GroupVersionKind.String()", () => {
            assert.strictEqual(
                only(create(crp({ resourceSelectors: [{ group: "", version: "v1", kind: "ConfigMap", name: "c" }] }))),
                "[placement.selector-crp-cluster-scoped] deny create/update v1beta1 CRP has invalid fields the resource is not found in schema (please retry) or it is not a cluster scoped resource: /v1, Kind=ConfigMap",
            );
        });

        it("a label selector: LabelSelector.String() and NewRequirement's field error", () => {
            assert.strictEqual(
                only(REFUSALS["placement.cluster-selector-label-selector"].req),
                "[placement.cluster-selector-label-selector] deny create/update v1beta1 CRP has invalid fields the placement policy field is invalid: the labelSelector in cluster selector &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:env,Operator:In,Values:[],},},} is invalid: values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
            );
            assert.ok(
                only(REFUSALS["placement.selector-label-selector"].req).endsWith(
                    `is invalid: key: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
                ),
            );
        });

        it("IsDNS1123Subdomain's message, verbatim", () => {
            assert.strictEqual(
                only(REFUSALS["placement.pickfixed-cluster-name-invalid"].req),
                "[placement.pickfixed-cluster-name-invalid] deny create/update v1beta1 CRP has invalid fields the placement policy field is invalid: PickFixed cluster name Member_1 is not a valid member name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            );
        });

        it("the rollout wrapper (two spaces, as in Go) and intstr's errors", () => {
            assert.strictEqual(
                only(REFUSALS["placement.rollout-max-unavailable-invalid"].req),
                "[placement.rollout-max-unavailable-invalid] deny create/update v1beta1 CRP has invalid fields the rollout Strategy field  is invalid: maxUnavailable `3` is invalid: invalid value for IntOrString: invalid type: string is not a percentage",
            );
            assert.match(
                only(REFUSALS["placement.rollout-max-surge-invalid"].req),
                /maxSurge `x%` is invalid: invalid value for IntOrString: invalid value "x%": strconv\.Atoi: parsing "x": invalid syntax$/,
            );
        });

        it("quantities: ParseQuantity's error, canonical String() and numeric comparison", () => {
            assert.match(only(REFUSALS["placement.property-value-quantity"].req), /value "lots" is not a valid resource\.Quantity: quantities must match the regular expression/);
            assert.match(only(create(properties(prop("Gt", "1K")))), /value "1K" is not a valid resource\.Quantity: unable to parse quantity's suffix$/);
            assert.match(only(REFUSALS["placement.property-eq-ne-conflict"].req), /inconsistent requirements on property kubernetes-fleet\.io\/node-count: conflicting Eq and Ne on same value 1k$/);
            assert.match(only(create(properties(prop("Gt", "1Ki"), prop("Le", "1024")))), /lower bound \(1Ki\) and upper bound \(1024\) exclude all values$/);
            assert.match(only(create(properties(prop("Eq", "500m"), prop("Ne", "0.5")))), /conflicting Eq and Ne on same value 500m$/);
            assert.match(only(create(properties(prop("Eq", "1.5k"), prop("Lt", "1e3")))), /eq value 1500 violates upper bound 1e3$/);
            assert.deepStrictEqual(validate(create(properties(prop("Ge", "1Gi"), prop("Le", "1.5Gi"), prop("Ne", "2e9")))), []);
            assert.deepStrictEqual(validate(create(properties(prop("Gt", "0.1n"), prop("Lt", "2n")))), [], "0.1n rounds up to 1n");
        });

        it("overrides: Go's %+v of the selector and %s of the patch", () => {
            assert.strictEqual(
                only(REFUSALS["ro.selector-conflict"].req),
                "[ro.selector-conflict] invalid resource selector {Group:apps Version:v1 Kind:Deployment Name:web}: the resource has been selected by both o and other, which is not supported",
            );
            assert.strictEqual(
                only(REFUSALS["override.jsonpatch-path-metadata-field"].req),
                "[override.jsonpatch-path-metadata-field] invalid JSONPatchOverride {replace /metadata/name {1}}: cannot override metadata fields except annotations and labels",
            );
        });

        it("the PDB denial", () => {
            assert.strictEqual(
                only(REFUSALS["pdb.reserved-namespace"].req, { enablePDBs: false }),
                "[pdb.reserved-namespace] PDBs web/web cannot be directly created in the hub cluster due to potential side effects; to place a PDB to member clusters, consider wrapping it in a resource envelope.",
            );
        });
    });

    describe("placement behaviour", () => {
        it("a RESTMapping failure ends validation: later selectors, the policy and the strategy are not looked at", () => {
            const errors = validate(
                create(crp({ resourceSelectors: [{ group: "example.com", version: "v1", kind: "Widget" }, depSel()], policy: { placementType: "PickN" }, strategy: { type: "Canary" } })),
            );
            assert.deepStrictEqual(idsOf(errors), ["placement.selector-rest-mapping"]);
        });

        it("errors before the RESTMapping failure are kept", () => {
            const errors = validate(create(crp({ resourceSelectors: [depSel(), { group: "example.com", version: "v1", kind: "Widget" }] })));
            assert.deepStrictEqual(idsOf(errors), ["placement.selector-crp-cluster-scoped", "placement.selector-rest-mapping"]);
        });

        it("a Namespace selector with selectionScope NamespaceWithResourceSelectors lets a CRP select namespaced kinds", () => {
            assert.deepStrictEqual(validate(create(crp({ resourceSelectors: [nsSel("web", { selectionScope: "NamespaceWithResourceSelectors" }), depSel()] }))), []);
        });

        it("an RP cannot select a Namespace", () => {
            assert.deepStrictEqual(idsOf(validate(create(rp({ resourceSelectors: [nsSel("web")] })))), ["placement.selector-rp-namespace-scoped"]);
        });

        it("v1beta1 and v1 objects are judged alike", () => {
            const req = REFUSALS["placement.pickn-number-of-clusters-nil"].req;
            assert.deepStrictEqual(validate({ ...req, object: { ...req.object, apiVersion: V1B } }), validate(req));
        });

        it("PickFixed refuses `tolerations: []` on an RP; the CRP mutating webhook drops it first (Go's omitempty)", () => {
            assert.deepStrictEqual(idsOf(validate(create(rp({ policy: { placementType: "PickFixed", clusterNames: ["a"], tolerations: [] } })))), ["placement.pickfixed-tolerations"]);
            assert.deepStrictEqual(validate(create(pickFixed({ tolerations: [] }))), []);
        });

        it("maxUnavailable -1% scales to -0 (ceil of -0.1): admitted, as in Go", () => {
            assert.deepStrictEqual(validate(create(rolling({ maxUnavailable: "-1%" }))), []);
            assert.deepStrictEqual(idsOf(validate(create(rolling({ maxUnavailable: "-10%" })))), ["placement.rollout-max-unavailable-negative"]);
        });

        it("a ServerSideApply applyStrategy may carry serverSideApplyConfig", () => {
            assert.deepStrictEqual(validate(create(crp({ strategy: { applyStrategy: { type: "ServerSideApply", serverSideApplyConfig: { force: true } } } }))), []);
        });
    });

    describe("placement updates", () => {
        it("an update of a valid object with valid changes is admitted", () => {
            assert.deepStrictEqual(validate(update(pickN({ numberOfClusters: 3 }), pickN({}))), []);
        });

        it("an old invalid object may be updated once deletionTimestamp is set (to remove the finalizer)", () => {
            const { req } = REFUSALS["placement.update-old-invalid"];
            const deleting = { ...req.object, metadata: { ...req.object.metadata, deletionTimestamp: "2025-01-01T00:00:00Z" } };
            assert.deepStrictEqual(validate({ ...req, object: deleting }), []);
        });

        it("the old object's errors are quoted in the denial", () => {
            assert.match(
                validate(REFUSALS["placement.update-old-invalid"].req)[0],
                /^\[placement\.update-old-invalid\] deny update on old invalid v1beta1 CRP with DeletionTimestamp not set the placement policy field is invalid: PickFixed cluster name Member_1/,
            );
        });

        it("a missing policy is PickAll (an RP gets no mutating webhook)", () => {
            assert.deepStrictEqual(validate(update(rp({ policy: { placementType: "PickAll" } }), rp())), []);
            assert.deepStrictEqual(validate(update(rp(), rp({ policy: { placementType: "PickAll" } }))), []);
            assert.deepStrictEqual(idsOf(validate(update(rp({ policy: { placementType: "PickN", numberOfClusters: 1 } }), rp()))), ["placement.update-type-immutable"]);
            assert.deepStrictEqual(idsOf(validate(update(rp(), rp({ policy: { placementType: "PickFixed", clusterNames: ["a"] } })))), ["placement.update-type-immutable"]);
        });

        it("tolerations may be added, not removed (nor reordered away)", () => {
            const a = { key: "a", value: "1" };
            const b = { key: "b", operator: "Exists" };
            assert.deepStrictEqual(validate(update(tolerations(b, a), tolerations(a))), []);
            assert.deepStrictEqual(idsOf(validate(update(tolerations(b), tolerations(a)))), ["placement.update-tolerations"]);
            assert.deepStrictEqual(idsOf(validate(update(pickAll({}), tolerations(a)))), ["placement.update-tolerations"]);
        });

        it("the update checks stop at the first: a type change hides a toleration change and new-object errors", () => {
            assert.deepStrictEqual(idsOf(validate(update(pickN({ numberOfClusters: -1 }), tolerations({ key: "a", value: "1" })))), ["placement.update-type-immutable"]);
        });

        it("switching RollingUpdate -> External keeps the rollingUpdate the mutating webhook wrote, and is refused", () => {
            // A patch (or an apply that does not own rollingUpdate) leaves the defaulted block in place; the mutating
            // webhook does not remove it for External.
            const stored = crp();
            const patched = mutate({ ...stored, spec: { ...stored.spec, strategy: { ...stored.spec.strategy, type: "External" } } });
            assert.deepStrictEqual(idsOf(validate(update(patched, stored))), ["placement.rollout-external-rolling-update"]);
        });
    });

    describe("override behaviour", () => {
        it("the stored copy of the override being updated is not a conflict", () => {
            const stored = ro();
            assert.deepStrictEqual(validate(update(ro({ policy: { overrideRules: [rule({ jsonPatchOverrides: [{ op: "replace", path: "/spec/replicas", value: 5 }] })] } }), stored, [stored])), []);
        });

        it("the 100-override limit applies to CREATE only, per namespace for ResourceOverrides", () => {
            const full = hundred((i) => ro({ resourceSelectors: [depSel(`d${i}`)] }, { name: `o${i}` }));
            assert.deepStrictEqual(
                validate(update(ro({}, { name: "o0" }), full[0], full)).filter((e) => e.startsWith("[ro.limit]")),
                [],
            );
            const elsewhere = full.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: "other" } }));
            assert.deepStrictEqual(validate(create(ro(), elsewhere)), []);
        });

        it("ClusterResourceOverride selectors differ by selectionScope (a missing one is the CRD default)", () => {
            const other = cro({ clusterResourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: "web" }] }, { name: "other" });
            assert.deepStrictEqual(idsOf(validate(create(cro(), [other]))), ["cro.selector-conflict"]);
            const nsOnly = cro({ clusterResourceSelectors: [nsSel("web", { selectionScope: "NamespaceOnly" })] });
            assert.deepStrictEqual(validate(create(nsOnly, [other])), []);
        });

        it("a Delete rule with patches replaces every other error of the policy", () => {
            const policy = { overrideRules: [rule({ clusterSelector: labelTerms([{}]) }), rule({ overrideType: "Delete" })] };
            assert.deepStrictEqual(idsOf(validate(create(ro({ policy })))), ["override.delete-with-patches"]);
        });

        it("a selector failure ends override validation (no conflict, no policy check)", () => {
            const bad = ro({ resourceSelectors: [depSel(), depSel()], policy: { overrideRules: [rule({ jsonPatchOverrides: [] })] } });
            assert.deepStrictEqual(idsOf(validate(create(bad, [ro({}, { name: "other" })]))), ["ro.selector-duplicate"]);
        });

        it("a remove patch with a null value has no value", () => {
            assert.deepStrictEqual(validate(create(patches({ op: "remove", path: "/spec/replicas", value: null }))), []);
        });
    });

    describe("PodDisruptionBudget", () => {
        it("only CREATE is judged, and only with --enable-pdbs=false", () => {
            assert.deepStrictEqual(validate(create(pdb("web")), { enablePDBs: true }), []);
            assert.deepStrictEqual(validate(update(pdb("web"), pdb("web")), { enablePDBs: false }), []);
            assert.deepStrictEqual(idsOf(validate(create(pdb("default")), { enablePDBs: false })), ["pdb.reserved-namespace"]);
        });
    });

    describe("mutate(): the ClusterResourcePlacement mutating webhook", () => {
        const bare = (spec: Obj = {}) => ({ apiVersion: V1, kind: "ClusterResourcePlacement", metadata: { name: "web" }, spec: { resourceSelectors: [nsSel("web")], ...spec } });

        it("defaults a bare CRP on create", () => {
            assert.deepStrictEqual(mutate(bare()).spec, {
                resourceSelectors: [nsSel("web")],
                policy: { placementType: "PickAll" },
                strategy: {
                    type: "RollingUpdate",
                    rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%", unavailablePeriodSeconds: 60 },
                    applyStrategy: { type: "ClientSideApply", comparisonOption: "PartialComparison", whenToApply: "Always", whenToTakeOver: "Always" },
                },
                revisionHistoryLimit: 10,
            });
        });

        it("an External strategy gets no rollingUpdate", () => {
            const spec = mutate(bare({ strategy: { type: "External" } })).spec;
            assert.strictEqual(spec.strategy.rollingUpdate, undefined);
            assert.strictEqual(spec.strategy.type, "External");
            assert.strictEqual(spec.strategy.applyStrategy.type, "ClientSideApply");
        });

        it("applyStrategy: ServerSideApply gets serverSideApplyConfig {force: false}; set fields are kept", () => {
            const as = mutate(bare({ strategy: { applyStrategy: { type: "ServerSideApply", whenToApply: "IfNotDrifted" } } })).spec.strategy.applyStrategy;
            assert.deepStrictEqual(as, {
                type: "ServerSideApply",
                serverSideApplyConfig: { force: false },
                comparisonOption: "PartialComparison",
                whenToApply: "IfNotDrifted",
                whenToTakeOver: "Always",
            });
        });

        it("set rollingUpdate fields and revisionHistoryLimit are kept", () => {
            const spec = mutate(bare({ strategy: { rollingUpdate: { maxUnavailable: 1 } }, revisionHistoryLimit: 3 })).spec;
            assert.deepStrictEqual(spec.strategy.rollingUpdate, { maxUnavailable: 1, maxSurge: "25%", unavailablePeriodSeconds: 60 });
            assert.strictEqual(spec.revisionHistoryLimit, 3);
        });

        it("tolerations get operator Equal; topology spread constraints get maxSkew 1 and DoNotSchedule", () => {
            const policy = mutate(
                bare({
                    policy: {
                        placementType: "PickN",
                        numberOfClusters: 2,
                        tolerations: [
                            { key: "a", value: "1" },
                            { key: "b", operator: "Exists" },
                        ],
                        topologySpreadConstraints: [{ topologyKey: "zone" }, { topologyKey: "region", maxSkew: 2, whenUnsatisfiable: "ScheduleAnyway" }],
                    },
                }),
            ).spec.policy;
            assert.deepStrictEqual(policy.tolerations, [
                { key: "a", value: "1", operator: "Equal" },
                { key: "b", operator: "Exists" },
            ]);
            assert.deepStrictEqual(policy.topologySpreadConstraints, [
                { topologyKey: "zone", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" },
                { topologyKey: "region", maxSkew: 2, whenUnsatisfiable: "ScheduleAnyway" },
            ]);
        });

        it("returns a deep copy; v1beta1 CRPs are mutated, other kinds (ResourcePlacement included) are not", () => {
            const input = bare();
            const snapshot = structuredClone(input);
            const out = mutate(input);
            assert.deepStrictEqual(input, snapshot);
            assert.notStrictEqual(out, input);
            assert.strictEqual(mutate({ ...bare(), apiVersion: V1B }).spec.revisionHistoryLimit, 10);
            assert.deepStrictEqual(mutate(rp()), rp());
            assert.deepStrictEqual(mutate(ro()), ro());
        });

        it("is idempotent (the webhook runs again on every update)", () => {
            const once = mutate(bare({ policy: { placementType: "PickAll", tolerations: [{ key: "a" }] } }));
            assert.deepStrictEqual(mutate(once), once);
        });
    });
});
