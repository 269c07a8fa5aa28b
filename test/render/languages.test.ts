import * as assert from "assert";
import { detectStack } from "../../sdk/src/render/languages";

// Fixture trees: the paths a GitHub tree listing returns.
const trees: Record<string, { files: string[]; language: string; packageManager?: string; details?: Record<string, unknown> }> = {
    "npm (JavaScript)": { files: ["package.json", "package-lock.json", "src/index.js", "README.md"], language: "javascript", packageManager: "npm", details: { typescript: false } },
    "pnpm (TypeScript)": { files: ["package.json", "pnpm-lock.yaml", "tsconfig.json", "src/index.ts"], language: "javascript", packageManager: "pnpm", details: { typescript: true } },
    "yarn classic": { files: ["package.json", "yarn.lock", "index.js"], language: "javascript", packageManager: "yarn", details: { yarnBerry: false } },
    "yarn berry": { files: ["package.json", "yarn.lock", ".yarnrc.yml", ".yarn/releases/yarn-4.5.3.cjs"], language: "javascript", packageManager: "yarn", details: { yarnBerry: true } },
    "pip": { files: ["requirements.txt", "main.py", "app/__init__.py"], language: "python", packageManager: "pip", details: { requirementsFile: "requirements.txt" } },
    "poetry": { files: ["pyproject.toml", "poetry.lock", "app/main.py"], language: "python", packageManager: "poetry" },
    "uv": { files: ["pyproject.toml", "uv.lock", "main.py"], language: "python", packageManager: "uv" },
    "go modules": { files: ["go.mod", "go.sum", "main.go", "internal/x.go"], language: "go" },
    "maven": { files: ["pom.xml", "src/main/java/App.java"], language: "java-maven" },
    "gradle with wrapper": { files: ["build.gradle.kts", "settings.gradle.kts", "gradlew", "gradle/wrapper/gradle-wrapper.properties"], language: "java-gradle", details: { gradleWrapper: true } },
    "gradle without wrapper": { files: ["build.gradle", "src/main/java/App.java"], language: "java-gradle", details: { gradleWrapper: false } },
    ".NET in a subfolder": { files: ["Web.sln", "src/Web/Web.csproj", "src/Web/Program.cs", "tests/Web.Tests/Web.Tests.csproj"], language: "dotnet", details: { dotnetProject: "src/Web/Web.csproj" } },
    "rust": { files: ["Cargo.toml", "Cargo.lock", "src/main.rs"], language: "rust", details: { cargoLock: true } },
    "ruby": { files: ["Gemfile", "Gemfile.lock", "config.ru"], language: "ruby" },
    "php": { files: ["composer.json", "composer.lock", "public/index.php"], language: "php" },
};

describe("render/languages", () => {
    for (const [label, t] of Object.entries(trees)) {
        it(`detects ${label}`, () => {
            const s = detectStack(t.files);
            assert.strictEqual(s.language, t.language);
            assert.strictEqual(s.packageManager, t.packageManager);
            for (const [k, v] of Object.entries(t.details ?? {})) assert.deepStrictEqual((s.details as Record<string, unknown>)[k], v, k);
            assert.ok(s.evidence.length > 0 && s.evidence.every((e) => t.files.includes(e)), s.evidence.join(","));
        });
    }

    it("ignores markers below the root and in node_modules", () => {
        assert.strictEqual(detectStack(["go.mod", "web/package.json", "node_modules/x/package.json"]).language, "go");
    });

    it("an unknown repository fails, listing what was found and how to choose", () => {
        assert.throws(() => detectStack(["README.md", "docs/index.md", "LICENSE"]), (e: Error) =>
            /containerize: no supported language found/.test(e.message) && e.message.includes("files: LICENSE, README.md") && e.message.includes('containerize: { language: "python" }'));
    });

    it("an ambiguous repository fails, naming both and how to choose", () => {
        assert.throws(() => detectStack(["package.json", "pyproject.toml", "uv.lock"]), (e: Error) =>
            e.message.includes("more than one language") && e.message.includes("javascript (package.json)") && e.message.includes("python (pyproject.toml)") && e.message.includes('{ language: "javascript" }'));
    });

    it("an explicit choice wins over ambiguity, and sets the package manager", () => {
        const s = detectStack(["package.json", "pyproject.toml", "uv.lock"], { language: "python", packageManager: "uv" });
        assert.deepStrictEqual([s.language, s.packageManager], ["python", "uv"]);
    });

    describe("the portal's languages this renderer has no template for fail with the fix: a Dockerfile, or containerize.language", () => {
        // The portal generates Dockerfiles for Clojure, Erlang and Swift too (draft.sh's templates):
        // learn.microsoft.com/azure/kubernetes-fleet/howto-automated-deployments ("Generate a Dockerfile").
        for (const [language, files] of [["Clojure", ["project.clj", "src/app/core.clj"]], ["Erlang", ["rebar.config", "src/app.erl"]], ["Swift", ["Package.swift", "Sources/App/main.swift"]]] as const) {
            it(language, () => {
                assert.throws(() => detectStack([...files]), (e: Error) =>
                    e.message.includes(`${language} (${files[0]}) is not supported`) && e.message.includes("commit a Dockerfile") && e.message.includes("dockerfile argument") &&
                    e.message.includes('containerize.language, one of "javascript", "python"') && (e as any).argument === "containerize.language");
            });
        }
        it("a supported language beside them still wins (ClojureScript with package.json)", () => {
            assert.strictEqual(detectStack(["project.clj", "package.json", "package-lock.json"]).language, "javascript");
        });
        it("choosing one by name says the same", () => {
            assert.throws(() => detectStack(["Package.swift"], { language: "swift" }), /containerize.language "swift" is not supported: choose one of "javascript".*commit a Dockerfile/);
        });
    });

    it("refuses unsupported choices and a repository that has a Dockerfile", () => {
        assert.throws(() => detectStack(["main.cob"], { language: "cobol" }), /containerize.language "cobol" is not supported: choose one of "javascript"/);
        assert.throws(() => detectStack(["go.mod"], { packageManager: "npm" }), /containerize.packageManager "npm" does not apply to go/);
        assert.throws(() => detectStack(["Dockerfile", "go.mod"]), /already has a Dockerfile/);
    });
});
