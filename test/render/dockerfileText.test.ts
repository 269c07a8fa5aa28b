import * as assert from "assert";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { DetectedStack, detectStack } from "../../sdk/src/render/languages";
import { dockerfileBuildViolations } from "../validators/dockerfileRules";

// The Dockerfile's details that the structural rules do not see: its exact lines where a build or the kubelet reads
// them, the defaults of a stack built by hand, and the words of each entry-point refusal.
const refusal = (files: string[]) => {
    try { renderDockerfile(detectStack(files)); } catch (e) { return [(e as { argument: string }).argument, (e as Error).message]; }
    return undefined;
};

describe("render/dockerfile: exact lines, defaults and refusals", () => {
    it("every line is a Dockerfile instruction, and stages are separated by one blank line", () => {
        const { dockerfile } = renderDockerfile(detectStack(["go.mod", "go.sum", "main.go"]));
        assert.deepStrictEqual(dockerfileBuildViolations(dockerfile, ["go.mod", "go.sum", "main.go"]), []);
        assert.deepStrictEqual(dockerfileBuildViolations("FROM a\nStryker was here!\n", []), ["STRYKER: unknown instruction"], "the rule bites");
        const lines = dockerfile.split("\n");
        const runtime = lines.findIndex((l) => l.startsWith("FROM gcr.io/distroless/static"));
        assert.deepStrictEqual(lines.slice(runtime - 1, runtime + 5), [
            "", "FROM gcr.io/distroless/static-debian13:nonroot", "ENV PORT=8080", "COPY --from=build /out/app /app", "USER 65532:65532", "EXPOSE 8080",
        ]);
        assert.strictEqual(lines[runtime + 5], 'ENTRYPOINT ["/app"]');
        assert.strictEqual(dockerfile.split("\n\n").length, 2, "two stages, one blank line between them");
    });

    it("PHP without a command runs the image's own CMD: nothing after EXPOSE", () => {
        const files = ["composer.json", "composer.lock", "public/index.php"];
        const { dockerfile } = renderDockerfile(detectStack(files));
        assert.deepStrictEqual(dockerfileBuildViolations(dockerfile, files), []);
        assert.ok(dockerfile.endsWith("\nEXPOSE 8080\n"), dockerfile);
    });

    it("an optional build step each package manager understands (Yarn has no --if-present, pnpm takes it before the name)", () => {
        const build = (files: string[]) => renderDockerfile(detectStack(files)).dockerfile.split("\n").find((l) => / build\b/.test(l) && l.startsWith("RUN "));
        assert.strictEqual(build(["package.json", "package-lock.json"]), "RUN npm run build --if-present && npm prune --omit=dev");
        assert.strictEqual(build(["package.json", "pnpm-lock.yaml"]), "RUN pnpm run --if-present build && pnpm prune --prod");
        assert.strictEqual(build(["package.json", "yarn.lock"]), `RUN if node -e "process.exit(require('./package.json').scripts?.build ? 0 : 1)"; then yarn run build; fi && yarn install --production --frozen-lockfile`);
        assert.strictEqual(build(["package.json", "yarn.lock", ".yarnrc.yml", "tsconfig.json"]), "RUN yarn run build && true", "TypeScript needs its build");
    });

    it("a stack built by hand installs with npm, or pip, when it names no package manager", () => {
        const js: DetectedStack = { language: "javascript", evidence: ["package.json"], details: {} };
        assert.match(renderDockerfile(js).dockerfile, /^COPY package\.json package-lock\.json\* npm-shrinkwrap\.json\* \.\/\nRUN --mount=type=cache,target=\/root\/\.npm npm ci$/m);
        assert.match(renderDockerfile(js).dockerfile, /^RUN npm run build --if-present && npm prune --omit=dev$/m);
        const py: DetectedStack = { language: "python", evidence: ["pyproject.toml"], details: { entry: "app.py" } };
        assert.match(renderDockerfile(py).dockerfile, /^RUN --mount=type=cache,target=\/root\/\.cache\/pip pip install \.$/m);
    });

    it("an entry point that cannot be found is asked for, with what was looked for and an example", () => {
        assert.deepStrictEqual(refusal(["go.mod", "go.sum", "internal/x.go"]), [
            "containerize.entrypoint",
            'containerize: no go entry point found (no main package at the root or in cmd/NAME/); set containerize.entrypoint (e.g. "cmd/api").',
        ]);
        assert.deepStrictEqual(refusal(["requirements.txt", "lib.py"]), [
            "containerize.entrypoint",
            'containerize: no python entry point found (looked for main.py, app.py, PACKAGE/__main__.py and src/PACKAGE/__main__.py); set containerize.entrypoint (e.g. "app/server.py") or containerize.command (e.g. ["gunicorn","--bind","0.0.0.0:8080","app:app"]).',
        ]);
        const hintless: DetectedStack = { language: "ruby", evidence: ["Gemfile"], details: {} };
        assert.throws(() => renderDockerfile(hintless), (e: Error) =>
            e.message === 'containerize: no ruby entry point found (none in the files); set containerize.entrypoint (e.g. "config.ru") or containerize.command (e.g. ["bundle","exec","puma","-p","8080"]).');
        assert.throws(() => renderDockerfile(hintless, { path: "app.containerize" }), (e: Error & { argument?: string }) => e.argument === "app.containerize.entrypoint" && e.message.startsWith("app.containerize: no ruby entry point"));
    });

    it("a privileged or fractional port is refused before anything is rendered", () => {
        for (const port of [1023, 65536, 8080.5]) {
            assert.throws(() => renderDockerfile(detectStack(["go.mod", "main.go"]), { port }), (e: Error & { argument?: string }) =>
                e.argument === "containerize.port" && e.message === `containerize.port ${port} must be from 1024 to 65535: the image runs as a non-root user, which cannot bind lower ports.`);
        }
        for (const port of [1024, 65535]) assert.match(renderDockerfile(detectStack(["go.mod", "main.go"]), { port }).dockerfile, new RegExp(`^EXPOSE ${port}$`, "m"));
    });
});
