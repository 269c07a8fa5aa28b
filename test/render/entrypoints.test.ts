// Detect or ask: an image is generated only for an entry point the files show or the caller names.
import * as assert from "assert";
import { DockerfileParser } from "dockerfile-ast";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { ContainerizeError, detectStack } from "../../sdk/src/render/languages";

const render = (files: string[], choose: { language?: string; entrypoint?: string } = {}, command?: string[]) =>
    renderDockerfile(detectStack(files, choose), { command }).dockerfile;
/** The final stage's command (CMD or ENTRYPOINT) and its ENV line. */
function start(dockerfile: string): { run: string[] | undefined; env: string } {
    const instructions = DockerfileParser.parse(dockerfile).getInstructions();
    const final = instructions.slice(instructions.map((i) => i.getKeyword()).lastIndexOf("FROM"));
    const run = final.filter((i) => i.getKeyword() === "CMD" || i.getKeyword() === "ENTRYPOINT").pop();
    return { run: run ? JSON.parse(run.getArgumentsContent()!) : undefined, env: final.filter((i) => i.getKeyword() === "ENV").map((i) => i.getArgumentsContent()).join(" ") };
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

describe("render/entrypoints: detect the entry point, or ask for it", () => {
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
