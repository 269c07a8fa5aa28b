// Every pinned tool meets what the package manager running on it needs: a pin that is old enough to break a
// current project fails here, with the reason beside its minimum.
import * as assert from "node:assert";
import { DockerfileParser } from "dockerfile-ast";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { detectStack } from "../../sdk/src/render/languages";
import { stacks } from "./stackFixtures";

type Tool = "node" | "python" | "poetry" | "uv" | "golang" | "maven" | "gradle" | "jdk" | "jre" | "dotnet-sdk" | "aspnet" | "rust" | "ruby" | "composer" | "php";
interface Minimum {
    tool: Tool;
    min: string;
    why: string;
}

/** Per package manager (the language's build tool for the others): the minimum of each tool it runs on, and why. */
const MINIMUMS: Record<string, Minimum[]> = {
    npm: [{ tool: "node", min: "16.0.0", why: "npm 7+ reads lockfileVersion 3 (docs.npmjs.com/cli/configuring-npm/package-lock-json)" }],
    pnpm: [{ tool: "node", min: "22.14.0", why: "corepack 0.31 verifies current pnpm signatures: 'Cannot find matching keyid' before (nodejs/corepack#612, #631; node PR 56795)" }],
    yarn: [{ tool: "node", min: "22.14.0", why: "Yarn Berry comes through corepack, as pnpm (nodejs/corepack#612, #631)" }],
    pip: [{ tool: "python", min: "3.10.0", why: "Python 3.9 reached end of life in 2025-10 (devguide.python.org/versions)" }],
    poetry: [
        { tool: "poetry", min: "2.0.0", why: "Poetry 1.x ignores PEP 621 [project] dependencies (python-poetry CHANGELOG 2.0.0)" },
        { tool: "python", min: "3.10.0", why: "Poetry 2.4 requires-python >=3.10 (python-poetry pyproject.toml)" },
    ],
    uv: [
        { tool: "uv", min: "0.4.27", why: "PEP 735 [dependency-groups], which --no-dev leaves out (astral-sh/uv changelogs/0.4.x.md); lock schema v1 since" },
        { tool: "python", min: "3.10.0", why: "Python 3.9 reached end of life in 2025-10 (devguide.python.org/versions)" },
    ],
    go: [{ tool: "golang", min: "1.21.0", why: "toolchain switching, so a go.mod needing a newer Go fetches it with GOTOOLCHAIN=auto (go.dev/doc/toolchain)" }],
    maven: [
        { tool: "maven", min: "3.6.3", why: "Spring Boot 4 system requirements (docs.spring.io/spring-boot/system-requirements.html)" },
        { tool: "jdk", min: "17.0.0", why: "Spring Boot 4 requires Java 17 (same page)" },
        { tool: "jre", min: "17.0.0", why: "the jar runs on the JRE it was built for (same page)" },
    ],
    gradle: [
        { tool: "gradle", min: "8.14.0", why: "Spring Boot 4 supports Gradle 8.14+ and 9 (docs.spring.io/spring-boot/system-requirements.html)" },
        { tool: "jdk", min: "17.0.0", why: "Spring Boot 4 requires Java 17 (same page)" },
        { tool: "jre", min: "17.0.0", why: "the jar runs on the JRE it was built for (same page)" },
    ],
    dotnet: [
        { tool: "dotnet-sdk", min: "10.0.100", why: ".NET 8 support ended 2026-11-10 (dotnet.microsoft.com/platform/support/policy/dotnet-core); net10.0 needs SDK 10 (NETSDK1045)" },
        { tool: "aspnet", min: "10.0.0", why: "the runtime of the SDK's major version, which rolls net8.0/net9.0 apps forward (DOTNET_ROLL_FORWARD=Major)" },
    ],
    cargo: [{ tool: "rust", min: "1.85.0", why: "edition 2024, used by current crates, is stable from Rust 1.85 (blog.rust-lang.org/2025/02/20/Rust-1.85.0.html)" }],
    bundler: [{ tool: "ruby", min: "3.2.0", why: "Ruby 3.1 reached end of life 2025-03-31 (ruby-lang.org/en/downloads/branches)" }],
    composer: [
        { tool: "composer", min: "2.0.0", why: "packagist.org serves Composer 1 a shrinking v1 index (blog.packagist.com/deprecating-composer-1-support)" },
        { tool: "php", min: "8.2.0", why: "PHP 8.1 reached end of life 2025-12-31 (php.net/supported-versions.php)" },
    ],
};

const BUILD_TOOL: Record<string, string> = { "java-maven": "maven", "java-gradle": "gradle", go: "go", dotnet: "dotnet", rust: "cargo", ruby: "bundler", php: "composer" };

/** The versions of the tools a Dockerfile pins, read from FROM and COPY --from image tags and pinned pip installs. */
function pinnedTools(dockerfile: string): Partial<Record<Tool, string>> {
    const d = DockerfileParser.parse(dockerfile);
    const images = [...d.getFROMs().map((f) => f.getImage() ?? ""), ...d.getCOPYs().flatMap((c) => (c.getFromFlag() ? [c.getFromFlag()!.getValue() ?? ""] : []))];
    const found: Partial<Record<Tool, string>> = {};
    const patterns: [RegExp, (m: RegExpMatchArray) => Partial<Record<Tool, string>>][] = [
        [/^node:(\d+\.\d+\.\d+)/, (m) => ({ node: m[1] })],
        [/^python:(\d+\.\d+\.\d+)/, (m) => ({ python: m[1] })],
        [/^ghcr\.io\/astral-sh\/uv:(\d+\.\d+\.\d+)/, (m) => ({ uv: m[1] })],
        [/^golang:(\d+\.\d+\.\d+)/, (m) => ({ golang: m[1] })],
        [/^maven:(\d+\.\d+\.\d+)-eclipse-temurin-(\d+)/, (m) => ({ maven: m[1], jdk: `${m[2]}.0.0` })],
        [/^gradle:(\d+\.\d+\.\d+)-jdk(\d+)/, (m) => ({ gradle: m[1], jdk: `${m[2]}.0.0` })],
        [/^eclipse-temurin:(\d+\.\d+\.\d+)_\d+-jre/, (m) => ({ jre: m[1] })],
        [/^mcr\.microsoft\.com\/dotnet\/sdk:(\d+\.\d+\.\d+)/, (m) => ({ "dotnet-sdk": m[1] })],
        [/^mcr\.microsoft\.com\/dotnet\/aspnet:(\d+\.\d+\.\d+)/, (m) => ({ aspnet: m[1] })],
        [/^rust:(\d+\.\d+\.\d+)/, (m) => ({ rust: m[1] })],
        [/^ruby:(\d+\.\d+\.\d+)/, (m) => ({ ruby: m[1] })],
        [/^composer:(\d+\.\d+\.\d+)/, (m) => ({ composer: m[1] })],
        [/^dunglas\/frankenphp:\d+\.\d+\.\d+-php(\d+\.\d+)/, (m) => ({ php: `${m[1]}.0` })],
    ];
    for (const image of images)
        for (const [re, f] of patterns) {
            const m = image.match(re);
            if (m) Object.assign(found, f(m));
        }
    const poetry = dockerfile.match(/\bpoetry==(\d+\.\d+\.\d+)/);
    if (poetry) found.poetry = poetry[1];
    return found;
}

const atLeast = (v: string, min: string) => {
    const [a, b] = [v, min].map((x) => x.split(".").map(Number));
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
    return true;
};

describe("render/imagePins: each pinned tool meets its package manager's minimum", () => {
    for (const [label, files] of Object.entries(stacks)) {
        it(label, () => {
            const stack = detectStack(files);
            const manager = stack.packageManager ?? BUILD_TOOL[stack.language];
            const minimums = MINIMUMS[manager];
            assert.ok(minimums, `no minimum recorded for ${stack.language}/${manager}: add one with its source`);
            const dockerfile = renderDockerfile(stack).dockerfile;
            const pinned = pinnedTools(dockerfile);
            for (const { tool, min, why } of minimums) {
                assert.ok(pinned[tool], `${label}: no pinned ${tool} found in\n${dockerfile}`);
                assert.ok(atLeast(pinned[tool]!, min), `${label}: ${tool} ${pinned[tool]} < ${min}: ${why}`);
            }
        });
    }

    it("the .NET runtime is the SDK's major version", () => {
        const pinned = pinnedTools(renderDockerfile(detectStack(stacks.dotnet)).dockerfile);
        assert.strictEqual(pinned.aspnet!.split(".")[0], pinned["dotnet-sdk"]!.split(".")[0]);
    });

    it("Go may fetch the toolchain a go.mod asks for (the golang image sets GOTOOLCHAIN=local)", () => {
        // docker-library/golang Dockerfile-linux.template: ENV GOTOOLCHAIN=local (docker-library/golang#472).
        assert.match(renderDockerfile(detectStack(stacks.go)).dockerfile, /^ENV GOTOOLCHAIN=auto$/m);
    });

    describe("no base image is past its end of life", () => {
        // GoogleContainerTools/distroless SUPPORT_POLICY.md @ cd080764: static, base and cc *-debian12 reach end of
        // life in September 2026 (issue 2129); *-debian13 are supported until a year after Debian 14's release.
        const supportedDistroless = (image: string) => !/^gcr\.io\/distroless\/[a-z0-9-]+-debian(\d+)/.test(image) || Number(/-debian(\d+)/.exec(image)![1]) >= 13;
        for (const [label, files] of Object.entries(stacks)) {
            it(label, () => {
                for (const image of DockerfileParser.parse(renderDockerfile(detectStack(files)).dockerfile)
                    .getFROMs()
                    .map((f) => f.getImage() ?? "")) {
                    assert.ok(supportedDistroless(image), `${label}: ${image} is past its end of life: use the -debian13 image`);
                }
            });
        }
        it("the check bites: a debian12 distroless image is refused, debian13 accepted", () => {
            assert.strictEqual(supportedDistroless("gcr.io/distroless/static-debian12:nonroot"), false);
            assert.strictEqual(supportedDistroless("gcr.io/distroless/cc-debian13:nonroot"), true);
        });
    });

    it("Rust builds on the runtime's Debian release (trixie is Debian 13), so the binary needs no newer glibc than the runtime has", () => {
        const froms = DockerfileParser.parse(renderDockerfile(detectStack(stacks.rust)).dockerfile)
            .getFROMs()
            .map((f) => f.getImage() ?? "");
        assert.match(froms[0], /^rust:[0-9.]+-trixie$/);
        assert.match(froms[froms.length - 1], /^gcr\.io\/distroless\/cc-debian13:nonroot$/);
    });

    it("the comparison bites: Node 22.12 is refused for pnpm, 22.14 accepted", () => {
        assert.strictEqual(atLeast("22.12.0", MINIMUMS.pnpm[0].min), false);
        assert.strictEqual(atLeast("22.14.0", MINIMUMS.pnpm[0].min), true);
        assert.strictEqual(atLeast("1.83.0", MINIMUMS.cargo[0].min), false);
    });
});
