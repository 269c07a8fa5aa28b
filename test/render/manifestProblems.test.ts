import * as assert from "assert";
import { AppManifestSpec, manifestProblems, renderAppManifests } from "../../sdk/src/render/manifests";

// Each refusal in exact words, at both sides of its bound: the bounds are what the API server and the kubelet
// enforce (a port above 65535, a request above its limit, a PDB with both fields), so an off-by-one is an outage.
const base: AppManifestSpec = { appName: "web", namespace: "web", image: "contosoacr.azurecr.io/web" };
const problems = (change: Partial<AppManifestSpec>) => manifestProblems({ ...base, ...change }, "app");
const messages = (change: Partial<AppManifestSpec>) => problems(change).map((p) => [p.path, p.message]);

describe("render/manifests: manifestProblems, each refusal and its bounds", () => {
    it("accepts the defaults", () => assert.deepStrictEqual(problems({}), []));

    it("appName: a DNS label of at most 63 characters", () => {
        assert.deepStrictEqual(messages({ appName: "Web" }), [["app.appName", 'app.appName "Web" is not a DNS label.']]);
        assert.deepStrictEqual(messages({ appName: "a".repeat(63) }), []);
        assert.deepStrictEqual(messages({ appName: "a".repeat(64) }), [["app.appName", `app.appName "${"a".repeat(64)}" is not a DNS label.`]]);
        assert.deepStrictEqual(messages({ appName: undefined as never }), [["app.appName", "app.appName undefined is not a DNS label."]]);
    });

    it("port: 1024 to 65535, because the container runs as non-root", () => {
        for (const ok of [1024, 65535, 8080]) assert.deepStrictEqual(messages({ port: ok }), [], String(ok));
        for (const bad of [1023, 65536, 8080.5]) {
            assert.deepStrictEqual(messages({ port: bad }), [["app.port", `app.port ${bad} must be from 1024 to 65535 (the container runs as non-root).`]]);
        }
    });

    it("servicePort: 1 to 65535, with no non-root clause", () => {
        for (const ok of [1, 65535, 80]) assert.deepStrictEqual(messages({ servicePort: ok }), [], String(ok));
        for (const bad of [0, 65536, 1.5]) assert.deepStrictEqual(messages({ servicePort: bad }), [["app.servicePort", `app.servicePort ${bad} must be from 1 to 65535.`]]);
    });

    it("replicas: a whole number, zero allowed (a paused app)", () => {
        for (const ok of [0, 1, 5]) assert.deepStrictEqual(messages({ replicas: ok }), [], String(ok));
        for (const bad of [-1, 1.5]) assert.deepStrictEqual(messages({ replicas: bad }), [["app.replicas", `app.replicas ${bad} must be a whole number.`]]);
    });

    it("runtime and serviceType: only the known ones", () => {
        assert.deepStrictEqual(messages({ runtime: "python" }), []);
        const [[path, message]] = messages({ runtime: "toString" as never });
        assert.strictEqual(path, "app.runtime", "an inherited property name is not a runtime");
        assert.match(message, /^app\.runtime "toString" is not one of javascript, .*python/);
        for (const ok of ["ClusterIP", "LoadBalancer", "None"] as const) assert.deepStrictEqual(messages({ serviceType: ok }), []);
        assert.deepStrictEqual(messages({ serviceType: "NodePort" as never }), [["app.serviceType", 'app.serviceType "NodePort" is not "ClusterIP", "LoadBalancer" or "None".']]);
    });

    it("resources: Kubernetes quantities, each request at most its limit, defaults included", () => {
        assert.deepStrictEqual(messages({ resources: { cpuRequest: "lots" } }), [["app.cpuRequest", 'app.cpuRequest "lots" is not a Kubernetes quantity (e.g. "250m", "256Mi").']]);
        assert.deepStrictEqual(messages({ resources: { cpuRequest: "500m", cpuLimit: "0.5" } }), [], "equal amounts, spelled differently");
        assert.deepStrictEqual(messages({ resources: { cpuRequest: "1", cpuLimit: "500m" } }), [[
            "app.cpuLimit",
            'app.cpuLimit "500m" is below app.cpuRequest "1": Kubernetes refuses the pod (a request "must be less than or equal to cpu limit"). Raise cpuLimit, or lower cpuRequest.',
        ]]);
        // The user set only the request: it is the request that is reported, and the limit is named as the default.
        assert.deepStrictEqual(messages({ resources: { memoryRequest: "1Gi" } }), [[
            "app.memoryRequest",
            'app.memoryLimit "512Mi" (the default) is below app.memoryRequest "1Gi": Kubernetes refuses the pod (a request "must be less than or equal to memory limit"). Raise memoryLimit, or lower memoryRequest.',
        ]]);
        assert.deepStrictEqual(messages({ resources: { memoryLimit: "100Mi" } }), [[
            "app.memoryLimit",
            'app.memoryLimit "100Mi" is below app.memoryRequest "128Mi" (the default): Kubernetes refuses the pod (a request "must be less than or equal to memory limit"). Raise memoryLimit, or lower memoryRequest.',
        ]]);
        assert.deepStrictEqual(messages({ resources: { memoryLimit: "128Mi" } }), [], "a limit equal to the request");
        assert.deepStrictEqual(messages({ resources: { cpuRequest: "4" } }), [], "no CPU limit by default, so no CPU request is too high");
    });

    it("healthPath and config keys", () => {
        assert.deepStrictEqual(messages({ healthPath: "/healthz" }), []);
        assert.deepStrictEqual(messages({ healthPath: "healthz/" }), [["app.healthPath", `app.healthPath "healthz/" must start with '/'.`]]);
        assert.deepStrictEqual(messages({ config: { "A-b_c.9": "x" } }), []);
        assert.deepStrictEqual(messages({ config: { ok: "1", "A B": "x", "": "y" } }), [
            ["app.config", `app.config key "A B" is not a valid ConfigMap key (letters, digits, '-', '_', '.').`],
            ["app.config", `app.config key "" is not a valid ConfigMap key (letters, digits, '-', '_', '.').`],
        ]);
    });

    it("autoscaling: minReplicas at least 1 (default 2), maxReplicas at least minReplicas, target from 1 to 100", () => {
        assert.deepStrictEqual(messages({ hpa: { maxReplicas: 2 } }), [], "the default minimum is 2");
        assert.deepStrictEqual(messages({ hpa: { maxReplicas: 1 } }), [["app.autoscaling.maxReplicas", "app.autoscaling.maxReplicas 1 must be a whole number, at least minReplicas (2)."]]);
        assert.deepStrictEqual(messages({ hpa: { minReplicas: 1, maxReplicas: 1 } }), []);
        assert.deepStrictEqual(messages({ hpa: { minReplicas: 3, maxReplicas: 3.5 } }), [["app.autoscaling.maxReplicas", "app.autoscaling.maxReplicas 3.5 must be a whole number, at least minReplicas (3)."]]);
        assert.deepStrictEqual(messages({ hpa: { minReplicas: 0, maxReplicas: 0 } }), [
            ["app.autoscaling.maxReplicas", "app.autoscaling.maxReplicas 0 must be a whole number, at least minReplicas (0)."],
            ["app.autoscaling.minReplicas", "app.autoscaling.minReplicas 0 must be at least 1."],
        ]);
        assert.deepStrictEqual(messages({ hpa: { minReplicas: 1.5, maxReplicas: 4 } }), [["app.autoscaling.minReplicas", "app.autoscaling.minReplicas 1.5 must be at least 1."]]);
        for (const ok of [1, 100]) assert.deepStrictEqual(messages({ hpa: { maxReplicas: 4, targetCpuUtilizationPercent: ok } }), [], String(ok));
        for (const bad of [0, 101, 50.5]) {
            assert.deepStrictEqual(messages({ hpa: { maxReplicas: 4, targetCpuUtilizationPercent: bad } }), [["app.autoscaling.targetCpuUtilizationPercent", `app.autoscaling.targetCpuUtilizationPercent ${bad} must be from 1 to 100.`]]);
        }
    });

    it("pdb: one of minAvailable and maxUnavailable, each a count or a percentage up to 100%", () => {
        for (const ok of ["0", "1", "25%", "100%"]) assert.deepStrictEqual(messages({ pdb: { maxUnavailable: ok } }), [], ok);
        assert.deepStrictEqual(messages({ pdb: { minAvailable: "3" } }), []);
        assert.deepStrictEqual(messages({ pdb: {} }), [], "neither: maxUnavailable 1 is rendered");
        for (const bad of ["101%", "1.5", "x%", "-1"]) {
            assert.deepStrictEqual(messages({ pdb: { minAvailable: bad } }), [["app.maxUnavailable", `app.maxUnavailable ${JSON.stringify(bad)} must be a count ("1") or a percentage ("25%").`]], bad);
        }
        assert.deepStrictEqual(messages({ pdb: { minAvailable: "1", maxUnavailable: "1" } }), [["app.maxUnavailable", "app.pdb sets both minAvailable and maxUnavailable: Kubernetes takes one."]]);
    });

    it("every problem at once, and renderAppManifests throws them all under manifests.", () => {
        const spec = { ...base, appName: "Web", port: 80, replicas: -1, healthPath: "x" };
        assert.strictEqual(manifestProblems(spec, "app").length, 4);
        assert.throws(() => renderAppManifests(spec), (e: Error) => e.message === [
            "invalid manifests:",
            '  - manifests.appName "Web" is not a DNS label.',
            "  - manifests.port 80 must be from 1024 to 65535 (the container runs as non-root).",
            "  - manifests.replicas -1 must be a whole number.",
            "  - manifests.healthPath \"x\" must start with '/'.",
        ].join("\n"));
    });
});
