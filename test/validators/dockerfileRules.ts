// The Dockerfile rules, checked on dockerfile-ast's parse tree (not by regexes over the text).
import { DockerfileParser, Flag, From } from "dockerfile-ast";

const ROOT_USERS = new Set(["root", "0", "0:0", "root:root"]);

export function dockerfileRuleViolations(text: string, expected: { port: number }): string[] {
    const problems: string[] = [];
    const dockerfile = DockerfileParser.parse(text);
    const directive = dockerfile.getDirectives()[0];
    if (directive?.getName() !== "syntax" || !directive.getValue().startsWith("docker/dockerfile:")) problems.push("the first line is not the BuildKit syntax directive");
    const froms: From[] = dockerfile.getFROMs();
    if (froms.length < 2) problems.push(`${froms.length} stage(s): not a multi-stage build`);
    const stages = new Set(froms.map((f) => f.getBuildStage()).filter((s): s is string => !!s));
    for (const from of froms) {
        const image = from.getImageName() ?? "";
        if (stages.has(image)) continue;
        const tag = from.getImageTag();
        if (!from.getImageDigest() && (!tag || tag === "latest")) problems.push(`FROM ${from.getImage()} is not pinned to a version tag or digest`);
    }
    // Instructions of the final stage: everything after the last FROM.
    const instructions = dockerfile.getInstructions();
    const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf("FROM");
    const final = instructions.slice(lastFrom + 1);
    const users = final.filter((i) => i.getKeyword() === "USER").map((i) => i.getArgumentsContent()?.trim() ?? "");
    if (users.length === 0) problems.push("the final stage has no USER: it would run as root");
    else if (ROOT_USERS.has(users[users.length - 1])) problems.push(`the final stage runs as USER ${users[users.length - 1]}`);
    // With runAsNonRoot the kubelet refuses a named user: "image has non-numeric user (node), cannot verify user is
    // non-root" (kubernetes pkg/kubelet/kuberuntime/security_context_others.go, verifyRunAsNonRoot).
    else if (!/^[1-9][0-9]*:[0-9]+$/.test(users[users.length - 1])) problems.push(`the final USER ${users[users.length - 1]} is not a numeric uid:gid`);
    const exposed = final.filter((i) => i.getKeyword() === "EXPOSE").flatMap((i) => i.getArguments().map((a) => a.getValue()));
    if (!exposed.includes(String(expected.port))) problems.push(`EXPOSE ${exposed.join(" ") || "(none)"} does not expose ${expected.port}`);
    const cached = instructions
        .filter((i) => i.getKeyword() === "RUN")
        .some((i) => ((i as unknown as { getFlags(): Flag[] }).getFlags?.() ?? []).some((f) => f.getName() === "mount" && /(^|,)type=cache(,|$)/.test(f.getValue() ?? "")));
    if (!cached) problems.push("no RUN uses a BuildKit cache mount (--mount=type=cache)");
    return problems;
}

/** The instructions a Dockerfile may hold (Dockerfile reference). */
const INSTRUCTIONS = new Set([
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
]);

/**
 * What a real `docker build` of the repository would fail on before the app's own code runs: a COPY of a file the
 * repository does not have (BuildKit fails a missing source, "lstat ... no such file or directory", and skips only a
 * wildcard that matches nothing: moby/buildkit#1266, moby/moby#26332), and an install step run before the files it
 * reads are copied into its stage (`npm ci`: "The project must have an existing package-lock.json",
 * docs.npmjs.com/cli/commands/npm-ci; pnpm and Yarn Berry are not in the node image until `corepack enable`).
 * `files` is the repository's file list, as containerize reads it.
 */
export function dockerfileBuildViolations(text: string, files: string[]): string[] {
    const problems: string[] = [];
    const glob = (pattern: string) =>
        new RegExp(
            `^${pattern
                .replace(/[.+^${}()|\\]/g, "\\$&")
                .replace(/\*/g, "[^/]*")
                .replace(/\?/g, "[^/]")}$`,
        );
    const under = (source: string) => {
        const s = source.replace(/^\.\//, "").replace(/\/+$/, "");
        if (s === "" || s === ".") return files;
        const re = glob(s);
        return files.filter((f) => re.test(f) || f.startsWith(`${s}/`));
    };
    let copied = new Set<string>();
    let runs: string[] = [];
    for (const i of DockerfileParser.parse(text).getInstructions()) {
        const keyword = i.getKeyword();
        // The build refuses anything else: "unknown instruction" (Dockerfile reference, "Format").
        if (!INSTRUCTIONS.has(keyword)) problems.push(`${keyword}: unknown instruction`);
        if (keyword === "FROM") {
            copied = new Set();
            runs = [];
            continue;
        }
        if (keyword === "COPY") {
            const flags = (i as unknown as { getFlags(): Flag[] }).getFlags();
            if (flags.some((f) => f.getName() === "from")) continue;
            const args = i.getArguments().map((a) => a.getValue());
            for (const source of args.slice(0, -1)) {
                const found = under(source);
                if (found.length === 0 && !/[*?]/.test(source)) problems.push(`COPY ${source}: not in the repository, so the build fails`);
                found.forEach((f) => copied.add(f));
            }
            continue;
        }
        if (keyword !== "RUN") continue;
        const run = i.getArgumentsContent() ?? "";
        const needs = (what: string, ...alternatives: string[][]) => {
            if (!alternatives.some((all) => all.every((f) => copied.has(f))))
                problems.push(`RUN ${what} reads ${alternatives.map((a) => a.join(" and ")).join(" or ")}, not copied into its stage before it`);
        };
        const after = (what: string, setup: string) => {
            if (!runs.some((r) => r.includes(setup))) problems.push(`RUN ${what} runs before ${setup}`);
        };
        if (/\bnpm ci\b/.test(run)) needs("npm ci", ["package.json", "package-lock.json"], ["package.json", "npm-shrinkwrap.json"]);
        if (/\bpnpm install\b/.test(run)) {
            needs("pnpm install", ["package.json", "pnpm-lock.yaml"]);
            after("pnpm install", "corepack enable");
        }
        if (/\byarn install --immutable\b/.test(run)) {
            needs("yarn install", ["package.json", "yarn.lock", ".yarnrc.yml"]);
            after("yarn install", "corepack enable");
        }
        if (/\byarn install --frozen-lockfile\b/.test(run) && !/--production/.test(run)) needs("yarn install", ["package.json", "yarn.lock"]);
        const requirements = /\bpip install -r (\S+)/.exec(run);
        if (requirements && !requirements[1].startsWith("/")) needs(`pip install -r ${requirements[1]}`, [requirements[1]]);
        if (/\bpip install \.(\s|$)/.test(run)) needs("pip install .", ["pyproject.toml"]);
        if (/\bpoetry export\b/.test(run)) needs("poetry export", ["pyproject.toml", "poetry.lock"]);
        if (/\buv sync --frozen\b/.test(run)) needs("uv sync", ["pyproject.toml", "uv.lock"]);
        if (/\bgo mod download\b/.test(run)) needs("go mod download", ["go.mod"]);
        if (/\bdependency:go-offline\b/.test(run)) needs("mvn dependency:go-offline", ["pom.xml"]);
        // BUNDLE_DEPLOYMENT=1: "The deployment setting requires a lockfile" (bundler).
        if (/\bbundle install\b/.test(run)) needs("bundle install", ["Gemfile", "Gemfile.lock"]);
        if (/\bcomposer install\b/.test(run)) needs("composer install", ["composer.json"]);
        if (/\bcargo install\b.*--locked/.test(run)) needs("cargo install --locked", ["Cargo.toml", "Cargo.lock"]);
        runs.push(run);
    }
    return problems;
}
