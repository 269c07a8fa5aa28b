// The pins table (sdk/src/render/actions.ts), generated from shared/reference/actions-pins.json. The steps' use of it
// is checked in workflow.test.ts (pinViolations) and actionContracts.test.ts.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { actionPins } from "../../sdk/src/render/actions";
import { referenceDir } from "../reference";

describe("render/actions", () => {
    it("the pins table is generated from shared/reference/actions-pins.json and current", () => {
        const source = JSON.parse(fs.readFileSync(path.join(referenceDir(), "actions-pins.json"), "utf8")).actions as any[];
        assert.strictEqual(Object.keys(actionPins).length, source.length);
        for (const a of source) {
            const pin = (actionPins as any)[a.repo];
            assert.ok(pin, a.repo);
            assert.strictEqual(pin.sha, a.sha);
            assert.strictEqual(pin.version, a.tag);
            assert.deepStrictEqual([...pin.inputs], Object.keys(a.inputs).sort());
        }
    });
});
