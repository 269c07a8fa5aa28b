import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as semver from "semver";

describe("toolchain", () => {
    it("runs on Node >= 22", () => {
        assert.ok(Number(process.versions.node.split(".")[0]) >= 22, process.version);
    });

    // npm checks engines against the Node npm runs on (.npmrc prints its errors only): here they are checked against
    // the project's own Node, the one the locked packages run on.
    it("every locked package's engines.node accepts the project's Node (the `node` devDependency)", () => {
        const lock = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../package-lock.json"), "utf8"));
        const node = lock.packages["node_modules/node"].version;
        assert.ok(semver.satisfies(process.versions.node, `~${node}`), `tests run on the locked Node ${node}: ${process.version}`);
        const constrained = Object.entries<{ engines?: { node?: string }; optional?: boolean }>(lock.packages).filter(([, p]) => !p.optional && typeof p.engines?.node === "string");
        assert.ok(constrained.length > 100, `${constrained.length} packages name the Node they need`);
        const refused = constrained.filter(([, p]) => !semver.satisfies(node, p.engines!.node!, { includePrerelease: true })).map(([name, p]) => `${name || "(root)"}: ${p.engines!.node}`);
        assert.deepStrictEqual(refused, []);
        assert.ok(!semver.satisfies("20.20.2", ">=22"), "the check can refuse");
    });
});
