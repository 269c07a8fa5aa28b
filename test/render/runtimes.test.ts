// The image and the pod must agree on who runs and where it may write; every language, through both renderers.
import * as assert from "node:assert";
import { DockerfileParser } from "dockerfile-ast";
import { renderDockerfile } from "../../sdk/src/render/dockerfile";
import { detectStack, Language, RUNTIMES } from "../../sdk/src/render/languages";
import { AppManifestSpec, renderAppManifests } from "../../sdk/src/render/manifests";
import { validateKubeObject } from "../validators/kubernetesModels";
import { stacks } from "./stackFixtures";

const base: AppManifestSpec = { appName: "web", namespace: "web", image: "contosoacr.azurecr.io/web" };
const deploymentOf = (spec: AppManifestSpec) => renderAppManifests(spec).find((o) => o.kind === "Deployment") as any;

/** The final stage's FROM, USER and ENV, from dockerfile-ast's parse tree. */
function finalStage(dockerfile: string): { from: string; user: string; env: Record<string, string> } {
    const instructions = DockerfileParser.parse(dockerfile).getInstructions();
    const last = instructions.map((i) => i.getKeyword()).lastIndexOf("FROM");
    const final = instructions.slice(last);
    const env: Record<string, string> = {};
    for (const i of final.filter((x) => x.getKeyword() === "ENV")) {
        for (const a of i.getArguments()) {
            const [k, ...v] = a.getValue().split("=");
            env[k] = v.join("=");
        }
    }
    return {
        from: final[0].getArgumentsContent()!,
        user: final
            .filter((i) => i.getKeyword() === "USER")
            .pop()!
            .getArgumentsContent()!,
        env,
    };
}

describe("render/runtimes: one table for the image's user and the pod's", () => {
    it("the fixtures cover every language the renderer supports", () => {
        const covered = new Set(Object.values(stacks).map((f) => detectStack(f).language));
        assert.deepStrictEqual([...covered].sort(), Object.values(Language).sort());
    });

    describe("the Dockerfile's final USER is numeric and is the Deployment's runAsUser:runAsGroup", () => {
        for (const [label, files] of Object.entries(stacks)) {
            it(label, () => {
                const stack = detectStack(files);
                const { from, user } = finalStage(renderDockerfile(stack).dockerfile);
                // The kubelet verifies runAsNonRoot only for a numeric user (verifyRunAsNonRoot).
                assert.match(user, /^[1-9][0-9]*:[0-9]+$/, `USER ${user}`);
                const pod = deploymentOf({ ...base, runtime: stack.language }).spec.template.spec;
                const { runAsUser, runAsGroup, fsGroup, runAsNonRoot } = pod.securityContext;
                assert.strictEqual(`${runAsUser}:${runAsGroup}`, user);
                assert.strictEqual(fsGroup, runAsGroup);
                assert.strictEqual(runAsNonRoot, true);
                assert.strictEqual(from, RUNTIMES[stack.language].image, "the final stage runs the table's image, whose user this is");
            });
        }
    });

    it("the table's users are the images' own: node 1000, distroless nonroot 65532, .NET app 1654", () => {
        // nodejs/docker-node (useradd --uid 1000 node), distroless common/variables.bzl (NONROOT = 65532),
        // dotnet/dotnet-docker runtime-deps (APP_UID=1654).
        assert.deepStrictEqual([RUNTIMES.javascript.uid, RUNTIMES.javascript.gid], [1000, 1000]);
        assert.deepStrictEqual([RUNTIMES.go.uid, RUNTIMES.rust.uid, RUNTIMES.go.gid], [65532, 65532, 65532]);
        assert.deepStrictEqual([RUNTIMES.dotnet.uid, RUNTIMES.dotnet.gid], [1654, 1654]);
    });

    it("without a runtime the pod leaves the user to the image (whose USER must then be numeric) and mounts /tmp", () => {
        const pod = deploymentOf(base).spec.template.spec;
        assert.deepStrictEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepStrictEqual(pod.volumes, [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
    });

    describe("under a read-only root, a size-limited emptyDir at every path the runtime writes to, valid for kubernetes-models", () => {
        for (const language of Object.values(Language)) {
            it(language, async () => {
                const objects = renderAppManifests({ ...base, runtime: language });
                const pod = (objects.find((o) => o.kind === "Deployment") as any).spec.template.spec;
                const container = pod.containers[0];
                assert.strictEqual(container.securityContext.readOnlyRootFilesystem, true);
                for (const [path, sizeLimit] of Object.entries(RUNTIMES[language].writable)) {
                    const mount = container.volumeMounts.find((m: any) => m.mountPath === path);
                    assert.ok(mount, `${language}: nothing mounted at ${path}`);
                    const volume = pod.volumes.find((v: any) => v.name === mount.name);
                    assert.deepStrictEqual(volume, { name: mount.name, emptyDir: { sizeLimit } }, path);
                }
                assert.ok(RUNTIMES[language].writable["/tmp"], "every runtime gets /tmp");
                for (const o of objects) await validateKubeObject(o);
            });
        }
    });

    describe("the environment the image sets points only into writable paths", () => {
        for (const [label, files] of Object.entries(stacks)) {
            it(label, () => {
                const stack = detectStack(files);
                const { env } = finalStage(renderDockerfile(stack).dockerfile);
                const writable = Object.keys(RUNTIMES[stack.language].writable);
                for (const key of ["HOME", "TMPDIR", "XDG_CACHE_HOME"].filter((k) => k in env)) {
                    assert.ok(
                        writable.some((w) => env[key] === w || env[key].startsWith(`${w}/`)),
                        `${key}=${env[key]} is not under ${writable.join(", ")}`,
                    );
                }
            });
        }
    });

    it("Python is compiled at build time, so nothing writes __pycache__ under the read-only root, and a bad file does not fail the build", () => {
        assert.match(renderDockerfile(detectStack(stacks.pip)).dockerfile, /^RUN python -m compileall -q \/app \|\| true$/m);
    });

    it("a writable root needs no volumes", () => {
        const pod = deploymentOf({ ...base, runtime: "php", readOnlyRootFilesystem: false }).spec.template.spec;
        assert.ok(!("volumes" in pod) && !("volumeMounts" in pod.containers[0]));
        assert.strictEqual(pod.securityContext.runAsUser, RUNTIMES.php.uid, "the user is set all the same");
    });
});
