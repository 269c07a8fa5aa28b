// The build part, planned directly: how the image is built, where its files are, and the files it commits (claimed).
import * as assert from "node:assert";
import { planBuild } from "../../sdk/src/build/part";
import { dockerignorePath } from "../../sdk/src/build/generatedFiles";
import { planNaming } from "../../sdk/src/naming/part";

const names = planNaming({ repository: "contoso/web" }, "").spec;
const none = { adoptsTasksRole: false };

describe("build/part: planBuild", () => {
    it("defaults: a runner build of ./Dockerfile with the registry cache, plain manifests in manifests/; nothing generated, nothing claimed", () => {
        const { spec, problems, claims } = planBuild({}, "", names, none);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(
            [spec.mode, spec.layerCache, spec.dockerfile, spec.context, spec.manifestSource, spec.manifestPath],
            ["runner", "registry", "Dockerfile", ".", "directory", "manifests"],
        );
        assert.deepStrictEqual(claims, []);
    });

    it("a helm chart's path is named after the app", () => {
        assert.strictEqual(planBuild({ manifestSource: "helm" }, "", names, none).spec.manifestPath, "charts/web");
    });

    it("claims the Dockerfile, the .dockerignore beside the context and the manifest folder it commits, on the commit branch", () => {
        const { spec, problems, claims } = planBuild(
            { dockerContext: "apps/web", containerize: { files: ["package.json", "package-lock.json", "server.js"] }, generateManifests: {} },
            "",
            names,
            none,
        );
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(spec.containerize?.port, 8080);
        assert.strictEqual(spec.manifests?.port, 8080, "the manifests' port defaults to the container's");
        assert.deepStrictEqual(
            claims.map((c) => [c.path, c.object, c.derivedFrom]),
            [
                ["dockerfile", "file Dockerfile on contoso/web@main", "namespace"],
                ["dockerContext", "file apps/web/.dockerignore on contoso/web@main", undefined],
                ["manifestPath", "file manifests/ on contoso/web@main", "namespace"],
            ],
        );
        assert.strictEqual(dockerignorePath("."), ".dockerignore");
    });

    it("refuses what contradicts the build mode or the manifest source, each once", () => {
        const { problems } = planBuild({ buildMode: "acrTasks", layerCache: "none", manifestSource: "kustomize", helmSet: { a: "1" }, generateManifests: {} }, "", names, { adoptsTasksRole: false });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["layerCache", "helmSet", "generateManifests"],
        );
        assert.deepStrictEqual(
            planBuild({}, "", names, { adoptsTasksRole: true }).problems.map((p) => p.path),
            ["adopt.roleAssignments.registryTasks"],
        );
    });
});
