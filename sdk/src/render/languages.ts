// Which toolchain a repository uses, from its file list (the GitHub tree, or given): marker files at
// the repository root decide, lockfiles decide the package manager, well-known file names the entry point.
// Where the text of a dependency file is known too, a Python web framework decides the server that runs it.
import { declaredDependencies, PythonServer, pythonServer } from "./pythonServers";

/** Languages the Dockerfile renderer has a template for. */
export const Language = {
    JavaScript: "javascript",
    Python: "python",
    Go: "go",
    JavaMaven: "java-maven",
    JavaGradle: "java-gradle",
    DotNet: "dotnet",
    Rust: "rust",
    Ruby: "ruby",
    Php: "php",
} as const;
export type Language = (typeof Language)[keyof typeof Language];

/** Package managers that change how dependencies are installed. */
export const PackageManager = { Npm: "npm", Pnpm: "pnpm", Yarn: "yarn", Pip: "pip", Poetry: "poetry", Uv: "uv" } as const;
export type PackageManager = (typeof PackageManager)[keyof typeof PackageManager];

/** A containerize problem, with the argument that fixes it (`containerize.entrypoint`, ...). */
export class ContainerizeError extends Error {
    constructor(
        readonly argument: string,
        message: string,
    ) {
        super(message);
    }
}

/** What detection found. */
export interface DetectedStack {
    language: Language;
    /** npm/pnpm/yarn for JavaScript, pip/poetry/uv for Python; absent for the others. */
    packageManager?: PackageManager;
    /** The files that decided it. */
    evidence: string[];
    /** TypeScript (a build step), Yarn Berry, a Gradle wrapper, the .NET project file, a Cargo.lock... */
    details: {
        typescript?: boolean;
        yarnBerry?: boolean;
        /** The repository has a `.yarn` folder (Yarn's releases, plugins, patches), which the install reads. */
        yarnFolder?: boolean;
        gradleWrapper?: boolean;
        dotnetProject?: string;
        cargoLock?: boolean;
        requirementsFile?: string;
        /** Where the app starts (a file, or a Go package folder), given or found from well-known names. */
        entry?: string;
        /** Why no entry was found, and what would fix it: part of the error when one is needed. */
        entryHint?: string;
        /** A Python web framework's app and the server among the dependencies (known only from the files' text). */
        pythonServer?: PythonServer;
    };
}

/** The marker files of each language at the repository root. */
const MARKERS: Record<Language, (root: Set<string>, all: string[]) => string[]> = {
    javascript: (r) => ["package.json"].filter((f) => r.has(f)),
    python: (r) => ["pyproject.toml", "requirements.txt", "Pipfile", "setup.py"].filter((f) => r.has(f)),
    go: (r) => ["go.mod"].filter((f) => r.has(f)),
    "java-maven": (r) => ["pom.xml"].filter((f) => r.has(f)),
    "java-gradle": (r) => ["build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"].filter((f) => r.has(f)),
    // A .NET solution keeps its projects one folder down (src/Api/Api.csproj) as often as at the root.
    dotnet: (_, all) => all.filter((f) => /\.(csproj|fsproj)$/.test(f) && f.split("/").length <= 3).sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b)),
    rust: (r) => ["Cargo.toml"].filter((f) => r.has(f)),
    ruby: (r) => ["Gemfile"].filter((f) => r.has(f)),
    php: (r) => ["composer.json"].filter((f) => r.has(f)),
};

// Languages the portal's generator (draft.sh) knows and this one does not: named in the error, so
// the fix is a Dockerfile, not a guess (learn.microsoft.com/azure/kubernetes-fleet/howto-automated-deployments).
const UNSUPPORTED: Record<string, string[]> = {
    Clojure: ["project.clj", "deps.edn"],
    Erlang: ["rebar.config", "erlang.mk"],
    Swift: ["Package.swift"],
};

const ACCEPTED = Object.values(Language);
const ACCEPTED_LIST = ACCEPTED.map((l) => `"${l}"`).join(", ");

/** Languages whose build decides the program: no entry file to choose. */
const BUILT_ENTRY = new Set<Language>(["java-maven", "java-gradle", "dotnet", "rust"]);

/** What an entry point looks like per language, for the explicit choice. */
const ENTRY_SHAPE: Partial<Record<Language, { test: (e: string, all: string[]) => boolean; expect: string }>> = {
    javascript: { test: (e) => /\.(c|m)?js$/.test(e), expect: "a .js file node runs (it may be a build output, e.g. dist/server.js)" },
    python: { test: (e, all) => e.endsWith(".py") && all.includes(e), expect: "a .py file of the repository (a __main__.py runs as python -m PACKAGE)" },
    go: {
        test: (e, all) => all.some((f) => f.endsWith(".go") && (goPackage(e) === "." ? !f.includes("/") : f.startsWith(`${goPackage(e)}/`))),
        expect: "the folder of a main package of the repository (cmd/api)",
    },
    ruby: { test: (e, all) => /\.(ru|rb)$/.test(e) && all.includes(e), expect: "a rackup file (config.ru) or a .rb script of the repository" },
    php: { test: (e, all) => /(^|\/)index\.php$/.test(e) && all.includes(e), expect: "the front controller index.php (its folder is served)" },
};

type Choice = { language?: string; packageManager?: string; entrypoint?: string };

/**
 * Detects the stack of a repository from its file paths. Throws a `ContainerizeError` naming the
 * argument when nothing or more than one language is found, when an explicit choice is not
 * supported, or when the entry point given is not in the repository; an explicit choice wins.
 */
export function detectStack(files: string[], choose: Choice = {}, path = "containerize", contents?: Record<string, string>): DetectedStack {
    const clean = files.map((f) => f.replace(/^\.\//, "")).filter((f) => !f.split("/").some((part) => part === "node_modules" || part === "vendor" || part === ".git"));
    const root = new Set(clean.filter((f) => !f.includes("/")));
    const found = ACCEPTED.map((language) => ({ language, evidence: MARKERS[language](root, clean) })).filter((c) => c.evidence.length > 0);
    if (root.has("Dockerfile")) {
        throw new ContainerizeError(path, `${path}: the repository already has a Dockerfile; drop ${path} and the workflow builds the existing one.`);
    }
    let chosen: { language: Language; evidence: string[] };
    if (choose.language !== undefined) {
        if (!ACCEPTED.includes(choose.language as Language)) {
            throw new ContainerizeError(
                `${path}.language`,
                `${path}.language ${JSON.stringify(choose.language)} is not supported: choose one of ${ACCEPTED_LIST}, ` +
                    `or commit a Dockerfile and drop ${path} (the dockerfile argument names it when it is not at the root).`,
            );
        }
        chosen = found.find((c) => c.language === choose.language) ?? { language: choose.language as Language, evidence: [] };
    } else if (found.length === 1) {
        chosen = found[0];
    } else if (found.length === 0) {
        const unsupported = Object.entries(UNSUPPORTED)
            .map(([name, markers]) => ({ name, seen: markers.filter((m) => root.has(m)) }))
            .filter((u) => u.seen.length > 0);
        if (unsupported.length > 0) {
            throw new ContainerizeError(
                `${path}.language`,
                `${path}: ${unsupported.map((u) => `${u.name} (${u.seen.join(", ")})`).join(", ")} is not supported by the Dockerfile generator: ` +
                    `commit a Dockerfile and drop ${path} (the dockerfile argument names it when it is not at the root), or set ${path}.language, one of ${ACCEPTED_LIST}.`,
            );
        }
        const seen = [...root].sort().slice(0, 15);
        throw new ContainerizeError(
            `${path}.language`,
            `${path}: no supported language found at the repository root (files: ${seen.join(", ") || "none"}). ` +
                `Add the project's manifest (package.json, pyproject.toml, go.mod, pom.xml, build.gradle, *.csproj, Cargo.toml, Gemfile, composer.json), ` +
                `or choose one: ${path}: { language: "python" } (one of ${ACCEPTED.join(", ")}).`,
        );
    } else {
        throw new ContainerizeError(
            `${path}.language`,
            `${path}: more than one language found: ${found.map((c) => `${c.language} (${c.evidence.join(", ")})`).join("; ")}. ` + `Choose one: ${path}: { language: "${found[0].language}" }.`,
        );
    }
    const stack = finish(chosen.language, chosen.evidence, root, choose.packageManager, path, clean);
    const details = { ...stack.details, ...entryOf(chosen.language, clean, root, choose.entrypoint, path) };
    if (chosen.language === Language.Python && contents !== undefined) {
        try {
            const server = pythonServer(declaredDependencies(contents), details.entry, clean);
            if (server) Object.assign(details, { pythonServer: server });
        } catch (why) {
            throw new ContainerizeError(`${path}.command`, `${path}: ${why}: set ${path}.command, e.g. ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"].`);
        }
    }
    return { ...stack, details };
}

/**
 * The lockfile each install needs: the generated Dockerfile installs frozen, from the lockfile only (`npm ci`: "The
 * project must have an existing package-lock.json or npm-shrinkwrap.json", docs.npmjs.com/cli/commands/npm-ci; Bundler
 * in deployment mode requires Gemfile.lock), and COPY fails on a lockfile that is not there. How to make each one.
 */
const LOCKFILES: Record<string, { files: string[]; make: string }> = {
    npm: { files: ["package-lock.json", "npm-shrinkwrap.json"], make: "npm install --package-lock-only" },
    pnpm: { files: ["pnpm-lock.yaml"], make: "pnpm install --lockfile-only" },
    yarn: { files: ["yarn.lock"], make: "yarn install" },
    poetry: { files: ["poetry.lock"], make: "poetry lock" },
    uv: { files: ["uv.lock"], make: "uv lock" },
    bundler: { files: ["Gemfile.lock"], make: "bundle lock" },
};

function requireLockfile(tool: string, root: Set<string>, argument: string, path: string): void {
    const { files, make } = LOCKFILES[tool];
    if (files.some((f) => root.has(f))) return;
    throw new ContainerizeError(
        argument,
        `${path}: ${tool} installs only from a lockfile (${files.join(" or ")}), and the repository has none at its root: ` +
            `commit one (\`${make}\` writes it), or commit a Dockerfile and drop ${path}.`,
    );
}

function finish(language: Language, evidence: string[], root: Set<string>, explicit: string | undefined, path: string, all: string[]): DetectedStack {
    const managers: Partial<Record<Language, PackageManager[]>> = {
        javascript: ["npm", "pnpm", "yarn"],
        python: ["pip", "poetry", "uv"],
    };
    if (explicit !== undefined && !(managers[language] ?? []).includes(explicit as PackageManager)) {
        throw new ContainerizeError(
            `${path}.packageManager`,
            `${path}.packageManager ${JSON.stringify(explicit)} does not apply to ${language}: ${managers[language] ? `choose ${managers[language]!.join(", ")}` : "leave it out"}.`,
        );
    }
    const lock = (file: string) => (root.has(file) ? [file] : []);
    const pmArgument = explicit === undefined ? path : `${path}.packageManager`;
    switch (language) {
        case "javascript": {
            const pm = (explicit as PackageManager) ?? (root.has("pnpm-lock.yaml") ? "pnpm" : root.has("yarn.lock") ? "yarn" : "npm");
            requireLockfile(pm, root, pmArgument, path);
            const lockfile = { npm: "package-lock.json", pnpm: "pnpm-lock.yaml", yarn: "yarn.lock" }[pm as "npm" | "pnpm" | "yarn"];
            const yarnBerry = pm === "yarn" && root.has(".yarnrc.yml");
            return {
                language,
                packageManager: pm,
                evidence: [...evidence, ...lock(lockfile)],
                details: { typescript: root.has("tsconfig.json"), yarnBerry, yarnFolder: yarnBerry && all.some((f) => f.startsWith(".yarn/")) },
            };
        }
        case "python": {
            const pm = (explicit as PackageManager) ?? (root.has("uv.lock") ? "uv" : root.has("poetry.lock") ? "poetry" : "pip");
            if (pm !== "pip") requireLockfile(pm, root, pmArgument, path);
            return {
                language,
                packageManager: pm,
                evidence: [...evidence, ...lock({ pip: "requirements.txt", poetry: "poetry.lock", uv: "uv.lock" }[pm as "pip" | "poetry" | "uv"])],
                details: { requirementsFile: root.has("requirements.txt") ? "requirements.txt" : undefined },
            };
        }
        case "java-gradle":
            return { language, evidence, details: { gradleWrapper: root.has("gradlew") } };
        case "dotnet": {
            const project = evidence[0];
            if (!project) throw new ContainerizeError(`${path}.language`, `${path}: language "dotnet" needs a .csproj or .fsproj in the repository.`);
            return { language, evidence: [project], details: { dotnetProject: project } };
        }
        case "rust":
            return { language, evidence, details: { cargoLock: root.has("Cargo.lock") } };
        case "ruby":
            requireLockfile("bundler", root, path, path);
            return { language, evidence, details: {} };
        default:
            return { language, evidence, details: {} };
    }
}

/** `cmd/api/main.go` and `cmd/api` -> `cmd/api`; `main.go` -> `.` */
const goPackage = (e: string) => (e.endsWith(".go") ? (e.includes("/") ? e.slice(0, e.lastIndexOf("/")) : ".") : e);
const one = <T>(xs: T[]) => (xs.length === 1 ? xs[0] : undefined);

/** The entry point: the explicit one (checked against the files), else the one well-known names show, else a hint. */
function entryOf(language: Language, all: string[], root: Set<string>, explicit: string | undefined, path: string): { entry?: string; entryHint?: string } {
    if (explicit !== undefined) {
        const e = explicit.replace(/^\.\//, "").replace(/\/+$/, "") || ".";
        if (BUILT_ENTRY.has(language)) {
            throw new ContainerizeError(`${path}.entrypoint`, `${path}.entrypoint does not apply to ${language}: its build produces the program; set ${path}.command to change how it starts.`);
        }
        const shape = ENTRY_SHAPE[language]!;
        if (e.split("/").includes("..") || e.startsWith("/") || !shape.test(e, all)) {
            throw new ContainerizeError(`${path}.entrypoint`, `${path}.entrypoint ${JSON.stringify(explicit)} is not ${shape.expect}.`);
        }
        return { entry: language === "go" ? goPackage(e) : e };
    }
    switch (language) {
        case "python": {
            const scripts = ["main.py", "app.py"].filter((f) => root.has(f));
            const modules = all.filter((f) => /^(src\/)?[A-Za-z_]\w*\/__main__\.py$/.test(f));
            const entry = scripts.length > 0 ? one(scripts) : one(modules);
            if (entry) return { entry };
            const wsgi = all.filter((f) => /^[A-Za-z_]\w*\/wsgi\.py$/.test(f)).map((f) => f.replace(/\/wsgi\.py$/, ".wsgi"));
            const hint =
                scripts.length > 1 || modules.length > 1
                    ? `${[...scripts, ...modules].join(" and ")} could each be it`
                    : root.has("manage.py")
                      ? `manage.py shows a Django project, which runs under a WSGI server: e.g. ${path}.command ["gunicorn", "--bind", "0.0.0.0:8080", "${wsgi[0] ?? "PROJECT.wsgi"}"] (gunicorn in your requirements)`
                      : "looked for main.py, app.py, PACKAGE/__main__.py and src/PACKAGE/__main__.py";
            return { entryHint: hint };
        }
        case "go": {
            if (all.some((f) => /^[^/]+\.go$/.test(f) && !f.endsWith("_test.go"))) return { entry: "." };
            const commands = all.filter((f) => /^cmd\/[^/]+\/main\.go$/.test(f)).map((f) => f.replace(/\/main\.go$/, ""));
            const mains = all.filter((f) => /^([^/]+\/){1,2}main\.go$/.test(f)).map((f) => f.replace(/\/main\.go$/, ""));
            const entry = one(commands) ?? (commands.length === 0 ? one(mains) : undefined);
            if (entry) return { entry };
            return { entryHint: commands.length > 1 ? `the main packages ${commands.join(", ")} could each be it` : "no main package at the root or in cmd/NAME/" };
        }
        case "ruby":
            return root.has("config.ru") ? { entry: "config.ru" } : { entryHint: "no config.ru (the rackup file of Rails, Sinatra and other Rack apps)" };
        case "php": {
            const entry = ["public/index.php", "web/index.php"].find((f) => all.includes(f));
            return entry ? { entry } : { entryHint: "no public/index.php or web/index.php (the front controller FrankenPHP serves)" };
        }
        default:
            return {};
    }
}

/**
 * Base images, pinned to exact tags (never `latest`), so a rebuild does not silently change the
 * toolchain. Bump them deliberately: test/render/imagePins.test.ts holds what each package manager needs.
 */
export const BASE_IMAGES = {
    node: "node:22.23.2-bookworm-slim",
    python: "python:3.12.14-slim-bookworm",
    uv: "ghcr.io/astral-sh/uv:0.12.5",
    go: "golang:1.26.7-bookworm",
    // Distroless publishes no version tags; `nonroot` is its moving non-root tag. Debian 13: the *-debian12 images
    // reach end of life in September 2026 (GoogleContainerTools/distroless SUPPORT_POLICY.md, issue 2129).
    distrolessStatic: "gcr.io/distroless/static-debian13:nonroot",
    distrolessCc: "gcr.io/distroless/cc-debian13:nonroot",
    maven: "maven:3.9.16-eclipse-temurin-21",
    gradle: "gradle:8.14.5-jdk21",
    jre: "eclipse-temurin:21.0.12_8-jre-noble",
    // .NET 8 support ended 2026-11-10: the .NET 10 (LTS) SDK builds net8.0 to net10.0 projects.
    dotnetSdk: "mcr.microsoft.com/dotnet/sdk:10.0.400-noble",
    dotnetRuntime: "mcr.microsoft.com/dotnet/aspnet:10.0.11-noble",
    // trixie, the runtime's Debian: the binary links glibc (and libssl, when a crate needs it) at the versions the
    // runtime image ships, so no symbol it needs is newer than the runtime has.
    rust: "rust:1.98.0-trixie",
    ruby: "ruby:3.3.12-slim-bookworm",
    composer: "composer:2.10.2",
    frankenphp: "dunglas/frankenphp:1.12.7-php8.3-bookworm",
} as const;

/** Tools a build stage installs with pip, pinned the same way. */
export const TOOL_VERSIONS = { poetry: "2.4.1", poetryPluginExport: "1.10.0" } as const;

/** What the final image of a language runs as and writes to. */
export interface Runtime {
    /** The final stage's base image. */
    image: string;
    /** The image's user: the Dockerfile's `USER uid:gid`, the Deployment's runAsUser, runAsGroup and fsGroup. */
    uid: number;
    gid: number;
    /** Paths the runtime writes to, each an emptyDir of this size limit under a read-only root filesystem. */
    writable: Record<string, string>;
    /** Environment the image sets so the runtime writes only there. */
    env?: Record<string, string>;
}

const TMP = { "/tmp": "256Mi" };
// An arbitrary uid has no passwd entry, so HOME would be "/", which is read-only.
const NO_HOME = { HOME: "/tmp" };
// The JVM writes hsperfdata, and servlet containers their work folders, under java.io.tmpdir (/tmp).
const JVM: Runtime = { image: BASE_IMAGES.jre, uid: 10001, gid: 10001, writable: TMP, env: NO_HOME };

/**
 * One table, read by the Dockerfile and the manifest renderers, so the image's user and the pod's
 * securityContext never disagree: with runAsNonRoot the kubelet refuses a named USER
 * ("image has non-numeric user", kubernetes pkg/kubelet/kuberuntime/security_context_others.go).
 */
export const RUNTIMES: Record<Language, Runtime> = {
    // The node images' `node` user is 1000:1000 (nodejs/docker-node 22/bookworm-slim/Dockerfile).
    javascript: { image: BASE_IMAGES.node, uid: 1000, gid: 1000, writable: TMP },
    // No user in the python image; sources are compiled at build time, so no __pycache__ is written at run time.
    python: { image: BASE_IMAGES.python, uid: 10001, gid: 10001, writable: TMP, env: NO_HOME },
    // Distroless `nonroot` is 65532:65532 (GoogleContainerTools/distroless common/variables.bzl).
    go: { image: BASE_IMAGES.distrolessStatic, uid: 65532, gid: 65532, writable: TMP },
    "java-maven": JVM,
    "java-gradle": JVM,
    // APP_UID 1654 is the .NET images' `app` user (dotnet/dotnet-docker runtime-deps Dockerfiles); the runtime's
    // diagnostic port is a socket in /tmp (learn.microsoft.com/dotnet/core/diagnostics/diagnostic-port).
    dotnet: { image: BASE_IMAGES.dotnetRuntime, uid: 1654, gid: 1654, writable: TMP },
    rust: { image: BASE_IMAGES.distrolessCc, uid: 65532, gid: 65532, writable: TMP },
    // Rails writes pid files and caches (Puma, bootsnap) under tmp/ (guides.rubyonrails.org/getting_started.html).
    ruby: { image: BASE_IMAGES.ruby, uid: 10001, gid: 10001, writable: { ...TMP, "/app/tmp": "64Mi" }, env: NO_HOME },
    // Caddy keeps certificates and autosaved config in XDG_DATA_HOME=/data and XDG_CONFIG_HOME=/config
    // (php/frankenphp Dockerfile; docs/docker.md "Running as a non-root user").
    php: { image: BASE_IMAGES.frankenphp, uid: 10001, gid: 10001, writable: { ...TMP, "/data/caddy": "64Mi", "/config/caddy": "64Mi" }, env: NO_HOME },
};
