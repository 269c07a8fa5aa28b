// The identity part, planned directly: it trusts exactly the refs the naming part says deploy, names its problems with
// the deployment's arguments, and claims each managed identity it will create.
import * as assert from "node:assert";
import { planAdoption, planIdentity, withRolloutIdentity, IdentityPartArgs } from "../../sdk/src/identity/part";
import { NO_ADOPTION } from "../../sdk/src/identity/adoption";
import { planNaming } from "../../sdk/src/naming/part";
import { ArmId, parseArmId } from "../../sdk/src/azure/ids";
import { FLEET, FLEET_RG, REGISTRY } from "../fixtures";

const fleet = parseArmId(FLEET, "fleet", "fleetId") as ArmId;
const names = (extra: Record<string, unknown> = {}) => planNaming({ repository: "contoso/web", ...extra }, "").spec;
const base: IdentityPartArgs = { fleetId: FLEET, registryId: REGISTRY };

describe("identity/part: planIdentity", () => {
    it("a managed identity beside the fleet, named by the naming part, trusting the deploy branch; claimed once", () => {
        const { spec, problems, claims } = planIdentity(base, "", names({ extraBranches: ["release"] }), fleet, NO_ADOPTION);
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(spec.identity.identityName, "gh-contoso-web-web");
        assert.strictEqual(spec.resourceGroupId, FLEET_RG);
        assert.strictEqual(spec.cloud, "public");
        assert.ok(spec.identity.credentials.some((c) => c.known === "repo:contoso/web:ref:refs/heads/release"));
        assert.deepStrictEqual(
            claims.map((c) => [c.path, c.object, c.derivedFrom]),
            [["identityName", "managed identity gh-contoso-web-web", "namespace"]],
        );
    });

    it("in an environment only the environment's subject is trusted", () => {
        const { spec } = planIdentity(base, "", names({ environment: { name: "prod" } }), fleet, NO_ADOPTION);
        assert.deepStrictEqual(
            spec.identity.credentials.map((c) => c.known).filter((k) => k !== undefined),
            ["repo:contoso/web:environment:prod"],
        );
    });

    it("names problems with the deployment's arguments (identityKind, not kind), and an application claims nothing", () => {
        const { problems, claims } = planIdentity({ ...base, identityKind: "application", identityLocation: "westus" }, "", names(), fleet, NO_ADOPTION);
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["identityLocation"],
        );
        assert.match(problems[0].message, /identityKind is "application"/);
        assert.deepStrictEqual(claims, []);
    });

    it("a branch the naming part refused is not refused again", () => {
        const n = names({ extraBranches: ["refs/heads/x"] });
        assert.deepStrictEqual(planIdentity(base, "", n, fleet, NO_ADOPTION).problems, []);
    });

    it("an adopted identity's name wins over the derived one, and a contradicting identityName is refused", () => {
        const id = `${FLEET_RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/portal-id`;
        const adoption = planAdoption({ ...base, adopt: { identity: id } }, "", names()).spec;
        assert.strictEqual(planIdentity(base, "", names(), fleet, adoption).spec.identity.identityName, "portal-id");
        assert.deepStrictEqual(
            planIdentity({ ...base, identityName: "other" }, "", names(), fleet, adoption).problems.map((p) => p.path),
            ["identityName"],
        );
    });

    it("a staged rollout adds its own identity, claimed too; without one nothing changes", () => {
        const planned = planIdentity(base, "", names(), fleet, NO_ADOPTION).spec;
        assert.deepStrictEqual(withRolloutIdentity(planned, false), { spec: planned, problems: [], claims: [] });
        const rollout = withRolloutIdentity(planned, true);
        assert.strictEqual(rollout.spec.rolloutIdentity?.identityName, "gh-contoso-web-web-rollout");
        assert.strictEqual(rollout.spec.rolloutIdentity?.adoption, undefined, "never the adopted one");
        assert.deepStrictEqual(
            rollout.claims.map((c) => c.object),
            ["managed identity gh-contoso-web-web-rollout"],
        );
    });
});
