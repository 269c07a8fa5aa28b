import * as assert from "node:assert";
import { aliasUrns, urnOf } from "../../sdk/src/plan/aliases";

const STACK = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev";
const at = (name: string, type: string, parent: string) => ({ name, type, parent, stack: "dev", project: "proj" });

describe("plan: alias URNs as the engine computes them from specs", () => {
    it("leaves the stack's type out of a top-level URN and chains component types below it", () => {
        assert.strictEqual(urnOf("web", "fleet:Deploy", STACK, "dev", "proj"), "urn:pulumi:dev::proj::fleet:Deploy::web");
        assert.strictEqual(urnOf("web-id", "azure:Identity", "urn:pulumi:dev::proj::fleet:Deploy::web", "dev", "proj"), "urn:pulumi:dev::proj::fleet:Deploy$azure:Identity::web-id");
        assert.strictEqual(urnOf("x", "t:T", undefined, "dev", "proj"), "urn:pulumi:dev::proj::t:T::x");
    });

    it("fills a spec's empty fields from the resource: a type alias keeps name and parent, noParent moves it to the top", () => {
        const res = at("web-role", "azure:Role", "urn:pulumi:dev::proj::fleet:Deploy::web");
        assert.deepStrictEqual(
            aliasUrns(
                res,
                [
                    { name: "", type: "azure:v2020:Role", stack: "", project: "", parent: "default" },
                    { name: "old-role", type: "", stack: "", project: "", parent: "none" },
                    { name: "", type: "", stack: "prod", project: "", parent: { urn: "urn:pulumi:prod::proj::fleet:Other::other" } },
                    { urn: "urn:pulumi:dev::proj::azure:Role::given" },
                ],
                [],
            ),
            [
                "urn:pulumi:dev::proj::fleet:Deploy$azure:v2020:Role::web-role",
                "urn:pulumi:dev::proj::azure:Role::old-role",
                "urn:pulumi:prod::proj::fleet:Other$azure:Role::web-role",
                "urn:pulumi:dev::proj::azure:Role::given",
            ],
        );
    });

    it("inherits a renamed parent: the child's name prefix follows the parent's old name, alone and with each own alias", () => {
        const parent = "urn:pulumi:dev::proj::fleet:Deploy::web2";
        const parentAliases = aliasUrns(at("web2", "fleet:Deploy", STACK), [{ name: "web", type: "", stack: "", project: "", parent: "default" }], []);
        assert.deepStrictEqual(parentAliases, ["urn:pulumi:dev::proj::fleet:Deploy::web"]);
        const child = aliasUrns(at("web2-role", "azure:Role", parent), [{ name: "", type: "azure:v1:Role", stack: "", project: "", parent: "default" }], parentAliases);
        assert.deepStrictEqual(child, [
            "urn:pulumi:dev::proj::fleet:Deploy$azure:v1:Role::web2-role",
            "urn:pulumi:dev::proj::fleet:Deploy$azure:Role::web-role",
            "urn:pulumi:dev::proj::fleet:Deploy$azure:v1:Role::web-role",
        ]);
        // A child whose name does not start with the parent's keeps its name under the old parent.
        assert.deepStrictEqual(aliasUrns(at("shared", "azure:Role", parent), [], parentAliases), ["urn:pulumi:dev::proj::fleet:Deploy$azure:Role::shared"]);
    });

    it("reaches any depth: a grandchild inherits through its parent's inherited aliases", () => {
        const top = aliasUrns(at("web2", "fleet:Deploy", STACK), [{ name: "web", type: "", stack: "", project: "", parent: "default" }], []);
        const mid = aliasUrns(at("web2-wiring", "fleet:Wiring", "urn:pulumi:dev::proj::fleet:Deploy::web2"), [], top);
        assert.deepStrictEqual(mid, ["urn:pulumi:dev::proj::fleet:Deploy$fleet:Wiring::web-wiring"]);
        const leaf = aliasUrns(at("web2-wiring-file", "github:File", "urn:pulumi:dev::proj::fleet:Deploy$fleet:Wiring::web2-wiring"), [], mid);
        assert.deepStrictEqual(leaf, ["urn:pulumi:dev::proj::fleet:Deploy$fleet:Wiring$github:File::web-wiring-file"]);
    });

    it("lists each alias once", () => {
        const res = at("a", "t:T", STACK);
        const spec = { name: "b", type: "", stack: "", project: "", parent: "default" as const };
        assert.deepStrictEqual(aliasUrns(res, [spec, spec], []), ["urn:pulumi:dev::proj::t:T::b"]);
    });
});
