// Stack detection (sdk/src/render/languages.ts): the language, the package manager and its lockfile, and the entry
// point, from the repository's files, or a refusal naming the argument that fixes it.
import * as assert from "node:assert";
import { DockerfileParser } from "dockerfile-ast";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { ContainerizeError, detectStack } from "../../sdk/src/render/languages";

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
        assert.throws(
            () => detectStack(["README.md", "docs/index.md", "LICENSE"]),
            (e: Error) => /containerize: no supported language found/.test(e.message) && e.message.includes("files: LICENSE, README.md") && e.message.includes('containerize: { language: "python" }'),
        );
    });

    it("an ambiguous repository fails, naming both and how to choose", () => {
        assert.throws(
            () => detectStack(["package.json", "pyproject.toml", "uv.lock"]),
            (e: Error) =>
                e.message.includes("more than one language") &&
                e.message.includes("javascript (package.json)") &&
                e.message.includes("python (pyproject.toml)") &&
                e.message.includes('{ language: "javascript" }'),
        );
    });

    it("an explicit choice wins over ambiguity, and sets the package manager", () => {
        const s = detectStack(["package.json", "pyproject.toml", "uv.lock"], { language: "python", packageManager: "uv" });
        assert.deepStrictEqual([s.language, s.packageManager], ["python", "uv"]);
    });

    describe("the portal's languages this renderer has no template for fail with the fix: a Dockerfile, or containerize.language", () => {
        // The portal generates Dockerfiles for Clojure, Erlang and Swift too (draft.sh's templates):
        // learn.microsoft.com/azure/kubernetes-fleet/howto-automated-deployments ("Generate a Dockerfile").
        for (const [language, files] of [
            ["Clojure", ["project.clj", "src/app/core.clj"]],
            ["Erlang", ["rebar.config", "src/app.erl"]],
            ["Swift", ["Package.swift", "Sources/App/main.swift"]],
        ] as const) {
            it(language, () => {
                assert.throws(
                    () => detectStack([...files]),
                    (e: Error) =>
                        e.message.includes(`${language} (${files[0]}) is not supported`) &&
                        e.message.includes("commit a Dockerfile") &&
                        e.message.includes("dockerfile argument") &&
                        e.message.includes('containerize.language, one of "javascript", "python"') &&
                        (e as any).argument === "containerize.language",
                );
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

    describe("a repository without its package manager's lockfile is refused, with the command that writes one", () => {
        const cases: [string, string[], object, string, string][] = [
            [
                "npm",
                ["package.json", "server.js"],
                {},
                "containerize",
                "npm installs only from a lockfile (package-lock.json or npm-shrinkwrap.json), and the repository has none at its root: commit one (`npm install --package-lock-only` writes it)",
            ],
            [
                "pnpm, chosen",
                ["package.json", "package-lock.json"],
                { packageManager: "pnpm" },
                "containerize.packageManager",
                "pnpm installs only from a lockfile (pnpm-lock.yaml), and the repository has none at its root: commit one (`pnpm install --lockfile-only` writes it)",
            ],
            ["yarn, chosen", ["package.json", "package-lock.json"], { packageManager: "yarn" }, "containerize.packageManager", "yarn installs only from a lockfile (yarn.lock)"],
            [
                "poetry, chosen",
                ["pyproject.toml", "app.py"],
                { packageManager: "poetry" },
                "containerize.packageManager",
                "poetry installs only from a lockfile (poetry.lock), and the repository has none at its root: commit one (`poetry lock` writes it)",
            ],
            [
                "uv, chosen",
                ["pyproject.toml", "app.py"],
                { packageManager: "uv" },
                "containerize.packageManager",
                "uv installs only from a lockfile (uv.lock), and the repository has none at its root: commit one (`uv lock` writes it)",
            ],
            [
                "Bundler",
                ["Gemfile", "config.ru"],
                {},
                "containerize",
                "bundler installs only from a lockfile (Gemfile.lock), and the repository has none at its root: commit one (`bundle lock` writes it)",
            ],
            ["a lockfile in a subfolder is not the root's", ["package.json", "web/package-lock.json"], {}, "containerize", "npm installs only from a lockfile"],
        ];
        for (const [label, files, choose, argument, message] of cases) {
            it(label, () => {
                assert.throws(
                    () => detectStack(files, choose),
                    (e: Error & { argument?: string }) =>
                        e.argument === argument && e.message.startsWith(`containerize: ${message}`) && e.message.endsWith("or commit a Dockerfile and drop containerize."),
                );
            });
        }
        it("pip needs none: it installs requirements.txt or the project itself", () => {
            assert.strictEqual(detectStack(["pyproject.toml", "app.py"]).packageManager, "pip");
            assert.strictEqual(detectStack(["requirements.txt", "app.py"]).packageManager, "pip");
        });
    });

    describe("entry points: detect the entry point, or ask for it", () => {
        // Detect or ask: an image is generated only for an entry point the files show or the caller names.
        const render = (files: string[], choose: { language?: string; entrypoint?: string } = {}, command?: string[]) => renderDockerfile(detectStack(files, choose), { command }).dockerfile;
        /** The final stage's command (CMD or ENTRYPOINT) and its ENV line. */
        function start(dockerfile: string): { run: string[] | undefined; env: string } {
            const instructions = DockerfileParser.parse(dockerfile).getInstructions();
            const final = instructions.slice(instructions.map((i) => i.getKeyword()).lastIndexOf("FROM"));
            const run = final.filter((i) => i.getKeyword() === "CMD" || i.getKeyword() === "ENTRYPOINT").pop();
            return {
                run: run ? JSON.parse(run.getArgumentsContent()!) : undefined,
                env: final
                    .filter((i) => i.getKeyword() === "ENV")
                    .map((i) => i.getArgumentsContent())
                    .join(" "),
            };
        }
        /** Asserts a ContainerizeError naming `argument`, whose message contains every fragment. */
        function refuses(f: () => unknown, argument: string, ...fragments: string[]) {
            assert.throws(f, (e: unknown) => {
                assert.ok(e instanceof ContainerizeError, String(e));
                assert.strictEqual(e.argument, argument, e.message);
                for (const x of fragments) assert.ok(e.message.includes(x), `${JSON.stringify(x)} not in: ${e.message}`);
                return true;
            });
        }

        describe("Python runs what its files show, not always main.py", () => {
            it("app.py, main.py, PACKAGE/__main__.py, src/PACKAGE/__main__.py", () => {
                assert.deepStrictEqual(start(render(["requirements.txt", "app.py", "templates/index.html"])).run, ["python", "app.py"]);
                assert.deepStrictEqual(start(render(["requirements.txt", "main.py"])).run, ["python", "main.py"]);
                assert.deepStrictEqual(start(render(["pyproject.toml", "uv.lock", "api/__main__.py", "api/routes.py"])).run, ["python", "-m", "api"]);
                const src = start(render(["pyproject.toml", "poetry.lock", "src/shop/__main__.py"]));
                assert.deepStrictEqual(src.run, ["python", "-m", "shop"]);
                assert.match(src.env, /PYTHONPATH=\/app\/src/);
            });

            it("the explicit entrypoint, or a command, wins", () => {
                assert.deepStrictEqual(start(render(["requirements.txt", "main.py", "service/run.py"], { entrypoint: "service/run.py" })).run, ["python", "service/run.py"]);
                assert.deepStrictEqual(start(render(["requirements.txt"], {}, ["gunicorn", "app:app"])).run, ["gunicorn", "app:app"]);
            });

            it("asks when nothing, two candidates, or a Django project is found, naming containerize.entrypoint and containerize.command", () => {
                refuses(() => render(["requirements.txt", "README.md"]), "containerize.entrypoint", "no python entry point", "containerize.entrypoint", "containerize.command");
                refuses(() => render(["requirements.txt", "main.py", "app.py"]), "containerize.entrypoint", "main.py and app.py");
                refuses(() => render(["requirements.txt", "manage.py", "mysite/wsgi.py", "mysite/settings.py"]), "containerize.entrypoint", "Django", '"mysite.wsgi"', "containerize.command");
                refuses(() => render(["requirements.txt", "main.py"], { entrypoint: "server.py" }), "containerize.entrypoint", '"server.py" is not a .py file of the repository');
            });
        });

        it("Go builds the root package or the only cmd/NAME, or asks which", () => {
            assert.match(render(["go.mod", "main.go"]), /-o \/out\/app \.$/m);
            assert.match(render(["go.mod", "cmd/api/main.go", "internal/x.go"]), /-o \/out\/app \.\/cmd\/api$/m);
            assert.match(render(["go.mod", "cmd/api/main.go", "cmd/worker/main.go"], { entrypoint: "cmd/worker" }), /\.\/cmd\/worker$/m);
            refuses(() => render(["go.mod", "cmd/api/main.go", "cmd/worker/main.go"]), "containerize.entrypoint", "cmd/api, cmd/worker");
            refuses(() => render(["go.mod", "internal/x.go"]), "containerize.entrypoint", "no main package");
            refuses(() => render(["go.mod", "main.go"], { entrypoint: "cmd/none" }), "containerize.entrypoint", "main package");
        });

        it("Ruby runs its rackup file or a script, or asks", () => {
            assert.deepStrictEqual(start(render(["Gemfile", "Gemfile.lock", "config.ru"])).run, ["bundle", "exec", "rackup", "config.ru", "--host", "0.0.0.0", "--port", "8080"]);
            assert.deepStrictEqual(start(render(["Gemfile", "Gemfile.lock", "bot.rb"], { entrypoint: "bot.rb" })).run, ["bundle", "exec", "ruby", "bot.rb"]);
            refuses(() => render(["Gemfile", "Gemfile.lock", "lib/app.rb"]), "containerize.entrypoint", "config.ru");
        });

        it("PHP serves the front controller's folder, or asks", () => {
            assert.doesNotMatch(start(render(["composer.json", "public/index.php"])).env, /SERVER_ROOT/, "public/ is FrankenPHP's default");
            assert.match(start(render(["composer.json", "web/index.php"])).env, /SERVER_ROOT=\/app\/web\b/);
            assert.match(start(render(["composer.json", "index.php"], { entrypoint: "index.php" })).env, /SERVER_ROOT=\/app\b/);
            refuses(() => render(["composer.json", "src/Kernel.php"]), "containerize.entrypoint", "public/index.php");
        });

        it("JavaScript follows package.json's main unless told a file", () => {
            assert.deepStrictEqual(start(render(["package.json", "package-lock.json"])).run, ["node", "."]);
            assert.deepStrictEqual(start(render(["package.json", "package-lock.json", "tsconfig.json"], { entrypoint: "dist/server.js" })).run, ["node", "dist/server.js"]);
        });

        it("Java, .NET and Rust have no entry file to choose: their build makes the program", () => {
            for (const files of [["pom.xml"], ["build.gradle"], ["Api.csproj"], ["Cargo.toml"]]) {
                refuses(() => detectStack(files, { entrypoint: "x" }), "containerize.entrypoint", "does not apply", "containerize.command");
            }
        });

        it("an entrypoint may not leave the repository", () => {
            refuses(() => detectStack(["requirements.txt", "main.py"], { entrypoint: "../main.py" }), "containerize.entrypoint");
            refuses(() => detectStack(["package.json", "package-lock.json"], { entrypoint: "/etc/passwd.js" }), "containerize.entrypoint");
        });
    });
});
