// The hub's request handling as a Pulumi stack drives it: a client-side create, then server-side applies, each through
// the whole admission. The cases are those that decide whether a placement can move from a rolling update to a staged
// rollout in place (kubefleet refuses rollingUpdate beside the External strategy, and its mutating webhook writes
// rollingUpdate defaults that no field manager owns).
import * as assert from "node:assert";
import { Hub } from "./admission";

const V1 = "placement.kubernetes-fleet.io/v1";
const crp = (strategy?: object, annotations?: object) => ({
    apiVersion: V1,
    kind: "ClusterResourcePlacement",
    metadata: { name: "web", ...(annotations ? { annotations } : {}) },
    spec: { resourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: "web" }], policy: { placementType: "PickFixed", clusterNames: ["a"] }, ...(strategy ? { strategy } : {}) },
});
const explicit = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%", unavailablePeriodSeconds: 60 } };
const external = { type: "External" };
const REFUSED = /rollingUpdateConifg is not valid for ExternalRollout strategy type/;

describe("validators/fleet/hub: creates and applies as pulumi-kubernetes sends them", () => {
    it("the mutating webhook's defaults are stored: a RollingUpdate strategy with 25%, 25% and 60 s, and apply defaults", () => {
        const hub = new Hub();
        assert.deepStrictEqual(hub.create(crp()), []);
        const stored = hub.get(crp())!;
        assert.deepStrictEqual(stored.spec.strategy.rollingUpdate, { maxUnavailable: "25%", maxSurge: "25%", unavailablePeriodSeconds: 60 });
        assert.strictEqual(stored.spec.revisionHistoryLimit, 10);
        assert.strictEqual(stored.spec.strategy.applyStrategy.whenToTakeOver, "Always");
    });

    it("created without rolling-update fields, the move to External is refused: no manager owns the webhook's fields", () => {
        const hub = new Hub();
        hub.create(crp());
        assert.match(hub.apply(crp(external)).join("\n"), REFUSED);
        // An explicit null does not remove fields no manager owns.
        assert.match(hub.apply(crp({ type: "External", rollingUpdate: null })).join("\n"), REFUSED);
    });

    it("created with the rolling-update fields written out, the move to External goes through in place", () => {
        const hub = new Hub();
        hub.create(crp(explicit));
        assert.deepStrictEqual(hub.apply(crp(external)), []);
        assert.strictEqual(hub.get(crp())!.spec.strategy.rollingUpdate, undefined);
        assert.strictEqual(hub.get(crp())!.spec.strategy.type, "External");
    });

    it("a preview's dry run of that first update is refused: the provider hands the create's fields over only on a real update", () => {
        const hub = new Hub();
        hub.create(crp(explicit));
        assert.match(hub.apply(crp(external), { dryRun: true }).join("\n"), REFUSED);
        // After any real update, the apply's manager owns them, and the preview agrees with the update.
        assert.deepStrictEqual(hub.apply(crp(explicit, { note: "x" })), []);
        assert.deepStrictEqual(hub.apply(crp(external), { dryRun: true }), []);
        assert.deepStrictEqual(hub.apply(crp(external)), []);
    });

    it("a placement created by an older library takes ownership with one apply of the written-out fields, then moves", () => {
        const hub = new Hub();
        hub.create(crp());
        assert.deepStrictEqual(hub.apply(crp(explicit)), []);
        assert.deepStrictEqual(hub.apply(crp(external), { dryRun: true }), []);
        assert.deepStrictEqual(hub.apply(crp(external)), []);
    });

    it("transition rules run against the stored object: External cannot go back, the type cannot change", () => {
        const hub = new Hub();
        hub.create(crp(external));
        assert.match(hub.apply(crp(explicit)).join("\n"), /cannot change rollout strategy type from 'External' to other types/);
        const typed = (placementType: string) => ({ ...crp(external), spec: { ...crp(external).spec, policy: { placementType } } });
        assert.match(hub.apply(typed("PickAll")).join("\n"), /placement type is immutable/);
    });

    it("tolerations: additions go through in place, removals are refused", () => {
        const hub = new Hub();
        const withTolerations = (tolerations: object[]) => ({ ...crp(explicit), spec: { ...crp(explicit).spec, policy: { placementType: "PickAll", tolerations } } });
        hub.create(withTolerations([{ key: "a", operator: "Exists" }]));
        assert.deepStrictEqual(
            hub.apply(
                withTolerations([
                    { key: "a", operator: "Exists" },
                    { key: "b", operator: "Exists" },
                ]),
            ),
            [],
        );
        assert.match(hub.apply(withTolerations([{ key: "b", operator: "Exists" }])).join("\n"), /only additions to tolerations are allowed/);
    });

    it("a create of an object that exists fails, as the API server answers AlreadyExists", () => {
        const hub = new Hub();
        hub.create(crp());
        assert.match(hub.create(crp()).join(""), /AlreadyExists/);
    });
});
