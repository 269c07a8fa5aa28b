// The deployment's placement arguments -> the renderer's spec, with what the deployment knows about the manifests
// it generates (an autoscaled Deployment), and the warnings a deployment logs about its placement.
import * as assert from "node:assert";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { applyPlacement } from "../../sdk/src/hub/namespacePlacement";
import { FleetPlacementArgs } from "../../sdk/src/hub/placementArgs";
import { PullGrant } from "../../sdk/src/registry/members";
import { adoptedNamespacePlacementWarning, placementSpec, ungrantedPlacementWarning } from "../../sdk/src/hub/placementSpec";
import { Problem } from "../../sdk/src/core/problems";
import { run } from "../harness";
import { validateFleetObject } from "../validators/fleetCrds";

const members = [{ name: "eastus" }, { name: "westeu" }];
const replicas: FleetPlacementArgs = {
    overrides: [{ name: "eastus-replicas", clusterLabels: { region: "eastus" }, kind: "Deployment", resourceName: "web", patches: [{ op: "replace", path: "/spec/replicas", value: 4 }] }],
};

describe("hub/placementSpec", () => {
    describe("an autoscaled generated Deployment", () => {
        it("is carried into the spec, and an override of its replicas is refused naming placement.overrides[i]", () => {
            const problems: Problem[] = [];
            const spec = placementSpec(replicas, "web", members, problems, { autoscaledDeployment: "web" });
            assert.strictEqual(spec.autoscaledDeployment, "web");
            assert.deepStrictEqual(
                problems.map((p) => p.path),
                ["placement.overrides[0].patches[0].path"],
            );
            assert.match(problems[0].message, /^placement\.overrides\[0\]\.patches\[0\]\.path "\/spec\/replicas" sets the replicas of Deployment "web", which is autoscaled/);
        });

        it("without autoscaling, per-cluster replicas stay allowed", () => {
            const problems: Problem[] = [];
            const spec = placementSpec(replicas, "web", members, problems);
            assert.strictEqual(spec.autoscaledDeployment, undefined);
            assert.deepStrictEqual(problems, []);
        });

        it("registers the ResourceOverride that leaves replicas to the autoscaler, before the placement, valid against the CRD", async () => {
            const problems: Problem[] = [];
            const spec = placementSpec({}, "web", members, problems, { autoscaledDeployment: "web" });
            assert.deepStrictEqual(problems, []);
            class Owner extends pulumi.ComponentResource {
                constructor() {
                    super("test:index:Owner", "owner", {});
                    const provider = new Provider("hub", { kubeconfig: "{}" }, { parent: this });
                    applyPlacement("owner-placement", spec, provider, this, undefined);
                    this.registerOutputs({});
                }
            }
            const { resources } = await run(() => new Owner());
            const ro = resources.find((r) => r.type === "kubernetes:placement.kubernetes-fleet.io/v1:ResourceOverride")!;
            assert.strictEqual(ro.name, "owner-placement-override-deployment-web");
            assert.deepStrictEqual(ro.inputs.spec.policy.overrideRules[0].jsonPatchOverrides, [{ op: "remove", path: "/spec/replicas" }]);
            assert.deepStrictEqual(validateFleetObject(ro.inputs), []);
            const crp = resources.find((r) => r.type.endsWith(":ClusterResourcePlacement"))!;
            assert.ok(crp.dependencies.includes(ro.urn), "the placement waits for the override");
        });
    });

    describe("a placement of an adopted namespace", () => {
        const spec = placementSpec({}, "payments", members, []);

        it("warns that another placement may already place it, with the risk and the fix", () => {
            const warning = adoptedNamespacePlacementWarning(spec, true)!;
            assert.ok(warning, "a warning");
            for (const fragment of ["payments", "existingNamespace: true", "two placements of one object on one member", "PR 984", "kubectl get clusterresourceplacements", "drop placement here"]) {
                assert.ok(warning.includes(fragment), `${fragment}: ${warning}`);
            }
        });

        it("says nothing for a namespace the deployment creates", () => {
            assert.strictEqual(adoptedNamespacePlacementWarning(spec, false), undefined);
        });
    });
});

describe("hub/placementSpec: the arguments as the renderer's spec", () => {
    const specOf = (args: FleetPlacementArgs, m = members, context = {}) => {
        const problems: Problem[] = [];
        return { spec: placementSpec(args, "web", m, problems, context), problems };
    };

    it("PickFixed picks each member once; other types pick no fixed names", () => {
        assert.deepStrictEqual(specOf({}, [...members, { name: "eastus" }]).spec.clusterNames, ["eastus", "westeu"]);
        assert.strictEqual(specOf({ type: "PickAll" }).spec.clusterNames, undefined);
    });

    it("a PickFixed without clusters is one problem, blamed on the members it derives from, or on the cluster names given", () => {
        const message =
            'placement is PickFixed (the default) but names no cluster: list members (they are granted AcrPull and picked), set placement.clusterNames, or choose placement.type "PickAll" or "PickN".';
        assert.deepStrictEqual(specOf({}, [], { membersPath: "members" }).problems, [{ path: "members", message }]);
        assert.deepStrictEqual(specOf({ clusterNames: [] }, members, { membersPath: "members" }).problems, [{ path: "placement.clusterNames", message }]);
        assert.deepStrictEqual(specOf({}, []).problems, [{ path: "placement.clusterNames", message }]);
        // Only the renderer's own words for the empty list are dropped: its other problems stay.
        assert.deepStrictEqual(
            specOf({ clusterNames: [], numberOfClusters: 2 }).problems.map((p) => p.path),
            ["placement.clusterNames", "placement.numberOfClusters"],
        );
        // Other cluster-name problems are still the renderer's to report.
        assert.deepStrictEqual(
            specOf({ clusterNames: ["eastus", "eastus"] }).problems.map((p) => p.path),
            ["placement.clusterNames"],
        );
    });

    it("deleteOnDestroy must be a boolean", () => {
        assert.deepStrictEqual(specOf({ deleteOnDestroy: "yes" as never }).problems, [{ path: "placement.deleteOnDestroy", message: 'placement.deleteOnDestroy "yes" must be true or false.' }]);
        assert.deepStrictEqual(specOf({ deleteOnDestroy: false }).problems, []);
    });

    it("a rolling update always written out, Fleet's defaults filling what is not given; none under a staged rollout", () => {
        // Pulumi must own every rolling-update field: the apply that adds stagedRollout removes only fields it owned.
        assert.deepStrictEqual(specOf({}).spec.rollingUpdate, { maxUnavailable: "25%", maxSurge: "25%", unavailablePeriodSeconds: 60 });
        assert.deepStrictEqual(specOf({ unavailablePeriodSeconds: 30 }).spec.rollingUpdate, { maxUnavailable: "25%", maxSurge: "25%", unavailablePeriodSeconds: 30 });
        assert.deepStrictEqual(specOf({ maxUnavailable: 1, maxSurge: "50%" }).spec.rollingUpdate, { maxUnavailable: 1, maxSurge: "50%", unavailablePeriodSeconds: 60 });
        const staged = { stagedRollout: { stages: [{ name: "all", clusterLabels: { env: "prod" } }] } };
        assert.strictEqual(specOf(staged).spec.rollingUpdate, undefined);
        assert.deepStrictEqual(
            specOf({ ...staged, maxSurge: 1 }).problems.map((p) => p.path),
            ["placement.maxSurge"],
        );
    });
});

describe("hub/placementSpec: ungrantedPlacementWarning", () => {
    const spec = (args: FleetPlacementArgs) => placementSpec(args, "web", members, []);

    it("says nothing when every fixed cluster was granted", () => assert.strictEqual(ungrantedPlacementWarning(spec({}), members), undefined));

    it("names the fixed clusters that were not granted, in the singular and the plural", () => {
        assert.strictEqual(
            ungrantedPlacementWarning(spec({ clusterNames: ["eastus", "japan"] }), members),
            'placement web picks japan, which is not granted pull on the registry: add it to members (with pullGrant "external" where another stack, --attach-acr or the portal grants it), or the pods there cannot pull the image.',
        );
        assert.strictEqual(
            ungrantedPlacementWarning(spec({ clusterNames: ["japan", "brazil"] }), members),
            'placement web picks japan, brazil, which are not granted pull on the registry: add them to members (with pullGrant "external" where another stack, --attach-acr or the portal grants it), or the pods there cannot pull the image.',
        );
    });

    it("warns for any other type, naming what was granted, or none", () => {
        assert.strictEqual(
            ungrantedPlacementWarning(spec({ type: "PickAll" }), members),
            'placement web is PickAll: it can pick member clusters that were not granted pull on the registry (able to pull: eastus, westeu). Pods on those clusters cannot pull the image; prefer PickFixed, or list every cluster the policy can pick in members (pullGrant "external" for those granted elsewhere).',
        );
        assert.match(ungrantedPlacementWarning(spec({ type: "PickN", numberOfClusters: 2 }), [])!, /^placement web is PickN: .*\(able to pull: none\)\./);
    });

    it("counts a member granted elsewhere (pullGrant external) as able to pull, and says so", () => {
        const elsewhere = [{ name: "eastus" }, { name: "japan", pullGrant: PullGrant.External }];
        assert.strictEqual(ungrantedPlacementWarning(placementSpec({ clusterNames: ["eastus", "japan"] }, "web", elsewhere, []), elsewhere), undefined);
        assert.match(ungrantedPlacementWarning(spec({ clusterNames: ["eastus", "japan"] }), members)!, /picks japan, which is not granted/);
        assert.match(ungrantedPlacementWarning(placementSpec({ type: "PickAll" }, "web", elsewhere, []), elsewhere)!, /able to pull: eastus, japan \(granted elsewhere\)\)/);
    });
});
