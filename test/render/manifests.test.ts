// The app's manifests (sdk/src/render/manifests.ts): valid for kubernetes-models, secure by default, whole, and each
// refusal at its bounds.
import * as assert from "node:assert";
import * as YAML from "yaml";
import { AppManifestSpec, manifestFiles, manifestProblems, renderAppManifests } from "../../sdk/src/render/manifests";
import { validateKubeObject } from "../validators/kubernetesModels";

const base: AppManifestSpec = { appName: "web", namespace: "web", image: "contosoacr.azurecr.io/web" };
const variants: Record<string, AppManifestSpec> = {
    "defaults": base,
    "LoadBalancer with config and HTTP probes": { ...base, serviceType: "LoadBalancer", config: { MODE: "prod", "LOG.LEVEL": "info" }, healthPath: "/healthz", port: 3000, servicePort: 8080 },
    "a worker without a Service": { ...base, serviceType: "None", readOnlyRootFilesystem: false },
    "autoscaled with a disruption budget": { ...base, hpa: { maxReplicas: 10, targetCpuUtilizationPercent: 60 }, pdb: { maxUnavailable: "25%" } },
    "minAvailable and CPU limit": { ...base, pdb: { minAvailable: "1" }, resources: { cpuLimit: "1", memoryLimit: "1Gi" } },
};

const find = (objects: any[], kind: string) => objects.find((o) => o.kind === kind);

describe("render/manifests", () => {
    describe("every object is valid for kubernetes-models (the API's OpenAPI schema)", () => {
        for (const [label, spec] of Object.entries(variants)) {
            it(label, async () => {
                for (const o of renderAppManifests(spec)) await validateKubeObject(o);
            });
        }
    });

    it("the validator bites: a string replica count and an unknown service type are rejected", async () => {
        const [deployment, service] = renderAppManifests(base) as any[];
        await assert.rejects(validateKubeObject({ ...deployment, spec: { ...deployment.spec, replicas: "two" } }), /replicas/);
        await assert.rejects(validateKubeObject({ ...service, spec: { ...service.spec, ports: [{ port: "http" }] } }), /port/);
    });

    it("secure defaults, each pinned", () => {
        const d = find(renderAppManifests(base), "Deployment");
        const pod = d.spec.template.spec;
        const c = pod.containers[0];
        assert.deepStrictEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        assert.strictEqual(pod.automountServiceAccountToken, false);
        assert.deepStrictEqual(c.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
        assert.deepStrictEqual(c.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
        assert.deepStrictEqual(c.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } });
        for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) assert.deepStrictEqual(c[probe].tcpSocket, { port: "http" });
        assert.deepStrictEqual(
            pod.topologySpreadConstraints.map((t: any) => [t.topologyKey, t.whenUnsatisfiable]),
            [
                ["topology.kubernetes.io/zone", "ScheduleAnyway"],
                ["kubernetes.io/hostname", "ScheduleAnyway"],
            ],
        );
        assert.strictEqual(d.spec.replicas, 2);
        assert.deepStrictEqual(d.spec.selector, { matchLabels: { "app.kubernetes.io/name": "web" } });
        assert.deepStrictEqual(d.metadata.labels, { "app.kubernetes.io/instance": "web", "app.kubernetes.io/managed-by": "fleet-autodeploy", "app.kubernetes.io/name": "web" });
        assert.strictEqual(c.image, "contosoacr.azurecr.io/web", "untagged: the workflow substitutes the built tag");
        assert.strictEqual(find(renderAppManifests(base), "Service").spec.type, "ClusterIP");
    });

    it("options change what they should", () => {
        const objects = renderAppManifests(variants["LoadBalancer with config and HTTP probes"]);
        assert.deepStrictEqual(
            objects.map((o) => o.kind),
            ["ConfigMap", "Deployment", "Service"],
        );
        const c = (find(objects, "Deployment") as any).spec.template.spec.containers[0];
        assert.deepStrictEqual(c.envFrom, [{ configMapRef: { name: "web-config" } }]);
        assert.deepStrictEqual(c.readinessProbe.httpGet, { path: "/healthz", port: "http" });
        assert.strictEqual(c.ports[0].containerPort, 3000);
        assert.deepStrictEqual(
            renderAppManifests(variants["a worker without a Service"]).map((o) => o.kind),
            ["Deployment"],
        );
        const scaled = renderAppManifests(variants["autoscaled with a disruption budget"]) as any[];
        assert.ok(!("replicas" in find(scaled, "Deployment").spec), "the autoscaler owns replicas");
        assert.strictEqual(find(scaled, "HorizontalPodAutoscaler").spec.metrics[0].resource.target.averageUtilization, 60);
        assert.strictEqual(find(scaled, "PodDisruptionBudget").spec.maxUnavailable, "25%");
        assert.strictEqual(find(renderAppManifests(variants["minAvailable and CPU limit"]), "PodDisruptionBudget").spec.minAvailable, 1);
    });

    it("renders namespace-scoped kinds only, all in the namespace", () => {
        for (const spec of Object.values(variants)) for (const o of renderAppManifests(spec)) assert.strictEqual(o.metadata.namespace, spec.namespace, o.kind);
    });

    it("writes one YAML file per object that parses back to the same object", () => {
        const objects = renderAppManifests(variants["autoscaled with a disruption budget"]);
        const files = manifestFiles(objects, "manifests/");
        assert.deepStrictEqual(
            files.map((f) => f.path),
            ["manifests/deployment.yaml", "manifests/service.yaml", "manifests/horizontalpodautoscaler.yaml", "manifests/poddisruptionbudget.yaml"],
        );
        files.forEach((f, i) => assert.deepStrictEqual(YAML.parse(f.content), objects[i]));
        assert.ok(files.every((f) => f.content.startsWith("# Generated by fleet-autodeploy")));
    });

    it("problems name the argument, the value and the fix", () => {
        const cases: [Partial<AppManifestSpec>, string, string][] = [
            [{ appName: "Web" }, "manifests.appName", "DNS label"],
            [{ port: 80 }, "manifests.port", "non-root"],
            [{ hpa: { minReplicas: 5, maxReplicas: 2 } }, "manifests.autoscaling.maxReplicas", "at least minReplicas (5)"],
            [{ pdb: { minAvailable: "1", maxUnavailable: "1" } }, "manifests.maxUnavailable", "takes one"],
            [{ resources: { memoryLimit: "lots" } }, "manifests.memoryLimit", "quantity"],
            [{ healthPath: "healthz" }, "manifests.healthPath", "start with '/'"],
            [{ serviceType: "NodePort" as never }, "manifests.serviceType", "NodePort"],
            [{ runtime: "cobol" as never }, "manifests.runtime", "cobol"],
        ];
        for (const [change, path, fragment] of cases) {
            const hit = manifestProblems({ ...base, ...change }, "manifests").find((p) => p.path === path);
            assert.ok(hit?.message.includes(fragment), `${path}: ${JSON.stringify(hit)}`);
            assert.throws(() => renderAppManifests({ ...base, ...change }));
        }
    });

    it("is deterministic", () => {
        const spec = variants["LoadBalancer with config and HTTP probes"];
        assert.deepStrictEqual(renderAppManifests(spec), renderAppManifests(structuredClone(spec)));
    });

    describe("the objects, whole", () => {
        // Whole objects, written out: every field is something the kubelet, the scheduler or the API server acts on (a
        // probe period, a selector, a uid, a volume size), so a changed value must fail a test, not only a changed
        // shape.
        const spec: AppManifestSpec = {
            appName: "web",
            namespace: "ns",
            image: "a.azurecr.io/web",
            runtime: "ruby",
            hpa: { maxReplicas: 4 },
            pdb: {},
            labels: { team: "x", "app.kubernetes.io/name": "not-web" },
        };
        const labels = { "app.kubernetes.io/instance": "web", "app.kubernetes.io/managed-by": "fleet-autodeploy", "app.kubernetes.io/name": "web", team: "x" };
        const meta = { name: "web", namespace: "ns", labels };
        const selector = { matchLabels: { "app.kubernetes.io/name": "web" } };
        const tcp = { tcpSocket: { port: "http" } };

        it("a Ruby app with an autoscaler and a default disruption budget", () => {
            assert.deepStrictEqual(renderAppManifests(spec), [
                {
                    apiVersion: "apps/v1",
                    kind: "Deployment",
                    metadata: meta,
                    spec: {
                        revisionHistoryLimit: 5,
                        selector,
                        template: {
                            metadata: { labels },
                            spec: {
                                automountServiceAccountToken: false,
                                securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
                                topologySpreadConstraints: [
                                    { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector },
                                    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector },
                                ],
                                containers: [
                                    {
                                        name: "web",
                                        image: "a.azurecr.io/web",
                                        ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
                                        env: [{ name: "PORT", value: "8080" }],
                                        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
                                        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
                                        startupProbe: { ...tcp, periodSeconds: 5, failureThreshold: 30 },
                                        readinessProbe: { ...tcp, periodSeconds: 10 },
                                        livenessProbe: { ...tcp, periodSeconds: 20, failureThreshold: 3 },
                                        volumeMounts: [
                                            { name: "tmp", mountPath: "/tmp" },
                                            { name: "app-tmp", mountPath: "/app/tmp" },
                                        ],
                                    },
                                ],
                                volumes: [
                                    { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                                    { name: "app-tmp", emptyDir: { sizeLimit: "64Mi" } },
                                ],
                            },
                        },
                    },
                },
                {
                    apiVersion: "v1",
                    kind: "Service",
                    metadata: meta,
                    spec: { type: "ClusterIP", selector: selector.matchLabels, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
                },
                {
                    apiVersion: "autoscaling/v2",
                    kind: "HorizontalPodAutoscaler",
                    metadata: meta,
                    spec: {
                        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
                        minReplicas: 2,
                        maxReplicas: 4,
                        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
                    },
                },
                { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta, spec: { maxUnavailable: 1, selector } },
            ]);
        });

        it("runtime volumes: a name per writable path (Kubernetes names, no slashes)", () => {
            const d = renderAppManifests({ ...spec, runtime: "php" })[0] as any;
            assert.deepStrictEqual(d.spec.template.spec.volumes, [
                { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                { name: "data-caddy", emptyDir: { sizeLimit: "64Mi" } },
                { name: "config-caddy", emptyDir: { sizeLimit: "64Mi" } },
            ]);
            const noRuntime = renderAppManifests({ ...spec, runtime: undefined })[0] as any;
            assert.deepStrictEqual(noRuntime.spec.template.spec.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            assert.deepStrictEqual(noRuntime.spec.template.spec.volumes, [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }]);
        });

        it("a writable root has no volumes; set values reach the objects", () => {
            const objects = renderAppManifests({
                ...spec,
                readOnlyRootFilesystem: false,
                port: 3000,
                servicePort: 8443,
                serviceType: "LoadBalancer",
                replicas: 0,
                hpa: undefined,
                resources: { cpuLimit: "2" },
                config: { B: "2", A: "1" },
                pdb: { minAvailable: "50%" },
            }) as any[];
            assert.deepStrictEqual(
                objects.map((o) => o.kind),
                ["ConfigMap", "Deployment", "Service", "PodDisruptionBudget"],
            );
            assert.deepStrictEqual(objects[0], { apiVersion: "v1", kind: "ConfigMap", metadata: { ...meta, name: "web-config" }, data: { A: "1", B: "2" } });
            assert.deepStrictEqual(Object.keys(objects[0].data), ["A", "B"], "sorted, so a reordered map is not a change");
            const pod = objects[1].spec.template.spec;
            assert.strictEqual(objects[1].spec.replicas, 0);
            assert.ok(!("volumes" in pod) && !("volumeMounts" in pod.containers[0]));
            assert.strictEqual(pod.containers[0].securityContext.readOnlyRootFilesystem, false);
            assert.deepStrictEqual(pod.containers[0].env, [{ name: "PORT", value: "3000" }]);
            assert.deepStrictEqual(pod.containers[0].envFrom, [{ configMapRef: { name: "web-config" } }]);
            assert.deepStrictEqual(pod.containers[0].resources.limits, { memory: "512Mi", cpu: "2" });
            assert.deepStrictEqual(objects[2].spec.type, "LoadBalancer");
            assert.deepStrictEqual(objects[2].spec.ports[0].port, 8443);
            assert.deepStrictEqual(objects[3].spec, { minAvailable: "50%", selector });
            const empty = renderAppManifests({ ...spec, config: {} }) as any[];
            assert.strictEqual(empty[0].kind, "Deployment", "an empty config is no ConfigMap");
            assert.ok(!("envFrom" in empty[0].spec.template.spec.containers[0]));
        });

        it("HTTP probes on the health path; autoscaler settings", () => {
            const [d, , hpa] = renderAppManifests({ ...spec, healthPath: "/ready", hpa: { minReplicas: 3, maxReplicas: 9, targetCpuUtilizationPercent: 55 } }) as any[];
            const c = d.spec.template.spec.containers[0];
            assert.deepStrictEqual(c.livenessProbe, { httpGet: { path: "/ready", port: "http" }, periodSeconds: 20, failureThreshold: 3 });
            assert.deepStrictEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas, hpa.spec.metrics[0].resource.target.averageUtilization], [3, 9, 55]);
        });

        it("files: one per kind under the directory, trailing slashes dropped", () => {
            const files = manifestFiles(renderAppManifests({ ...spec, hpa: undefined, pdb: undefined }), "deploy//");
            assert.deepStrictEqual(
                files.map((f) => f.path),
                ["deploy/deployment.yaml", "deploy/service.yaml"],
            );
            assert.ok(files[0].content.startsWith("# Generated by fleet-autodeploy; staged into the hub namespace by the workflow.\napiVersion: apps/v1\nkind: Deployment\n"));
        });
    });

    describe("manifestProblems, each refusal and its bounds", () => {
        // Each refusal in exact words, at both sides of its bound: the bounds are what the API server and the kubelet
        // enforce (a port above 65535, a request above its limit, a PDB with both fields), so an off-by-one is an
        // outage.
        const problems = (change: Partial<AppManifestSpec>) => manifestProblems({ ...base, ...change }, "app");
        const messages = (change: Partial<AppManifestSpec>) => problems(change).map((p) => [p.path, p.message]);

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
            assert.deepStrictEqual(messages({ resources: { cpuRequest: "1", cpuLimit: "500m" } }), [
                [
                    "app.cpuLimit",
                    'app.cpuLimit "500m" is below app.cpuRequest "1": Kubernetes refuses the pod (a request "must be less than or equal to cpu limit"). Raise cpuLimit, or lower cpuRequest.',
                ],
            ]);
            // The user set only the request: it is the request that is reported, and the limit is named as the default.
            assert.deepStrictEqual(messages({ resources: { memoryRequest: "1Gi" } }), [
                [
                    "app.memoryRequest",
                    'app.memoryLimit "512Mi" (the default) is below app.memoryRequest "1Gi": Kubernetes refuses the pod (a request "must be less than or equal to memory limit"). Raise memoryLimit, or lower memoryRequest.',
                ],
            ]);
            assert.deepStrictEqual(messages({ resources: { memoryLimit: "100Mi" } }), [
                [
                    "app.memoryLimit",
                    'app.memoryLimit "100Mi" is below app.memoryRequest "128Mi" (the default): Kubernetes refuses the pod (a request "must be less than or equal to memory limit"). Raise memoryLimit, or lower memoryRequest.',
                ],
            ]);
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
            assert.deepStrictEqual(messages({ hpa: { minReplicas: 3, maxReplicas: 3.5 } }), [
                ["app.autoscaling.maxReplicas", "app.autoscaling.maxReplicas 3.5 must be a whole number, at least minReplicas (3)."],
            ]);
            assert.deepStrictEqual(messages({ hpa: { minReplicas: 0, maxReplicas: 0 } }), [
                ["app.autoscaling.maxReplicas", "app.autoscaling.maxReplicas 0 must be a whole number, at least minReplicas (0)."],
                ["app.autoscaling.minReplicas", "app.autoscaling.minReplicas 0 must be at least 1."],
            ]);
            assert.deepStrictEqual(messages({ hpa: { minReplicas: 1.5, maxReplicas: 4 } }), [["app.autoscaling.minReplicas", "app.autoscaling.minReplicas 1.5 must be at least 1."]]);
            for (const ok of [1, 100]) assert.deepStrictEqual(messages({ hpa: { maxReplicas: 4, targetCpuUtilizationPercent: ok } }), [], String(ok));
            for (const bad of [0, 101, 50.5]) {
                assert.deepStrictEqual(messages({ hpa: { maxReplicas: 4, targetCpuUtilizationPercent: bad } }), [
                    ["app.autoscaling.targetCpuUtilizationPercent", `app.autoscaling.targetCpuUtilizationPercent ${bad} must be from 1 to 100.`],
                ]);
            }
        });

        it("pdb: one of minAvailable and maxUnavailable, each a count or a percentage up to 100%", () => {
            for (const ok of ["0", "1", "25%", "100%"]) assert.deepStrictEqual(messages({ pdb: { maxUnavailable: ok } }), [], ok);
            assert.deepStrictEqual(messages({ pdb: { minAvailable: "3" } }), []);
            assert.deepStrictEqual(messages({ pdb: {} }), [], "neither: maxUnavailable 1 is rendered");
            for (const bad of ["101%", "1.5", "x%", "-1"]) {
                assert.deepStrictEqual(
                    messages({ pdb: { minAvailable: bad } }),
                    [["app.maxUnavailable", `app.maxUnavailable ${JSON.stringify(bad)} must be a count ("1") or a percentage ("25%").`]],
                    bad,
                );
            }
            assert.deepStrictEqual(messages({ pdb: { minAvailable: "1", maxUnavailable: "1" } }), [["app.maxUnavailable", "app.pdb sets both minAvailable and maxUnavailable: Kubernetes takes one."]]);
        });

        it("every problem at once, and renderAppManifests throws them all under manifests.", () => {
            const spec = { ...base, appName: "Web", port: 80, replicas: -1, healthPath: "x" };
            assert.strictEqual(manifestProblems(spec, "app").length, 4);
            assert.throws(
                () => renderAppManifests(spec),
                (e: Error) =>
                    e.message ===
                    [
                        "invalid manifests:",
                        '  - manifests.appName "Web" is not a DNS label.',
                        "  - manifests.port 80 must be from 1024 to 65535 (the container runs as non-root).",
                        "  - manifests.replicas -1 must be a whole number.",
                        "  - manifests.healthPath \"x\" must start with '/'.",
                    ].join("\n"),
            );
        });
    });

    describe("unset resource fields take the defaults", () => {
        // Resources as a caller in another language passes them: a field left unset arrives as an explicit undefined
        // (or null), which means "the default", not a bad quantity.
        it("an undefined field is no problem, and the default is rendered", () => {
            const spec = { appName: "web", namespace: "web", image: "a.azurecr.io/web", resources: { cpuRequest: undefined, memoryRequest: null as never, memoryLimit: "1Gi" } };
            assert.deepStrictEqual(manifestProblems(spec, "m"), []);
            const c = (renderAppManifests(spec)[0] as any).spec.template.spec.containers[0];
            assert.deepStrictEqual(c.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "1Gi" } });
        });
    });

    it("manifests: counts of ten and more are numbers, and files go under nested folders", () => {
        const pdb = renderAppManifests({ appName: "web", namespace: "web", image: "i", pdb: { minAvailable: "10" } }).find((o) => o.kind === "PodDisruptionBudget") as any;
        assert.strictEqual(pdb.spec.minAvailable, 10);
        assert.deepStrictEqual(
            manifestFiles(renderAppManifests({ appName: "web", namespace: "web", image: "i", serviceType: "None" }), "deploy/k8s/").map((f) => f.path),
            ["deploy/k8s/deployment.yaml"],
        );
    });
});
