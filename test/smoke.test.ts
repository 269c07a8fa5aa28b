import * as assert from "assert";
describe("toolchain", () => {
    it("runs on Node >= 22", () => {
        assert.ok(Number(process.versions.node.split(".")[0]) >= 22, process.version);
    });
});
