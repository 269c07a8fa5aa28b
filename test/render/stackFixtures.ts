// One repository file list per (language, package manager) the Dockerfile renderer emits, each with an
// entry point its names show: shared by the Dockerfile, runtime and pin tests.
export const stacks: Record<string, string[]> = {
    npm: ["package.json", "package-lock.json"],
    "npm + TypeScript": ["package.json", "package-lock.json", "tsconfig.json"],
    pnpm: ["package.json", "pnpm-lock.yaml"],
    "yarn classic": ["package.json", "yarn.lock"],
    "yarn berry": ["package.json", "yarn.lock", ".yarnrc.yml"],
    pip: ["requirements.txt", "main.py"],
    "pip (pyproject only)": ["pyproject.toml", "app.py"],
    poetry: ["pyproject.toml", "poetry.lock", "src/shop/__main__.py"],
    uv: ["pyproject.toml", "uv.lock", "api/__main__.py"],
    go: ["go.mod", "go.sum", "main.go"],
    maven: ["pom.xml"],
    "gradle wrapper": ["build.gradle", "gradlew"],
    gradle: ["build.gradle.kts"],
    dotnet: ["src/Api/Api.csproj"],
    rust: ["Cargo.toml", "Cargo.lock"],
    ruby: ["Gemfile", "Gemfile.lock", "config.ru"],
    php: ["composer.json", "composer.lock", "public/index.php"],
};
