import * as assert from "assert";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { detectStack } from "../../sdk/src/render/languages";
import { dockerfileBuildViolations } from "../validators/dockerfileRules";
import { stacks } from "./stackFixtures";

// What `docker build` of the repository does with the generated Dockerfile, short of running the toolchains: every
// COPY finds its files (BuildKit fails a missing source, and skips only a wildcard that matches nothing:
// moby/buildkit#1266, moby/moby#26332), and every install step finds its manifest and lockfile in its stage.
const dockerfileOf = (files: string[], choose = {}) => renderDockerfile(detectStack(files, choose)).dockerfile;

describe("render/dockerfile: a build of the repository finds what each step reads", () => {
    for (const [label, files] of Object.entries({
        ...stacks,
        "yarn berry with a .yarn folder": ["package.json", "yarn.lock", ".yarnrc.yml", ".yarn/releases/yarn-4.5.3.cjs", "index.js"],
        "npm with a shrinkwrap file only": ["package.json", "npm-shrinkwrap.json"],
        "pnpm chosen, with its lockfile": ["package.json", "pnpm-lock.yaml", "package-lock.json"],
    })) {
        it(label, () => {
            const dockerfile = dockerfileOf(files);
            assert.deepStrictEqual(dockerfileBuildViolations(dockerfile, files), [], dockerfile);
        });
    }

    it("Yarn Berry's .yarn folder is copied when the repository has one, and only then", () => {
        assert.match(dockerfileOf(["package.json", "yarn.lock", ".yarnrc.yml", ".yarn/plugins/p.cjs"]), /^COPY \.yarn \.\/\.yarn$/m);
        assert.doesNotMatch(dockerfileOf(stacks["yarn berry"]), /COPY \.yarn/);
    });

    it("the validator bites: a missing source, an install before its files, a package manager before corepack", () => {
        const npm = dockerfileOf(stacks.npm);
        assert.deepStrictEqual(dockerfileBuildViolations(npm.replace("COPY package.json package-lock.json* npm-shrinkwrap.json* ./", "COPY package.json ./"), stacks.npm),
            ["RUN npm ci reads package.json and package-lock.json or package.json and npm-shrinkwrap.json, not copied into its stage before it"]);
        assert.deepStrictEqual(dockerfileBuildViolations(npm, ["package.json"]), ["RUN npm ci reads package.json and package-lock.json or package.json and npm-shrinkwrap.json, not copied into its stage before it"],
            "a wildcard that matches nothing is no error, but npm ci then has no lockfile");
        const berry = dockerfileOf([...stacks["yarn berry"], ".yarn/releases/y.cjs"]);
        assert.deepStrictEqual(dockerfileBuildViolations(berry, stacks["yarn berry"]), ["COPY .yarn: not in the repository, so the build fails"]);
        assert.deepStrictEqual(dockerfileBuildViolations(berry.replace("RUN corepack enable\n", ""), [...stacks["yarn berry"], ".yarn/releases/y.cjs"]), ["RUN yarn install runs before corepack enable"]);
        const pnpm = dockerfileOf(stacks.pnpm);
        assert.deepStrictEqual(dockerfileBuildViolations(pnpm.replace("RUN corepack enable\n", ""), stacks.pnpm), ["RUN pnpm install runs before corepack enable"]);
        const ruby = dockerfileOf(stacks.ruby);
        assert.deepStrictEqual(dockerfileBuildViolations(ruby, ["Gemfile", "config.ru"]), [
            "COPY Gemfile.lock: not in the repository, so the build fails",
            "RUN bundle install reads Gemfile and Gemfile.lock, not copied into its stage before it",
        ]);
        const poetry = dockerfileOf(stacks.poetry);
        assert.deepStrictEqual(dockerfileBuildViolations(poetry.replace("COPY pyproject.toml poetry.lock ./", "COPY poetry.lock ./"), stacks.poetry), ["RUN poetry export reads pyproject.toml and poetry.lock, not copied into its stage before it"]);
        // A stage starts empty: files copied into the build stage are not in the runtime stage.
        assert.deepStrictEqual(dockerfileBuildViolations("FROM a AS build\nCOPY go.mod ./\nFROM b\nRUN go mod download\n", ["go.mod"]), ["RUN go mod download reads go.mod, not copied into its stage before it"]);
    });

    describe("a repository without its package manager's lockfile is refused, with the command that writes one", () => {
        const cases: [string, string[], object, string, string][] = [
            ["npm", ["package.json", "server.js"], {}, "containerize", "npm installs only from a lockfile (package-lock.json or npm-shrinkwrap.json), and the repository has none at its root: commit one (`npm install --package-lock-only` writes it)"],
            ["pnpm, chosen", ["package.json", "package-lock.json"], { packageManager: "pnpm" }, "containerize.packageManager", "pnpm installs only from a lockfile (pnpm-lock.yaml), and the repository has none at its root: commit one (`pnpm install --lockfile-only` writes it)"],
            ["yarn, chosen", ["package.json", "package-lock.json"], { packageManager: "yarn" }, "containerize.packageManager", "yarn installs only from a lockfile (yarn.lock)"],
            ["poetry, chosen", ["pyproject.toml", "app.py"], { packageManager: "poetry" }, "containerize.packageManager", "poetry installs only from a lockfile (poetry.lock), and the repository has none at its root: commit one (`poetry lock` writes it)"],
            ["uv, chosen", ["pyproject.toml", "app.py"], { packageManager: "uv" }, "containerize.packageManager", "uv installs only from a lockfile (uv.lock), and the repository has none at its root: commit one (`uv lock` writes it)"],
            ["Bundler", ["Gemfile", "config.ru"], {}, "containerize", "bundler installs only from a lockfile (Gemfile.lock), and the repository has none at its root: commit one (`bundle lock` writes it)"],
            ["a lockfile in a subfolder is not the root's", ["package.json", "web/package-lock.json"], {}, "containerize", "npm installs only from a lockfile"],
        ];
        for (const [label, files, choose, argument, message] of cases) {
            it(label, () => {
                assert.throws(() => detectStack(files, choose), (e: Error & { argument?: string }) =>
                    e.argument === argument && e.message.startsWith(`containerize: ${message}`) && e.message.endsWith("or commit a Dockerfile and drop containerize."));
            });
        }
        it("pip needs none: it installs requirements.txt or the project itself", () => {
            assert.strictEqual(detectStack(["pyproject.toml", "app.py"]).packageManager, "pip");
            assert.strictEqual(detectStack(["requirements.txt", "app.py"]).packageManager, "pip");
        });
    });
});
