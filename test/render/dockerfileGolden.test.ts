import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { detectStack } from "../../sdk/src/render/languages";
import { dockerfileBuildViolations, dockerfileRuleViolations } from "../validators/dockerfileRules";
import { stacks } from "./stackFixtures";

// Each stack's Dockerfile, exactly, beside the validators: they check what any good Dockerfile has (stages, pins,
// a numeric USER, a build that finds its files); these pin the lines the validators cannot judge (a WORKDIR, the
// build stage's `COPY . .`, the runtime's environment and command), each reviewed once by a person.
// After a deliberate change, review the diff of `UPDATE_DOCKERFILES=1 npx mocha test/render/dockerfileGolden.test.ts`.
const dir = path.join(__dirname, "dockerfiles");
const slug = (label: string) => label.replace(/[^a-z0-9]+/gi, "-").replace(/-+$/, "").toLowerCase();

describe("render/dockerfile: each stack's Dockerfile, line by line", () => {
    for (const [label, files] of Object.entries(stacks)) {
        it(label, () => {
            const { dockerfile } = renderDockerfile(detectStack(files));
            assert.deepStrictEqual(dockerfileRuleViolations(dockerfile, { port: 8080 }), []);
            assert.deepStrictEqual(dockerfileBuildViolations(dockerfile, files), []);
            const file = path.join(dir, `${slug(label)}.Dockerfile`);
            if (process.env.UPDATE_DOCKERFILES === "1") fs.writeFileSync(file, dockerfile);
            assert.deepStrictEqual(dockerfile.split("\n"), fs.readFileSync(file, "utf8").split("\n"), label);
        });
    }
});
