import * as assert from "assert";
import { labelProblems, overlappingStageProblems, placementProblems } from "../../sdk/src/render/placementProblems";
import { PlacementSpec } from "../../sdk/src/render/placementTypes";

// Every placement refusal as the whole list of [path, message], at both sides of each bound the CRDs and Fleet's
// webhook enforce: a bound that moves by one either registers what the hub refuses or refuses what it accepts.
const fixed: PlacementSpec = { name: "web", namespace: "web", type: "PickFixed", clusterNames: ["a"] };
const all: PlacementSpec = { name: "web", namespace: "web", type: "PickAll" };
const list = (spec: Partial<PlacementSpec>, base: PlacementSpec = all) =>
    placementProblems({ ...base, ...spec } as PlacementSpec, "p").map((x) => [x.path, x.message]);
const deployment = { group: "apps", version: "v1", kind: "Deployment", name: "web" };
const override = (o: object) => ({ name: "o", clusterLabels: { env: "prod" }, resource: deployment, patches: [{ op: "add", path: "/metadata/labels/a", value: "b" }], ...o });

describe("render/placementProblems: each refusal, in exact words, at its bounds", () => {
    it("accepts a minimal spec of each type", () => {
        assert.deepStrictEqual(list({}, fixed), []);
        assert.deepStrictEqual(list({}), []);
        assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: 1 }), []);
    });

    it("type and name", () => {
        assert.deepStrictEqual(list({ type: "PickSome" as never }), [["p.type", 'p.type "PickSome" is not one of "PickAll", "PickN", "PickFixed".']]);
        assert.deepStrictEqual(list({ type: "PickSome" as never, clusterNames: ["a"] }), [["p.type", 'p.type "PickSome" is not one of "PickAll", "PickN", "PickFixed".']],
            "clusterNames is not blamed on a type that is already refused");
        assert.deepStrictEqual(list({ name: "Web" }), [["p.name", `p.name "Web" is not a valid placement name: lowercase letters, digits, '-' and '.'.`]]);
        assert.deepStrictEqual(list({ name: undefined as never }), [["p.name", `p.name undefined is not a valid placement name: lowercase letters, digits, '-' and '.'.`]]);
        assert.deepStrictEqual(list({ name: "web.prod" }), []);
        const longest = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
        assert.strictEqual(longest.length, 253);
        // Fleet caps placement names at 63 (kubefleet validatePlacement, DNS1035LabelMaxLength) below the API's 253.
        assert.deepStrictEqual(list({ name: "a".repeat(63) }), []);
        assert.deepStrictEqual(list({ name: "a".repeat(64) }), [["p.name", `p.name "${"a".repeat(64)}" has 64 characters; Fleet refuses placement names over 63: choose a shorter one.`]]);
        assert.deepStrictEqual(list({ name: longest }).map(([path]) => path), ["p.name"]);
        assert.deepStrictEqual(list({ name: `${longest}e` }).map(([path]) => path), ["p.name"]);
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
        assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: 2, clusterNames: [] }), [["p.clusterNames", 'p.clusterNames applies to PickFixed only; PickN picks clusters itself: drop clusterNames, or choose type "PickFixed".']]);
        for (const bad of [0, 1.5, undefined]) {
            assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: bad }), [["p.numberOfClusters", `p.numberOfClusters ${JSON.stringify(bad)}: PickN needs a whole number of clusters, at least 1.`]]);
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
            assert.deepStrictEqual(list({ type: "PickN", numberOfClusters: 1, preferredClusterLabels: [{ weight: 1, labels: {} }, { weight: bad, labels: { "a b": "c" } }] }), [
                ["p.preferredClusterLabels[1].weight", `weight ${bad} must be a whole number from -100 to 100.`],
                ["p.preferredClusterLabels[1].labels", `p.preferredClusterLabels[1].labels key "a b" is not a Kubernetes label key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.').`],
            ]);
        }
        const pickN = { type: "PickN" as const, numberOfClusters: 2 };
        assert.deepStrictEqual(list({ ...pickN, topologySpread: [{ topologyKey: "zone", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }] }), []);
        assert.deepStrictEqual(list({ ...pickN, topologySpread: [{ topologyKey: "zone" }, { topologyKey: "", maxSkew: 0, whenUnsatisfiable: "Maybe" as never }] }), [
            ["p.topologySpread[1].topologyKey", "topologyKey is required: the member cluster label to spread across."],
            ["p.topologySpread[1].maxSkew", "maxSkew 0 must be a whole number, at least 1."],
            ["p.topologySpread[1].whenUnsatisfiable", 'whenUnsatisfiable "Maybe" is not "DoNotSchedule" or "ScheduleAnyway".'],
        ]);
        assert.deepStrictEqual(list({ ...pickN, topologySpread: [{ topologyKey: "zone", maxSkew: 1.5, whenUnsatisfiable: "ScheduleAnyway" }] }), [["p.topologySpread[0].maxSkew", "maxSkew 1.5 must be a whole number, at least 1."]]);
        assert.deepStrictEqual(list({ tolerations: [{ key: "a", operator: "Equal", value: "v", effect: "NoSchedule" }, { key: "b", operator: "Exists" }] }), []);
        assert.deepStrictEqual(list({ tolerations: [{ key: "a" }, { key: "b", operator: "In" as never, effect: "NoExecute" as never }, { key: "c", operator: "Exists", value: "v" }] }), [
            ["p.tolerations[1].operator", 'p.tolerations[1].operator "In" is not "Equal" or "Exists".'],
            ["p.tolerations[1].effect", 'p.tolerations[1].effect "NoExecute": Fleet taints only use "NoSchedule".'],
            ["p.tolerations[2].value", 'p.tolerations[2].value must be empty with operator "Exists".'],
        ]);
    });

    it("rolling update, apply strategy and revision history", () => {
        for (const ok of [0, 7, "0%", "99%", "100%"]) assert.deepStrictEqual(list({ rollingUpdate: { maxUnavailable: ok, maxSurge: ok } }), [], String(ok));
        for (const bad of ["101%", "1.5", "-1", "%", 1.5, -1]) {
            assert.deepStrictEqual(list({ rollingUpdate: { maxSurge: bad } }), [["p.maxSurge", `p.maxSurge ${JSON.stringify(bad)} must be a whole number of clusters, 0 or more (e.g. 1), or a percentage from "0%" to "100%" (e.g. "25%").`]], String(bad));
        }
        // The CRD's pattern takes "1"; Fleet's webhook does not (intstr.GetScaledValueFromIntOrPercent).
        assert.deepStrictEqual(list({ rollingUpdate: { maxUnavailable: "1" } }), [["p.maxUnavailable", 'p.maxUnavailable "1" is a string without "%": Fleet reads a string as a percentage and refuses this one ("invalid type: string is not a percentage"). Write the number 1 for a count of clusters, or "1%" for a percentage.']]);
        assert.deepStrictEqual(list({ rollingUpdate: { unavailablePeriodSeconds: 0 } }), []);
        for (const bad of [-1, 0.5]) assert.deepStrictEqual(list({ rollingUpdate: { unavailablePeriodSeconds: bad } }), [["p.unavailablePeriodSeconds", `p.unavailablePeriodSeconds ${bad} must be a whole number of seconds, 0 or more.`]]);
        assert.deepStrictEqual(list({ applyStrategy: { type: "Replace" as never, comparisonOption: "Some" as never, whenToApply: "Never" as never } }), [
            ["p.applyStrategy.type", 'p.applyStrategy.type "Replace" is not one of "ClientSideApply", "ServerSideApply", "ReportDiff".'],
            ["p.applyStrategy.comparisonOption", 'p.applyStrategy.comparisonOption "Some" is not one of "PartialComparison", "FullComparison".'],
            ["p.applyStrategy.whenToApply", 'p.applyStrategy.whenToApply "Never" is not one of "Always", "IfNotDrifted".'],
        ]);
        assert.deepStrictEqual(list({ applyStrategy: { whenToTakeOver: "Sometimes" as never } }), [["p.applyStrategy.whenToTakeOver", 'p.applyStrategy.whenToTakeOver "Sometimes" is not one of "Always", "IfNoDiff", "Never".']]);
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
            [`${sp}[0].name`, `${sp}[0].name "${"a".repeat(64)}" is not a stage name: up to 63 lowercase letters and digits, nothing else (the strategy CRD's pattern ^[a-z0-9]+$), e.g. "canary".`],
            [`${sp}[1].name`, `${sp}[1].name "Canary" is not a stage name: up to 63 lowercase letters and digits, nothing else (the strategy CRD's pattern ^[a-z0-9]+$), e.g. "canary".`],
        ]);
        assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { name: "x" }), stage(1, { name: "x" })] } }), [[`${sp}[1].name`, `${sp}[1].name "x" is used twice: stage names are unique.`]]);
        assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { labels: undefined })] } }), [[`${sp}[0].clusterLabels`, `${sp}[0].clusterLabels is empty: a stage selects its clusters by label.`]]);
        for (const ok of ["1", "10", "1%", "99%", "100%"]) assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { maxConcurrency: ok, afterStageWaitMinutes: 1 }), stage(1)] } }), [], ok);
        for (const bad of ["0", "0%", "101%", "01", "x"]) {
            assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { maxConcurrency: bad })] } }), [[`${sp}[0].maxConcurrency`, `${sp}[0].maxConcurrency ${JSON.stringify(bad)} must be a count ("1") or a percentage ("50%"), above zero.`]], bad);
        }
        for (const bad of [0, 1.5]) {
            assert.deepStrictEqual(list({ stagedRollout: { stages: [stage(0, { afterStageWaitMinutes: bad }), stage(1)] } }), [[`${sp}[0].afterStageWaitMinutes`, `${sp}[0].afterStageWaitMinutes ${bad} must be a whole number of minutes, at least 1.`]]);
        }
    });

    it("overlapping stages: only one label key with different values keeps two stages apart", () => {
        const sp = "s";
        assert.deepStrictEqual(overlappingStageProblems([{ name: "a", labels: { env: "1" } }, { name: "b", labels: { env: "2", zone: "x" } }], sp), []);
        assert.deepStrictEqual(overlappingStageProblems([{ name: "a", labels: {} }, { name: "b", labels: { env: "2" } }], sp), [], "an empty stage is refused elsewhere");
        assert.deepStrictEqual(overlappingStageProblems([{ name: "a", labels: { env: "1" } }, { name: "b", labels: { zone: "x" } }, { name: "c", labels: { env: "1" } }], sp).map((p) => [p.path, p.message.split(":")[0]]), [
            ["s[1].clusterLabels", 's[1].clusterLabels (stage "b") and s[0].clusterLabels (stage "a") both select a member labelled env=1,zone=x'],
            ["s[2].clusterLabels", 's[2].clusterLabels (stage "c") and s[0].clusterLabels (stage "a") both select a member labelled env=1'],
            ["s[2].clusterLabels", 's[2].clusterLabels (stage "c") and s[1].clusterLabels (stage "b") both select a member labelled zone=x,env=1'],
        ]);
    });

    it("labels: key prefix and name, and value, each to their lengths", () => {
        assert.deepStrictEqual(labelProblems(undefined, "l"), []);
        const ok = { [`${"a".repeat(63)}`]: "v".repeat(63), [`${"d".repeat(253)}/n`]: "", "example.com/x_y.z-1": "A_b.c-1" };
        assert.deepStrictEqual(labelProblems(ok, "l"), []);
        const key = (k: string) => `l key ${JSON.stringify(k)} is not a Kubernetes label key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.').`;
        const value = (v: unknown, k: string) => `l value ${JSON.stringify(v)} of ${k} is not a Kubernetes label value (up to 63 letters, digits, '-', '_' or '.').`;
        for (const k of ["a".repeat(64), `${"d".repeat(254)}/n`, "Example.com/x", "a/", "/a", "-a", "a b"]) {
            assert.deepStrictEqual(labelProblems({ [k]: "v" }, "l").map((p) => [p.path, p.message]), [["l", key(k)]], k);
        }
        assert.deepStrictEqual(labelProblems({ "a/b/c": "v" }, "l").map((p) => p.message), [key("a/b/c")], "one slash only");
        for (const v of ["v".repeat(64), "-v", "v-", "a b"]) assert.deepStrictEqual(labelProblems({ k: v }, "l").map((p) => p.message), [value(v, "k")], v);
        assert.deepStrictEqual(labelProblems({ k: 3 as never }, "l").map((p) => p.message), [value(3, "k")]);
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
        assert.deepStrictEqual(list({ overrides: [override({ clusterLabels: {} })] as never }), [[`${op}.clusterLabels`, `${op}.clusterLabels is empty: an override selects member clusters by label (use the placement itself to change every cluster).`]]);
        for (const resource of [{ ...deployment, kind: "" }, { ...deployment, name: "" }, undefined]) {
            assert.deepStrictEqual(list({ overrides: [override({ resource })] as never }), [[`${op}.kind`, `${op} needs the kind and resourceName of the staged object to patch.`]]);
        }
        const patches = (n: number) => Array.from({ length: n }, () => ({ op: "remove", path: "/data/A" }));
        assert.deepStrictEqual(list({ overrides: [override({ patches: patches(20) })] as never }), []);
        for (const n of [0, 21]) assert.deepStrictEqual(list({ overrides: [override({ patches: patches(n) })] as never }), [[`${op}.patches`, `${op}.patches has ${n} patches; give 1 to 20.`]]);
        assert.deepStrictEqual(list({ overrides: [override({ patches: undefined })] as never }), [[`${op}.patches`, `${op}.patches has 0 patches; give 1 to 20.`]]);
        assert.deepStrictEqual(list({ overrides: [override({ patches: [{ op: "move", path: 3, value: 1 }, { op: "replace", path: "/a" }, { op: "add", path: "/a", value: null }] })] as never }), [
            [`${op}.patches[0].op`, `${op}.patches[0].op "move" is not "add", "remove" or "replace".`],
            [`${op}.patches[0].path`, `${op}.patches[0].path 3 is not a JSON pointer (it starts with '/', e.g. "/spec/replicas").`],
            [`${op}.patches[1].value`, `${op}.patches[1] (replace) needs a value.`],
        ]);
    });

    it("overrides of the autoscaled Deployment: its replicas and the reserved rule name", () => {
        const op = "p.overrides[0]";
        const scaled = { autoscaledDeployment: "web" };
        for (const path of ["/spec/replicas", "/spec"]) {
            const found = list({ ...scaled, overrides: [override({ patches: [{ op: "replace", path, value: 1 }] })] as never });
            assert.deepStrictEqual(found.map(([p]) => p), [`${op}.patches[0].path`], path);
            assert.ok(found[0][1].startsWith(`${op}.patches[0].path ${JSON.stringify(path)} sets the replicas of Deployment "web", which is autoscaled`), found[0][1]);
        }
        for (const resource of [{ ...deployment, name: "api" }, { ...deployment, group: "" }, { ...deployment, kind: "StatefulSet" }]) {
            assert.deepStrictEqual(list({ ...scaled, overrides: [override({ resource, patches: [{ op: "replace", path: "/spec/replicas", value: 1 }] })] as never }), [], JSON.stringify(resource));
        }
        assert.deepStrictEqual(list({ overrides: [override({ patches: [{ op: "replace", path: "/spec/replicas", value: 1 }] })] as never }), [], "no autoscaler, no conflict");
    });

    it("at most 20 rules in the one ResourceOverride of an object, the autoscaler's rule counted", () => {
        const many = (n: number) => Array.from({ length: n }, (_, i) => override({ name: `o${i}` }));
        assert.deepStrictEqual(list({ overrides: many(20) as never }), []);
        assert.deepStrictEqual(list({ overrides: many(21) as never }), [["p.overrides", 'p.overrides has 21 overrides of Deployment "web": Fleet takes one ResourceOverride per object, with at most 20 rules; merge overrides that select the same clusters (one takes up to 20 patches).']]);
        assert.deepStrictEqual(list({ autoscaledDeployment: "web", overrides: many(19) as never }), []);
        assert.deepStrictEqual(list({ autoscaledDeployment: "web", overrides: many(20) as never }), [["p.overrides", 'p.overrides has 20 overrides of Deployment "web", besides the rule that leaves its replicas to the autoscaler: Fleet takes one ResourceOverride per object, with at most 20 rules; merge overrides that select the same clusters (one takes up to 20 patches).']]);
    });
});
