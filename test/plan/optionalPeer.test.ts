import * as assert from "node:assert";
import { missingPeerMessage, optionalPeer } from "../../sdk/src/plan/optionalPeer";
import { jsdiff } from "../../sdk/src/plan/textDiff";

/** What Node's require throws for a package that is not installed. */
const notFound = (name: string) => Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /x/bin/plan/textDiff.js`), { code: "MODULE_NOT_FOUND" });

describe("plan/optionalPeer: what only the plan engine needs, loaded when used", () => {
    it("returns the package when it is installed (jsdiff, in this workspace)", () => {
        assert.strictEqual(
            optionalPeer("diff", "the plan diff", () => require("diff")),
            require("diff"),
        );
        assert.strictEqual(typeof jsdiff().structuredPatch, "function");
    });

    it("a missing package is an error naming what needs it and the command that installs it", () => {
        assert.throws(
            () =>
                optionalPeer("diff", "the plan diff", () => {
                    throw notFound("diff");
                }),
            (e: Error) =>
                e.message === missingPeerMessage("diff", "the plan diff") && /the plan diff needs the npm package diff/.test(e.message) && e.message.includes("`npm install --save-dev diff`"),
        );
    });

    it("keeps any other error as it is: a module missing inside the package, or a failure while loading it", () => {
        const inner = notFound("some-dependency-of-diff");
        assert.throws(
            () =>
                optionalPeer("diff", "the plan diff", () => {
                    throw inner;
                }),
            (e) => e === inner,
        );
        const broken = new SyntaxError("Unexpected token");
        assert.throws(
            () =>
                optionalPeer("diff", "the plan diff", () => {
                    throw broken;
                }),
            (e) => e === broken,
        );
    });
});
