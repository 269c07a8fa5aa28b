// The placement's refusals (sdk/src/render/placementProblems.ts): each in exact words at its bounds, each agreeing with
// what the hub itself refuses, and each refused by renderPlacement too.
import * as assert from "node:assert";
import { PlacementSpec, renderPlacement } from "../../sdk/src/render/placement";
import { labelProblems, overlappingStageProblems, overridePathProblem, placementProblems } from "../../sdk/src/render/placementProblems";
import { validateFleetObject } from "../validators/fleetCrds";
import { base, variants } from "./placementFixtures";

const fixed: PlacementSpec = { name: "web", namespace: "web", type: "PickFixed", clusterNames: ["a"] };
const all: PlacementSpec = { name: "web", namespace: "web", type: "PickAll" };
/** The problems of `spec` over `base`, as [path, message]. */
const list = (spec: Partial<PlacementSpec>, base: PlacementSpec = all) => placementProblems({ ...base, ...spec } as PlacementSpec, "p").map((x) => [x.path, x.message]);

describe("render/placementProblems", () => {
    describe("each refusal, in exact words, at its bounds", () => {
        // Every placement refusal as the whole list of [path, message], at both sides of each bound the CRDs and
        // Fleet's webhook enforce: a bound that moves by one either registers what the hub refuses or refuses what it
        // accepts.
        const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };
        const override = (o: object) => ({ name: "o", clusterLabels: { env: "prod" }, resource: deployment, patches: [{ op: "add", path: "/metadata/labels/a", value: "b" }], ...o });

        it("accepts a minimal spec of each type", () => {
            assert.deepStrictEqual(list({}, fixed), []);
            assert.deepStrictEqual(list({}), []);
            assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: 1 }), []);
        });

        it("type and name", () => {
            assert.deepStrictEqual(list({ type: "PickSome" as never }), [["p.type", 'p.type "PickSome" is not one of "PickAll", "PickN", "PickFixed".']]);
            assert.deepStrictEqual(
                list({ type: "PickSome" as never, clusterNames: ["a"] }),
                [["p.type", 'p.type "PickSome" is not one of "PickAll", "PickN", "PickFixed".']],
                "clusterNames is not blamed on a type that is already refused",
            );
            assert.deepStrictEqual(list({ name: "Web" }), [["p.name", `p.name "Web" is not a valid placement name: lowercase letters, digits, '-' and '.'.`]]);
            assert.deepStrictEqual(list({ name: undefined as never }), [["p.name", `p.name undefined is not a valid placement name: lowercase letters, digits, '-' and '.'.`]]);
            assert.deepStrictEqual(list({ name: "web.prod" }), []);
            const longest = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
            assert.strictEqual(longest.length, 253);
            // Fleet caps placement names at 63 (kubefleet validatePlacement, DNS1035LabelMaxLength) below the API's
            // 253.
            assert.deepStrictEqual(list({ name: "a".repeat(63) }), []);
            assert.deepStrictEqual(list({ name: "a".repeat(64) }), [["p.name", `p.name "${"a".repeat(64)}" has 64 characters; Fleet refuses placement names over 63: choose a shorter one.`]]);
            assert.deepStrictEqual(
                list({ name: longest }).map(([path]) => path),
                ["p.name"],
            );
            assert.deepStrictEqual(
                list({ name: `${longest}e` }).map(([path]) => path),
                ["p.name"],
            );
        });

        it("PickFixed: one to 100 distinct names, and nothing that picks", () => {
            assert.deepStrictEqual(list({ clusterNames: [] }, fixed), [["p.clusterNames", "p.clusterNames is empty: PickFixed places on exactly the named clusters; name at least one."]]);
            assert.deepStrictEqual(list({ clusterNames: undefined }, fixed), [["p.clusterNames", "p.clusterNames is empty: PickFixed places on exactly the named clusters; name at least one."]]);
            assert.deepStrictEqual(list({ clusterNames: ["a", "b", "a"] }, fixed), [["p.clusterNames", 'p.clusterNames lists "a" twice: list each cluster once.']]);
            const names = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
            assert.deepStrictEqual(list({ clusterNames: names(100) }, fixed), []);
            assert.deepStrictEqual(list({ clusterNames: names(101) }, fixed), [["p.clusterNames", "p.clusterNames has 101 clusters; a placement names at most 100."]]);
            assert.deepStrictEqual(list({ numberOfClusters: 1, requiredClusterLabels: { env: "prod" }, topologySpread: [{ topologyKey: "zone" }] }, fixed), [
                ["p.numberOfClusters", 'p.numberOfClusters does not apply to PickFixed, which places on exactly clusterNames: drop it, or choose type "PickN".'],
                ["p.clusterLabels", 'p.clusterLabels does not apply to PickFixed, which places on exactly clusterNames: drop it, or choose type "PickN".'],
                ["p.topologySpread", 'p.topologySpread does not apply to PickFixed, which places on exactly clusterNames: drop it, or choose type "PickN".'],
            ]);
            assert.deepStrictEqual(list({ topologySpread: [] }, fixed), [], "an empty spread is no spread");
        });

        it("PickN and PickAll", () => {
            assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: 2, clusterNames: [] }), [
                ["p.clusterNames", 'p.clusterNames applies to PickFixed only; PickN picks clusters itself: drop clusterNames, or choose type "PickFixed".'],
            ]);
            for (const bad of [0, 1.5, undefined]) {
                assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: bad }), [
                    ["p.numberOfClusters", `p.numberOfClusters ${JSON.stringify(bad)}: PickN needs a whole number of clusters, at least 1.`],
                ]);
            }
            assert.deepStrictEqual(list({ numberOfClusters: 3, topologySpread: [{ topologyKey: "zone" }] }), [
                ["p.numberOfClusters", 'p.numberOfClusters does not apply to PickAll, which picks every matching cluster: drop it, or choose type "PickN".'],
                ["p.topologySpread", "p.topologySpread applies to PickN only."],
            ]);
            assert.deepStrictEqual(list({ topologySpread: [] }), []);
        });

        it("preferred labels, topology spread and tolerations", () => {
            for (const ok of [-100, 0, 100]) assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: 1, preferredClusterLabels: [{ weight: ok, labels: { a: "b" } }] }), [], String(ok));
            for (const bad of [-101, 101, 2.5]) {
                assert.deepStrictEqual(
                    list({
                        type: "PickN",
                        numberOfClusters: 1,
                        preferredClusterLabels: [
                            { weight: 1, labels: {} },
                            { weight: bad, labels: { "a b": "c" } },
                        ],
                    }),
                    [
                        ["p.preferredClusterLabels[1].weight", `weight ${bad} must be a whole number from -100 to 100.`],
                        [
                            "p.preferredClusterLabels[1].labels",
                            `p.preferredClusterLabels[1].labels key "a b" is not a Kubernetes label key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.').`,
                        ],
                    ],
                );
            }
            const pickN = { type: "PickN" as const, numberOfClusters: 2 };
            assert.deepStrictEqual(list({ ...pickN, topologySpread: [{ topologyKey: "zone", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }] }), []);
            assert.deepStrictEqual(list({ ...pickN, topologySpread: [{ topologyKey: "zone" }, { topologyKey: "", maxSkew: 0, whenUnsatisfiable: "Maybe" as never }] }), [
                ["p.topologySpread[1].topologyKey", "topologyKey is required: the member cluster label to spread across."],
                ["p.topologySpread[1].maxSkew", "maxSkew 0 must be a whole number, at least 1."],
                ["p.topologySpread[1].whenUnsatisfiable", 'whenUnsatisfiable "Maybe" is not "DoNotSchedule" or "ScheduleAnyway".'],
            ]);
            assert.deepStrictEqual(list({ ...pickN, topologySpread: [{ topologyKey: "zone", maxSkew: 1.5, whenUnsatisfiable: "ScheduleAnyway" }] }), [
                ["p.topologySpread[0].maxSkew", "maxSkew 1.5 must be a whole number, at least 1."],
            ]);
            assert.deepStrictEqual(
                list({
                    tolerations: [
                        { key: "a", operator: "Equal", value: "v", effect: "NoSchedule" },
                        { key: "b", operator: "Exists" },
                    ],
                }),
                [],
            );
            assert.deepStrictEqual(list({ tolerations: [{ key: "a" }, { key: "b", operator: "In" as never, effect: "NoExecute" as never }, { key: "c", operator: "Exists", value: "v" }] }), [
                ["p.tolerations[1].operator", 'p.tolerations[1].operator "In" is not "Equal" or "Exists".'],
                ["p.tolerations[1].effect", 'p.tolerations[1].effect "NoExecute": Fleet taints only use "NoSchedule".'],
                ["p.tolerations[2].value", 'p.tolerations[2].value must be empty with operator "Exists".'],
            ]);
        });

        it("rolling update, apply strategy and revision history", () => {
            for (const ok of [0, 7, "0%", "99%", "100%"]) assert.deepStrictEqual(list({ rollingUpdate: { maxUnavailable: ok, maxSurge: ok } }), [], String(ok));
            for (const bad of ["101%", "1.5", "-1", "%", 1.5, -1]) {
                assert.deepStrictEqual(
                    list({ rollingUpdate: { maxSurge: bad } }),
                    [["p.maxSurge", `p.maxSurge ${JSON.stringify(bad)} must be a whole number of clusters, 0 or more (e.g. 1), or a percentage from "0%" to "100%" (e.g. "25%").`]],
                    String(bad),
                );
            }
            // The CRD's pattern takes "1"; Fleet's webhook does not (intstr.GetScaledValueFromIntOrPercent).
            assert.deepStrictEqual(list({ rollingUpdate: { maxUnavailable: "1" } }), [
                [
                    "p.maxUnavailable",
                    'p.maxUnavailable "1" is a string without "%": Fleet reads a string as a percentage and refuses this one ("invalid type: string is not a percentage"). Write the number 1 for a count of clusters, or "1%" for a percentage.',
                ],
            ]);
            assert.deepStrictEqual(list({ rollingUpdate: { unavailablePeriodSeconds: 0 } }), []);
            for (const bad of [-1, 0.5])
                assert.deepStrictEqual(list({ rollingUpdate: { unavailablePeriodSeconds: bad } }), [
                    ["p.unavailablePeriodSeconds", `p.unavailablePeriodSeconds ${bad} must be a whole number of seconds, 0 or more.`],
                ]);
            assert.deepStrictEqual(list({ applyStrategy: { type: "Replace" as never, comparisonOption: "Some" as never, whenToApply: "Never" as never } }), [
                ["p.applyStrategy.type", 'p.applyStrategy.type "Replace" is not one of "ClientSideApply", "ServerSideApply", "ReportDiff".'],
                ["p.applyStrategy.comparisonOption", 'p.applyStrategy.comparisonOption "Some" is not one of "PartialComparison", "FullComparison".'],
                ["p.applyStrategy.whenToApply", 'p.applyStrategy.whenToApply "Never" is not one of "Always", "IfNotDrifted".'],
            ]);
            assert.deepStrictEqual(list({ applyStrategy: { whenToTakeOver: "Sometimes" as never } }), [
                ["p.applyStrategy.whenToTakeOver", 'p.applyStrategy.whenToTakeOver "Sometimes" is not one of "Always", "IfNoDiff", "Never".'],
            ]);
            for (const ok of [1, 1000]) assert.deepStrictEqual(list({ revisionHistoryLimit: ok }), []);
            for (const bad of [0, 1001, 2.5]) assert.deepStrictEqual(list({ revisionHistoryLimit: bad }), [["p.revisionHistoryLimit", `p.revisionHistoryLimit ${bad} must be from 1 to 1000.`]]);
        });

        it("staged rollout: 1 to 31 stages, unique DNS-label names, labels, concurrency and waits", () => {
            const stage = (i: number, extra: object = {}) => ({ name: `s${i}`, labels: { stage: `s${i}` }, ...extra });
            const stages = (n: number) => Array.from({ length: n }, (_, i) => stage(i));
            const sp = "p.stagedRollout.stages";
            assert.deepStrictEqual(list({ stagedRollout: { stages: stages(31) } }), []);
            assert.deepStrictEqual(list({ stagedRollout: { stages: stages(32) } }), [[sp, `${sp} has 32 stages; a staged rollout has 1 to 31.`]]);
            assert.deepStrictEqual(list({ stagedRollout: { stages: [] } }), [[sp, `${sp} has 0 stages; a staged rollout has 1 to 31.`]]);
            assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { name: "a".repeat(63) })] } }), []);
            assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { name: "a".repeat(64) }), stage(1, { name: "Canary" })] } }), [
                [
                    `${sp}[0].name`,
                    `${sp}[0].name "${"a".repeat(64)}" is not a stage name: up to 63 lowercase letters and digits, nothing else (the strategy CRD's pattern ^[a-z0-9]+$), e.g. "canary".`,
                ],
                [`${sp}[1].name`, `${sp}[1].name "Canary" is not a stage name: up to 63 lowercase letters and digits, nothing else (the strategy CRD's pattern ^[a-z0-9]+$), e.g. "canary".`],
            ]);
            assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { name: "x" }), stage(1, { name: "x" })] } }), [
                [`${sp}[1].name`, `${sp}[1].name "x" is used twice: stage names are unique.`],
            ]);
            assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { labels: undefined })] } }), [
                [`${sp}[0].clusterLabels`, `${sp}[0].clusterLabels is empty: a stage selects its clusters by label.`],
            ]);
            for (const ok of ["1", "10", "1%", "99%", "100%"])
                assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { maxConcurrency: ok, afterStageWaitMinutes: 1 }), stage(1)] } }), [], ok);
            for (const bad of ["0", "0%", "101%", "01", "x"]) {
                assert.deepStrictEqual(
                    list({ stagedRollout: { stages: [stage(0, { maxConcurrency: bad })] } }),
                    [[`${sp}[0].maxConcurrency`, `${sp}[0].maxConcurrency ${JSON.stringify(bad)} must be a count ("1") or a percentage ("50%"), above zero.`]],
                    bad,
                );
            }
            for (const bad of [0, 1.5]) {
                assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { afterStageWaitMinutes: bad }), stage(1)] } }), [
                    [`${sp}[0].afterStageWaitMinutes`, `${sp}[0].afterStageWaitMinutes ${bad} must be a whole number of minutes, at least 1.`],
                ]);
            }
        });

        it("overlapping stages: only one label key with different values keeps two stages apart", () => {
            const sp = "s";
            assert.deepStrictEqual(
                overlappingStageProblems(
                    [
                        { name: "a", labels: { env: "1" } },
                        { name: "b", labels: { env: "2", zone: "x" } },
                    ],
                    sp,
                ),
                [],
            );
            assert.deepStrictEqual(
                overlappingStageProblems(
                    [
                        { name: "a", labels: {} },
                        { name: "b", labels: { env: "2" } },
                    ],
                    sp,
                ),
                [],
                "an empty stage is refused elsewhere",
            );
            assert.deepStrictEqual(
                overlappingStageProblems(
                    [
                        { name: "a", labels: { env: "1" } },
                        { name: "b", labels: { zone: "x" } },
                        { name: "c", labels: { env: "1" } },
                    ],
                    sp,
                ).map((p) => [p.path, p.message.split(":")[0]]),
                [
                    ["s[1].clusterLabels", 's[1].clusterLabels (stage "b") and s[0].clusterLabels (stage "a") both select a member labelled env=1,zone=x'],
                    ["s[2].clusterLabels", 's[2].clusterLabels (stage "c") and s[0].clusterLabels (stage "a") both select a member labelled env=1'],
                    ["s[2].clusterLabels", 's[2].clusterLabels (stage "c") and s[1].clusterLabels (stage "b") both select a member labelled zone=x,env=1'],
                ],
            );
        });

        it("labels: key prefix and name, and value, each to their lengths", () => {
            assert.deepStrictEqual(labelProblems(undefined, "l"), []);
            const ok = { [`${"a".repeat(63)}`]: "v".repeat(63), [`${"d".repeat(253)}/n`]: "", "example.com/x_y.z-1": "A_b.c-1" };
            assert.deepStrictEqual(labelProblems(ok, "l"), []);
            const key = (k: string) => `l key ${JSON.stringify(k)} is not a Kubernetes label key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.').`;
            const value = (v: unknown, k: string) => `l value ${JSON.stringify(v)} of ${k} is not a Kubernetes label value (up to 63 letters, digits, '-', '_' or '.').`;
            for (const k of ["a".repeat(64), `${"d".repeat(254)}/n`, "Example.com/x", "a/", "/a", "-a", "a b"]) {
                assert.deepStrictEqual(
                    labelProblems({ [k]: "v" }, "l").map((p) => [p.path, p.message]),
                    [["l", key(k)]],
                    k,
                );
            }
            assert.deepStrictEqual(
                labelProblems({ "a/b/c": "v" }, "l").map((p) => p.message),
                [key("a/b/c")],
                "one slash only",
            );
            for (const v of ["v".repeat(64), "-v", "v-", "a b"])
                assert.deepStrictEqual(
                    labelProblems({ k: v }, "l").map((p) => p.message),
                    [value(v, "k")],
                    v,
                );
            assert.deepStrictEqual(
                labelProblems({ k: 3 as never }, "l").map((p) => p.message),
                [value(3, "k")],
            );
        });

        it("overrides: names, selectors, targets and patches", () => {
            const op = "p.overrides[0]";
            assert.deepStrictEqual(list({ overrides: [override({})] as never }), []);
            assert.deepStrictEqual(list({ overrides: [override({}), undefined] as never }), [["p.overrides", "overrides has an empty entry."]], "reported, not a TypeError");
            assert.deepStrictEqual(list({ overrides: [override({ name: "O" }), override({ name: "O" })] as never }), [
                [`${op}.name`, `${op}.name "O" is not a DNS label.`],
                ["p.overrides[1].name", 'p.overrides[1].name "O" is not a DNS label.'],
                ["p.overrides[1].name", 'p.overrides[1].name "O" is used twice.'],
            ]);
            assert.deepStrictEqual(list({ overrides: [override({ clusterLabels: {} })] as never }), [
                [`${op}.clusterLabels`, `${op}.clusterLabels is empty: an override selects member clusters by label (use the placement itself to change every cluster).`],
            ]);
            for (const resource of [{ ...deployment, kind: "" }, { ...deployment, name: "" }, undefined]) {
                assert.deepStrictEqual(list({ overrides: [override({ resource })] as never }), [[`${op}.kind`, `${op} needs the kind and resourceName of the staged object to patch.`]]);
            }
            const patches = (n: number) => Array.from({ length: n }, () => ({ op: "remove", path: "/data/A" }));
            assert.deepStrictEqual(list({ overrides: [override({ patches: patches(20) })] as never }), []);
            for (const n of [0, 21]) assert.deepStrictEqual(list({ overrides: [override({ patches: patches(n) })] as never }), [[`${op}.patches`, `${op}.patches has ${n} patches; give 1 to 20.`]]);
            assert.deepStrictEqual(list({ overrides: [override({ patches: undefined })] as never }), [[`${op}.patches`, `${op}.patches has 0 patches; give 1 to 20.`]]);
            assert.deepStrictEqual(
                list({
                    overrides: [
                        override({
                            patches: [
                                { op: "move", path: 3, value: 1 },
                                { op: "replace", path: "/a" },
                                { op: "add", path: "/a", value: null },
                            ],
                        }),
                    ] as never,
                }),
                [
                    [`${op}.patches[0].op`, `${op}.patches[0].op "move" is not "add", "remove" or "replace".`],
                    [`${op}.patches[0].path`, `${op}.patches[0].path 3 is not a JSON pointer (it starts with '/', e.g. "/spec/replicas").`],
                    [`${op}.patches[1].value`, `${op}.patches[1] (replace) needs a value.`],
                ],
            );
        });

        it("overrides of the autoscaled Deployment: its replicas and the reserved rule name", () => {
            const op = "p.overrides[0]";
            const scaled = { autoscaledDeployment: "web" };
            for (const path of ["/spec/replicas", "/spec"]) {
                const found = list({ ...scaled, overrides: [override({ patches: [{ op: "replace", path, value: 1 }] })] as never });
                assert.deepStrictEqual(
                    found.map(([p]) => p),
                    [`${op}.patches[0].path`],
                    path,
                );
                assert.ok(found[0][1].startsWith(`${op}.patches[0].path ${JSON.stringify(path)} sets the replicas of Deployment "web", which is autoscaled`), found[0][1]);
            }
            for (const resource of [
                { ...deployment, name: "api" },
                { ...deployment, group: "" },
                { ...deployment, kind: "StatefulSet" },
            ]) {
                assert.deepStrictEqual(list({ ...scaled, overrides: [override({ resource, patches: [{ op: "replace", path: "/spec/replicas", value: 1 }] })] as never }), [], JSON.stringify(resource));
            }
            assert.deepStrictEqual(list({ overrides: [override({ patches: [{ op: "replace", path: "/spec/replicas", value: 1 }] })] as never }), [], "no autoscaler, no conflict");
        });

        it("at most 20 rules in the one ResourceOverride of an object, the autoscaler's rule counted", () => {
            const many = (n: number) => Array.from({ length: n }, (_, i) => override({ name: `o${i}` }));
            assert.deepStrictEqual(list({ overrides: many(20) as never }), []);
            assert.deepStrictEqual(list({ overrides: many(21) as never }), [
                [
                    "p.overrides",
                    'p.overrides has 21 overrides of Deployment "web": Fleet takes one ResourceOverride per object, with at most 20 rules; merge overrides that select the same clusters (one takes up to 20 patches).',
                ],
            ]);
            assert.deepStrictEqual(list({ autoscaledDeployment: "web", overrides: many(19) as never }), []);
            assert.deepStrictEqual(list({ autoscaledDeployment: "web", overrides: many(20) as never }), [
                [
                    "p.overrides",
                    'p.overrides has 20 overrides of Deployment "web", besides the rule that leaves its replicas to the autoscaler: Fleet takes one ResourceOverride per object, with at most 20 rules; merge overrides that select the same clusters (one takes up to 20 patches).',
                ],
            ]);
        });
    });

    describe("what the hub refuses is refused at construction", () => {
        // What the hub's webhook and CEL rules refuse, refused at construction instead, each with the argument's path
        // and the fix; and each refusal's object shown refused by the hub's whole admission (validators/fleet), so the
        // two agree.
        it("tolerations: none on PickFixed, a key with Equal, qualified keys, label values, no duplicates", () => {
            assert.deepStrictEqual(list({ tolerations: [{ key: "a", operator: "Exists" }] }, fixed), [
                [
                    "p.tolerations",
                    `p.tolerations: Fleet refuses tolerations on a PickFixed placement ("tolerations needs to be empty for policy type PickFixed"), which places on exactly its named clusters, tainted or not: drop tolerations, or choose type "PickAll" or "PickN".`,
                ],
            ]);
            assert.deepStrictEqual(list({ tolerations: [{ value: "v" }] }), [
                [
                    "p.tolerations[0].key",
                    `p.tolerations[0].key is empty: a toleration with operator "Equal" (the default) names the taint's key; use operator "Exists" without a key to tolerate every taint.`,
                ],
            ]);
            assert.deepStrictEqual(list({ tolerations: [{ operator: "Exists" }] }), [], "Exists without a key tolerates every taint");
            assert.deepStrictEqual(
                list({ tolerations: [{ key: "bad key!", value: "v" }] }).map(([p]) => p),
                ["p.tolerations[0].key"],
            );
            assert.deepStrictEqual(
                list({ tolerations: [{ key: "k", value: "bad value!" }] }).map(([p]) => p),
                ["p.tolerations[0].value"],
            );
            assert.deepStrictEqual(
                list({
                    tolerations: [
                        { key: "k", value: "v" },
                        { key: "k", operator: "Equal", value: "v" },
                    ],
                }),
                [["p.tolerations[1]", "p.tolerations[1] repeats an earlier toleration: Fleet refuses duplicates."]],
            );
            // The hub agrees: each of these objects, sent as is, is refused by its webhook or CEL rules.
            const crp = (policy: object) => ({ ...(renderPlacement(all).placement as any), spec: { ...(renderPlacement(all).placement as any).spec, policy } });
            assert.ok(validateFleetObject(crp({ placementType: "PickFixed", clusterNames: ["a"], tolerations: [{ key: "a", operator: "Exists" }] })).length > 0);
            assert.ok(validateFleetObject(crp({ placementType: "PickAll", tolerations: [{ operator: "Equal", value: "v" }] })).length > 0);
            assert.ok(
                validateFleetObject(
                    crp({
                        placementType: "PickAll",
                        tolerations: [
                            { key: "k", value: "v" },
                            { key: "k", value: "v" },
                        ],
                    }),
                ).length > 0,
            );
            assert.deepStrictEqual(validateFleetObject(crp({ placementType: "PickAll", tolerations: [{ operator: "Exists" }] })), []);
        });

        it("rolling bounds: numbers and percentages, what the hub takes; none beside a staged rollout", () => {
            const rolled = (maxUnavailable: unknown) => renderPlacement({ ...all, rollingUpdate: { maxUnavailable: maxUnavailable as never } }).placement;
            assert.deepStrictEqual(validateFleetObject(rolled(1)), []);
            assert.deepStrictEqual(validateFleetObject(rolled("25%")), []);
            assert.deepStrictEqual(
                list({ rollingUpdate: { maxUnavailable: "1" } }).map(([p]) => p),
                ["p.maxUnavailable"],
            );
            const asString = { ...(rolled(1) as any) };
            asString.spec = { ...asString.spec, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "1" } } };
            assert.ok(
                validateFleetObject(asString).some((e) => e.includes("string is not a percentage")),
                "the hub refuses the string the CRD pattern accepts",
            );
            const staged = { stagedRollout: { stages: [{ name: "all", labels: { env: "prod" } }] } };
            assert.deepStrictEqual(list({ ...staged, rollingUpdate: { maxSurge: 1 } }), [
                [
                    "p.maxSurge",
                    "p.maxSurge is a rolling-update bound, and stagedRollout replaces the rolling update (Fleet refuses rollingUpdate with the External strategy): drop maxSurge, or set each stage's maxConcurrency.",
                ],
            ]);
        });

        it("a placement name of 64 characters: the library and the hub both refuse it", () => {
            const name = "a".repeat(64);
            assert.deepStrictEqual(
                list({ name }).map(([p]) => p),
                ["p.name"],
            );
            const crp = renderPlacement(all).placement as any;
            assert.ok(validateFleetObject({ ...crp, metadata: { ...crp.metadata, name } }).some((e) => e.includes("cannot have length exceeding 63")));
        });

        it("the last stage: no approval and no wait, which would gate nothing", () => {
            const sp = "p.stagedRollout.stages";
            const stages = (last: object) => ({
                stagedRollout: {
                    stages: [
                        { name: "canary", labels: { s: "c" }, requireApproval: true, afterStageWaitMinutes: 30 },
                        { name: "rest", labels: { s: "r" }, ...last },
                    ],
                },
            });
            assert.deepStrictEqual(list(stages({})), []);
            assert.deepStrictEqual(
                list(stages({ requireApproval: true, afterStageWaitMinutes: 5 })).map(([p]) => p),
                [`${sp}[1].requireApproval`, `${sp}[1].afterStageWaitMinutes`],
            );
            assert.match(list(stages({ requireApproval: true }))[0][1], /is set on the last stage \("rest"\): after it every member is already updated, so it gates nothing/);
        });

        it("override paths: the webhook's rules, each refused with its reason", () => {
            for (const ok of ["/spec/replicas", "/metadata/labels/a", "/metadata/annotations/a~1b", "/data/KEY"]) assert.strictEqual(overridePathProblem(ok), undefined, ok);
            const refused: [unknown, RegExp][] = [
                ["spec", /is not a JSON pointer/],
                [undefined, /is not a JSON pointer/],
                ["/kind", /kind or apiVersion/],
                ["/apiVersion", /kind or apiVersion/],
                ["/metadata", /metadata other than labels and annotations/],
                ["/metadata/name", /metadata other than labels and annotations/],
                ["/status/replicas", /status/],
                ["/spec//replicas", /empty segment/],
                ["/spec/", /empty segment/],
            ];
            for (const [path, reason] of refused) assert.match(overridePathProblem(path) ?? "", reason, String(path));
            // The hub refuses the same paths (kubefleet validateJSONPatchOverridePath).
            const ro = (path: string) => ({
                apiVersion: "placement.kubernetes-fleet.io/v1",
                kind: "ResourceOverride",
                metadata: { name: "o", namespace: "web" },
                spec: {
                    placement: { name: "web" },
                    resourceSelectors: [{ group: "apps", version: "v1", kind: "Deployment", name: "web" }],
                    policy: { overrideRules: [{ clusterSelector: { clusterSelectorTerms: [] }, jsonPatchOverrides: [{ op: "remove", path }] }] },
                },
            });
            for (const [path] of refused.filter(([p]) => typeof p === "string" && p.startsWith("/"))) assert.ok(validateFleetObject(ro(path as string)).length > 0, String(path));
            assert.deepStrictEqual(validateFleetObject(ro("/spec/replicas")), []);
        });
    });

    describe("paths and partial specs", () => {
        // Refusals the mutation run found unasserted: label problems under a stage's or an override's own path, a bad
        // override of an autoscaled Deployment reported instead of crashing the check, and an empty stage overlapping
        // none.
        const spec: PlacementSpec = { name: "web", namespace: "web", type: "PickAll" };
        const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };

        it("a bad label is reported under the stage's and the override's clusterLabels", () => {
            const found = placementProblems(
                {
                    ...spec,
                    stagedRollout: { stages: [{ name: "a", labels: { "bad key": "x" } }] },
                    overrides: [{ name: "o", clusterLabels: { env: "bad value!" }, resource: deployment, patches: [{ op: "remove", path: "/a" }] }],
                },
                "p",
            ).map((x) => x.path);
            assert.deepStrictEqual(found, ["p.stagedRollout.stages[0].clusterLabels", "p.overrides[0].clusterLabels"]);
        });

        it("an override without a target, beside an autoscaled Deployment, is reported, not a TypeError", () => {
            const found = placementProblems(
                { ...spec, autoscaledDeployment: "web", overrides: [{ name: "o", clusterLabels: { env: "prod" }, resource: undefined as never, patches: [{ op: "remove", path: "/spec/replicas" }] }] },
                "p",
            );
            assert.deepStrictEqual(
                found.map((x) => x.message),
                ["p.overrides[0] needs the kind and resourceName of the staged object to patch."],
            );
        });

        it("a stage without labels overlaps no other (it is refused on its own)", () => {
            assert.deepStrictEqual(
                overlappingStageProblems(
                    [
                        { name: "a", labels: { env: "1" } },
                        { name: "b", labels: {} },
                    ],
                    "s",
                ),
                [],
            );
        });
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
            [
                "duplicate stage names",
                {
                    stagedRollout: {
                        stages: [
                            { name: "a", labels: { s: "1" } },
                            { name: "a", labels: { s: "2" } },
                        ],
                    },
                },
                "placement.stagedRollout.stages[1].name",
                "twice",
            ],
            ["stage without labels", { stagedRollout: { stages: [{ name: "a", labels: {} }] } }, "placement.stagedRollout.stages[0].clusterLabels", "empty"],
            [
                "override patch without a value",
                {
                    overrides: [
                        { name: "o", clusterLabels: { a: "b" }, resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" }, patches: [{ op: "replace", path: "/spec/replicas" }] },
                    ],
                },
                "placement.overrides[0].patches[0].value",
                "needs a value",
            ],
            [
                "Namespace override",
                {
                    overrides: [
                        {
                            name: "o",
                            clusterLabels: { a: "b" },
                            resource: { group: "", version: "v1", kind: "Namespace", name: "web" },
                            patches: [{ op: "add", path: "/metadata/labels/a", value: "b" }],
                        },
                    ],
                },
                "placement.overrides[0].kind",
                "every object in it",
            ],
            [
                "override patch path not a pointer",
                { overrides: [{ name: "o", clusterLabels: { a: "b" }, resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" }, patches: [{ op: "remove", path: "spec" }] }] },
                "placement.overrides[0].patches[0].path",
                "JSON pointer",
            ],
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

    describe("Namespace overrides are refused: Fleet applies them to every object in the namespace, where no label patch is safe", () => {
        const namespaceOverride = (patches: NonNullable<PlacementSpec["overrides"]>[number]["patches"]) => ({
            ...base,
            overrides: [{ name: "region", clusterLabels: { region: "eu" }, resource: { group: "", version: "v1", kind: "Namespace", name: "web" }, patches }],
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
                assert.deepStrictEqual(
                    problems.map((p) => p.path),
                    ["placement.overrides[0].kind"],
                );
                for (const fragment of ["every object in it", "doc is missing path", "replace every object's labels", "override each object instead"]) {
                    assert.ok(problems[0].message.includes(fragment), `${fragment}: ${problems[0].message}`);
                }
                assert.throws(() => renderPlacement(namespaceOverride(patches)), /placement\.overrides\[0\]\.kind "Namespace"/);
            });
        }
    });

    describe("overrides: one ResourceOverride per object (Fleet's webhook refuses a second override of one object)", () => {
        const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };

        it("more than 20 overrides of one object are refused (20 rules per ResourceOverride)", () => {
            const many = Array.from({ length: 21 }, (_, i) => ({ name: `o${i}`, clusterLabels: { n: `${i}` }, resource: deployment, patches: [{ op: "remove" as const, path: "/spec/paused" }] }));
            const problems = placementProblems({ ...base, overrides: many }, "placement");
            assert.ok(
                problems.some((p) => p.path === "placement.overrides" && p.message.includes("at most 20 rules")),
                JSON.stringify(problems),
            );
        });
    });

    describe("autoscaling: the HorizontalPodAutoscaler owns replicas, Fleet never re-applies the hub's", () => {
        const autoscaled: PlacementSpec = { ...base, autoscaledDeployment: "web" };

        it("an override that sets the autoscaled Deployment's replicas is refused, naming it and pointing at the autoscaler", () => {
            const change = { ...autoscaled, overrides: variants["overrides per region"].overrides!.slice(0, 1) };
            const problems = placementProblems(change, "placement");
            const hit = problems.find((p) => p.path === "placement.overrides[0].patches[0].path");
            assert.ok(hit?.message.includes("autoscaled") && hit.message.includes("/spec/maxReplicas"), JSON.stringify(problems));
            assert.throws(() => renderPlacement(change), /placement\.overrides\[0\]\.patches\[0\]\.path "\/spec\/replicas"/);
            // The same override of a Deployment that is not autoscaled is fine.
            assert.deepStrictEqual(placementProblems({ ...change, autoscaledDeployment: "other" }, "placement"), []);
        });

        it("an override's name names no object: one called like the autoscaler's ResourceOverride is accepted", () => {
            const problems = placementProblems(
                {
                    ...autoscaled,
                    overrides: [
                        {
                            name: "web-autoscaling",
                            clusterLabels: { a: "b" },
                            resource: { group: "", version: "v1", kind: "ConfigMap", name: "web-config" },
                            patches: [{ op: "remove", path: "/data/X" }],
                        },
                    ],
                },
                "placement",
            );
            assert.deepStrictEqual(problems, []);
        });
    });

    describe("stages that could share a member are refused (Fleet fails such a run at initialization)", () => {
        const stage = (name: string, labels: Record<string, string>) => ({ name, labels });
        it("one key with different values is disjoint; a missing key, a subset or equal labels overlap", () => {
            assert.deepStrictEqual(overlappingStageProblems([stage("canary", { "fleet-stage": "canary" }), stage("prod", { "fleet-stage": "prod" })], "s"), []);
            assert.deepStrictEqual(overlappingStageProblems([stage("a", { ring: "0", region: "eu" }), stage("b", { ring: "1" })], "s"), []);
            const cases: Record<string, string>[][] = [
                [{ "fleet-stage": "canary" }, { region: "eu" }],
                [{ ring: "0" }, { ring: "0", region: "eu" }],
                [{ ring: "0" }, { ring: "0" }],
            ];
            for (const [a, b] of cases) {
                const p = overlappingStageProblems([stage("first", a), stage("second", b)], "placement.stagedRollout.stages");
                assert.strictEqual(p.length, 1, JSON.stringify([a, b]));
                assert.strictEqual(p[0].path, "placement.stagedRollout.stages[1].clusterLabels");
                assert.match(p[0].message, /stage "second".*stage "first".*overlapping clusters between stages/);
            }
        });
    });
});
