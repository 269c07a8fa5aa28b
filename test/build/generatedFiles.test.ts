// The containerize and manifest files as the deployment assembles them (sdk/src/build/generatedFiles.ts), under mocks.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { DockerfileParser } from "dockerfile-ast";
import { containerizeFiles, containerizeProblems, containerizeStack, ContainerizeSpec, generatedManifestFiles, generatedManifestSpec } from "../../sdk/src/build/generatedFiles";
import { ContainerizeArgs } from "../../sdk/src/build/generatedArgs";
import { Problem } from "../../sdk/src/core/problems";
import { run, valueOf } from "../harness";

const tree = (paths: string[]) => ({
    "github:index/getTree:getTree": (a: Record<string, any>) => ({
        repository: a.repository,
        treeSha: a.treeSha,
        entries: paths.map((path) => ({ path, type: "blob", mode: "100644", sha: "0", size: 1 })),
    }),
});

/** Containerizes and generates manifests the way the deployment should: one detection feeding both. */
async function generate(args: ContainerizeArgs, paths: string[]) {
    const spec: ContainerizeSpec = { args, port: 8080, dockerfile: "Dockerfile", context: "." };
    const { value, invokes } = await run(
        () => {
            const parent = new pulumi.ComponentResource("test:index:Parent", "p");
            const stack = containerizeStack(spec, "web", "main", parent);
            const manifests = generatedManifestSpec({}, "web", "web", 8080, []);
            return { docker: containerizeFiles(spec, "web", "main", parent, stack), manifests: generatedManifestFiles(manifests, "acr.azurecr.io/web", "manifests", stack.language) };
        },
        { invokes: tree(paths) },
    );
    const content = async (f: { content: pulumi.Input<string> }) => (await valueOf(pulumi.output(f.content)))!;
    const dockerfile = await content(value.docker[0]);
    const deployment = YAML.parse(await content(value.manifests.find((m) => m.path === "manifests/deployment.yaml")!));
    const user = DockerfileParser.parse(dockerfile)
        .getInstructions()
        .filter((i) => i.getKeyword() === "USER")
        .pop()!
        .getArgumentsContent();
    return { dockerfile, deployment, user, invokes };
}

const problemsOf = (args: ContainerizeArgs) => {
    const problems: Problem[] = [];
    containerizeProblems(args, problems);
    return problems;
};

describe("build/generatedFiles: one detection for the Dockerfile and the manifests", () => {
    for (const [label, paths, uid] of [
        ["a TypeScript tree (node, 1000)", ["package.json", "pnpm-lock.yaml", "tsconfig.json", "src/index.ts"], 1000],
        ["a Go tree (distroless nonroot, 65532)", ["go.mod", "cmd/api/main.go"], 65532],
    ] as const) {
        it(`read from the branch: ${label}: the Deployment runs as the Dockerfile's USER, with the runtime's volumes`, async () => {
            const { deployment, user, invokes } = await generate({}, [...paths]);
            const pod = deployment.spec.template.spec;
            assert.strictEqual(user, `${uid}:${uid}`);
            assert.strictEqual(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`, user);
            assert.deepStrictEqual(
                pod.containers[0].volumeMounts.map((m: any) => m.mountPath),
                ["/tmp"],
            );
            assert.strictEqual(invokes.filter((i) => i.token === "github:index/getTree:getTree").length, 1, "the tree is read once for both");
        });
    }

    it("without the detected runtime, the Deployment leaves the user to the image's numeric USER", async () => {
        const { value } = await run(() => generatedManifestFiles(generatedManifestSpec({}, "web", "web", 8080, []), "acr.azurecr.io/web", "manifests"));
        const deployment = YAML.parse((await valueOf(pulumi.output(value.find((f) => f.path.endsWith("deployment.yaml"))!.content)))!);
        assert.ok(!("runAsUser" in deployment.spec.template.spec.securityContext));
    });

    it("known files fail at construction, naming the argument that fixes it", () => {
        const cases: [ContainerizeArgs, string, string][] = [
            [{ files: ["go.mod", "cmd/a/main.go", "cmd/b/main.go"] }, "containerize.entrypoint", "cmd/a, cmd/b"],
            [{ files: ["Gemfile", "Gemfile.lock", "app.rb"] }, "containerize.entrypoint", "config.ru"],
            [{ files: ["composer.json", "src/Kernel.php"] }, "containerize.entrypoint", "public/index.php"],
            [{ files: ["requirements.txt"] }, "containerize.entrypoint", "no python entry point"],
            [{ files: ["requirements.txt", "main.py", "app.py"] }, "containerize.entrypoint", "main.py and app.py"],
            [{ files: ["requirements.txt", "manage.py", "mysite/wsgi.py"] }, "containerize.entrypoint", "mysite.wsgi"],
            [{ files: ["project.clj"] }, "containerize.files", "Clojure (project.clj) is not supported"],
            [{ files: ["pom.xml"], entrypoint: "App.java" }, "containerize.entrypoint", "does not apply to java-maven"],
            [{ files: ["go.mod", "main.go"], command: [] }, "containerize.command", "non-empty list"],
            [{ files: ["requirements.txt", "main.py"], command: ["python", "x.py"], entrypoint: "main.py" }, "containerize.entrypoint", "both set"],
        ];
        for (const [args, path, fragment] of cases) {
            const hit = problemsOf(args).find((p) => p.path === path);
            assert.ok(hit?.message.includes(fragment), `${JSON.stringify(args)}: ${JSON.stringify(problemsOf(args))}`);
        }
        assert.deepStrictEqual(problemsOf({ files: ["go.mod", "cmd/a/main.go", "cmd/b/main.go"], entrypoint: "cmd/b" }), []);
        assert.deepStrictEqual(problemsOf({ files: ["Gemfile", "Gemfile.lock", "app.rb"], command: ["bundle", "exec", "ruby", "app.rb"] }), []);
    });

    // A Python app's server, from its dependency file's text (which server: render/pythonServers.ts and its test).
    it("read from the branch: the tree, then the dependency file's text through the GitHub provider", async () => {
        const tree = {
            "github:index/getTree:getTree": (a: Record<string, any>) => ({
                repository: a.repository,
                treeSha: a.treeSha,
                entries: ["requirements.txt", "main.py"].map((path) => ({ path, type: "blob", mode: "100644", sha: "0", size: 1 })),
            }),
        };
        const file = { "github:index/getRepositoryFile:getRepositoryFile": (a: Record<string, any>) => ({ ...a, content: "fastapi==0.115\nuvicorn\n" }) };
        const { value, invokes } = await run(
            () => {
                const parent = new pulumi.ComponentResource("test:index:Parent", "p");
                return containerizeStack({ args: {}, port: 8080, dockerfile: "Dockerfile", context: "." }, "contoso/api", "main", parent);
            },
            { invokes: { ...tree, ...file } },
        );
        const stack = (await valueOf(value))!;
        assert.deepStrictEqual(stack.details.pythonServer, { framework: "fastapi", interface: "asgi", server: "uvicorn", target: "main:app", declaredIn: "requirements.txt" });
        const read = invokes.filter((i) => i.token === "github:index/getRepositoryFile:getRepositoryFile");
        assert.deepStrictEqual(
            read.map((i) => [i.args.repository, i.args.file, i.args.branch]),
            [["contoso/api", "requirements.txt", "main"]],
        );
    });
});
