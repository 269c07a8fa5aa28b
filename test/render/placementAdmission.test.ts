import * as assert from "assert";
import { overridePathProblem, placementProblems } from "../../sdk/src/render/placementProblems";
import { renderPlacement } from "../../sdk/src/render/placement";
import { PlacementSpec } from "../../sdk/src/render/placementTypes";
import { validateFleetObject } from "../validators/fleetCrds";

// What the hub's webhook and CEL rules refuse, refused at construction instead, each with the argument's path and the
// fix; and each refusal's object shown refused by the hub's whole admission (validators/fleet), so the two agree.
const all: PlacementSpec = { name: "web", namespace: "web", type: "PickAll" };
const fixed: PlacementSpec = { name: "web", namespace: "web", type: "PickFixed", clusterNames: ["a"] };
const list = (spec: Partial<PlacementSpec>, base: PlacementSpec = all) => placementProblems({ ...base, ...spec } as PlacementSpec, "p").map((x) => [x.path, x.message]);
describe("render/placementProblems: what the hub refuses is refused at construction", () => {
    it("tolerations: none on PickFixed, a key with Equal, qualified keys, label values, no duplicates", () => {
        assert.deepStrictEqual(list({ tolerations: [{ key: "a", operator: "Exists" }] }, fixed), [["p.tolerations", `p.tolerations: Fleet refuses tolerations on a PickFixed placement ("tolerations needs to be empty for policy type PickFixed"), which places on exactly its named clusters, tainted or not: drop tolerations, or choose type "PickAll" or "PickN".`]]);
        assert.deepStrictEqual(list({ tolerations: [{ value: "v" }] }), [["p.tolerations[0].key", `p.tolerations[0].key is empty: a toleration with operator "Equal" (the default) names the taint's key; use operator "Exists" without a key to tolerate every taint.`]]);
        assert.deepStrictEqual(list({ tolerations: [{ operator: "Exists" }] }), [], "Exists without a key tolerates every taint");
        assert.deepStrictEqual(list({ tolerations: [{ key: "bad key!", value: "v" }] }).map(([p]) => p), ["p.tolerations[0].key"]);
        assert.deepStrictEqual(list({ tolerations: [{ key: "k", value: "bad value!" }] }).map(([p]) => p), ["p.tolerations[0].value"]);
        assert.deepStrictEqual(list({ tolerations: [{ key: "k", value: "v" }, { key: "k", operator: "Equal", value: "v" }] }), [["p.tolerations[1]", "p.tolerations[1] repeats an earlier toleration: Fleet refuses duplicates."]]);
        // The hub agrees: each of these objects, sent as is, is refused by its webhook or CEL rules.
        const crp = (policy: object) => ({ ...(renderPlacement(all).placement as any), spec: { ...(renderPlacement(all).placement as any).spec, policy } });
        assert.ok(validateFleetObject(crp({ placementType: "PickFixed", clusterNames: ["a"], tolerations: [{ key: "a", operator: "Exists" }] })).length > 0);
        assert.ok(validateFleetObject(crp({ placementType: "PickAll", tolerations: [{ operator: "Equal", value: "v" }] })).length > 0);
        assert.ok(validateFleetObject(crp({ placementType: "PickAll", tolerations: [{ key: "k", value: "v" }, { key: "k", value: "v" }] })).length > 0);
        assert.deepStrictEqual(validateFleetObject(crp({ placementType: "PickAll", tolerations: [{ operator: "Exists" }] })), []);
    });

    it("rolling bounds: numbers and percentages, what the hub takes; none beside a staged rollout", () => {
        const rolled = (maxUnavailable: unknown) => renderPlacement({ ...all, rollingUpdate: { maxUnavailable: maxUnavailable as never } }).placement;
        assert.deepStrictEqual(validateFleetObject(rolled(1)), []);
        assert.deepStrictEqual(validateFleetObject(rolled("25%")), []);
        assert.deepStrictEqual(list({ rollingUpdate: { maxUnavailable: "1" } }).map(([p]) => p), ["p.maxUnavailable"]);
        const asString = { ...(rolled(1) as any) };
        asString.spec = { ...asString.spec, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "1" } } };
        assert.ok(validateFleetObject(asString).some((e) => e.includes("string is not a percentage")), "the hub refuses the string the CRD pattern accepts");
        const staged = { stagedRollout: { stages: [{ name: "all", labels: { env: "prod" } }] } };
        assert.deepStrictEqual(list({ ...staged, rollingUpdate: { maxSurge: 1 } }), [["p.maxSurge", "p.maxSurge is a rolling-update bound, and stagedRollout replaces the rolling update (Fleet refuses rollingUpdate with the External strategy): drop maxSurge, or set each stage's maxConcurrency."]]);
    });

    it("a placement name of 64 characters: the library and the hub both refuse it", () => {
        const name = "a".repeat(64);
        assert.deepStrictEqual(list({ name }).map(([p]) => p), ["p.name"]);
        const crp = renderPlacement(all).placement as any;
        assert.ok(validateFleetObject({ ...crp, metadata: { ...crp.metadata, name } }).some((e) => e.includes("cannot have length exceeding 63")));
    });

    it("the last stage: no approval and no wait, which would gate nothing", () => {
        const sp = "p.stagedRollout.stages";
        const stages = (last: object) => ({ stagedRollout: { stages: [{ name: "canary", labels: { s: "c" }, requireApproval: true, afterStageWaitMinutes: 30 }, { name: "rest", labels: { s: "r" }, ...last }] } });
        assert.deepStrictEqual(list(stages({})), []);
        assert.deepStrictEqual(list(stages({ requireApproval: true, afterStageWaitMinutes: 5 })).map(([p]) => p), [`${sp}[1].requireApproval`, `${sp}[1].afterStageWaitMinutes`]);
        assert.match(list(stages({ requireApproval: true }))[0][1], /is set on the last stage \("rest"\): after it every member is already updated, so it gates nothing/);
    });

    it("override paths: the webhook's rules, each refused with its reason", () => {
        for (const ok of ["/spec/replicas", "/metadata/labels/a", "/metadata/annotations/a~1b", "/data/KEY"]) assert.strictEqual(overridePathProblem(ok), undefined, ok);
        const refused: [unknown, RegExp][] = [
            ["spec", /is not a JSON pointer/], [undefined, /is not a JSON pointer/],
            ["/kind", /kind or apiVersion/], ["/apiVersion", /kind or apiVersion/],
            ["/metadata", /metadata other than labels and annotations/], ["/metadata/name", /metadata other than labels and annotations/],
            ["/status/replicas", /status/], ["/spec//replicas", /empty segment/], ["/spec/", /empty segment/],
        ];
        for (const [path, reason] of refused) assert.match(overridePathProblem(path) ?? "", reason, String(path));
        // The hub refuses the same paths (kubefleet validateJSONPatchOverridePath).
        const ro = (path: string) => ({
            apiVersion: "placement.kubernetes-fleet.io/v1", kind: "ResourceOverride", metadata: { name: "o", namespace: "web" },
            spec: { placement: { name: "web" }, resourceSelectors: [{ group: "apps", version: "v1", kind: "Deployment", name: "web" }], policy: { overrideRules: [{ clusterSelector: { clusterSelectorTerms: [] }, jsonPatchOverrides: [{ op: "remove", path }] }] } },
        });
        for (const [path] of refused.filter(([p]) => typeof p === "string" && p.startsWith("/"))) assert.ok(validateFleetObject(ro(path as string)).length > 0, String(path));
        assert.deepStrictEqual(validateFleetObject(ro("/spec/replicas")), []);
    });
});
