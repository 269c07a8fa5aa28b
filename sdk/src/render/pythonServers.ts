// Which server a Python web app needs, from the dependencies it declares: an ASGI framework (FastAPI, Starlette,
// Quart) is served by uvicorn or hypercorn, a WSGI one (Flask, Django) by gunicorn. `python main.py` starts neither:
// FastAPI's app object serves nothing by itself, Flask's app.run() is its development server.

/** How a framework is served. */
export type PythonInterface = "asgi" | "wsgi";

/** Web frameworks whose app object needs a server, by normalized distribution name. */
const FRAMEWORKS: Record<string, PythonInterface> = { fastapi: "asgi", starlette: "asgi", quart: "asgi", flask: "wsgi", django: "wsgi" };
/** The servers the command is generated for, in order of preference, per interface. */
const SERVERS: Record<PythonInterface, string[]> = { asgi: ["uvicorn", "hypercorn"], wsgi: ["gunicorn"] };

/** What detection found for a Python web app: the framework, the server that is a dependency, and the app to serve. */
export interface PythonServer {
    framework: string;
    interface: PythonInterface;
    /** A server among the dependencies, or undefined: the image could not serve the app. */
    server?: string;
    /** `module:attribute` of the app object (Django: its wsgi/asgi module's `application`). */
    target: string;
    /** The file that declared the framework (requirements.txt, pyproject.toml), for messages. */
    declaredIn: string;
}

/** PEP 503 normalization: `Flask_SQLAlchemy` and `flask-sqlalchemy` are one distribution. */
const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");

/** Distribution names a requirements file asks for: one requirement per line, options and comments skipped. */
export function requirementNames(text: string): string[] {
    return text
        .split(/\r?\n/)
        .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("-"))
        .map((l) => /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(l)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(normalize);
}

/**
 * Distribution names a pyproject.toml declares for running the app: PEP 621 `[project] dependencies` and Poetry's
 * `[tool.poetry.dependencies]` table (not optional groups or dev dependencies, which the image does not install).
 */
export function pyprojectNames(text: string): string[] {
    const names: string[] = [];
    let section = "";
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].replace(/\s+#.*$/, "");
        const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
        if (header) {
            section = header[1].trim();
            continue;
        }
        if (section === "project" && /^\s*dependencies\s*=\s*\[/.test(line)) {
            // The array to its closing bracket, over as many lines as it takes.
            let array = line.slice(line.indexOf("[") + 1);
            while (!array.includes("]") && i + 1 < lines.length) array += `\n${lines[++i]}`;
            for (const m of array.split("]")[0].matchAll(/["']([^"']+)["']/g)) names.push(...requirementNames(m[1]));
        } else if (section === "tool.poetry.dependencies") {
            const key = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(line)?.[1];
            if (key && normalize(key) !== "python") names.push(normalize(key));
        }
    }
    return names;
}

/** The dependencies declared in the repository's root dependency files whose text is known, and where. */
export function declaredDependencies(contents: Record<string, string>): Map<string, string> {
    const found = new Map<string, string>();
    for (const [file, read] of [
        ["requirements.txt", requirementNames],
        ["pyproject.toml", pyprojectNames],
    ] as const) {
        if (contents[file] === undefined) continue;
        for (const name of read(contents[file])) if (!found.has(name)) found.set(name, file);
    }
    return found;
}

/**
 * The web framework an app declares and how to serve it, or undefined for an app that is no web framework's (a
 * script, a worker: `python FILE` is right). `entry` is the script found or given (`main.py`, `api/server.py`); a
 * Django project is served from its `PROJECT/wsgi.py` (or `asgi.py`) module. Throws a string when frameworks of both
 * kinds are declared: the caller names the argument that fixes it.
 */
export function pythonServer(deps: Map<string, string>, entry: string | undefined, files: string[]): PythonServer | undefined {
    const frameworks = Object.keys(FRAMEWORKS).filter((f) => deps.has(f));
    if (frameworks.length === 0) return undefined;
    const kinds = new Set(frameworks.map((f) => FRAMEWORKS[f]));
    if (kinds.size > 1) throw `the dependencies declare ${frameworks.join(" and ")}, ASGI and WSGI frameworks both, so which serves the app is not clear`;
    const framework = frameworks[0];
    let kind = FRAMEWORKS[framework];
    let target: string | undefined;
    if (framework === "django") {
        // Django's own modules, from its project template: PROJECT/wsgi.py and PROJECT/asgi.py define `application`.
        const modules = (name: string) => files.filter((f) => new RegExp(`^[A-Za-z_]\\w*/${name}\\.py$`).test(f)).map((f) => f.replace(/\.py$/, "").replace("/", "."));
        const [wsgi, asgi] = [modules("wsgi"), modules("asgi")];
        // Served over ASGI only when no WSGI server is declared and an ASGI one and module are.
        if (!SERVERS.wsgi.some((s) => deps.has(s)) && SERVERS.asgi.some((s) => deps.has(s)) && asgi.length === 1) {
            kind = "asgi";
            target = `${asgi[0]}:application`;
        } else if (wsgi.length === 1) target = `${wsgi[0]}:application`;
        else return undefined;
    } else {
        if (!entry?.endsWith(".py") || entry.endsWith("__main__.py")) return undefined;
        // The conventional name of the app object in FastAPI, Starlette, Quart and Flask's own first examples.
        target = `${entry.replace(/\.py$/, "").replace(/\//g, ".")}:app`;
    }
    return { framework, interface: kind, server: SERVERS[kind].find((s) => deps.has(s)), target, declaredIn: deps.get(framework)! };
}

/** The command that serves `target` with `server` on every interface at `port`. */
export function serverCommand(server: string, target: string, port: number): string[] {
    switch (server) {
        case "uvicorn":
            return ["uvicorn", target, "--host", "0.0.0.0", "--port", String(port)];
        case "hypercorn":
            return ["hypercorn", target, "--bind", `0.0.0.0:${port}`];
        default:
            return ["gunicorn", "--bind", `0.0.0.0:${port}`, target];
    }
}

/** Why the image cannot serve the app, and both fixes. */
export function missingServerMessage(app: PythonServer, port: number, path: string): string {
    const servers = SERVERS[app.interface];
    return (
        `${path}: ${app.declaredIn} declares ${app.framework}, a${app.interface === "asgi" ? "n ASGI" : " WSGI"} framework whose app serves nothing by itself, ` +
        `and no ${servers.join(" or ")} to serve it: add ${servers[0]} to ${app.declaredIn} (the image then runs ${JSON.stringify(serverCommand(servers[0], app.target, port))}), ` +
        `or set ${path}.command, e.g. ${JSON.stringify(serverCommand(servers[0], app.target, port))}.`
    );
}
