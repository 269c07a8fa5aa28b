// How the placement objects are registered: the options the engine acts on when the placement's API version
// changes, when it must be replaced, and when its owner is removed.
import * as assert from "assert";
import { NamespacePlacement } from "../../sdk/src";
import { FLEET } from "../fixtures";
import { ofType, run } from "../harness";

const CRP_V1 = "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement";
const CRP_V1BETA1 = "kubernetes:placement.kubernetes-fleet.io/v1beta1:ClusterResourcePlacement";

describe("hub/namespacePlacement registration", () => {
    describe("the placement's API version", () => {
        it("GA by default; a preview field moves it to v1beta1, aliased to the v1 token so the one object is updated in place", async () => {
            const ga = (await run(() => new NamespacePlacement("spread", { fleetId: FLEET, namespace: "web", placement: { type: "PickAll" } }))).resources;
            const [v1] = ofType(ga, CRP_V1);
            assert.ok(v1, "a v1 placement");
            assert.ok(v1.aliases.includes(`urn:pulumi:test::test::fleet-autodeploy:index:NamespacePlacement$${CRP_V1BETA1}::spread-crp`), JSON.stringify(v1.aliases));

            const preview = (await run(() => new NamespacePlacement("spread", {
                fleetId: FLEET, namespace: "web", placement: { type: "PickAll", applyStrategy: { whenToTakeOver: "IfNoDiff" } },
            }))).resources;
            assert.deepStrictEqual(ofType(preview, CRP_V1), []);
            const [beta] = ofType(preview, CRP_V1BETA1);
            assert.strictEqual(beta.inputs.apiVersion, "placement.kubernetes-fleet.io/v1beta1");
            assert.deepStrictEqual(beta.inputs.spec.strategy.applyStrategy, { whenToTakeOver: "IfNoDiff" });
            // The alias is the URN the v1 registration had: Pulumi sees one resource whose apiVersion changed.
            assert.ok(beta.aliases.includes(v1.urn), JSON.stringify(beta.aliases));
        });
    });
});
