import * as assert from "node:assert";
import { argPath, under } from "../../sdk/src/core/part";

describe("core/part: a part's plan under the deployment's path", () => {
    it("prefixes problem and claim paths (and a claim's source), and leaves the top level as it is", () => {
        const plan = { spec: 1, problems: [{ path: "namespace", message: "m" }], claims: [{ key: "k", object: "o", path: "workflowPath", fix: "f", derivedFrom: "namespace" }] };
        assert.strictEqual(under("", plan), plan);
        const placed = under("apps[1]", plan);
        assert.deepStrictEqual(placed.problems, [{ path: "apps[1].namespace", message: "m" }]);
        assert.deepStrictEqual(placed.claims, [{ key: "k", object: "o", path: "apps[1].workflowPath", fix: "f", derivedFrom: "apps[1].namespace" }]);
        assert.strictEqual(argPath("", "x"), "x");
    });
});
