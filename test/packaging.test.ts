// The package as users get it. Git holds no sdk/bin (it is compiled), so a fresh clone must build the sdk with the
// sdk's own scripts, and `npm pack` must ship what a plugin start needs: bin/index.js with the components, the
// TypeScript and tsconfig.json Pulumi's analyzer reads to infer the schema, PulumiPlugin.yaml, schema.json, the
// policy pack, and the inputs of its own build (so `prepare` works in an unpacked copy too). Two clones (no npm install in them: their node_modules is a link to this checkout's) are built at
// once, one by `npm run build`, one by `npm pack` through `prepare`.
import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { withProviderRefs } from "../sdk/src/plugin";
import { withSchemaTags } from "../sdk/src/schemaDocs";

const ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);

/** Everything `npm pack` ships besides bin/ (compiled) and src/ (what the analyzer reads, and the build's input). */
const SHIPPED = [
    "PulumiPlugin.yaml",
    "cli.js",
    "package.json",
    "policy/PulumiPolicy.yaml",
    "policy/index.js",
    "policy/index.ts",
    "policy/package.json",
    "policy/tsconfig.json",
    "schema.json",
    "tsconfig.json",
];
const COMPONENTS = ["FleetAutomatedDeployment", "FleetMemberRegistryAccess", "GitHubOidcIdentity", "GitHubRepositoryWiring", "HubNamespace", "NamespacePlacement"];

/** A clone of this repository at HEAD plus the uncommitted changes to tracked files, sharing our node_modules. */
function freshClone(dir: string): void {
    const ident = { GIT_AUTHOR_NAME: "test", GIT_AUTHOR_EMAIL: "test@localhost", GIT_COMMITTER_NAME: "test", GIT_COMMITTER_EMAIL: "test@localhost" };
    // `git stash create` writes the work tree as a commit without touching refs, the index or the files ("" when clean).
    // A stash that cannot be made (a git operation of another process holding the index) leaves the clone at HEAD.
    let rev = "HEAD";
    try {
        rev =
            execFileSync("git", ["stash", "create"], { cwd: ROOT, env: { ...process.env, ...ident }, stdio: ["ignore", "pipe", "pipe"] })
                .toString()
                .trim() || "HEAD";
    } catch {
        /* HEAD */
    }
    const head = execFileSync("git", ["rev-parse", rev], { cwd: ROOT }).toString().trim();
    // A local clone copies the object store, so the stash commit (reachable from no ref) is there too.
    execFileSync("git", ["clone", "--quiet", "--no-checkout", ROOT, dir]);
    execFileSync("git", ["-c", "advice.detachedHead=false", "checkout", "--quiet", head], { cwd: dir });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    shareSdkModules(path.join(dir, "sdk"));
}

/**
 * npm installs a workspace's dependency in sdk/node_modules when another version holds the root's slot (the sdk's
 * `diff` beside mocha's): a copy of the sdk shares that folder too, as an install of the package would give it its own.
 */
function shareSdkModules(sdk: string): void {
    const own = path.join(ROOT, "sdk/node_modules");
    if (fs.existsSync(own) && !fs.existsSync(path.join(sdk, "node_modules"))) fs.symlinkSync(own, path.join(sdk, "node_modules"), "dir");
}

/** The npm packages each folder of a compiled bin/ requires at run time (type imports are gone from the JavaScript). */
function runtimeRequires(bin: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const file of listFiles(bin).filter((f) => f.endsWith(".js"))) {
        const folder = file.includes("/") ? file.split("/")[0] : ".";
        for (const [, spec] of fs.readFileSync(path.join(bin, file), "utf8").matchAll(/\brequire\("([^".][^"]*)"\)/g)) {
            const pkg = spec
                .split("/")
                .slice(0, spec.startsWith("@") ? 2 : 1)
                .join("/");
            if (builtinModules.includes(pkg) || spec.startsWith("node:")) continue;
            if (!out.has(folder)) out.set(folder, new Set());
            out.get(folder)!.add(pkg);
        }
    }
    return out;
}

function listFiles(dir: string, prefix = ""): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe("packaging: the sdk from a fresh clone, and its npm pack tarball", function () {
    this.timeout(180_000);
    let tmp: string;
    let built: string;
    let packed: string;
    let binInGit = true;
    let build: Promise<unknown>;
    let pack: Promise<{ stdout: string }>;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-pack-"));
        built = path.join(tmp, "built");
        packed = path.join(tmp, "packed");
        freshClone(built);
        freshClone(packed);
        binInGit = fs.existsSync(path.join(built, "sdk/bin")) || fs.existsSync(path.join(packed, "sdk/bin"));
        build = run("npm", ["run", "build"], { cwd: path.join(built, "sdk") });
        pack = run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: path.join(packed, "sdk"), maxBuffer: 64 * 1024 * 1024 });
        // Each test awaits what it needs; a failure is reported there, not as an unhandled rejection.
        build.catch(() => undefined);
        pack.catch(() => undefined);
    });

    after(async () => {
        await Promise.allSettled([build, pack]);
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("a fresh clone has no compiled output; the sdk's own `npm run build` compiles bin/index.js, the plan CLI and the policy pack", async () => {
        assert.equal(binInGit, false, "sdk/bin must not be in git");
        await build;
        for (const file of ["bin/index.js", "bin/index.d.ts", "bin/plan/cli.js", "policy/index.js"]) {
            assert.ok(fs.existsSync(path.join(built, "sdk", file)), `sdk/${file} after npm run build in sdk/`);
        }
    });

    it("`npm pack` in a fresh clone builds through `prepare` and ships exactly bin/, src/, the plugin, schema and policy files", async () => {
        const [entry] = JSON.parse((await pack).stdout);
        const files: string[] = entry.files.map((f: { path: string }) => f.path).sort();
        assert.deepEqual(
            files.filter((f) => !/^(bin|src)\//.test(f)),
            SHIPPED,
        );
        // bin/: all the build wrote (prepare ran: git has none); src/: the sources as git holds them.
        // bin/*.tsbuildinfo is the incremental build's state (tsc -b), kept beside the output so deleting bin/ rebuilds all; not shipped.
        const all = listFiles(path.join(packed, "sdk/bin"), "bin/").sort();
        assert.ok(all.includes("bin/tsconfig.tsbuildinfo"), "the build is incremental");
        const bin = all.filter((f) => !f.endsWith(".tsbuildinfo"));
        assert.ok(bin.includes("bin/index.js") && bin.includes("bin/plan/cli.js"), "prepare compiled the sdk");
        assert.deepEqual(
            files.filter((f) => f.startsWith("bin/")),
            bin,
        );
        const src = execFileSync("git", ["ls-files", "src"], { cwd: path.join(packed, "sdk") })
            .toString()
            .trim()
            .split("\n")
            .sort();
        assert.deepEqual(
            files.filter((f) => f.startsWith("src/")),
            src,
        );
        assert.ok(fs.statSync(path.join(tmp, entry.filename)).size > 0);
    });

    it("depends on what the components require at run time; the plan engine's jsdiff and the pack's @pulumi/policy are optional peers", async () => {
        await pack;
        const sdk = path.join(packed, "sdk");
        const manifest = JSON.parse(fs.readFileSync(path.join(sdk, "package.json"), "utf8"));
        const requires = runtimeRequires(path.join(sdk, "bin"));
        assert.ok(requires.has("plan") && requires.has("policy") && requires.has("hub"), "the packed bin/ is read");
        const ENGINES = ["plan", "policy", "resource"];
        const library = new Set([...requires].filter(([folder]) => !ENGINES.includes(folder)).flatMap(([, pkgs]) => [...pkgs]));
        const engines = new Set([...requires].filter(([folder]) => ENGINES.includes(folder)).flatMap(([, pkgs]) => [...pkgs]));
        for (const [, spec] of fs.readFileSync(path.join(sdk, "policy/index.js"), "utf8").matchAll(/\brequire\("([^".][^"]*)"\)/g)) engines.add(spec);
        // Pulumi's plugin host (@pulumi/pulumi cmd/run-plugin) registers ts-node with the package's tsconfig.json at every
        // start of the component plugin; without them it takes its vendored ts-node 7 and TypeScript 3.8, which refuse the
        // tsconfig (node16, ES2022), and the analyzer (the schema's fallback) reads src/ with that TypeScript.
        const PLUGIN_HOST = ["ts-node", "typescript"];
        assert.deepEqual(Object.keys(manifest.dependencies).sort(), [...new Set([...library, ...PLUGIN_HOST])].sort());
        const optional = Object.keys(manifest.peerDependenciesMeta ?? {})
            .filter((k) => manifest.peerDependenciesMeta[k].optional)
            .sort();
        assert.deepEqual(optional, ["@pulumi/policy", "diff"]);
        assert.deepEqual(Object.keys(manifest.peerDependencies).sort(), optional);
        for (const pkg of engines) assert.ok(pkg in manifest.dependencies || optional.includes(pkg), `${pkg}, which the plan engine or the pack requires, is a dependency or an optional peer`);
        for (const pkg of optional) {
            assert.ok(engines.has(pkg) && !library.has(pkg), `${pkg} is required by the plan engine or the pack only`);
            assert.equal(manifest.devDependencies[pkg], manifest.peerDependencies[pkg], `${pkg}: the workspace installs the range users are asked for`);
        }
        // The pack's folder declares what it needs, for \`npm install\` there (as Pulumi's docs have local packs installed).
        const packManifest = JSON.parse(fs.readFileSync(path.join(sdk, "policy/package.json"), "utf8"));
        assert.deepEqual(packManifest.dependencies, { "@pulumi/policy": manifest.peerDependencies["@pulumi/policy"] });
    });

    it("the unpacked tarball is a plugin: bin/index.js loads with its dependencies, exports the components, and the analyzer infers schema.json from it", async () => {
        const [entry] = JSON.parse((await pack).stdout);
        const unpacked = path.join(tmp, "unpacked");
        fs.mkdirSync(unpacked);
        execFileSync("tar", ["-xzf", path.join(tmp, entry.filename), "-C", unpacked]);
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(unpacked, "node_modules"), "dir");
        const pkg = path.join(unpacked, "package");
        shareSdkModules(pkg);
        const manifest = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8"));
        assert.equal(manifest.name, "fleet-autodeploy");
        assert.match(fs.readFileSync(path.join(pkg, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
        // What Pulumi's Node.js plugin host does on start: require the package's main, collect its components,
        // and infer the schema from the package's TypeScript (its tsconfig.json and src/).
        const script = `
            const { ComponentProvider, getPulumiComponents } = require("@pulumi/pulumi/provider/experimental");
            const sdk = require(${JSON.stringify(path.join(pkg, manifest.main))});
            const components = getPulumiComponents(sdk);
            new ComponentProvider({ components, dirname: ${JSON.stringify(pkg)}, name: "fleet-autodeploy" }).getSchema().then((schema) =>
                console.log(JSON.stringify({ exports: Object.keys(sdk), components: components.map((c) => c.name), schema: JSON.parse(schema) })));`;
        // Its own build's inputs are there too (npm runs `prepare` when the unpacked folder is installed as a folder).
        const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
        const [{ stdout }] = await Promise.all([
            run(process.execPath, ["-e", script], { cwd: unpacked, maxBuffer: 64 * 1024 * 1024 }),
            run(process.execPath, [tsc, "-p", ".", "--listFilesOnly"], { cwd: pkg, maxBuffer: 64 * 1024 * 1024 }),
            run(process.execPath, [tsc, "-p", "policy", "--listFilesOnly"], { cwd: pkg, maxBuffer: 64 * 1024 * 1024 }),
        ]);
        const out = JSON.parse(stdout);
        assert.deepEqual([...out.components].sort(), COMPONENTS);
        for (const name of ["FleetAutomatedDeployment", "grantRegistryPull", "deploymentProblems"]) {
            assert.ok(out.exports.includes(name), `exports ${name}`);
        }
        for (const name of ["renderWorkflow", "deploymentSpec", "argumentShapeProblems"]) assert.ok(!out.exports.includes(name), `${name} is internal`);
        // schema.json is the analyzer's output with provider references spelled as the schema binder resolves them (plugin.ts)
        // and the JSDoc tags the analyzer drops read from the shipped sources (schemaDocs.ts).
        assert.deepEqual(withSchemaTags(withProviderRefs(out.schema), pkg), JSON.parse(fs.readFileSync(path.join(pkg, "schema.json"), "utf8")));
    });
});
