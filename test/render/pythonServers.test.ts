// A Python web app is served by the server it declares, never by `python main.py`. Sources for each rule beside it:
// FastAPI "Run a Server Manually" (fastapi.tiangolo.com/deployment/manually: `fastapi run` / `uvicorn main:app --host
// 0.0.0.0 --port 80`), Flask "Deploying to Production" (flask.palletsprojects.com/deploying: "Do not use the development
// server when deploying to production"; gunicorn `-b` and `module:app`), Django "How to use Django with Gunicorn"
// (docs.djangoproject.com/howto/deployment/wsgi/gunicorn: `gunicorn myproject.wsgi`) and "How to use Django with
// Uvicorn" (`python -m uvicorn myproject.asgi:application`).
import * as assert from "node:assert";
import { DockerfileParser } from "dockerfile-ast";
import { containerizeProblems } from "../../sdk/src/build/generatedFiles";
import { Problem } from "../../sdk/src/core/problems";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { ContainerizeError, detectStack } from "../../sdk/src/render/languages";
import { pyprojectNames, requirementNames } from "../../sdk/src/render/pythonServers";

const cmdOf = (dockerfile: string) =>
    JSON.parse(
        DockerfileParser.parse(dockerfile)
            .getInstructions()
            .filter((i) => i.getKeyword() === "CMD")
            .pop()!
            .getArgumentsContent()!,
    );
const served = (files: string[], contents: Record<string, string>, port = 8080) => cmdOf(renderDockerfile(detectStack(files, {}, "containerize", contents), { port }).dockerfile);
const refusal = (files: string[], contents: Record<string, string>) => {
    try {
        renderDockerfile(detectStack(files, {}, "containerize", contents));
    } catch (e) {
        assert.ok(e instanceof ContainerizeError);
        return e;
    }
    assert.fail("not refused");
};

describe("render/pythonServers: a Python web app runs under its server", () => {
    it("reads the names a requirements file and a pyproject declare (PEP 503 names; no dev groups)", () => {
        assert.deepStrictEqual(requirementNames("# web\nFastAPI==0.115.0\nuvicorn[standard]>=0.30 ; python_version>'3.9'\n-r base.txt\n--index-url x\nFlask_SQLAlchemy\n"), [
            "fastapi",
            "uvicorn",
            "flask-sqlalchemy",
        ]);
        assert.deepStrictEqual(
            pyprojectNames(
                [
                    "[project]",
                    'name = "shop"',
                    "dependencies = [",
                    '  "fastapi>=0.110",',
                    "  'hypercorn',",
                    "]",
                    "[project.optional-dependencies]",
                    'dev = ["uvicorn"]',
                    "[tool.poetry.dependencies]",
                    'python = "^3.12"',
                    'Django = "^5.1"',
                    "[tool.poetry.group.dev.dependencies]",
                    'gunicorn = "*"',
                ].join("\n"),
            ),
            ["fastapi", "hypercorn", "django"],
        );
    });

    it("FastAPI with uvicorn: `uvicorn main:app --host 0.0.0.0 --port PORT`, not `python main.py`", () => {
        assert.deepStrictEqual(served(["requirements.txt", "main.py"], { "requirements.txt": "fastapi\nuvicorn[standard]\n" }, 3000), ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "3000"]);
        assert.deepStrictEqual(served(["pyproject.toml", "app.py"], { "pyproject.toml": '[project]\ndependencies = ["quart", "hypercorn"]\n' }), ["hypercorn", "app:app", "--bind", "0.0.0.0:8080"]);
    });

    it("Flask with gunicorn; a script with no web framework still runs as itself", () => {
        assert.deepStrictEqual(served(["requirements.txt", "app.py"], { "requirements.txt": "flask\ngunicorn\n" }), ["gunicorn", "--bind", "0.0.0.0:8080", "app:app"]);
        assert.deepStrictEqual(served(["requirements.txt", "main.py"], { "requirements.txt": "requests\n" }), ["python", "main.py"]);
        assert.deepStrictEqual(served(["requirements.txt", "main.py"], {}), ["python", "main.py"], "text unknown: as before");
    });

    it("Django: its project's wsgi module under gunicorn, or its asgi module under uvicorn when that is the server it declares", () => {
        const django = ["requirements.txt", "manage.py", "mysite/wsgi.py", "mysite/asgi.py", "mysite/settings.py"];
        assert.deepStrictEqual(served(django, { "requirements.txt": "Django>=5\ngunicorn\n" }), ["gunicorn", "--bind", "0.0.0.0:8080", "mysite.wsgi:application"]);
        assert.deepStrictEqual(served(django, { "requirements.txt": "django\nuvicorn\n" }), ["uvicorn", "mysite.asgi:application", "--host", "0.0.0.0", "--port", "8080"]);
    });

    it("refuses a framework without its server, naming the file, the server to add and the command", () => {
        const e = refusal(["requirements.txt", "main.py"], { "requirements.txt": "fastapi\n" });
        assert.strictEqual(e.argument, "containerize.command");
        assert.strictEqual(
            e.message,
            "containerize: requirements.txt declares fastapi, an ASGI framework whose app serves nothing by itself, and no uvicorn or hypercorn to serve it: " +
                'add uvicorn to requirements.txt (the image then runs ["uvicorn","main:app","--host","0.0.0.0","--port","8080"]), or set containerize.command, e.g. ["uvicorn","main:app","--host","0.0.0.0","--port","8080"].',
        );
        assert.match(
            refusal(["requirements.txt", "manage.py", "mysite/wsgi.py"], { "requirements.txt": "django\n" }).message,
            /a WSGI framework .* add gunicorn to requirements\.txt .*"mysite\.wsgi:application"/,
        );
    });

    it("refuses ASGI and WSGI frameworks together; an explicit command wins over all of it", () => {
        const e = refusal(["requirements.txt", "main.py"], { "requirements.txt": "flask\nfastapi\nuvicorn\n" });
        assert.strictEqual(e.argument, "containerize.command");
        assert.match(e.message, /fastapi and flask, ASGI and WSGI frameworks both/);
        const problems: Problem[] = [];
        containerizeProblems({ files: ["requirements.txt", "main.py"], fileContents: { "requirements.txt": "fastapi\n" }, command: ["python", "main.py"] }, problems);
        assert.strictEqual(problems.length, 0);
        containerizeProblems({ files: ["requirements.txt", "main.py"], fileContents: { "requirements.txt": "fastapi\n" } }, problems);
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["containerize.command"],
            "known at construction",
        );
    });
});
