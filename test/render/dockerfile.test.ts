import * as assert from "assert";
import { DockerfileParser } from "dockerfile-ast";
import { BASE_IMAGES, renderDockerfile } from "../../sdk/src/render/dockerfile";
import { detectStack } from "../../sdk/src/render/languages";
import { dockerfileRuleViolations } from "../validators/dockerfileRules";
import { stacks } from "./stackFixtures";

describe("render/dockerfile", () => {
    describe("every generated Dockerfile parses and follows the rules (multi-stage, pinned FROM, non-root USER, EXPOSE, cache mount)", () => {
        for (const [label, files] of Object.entries(stacks)) {
            it(label, () => {
                const stack = detectStack(files);
                for (const port of [8080, 3000]) {
                    const { dockerfile, dockerignore } = renderDockerfile(stack, { port });
                    assert.deepStrictEqual(dockerfileRuleViolations(dockerfile, { port }), [], dockerfile);
                    assert.ok(dockerignore.split("\n").includes(".git") && dockerignore.includes("**/.env"), dockerignore);
                }
            });
        }
    });

    it("the rules bite: latest, untagged, no USER, USER root, a named USER, wrong EXPOSE, no cache, single stage", () => {
        const good = renderDockerfile(detectStack(stacks.go)).dockerfile;
        const v = (text: string) => dockerfileRuleViolations(text, { port: 8080 });
        assert.ok(v(good.replace(BASE_IMAGES.go, "golang:latest")).some((p) => p.includes("not pinned")));
        assert.ok(v(good.replace(BASE_IMAGES.go, "golang")).some((p) => p.includes("not pinned")));
        assert.ok(v(good.replace("USER 65532:65532\n", "")).some((p) => p.includes("no USER")));
        assert.ok(v(good.replace("USER 65532:65532", "USER root")).some((p) => p.includes("runs as USER root")));
        // What the kubelet refuses under runAsNonRoot: a name, or a uid without its group.
        assert.ok(v(good.replace("USER 65532:65532", "USER nonroot")).some((p) => p.includes("not a numeric uid:gid")));
        assert.ok(v(good.replace("USER 65532:65532", "USER 65532")).some((p) => p.includes("not a numeric uid:gid")));
        assert.ok(v(good.replace("EXPOSE 8080", "EXPOSE 80")).some((p) => p.includes("does not expose 8080")));
        assert.ok(v(good.replace(/--mount=type=cache,target=\S+ /g, "")).some((p) => p.includes("cache mount")));
        assert.ok(v("# syntax=docker/dockerfile:1\nFROM golang:1.23.4\nUSER 1000\nEXPOSE 8080\nRUN --mount=type=cache,target=/x true\n").some((p) => p.includes("multi-stage")));
        assert.ok(v(good.replace("# syntax=docker/dockerfile:1\n", "")).some((p) => p.includes("syntax directive")));
    });

    it("installs from the lockfile with the right package manager", () => {
        const text = (files: string[]) => renderDockerfile(detectStack(files)).dockerfile;
        assert.match(text(stacks.npm), /npm ci/);
        assert.match(text(stacks.pnpm), /pnpm install --frozen-lockfile/);
        assert.match(text(stacks["yarn berry"]), /yarn install --immutable/);
        assert.match(text(stacks["yarn classic"]), /yarn install --frozen-lockfile/);
        assert.match(text(stacks.uv), /uv sync --frozen --no-dev/);
        assert.match(text(stacks.poetry), /poetry export/);
        assert.match(text(stacks.rust), /--locked/);
        assert.match(text(stacks["gradle wrapper"]), /\.\/gradlew --no-daemon build/);
        assert.match(text(stacks.dotnet), /dotnet publish "src\/Api\/Api.csproj"/);
        assert.match(text(stacks.dotnet), /ENTRYPOINT \["dotnet","Api.dll"\]/);
    });

    it("takes a command and refuses privileged ports", () => {
        const { dockerfile } = renderDockerfile(detectStack(stacks.pip), { command: ["gunicorn", "app:app"] });
        const cmd = DockerfileParser.parse(dockerfile).getInstructions().filter((i) => i.getKeyword() === "CMD").pop()!;
        assert.strictEqual(cmd.getArgumentsContent(), '["gunicorn","app:app"]');
        assert.throws(() => renderDockerfile(detectStack(stacks.pip), { port: 80 }), /containerize.port 80 must be from 1024/);
    });

    it("is deterministic", () => {
        const s = detectStack(stacks.poetry);
        assert.deepStrictEqual(renderDockerfile(s), renderDockerfile(structuredClone(s)));
    });
});
