// Which toolchain a repository uses, from its file list (the GitHub tree, or given): marker files at
// the repository root decide, lockfiles decide the package manager.

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
        gradleWrapper?: boolean;
        dotnetProject?: string;
        cargoLock?: boolean;
        requirementsFile?: string;
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

const ACCEPTED = Object.values(Language);

/**
 * Detects the stack of a repository from its file paths. Throws, naming `path`, when nothing or more
 * than one language is found, or when an explicit choice is not supported; an explicit choice wins.
 */
export function detectStack(files: string[], choose: { language?: string; packageManager?: string } = {}, path = "containerize"): DetectedStack {
    const clean = files.map((f) => f.replace(/^\.\//, "")).filter((f) => !f.split("/").some((part) => part === "node_modules" || part === "vendor" || part === ".git"));
    const root = new Set(clean.filter((f) => !f.includes("/")));
    const found = ACCEPTED.map((language) => ({ language, evidence: MARKERS[language](root, clean) })).filter((c) => c.evidence.length > 0);
    if (root.has("Dockerfile")) {
        throw new Error(`${path}: the repository already has a Dockerfile; drop ${path} and the workflow builds the existing one.`);
    }
    let chosen: { language: Language; evidence: string[] };
    if (choose.language !== undefined) {
        if (!ACCEPTED.includes(choose.language as Language)) {
            throw new Error(`${path}.language ${JSON.stringify(choose.language)} is not supported: choose one of ${ACCEPTED.map((l) => `"${l}"`).join(", ")}.`);
        }
        chosen = found.find((c) => c.language === choose.language) ?? { language: choose.language as Language, evidence: [] };
    } else if (found.length === 1) {
        chosen = found[0];
    } else if (found.length === 0) {
        const seen = [...root].sort().slice(0, 15);
        throw new Error(`${path}: no supported language found at the repository root (files: ${seen.join(", ") || "none"}). ` +
            `Add the project's manifest (package.json, pyproject.toml, go.mod, pom.xml, build.gradle, *.csproj, Cargo.toml, Gemfile, composer.json), ` +
            `or choose one: ${path}: { language: "python" } (one of ${ACCEPTED.join(", ")}).`);
    } else {
        throw new Error(`${path}: more than one language found: ${found.map((c) => `${c.language} (${c.evidence.join(", ")})`).join("; ")}. ` +
            `Choose one: ${path}: { language: "${found[0].language}" }.`);
    }
    return finish(chosen.language, chosen.evidence, root, choose.packageManager, path);
}

function finish(language: Language, evidence: string[], root: Set<string>, explicit: string | undefined, path: string): DetectedStack {
    const managers: Partial<Record<Language, PackageManager[]>> = {
        javascript: ["npm", "pnpm", "yarn"],
        python: ["pip", "poetry", "uv"],
    };
    if (explicit !== undefined && !(managers[language] ?? []).includes(explicit as PackageManager)) {
        throw new Error(`${path}.packageManager ${JSON.stringify(explicit)} does not apply to ${language}: ${managers[language] ? `choose ${managers[language]!.join(", ")}` : "leave it out"}.`);
    }
    const lock = (file: string) => root.has(file) ? [file] : [];
    switch (language) {
        case "javascript": {
            const pm = (explicit as PackageManager) ?? (root.has("pnpm-lock.yaml") ? "pnpm" : root.has("yarn.lock") ? "yarn" : "npm");
            const lockfile = { npm: "package-lock.json", pnpm: "pnpm-lock.yaml", yarn: "yarn.lock" }[pm as "npm" | "pnpm" | "yarn"];
            return { language, packageManager: pm, evidence: [...evidence, ...lock(lockfile)], details: { typescript: root.has("tsconfig.json"), yarnBerry: pm === "yarn" && root.has(".yarnrc.yml") } };
        }
        case "python": {
            const pm = (explicit as PackageManager) ?? (root.has("uv.lock") ? "uv" : root.has("poetry.lock") ? "poetry" : "pip");
            return { language, packageManager: pm, evidence: [...evidence, ...lock({ pip: "requirements.txt", poetry: "poetry.lock", uv: "uv.lock" }[pm as "pip" | "poetry" | "uv"])], details: { requirementsFile: root.has("requirements.txt") ? "requirements.txt" : undefined } };
        }
        case "java-gradle":
            return { language, evidence, details: { gradleWrapper: root.has("gradlew") } };
        case "dotnet": {
            const project = evidence[0];
            if (!project) throw new Error(`${path}: language "dotnet" needs a .csproj or .fsproj in the repository.`);
            return { language, evidence: [project], details: { dotnetProject: project } };
        }
        case "rust":
            return { language, evidence, details: { cargoLock: root.has("Cargo.lock") } };
        default:
            return { language, evidence, details: {} };
    }
}
