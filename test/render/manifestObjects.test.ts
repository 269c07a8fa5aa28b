import * as assert from "assert";
import { AppManifestSpec, manifestFiles, renderAppManifests } from "../../sdk/src/render/manifests";

// Whole objects, written out: every field is something the kubelet, the scheduler or the API server acts on (a probe
// period, a selector, a uid, a volume size), so a changed value must fail a test, not only a changed shape.
const spec: AppManifestSpec = {
    appName: "web", namespace: "ns", image: "a.azurecr.io/web", runtime: "ruby",
    hpa: { maxReplicas: 4 }, pdb: {}, labels: { team: "x", "app.kubernetes.io/name": "not-web" },
};
const labels = { "app.kubernetes.io/instance": "web", "app.kubernetes.io/managed-by": "fleet-autodeploy", "app.kubernetes.io/name": "web", team: "x" };
const meta = { name: "web", namespace: "ns", labels };
const selector = { matchLabels: { "app.kubernetes.io/name": "web" } };
const tcp = { tcpSocket: { port: "http" } };

describe("render/manifests: the objects, whole", () => {
    it("a Ruby app with an autoscaler and a default disruption budget", () => {
        assert.deepStrictEqual(renderAppManifests(spec), [
            {
                apiVersion: "apps/v1", kind: "Deployment", metadata: meta,
                spec: {
                    revisionHistoryLimit: 5, selector,
                    template: {
                        metadata: { labels },
                        spec: {
                            automountServiceAccountToken: false,
                            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
                            topologySpreadConstraints: [
                                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector },
                                { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector },
                            ],
                            containers: [{
                                name: "web", image: "a.azurecr.io/web",
                                ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
                                env: [{ name: "PORT", value: "8080" }],
                                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
                                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
                                startupProbe: { ...tcp, periodSeconds: 5, failureThreshold: 30 },
                                readinessProbe: { ...tcp, periodSeconds: 10 },
                                livenessProbe: { ...tcp, periodSeconds: 20, failureThreshold: 3 },
                                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, { name: "app-tmp", mountPath: "/app/tmp" }],
                            }],
                            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }, { name: "app-tmp", emptyDir: { sizeLimit: "64Mi" } }],
                        },
                    },
                },
            },
            {
                apiVersion: "v1", kind: "Service", metadata: meta,
                spec: { type: "ClusterIP", selector: selector.matchLabels, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] },
            },
            {
                apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: meta,
                spec: {
                    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 4,
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
            ...spec, readOnlyRootFilesystem: false, port: 3000, servicePort: 8443, serviceType: "LoadBalancer", replicas: 0, hpa: undefined,
            resources: { cpuLimit: "2" }, config: { B: "2", A: "1" }, pdb: { minAvailable: "50%" },
        }) as any[];
        assert.deepStrictEqual(objects.map((o) => o.kind), ["ConfigMap", "Deployment", "Service", "PodDisruptionBudget"]);
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
        assert.deepStrictEqual(files.map((f) => f.path), ["deploy/deployment.yaml", "deploy/service.yaml"]);
        assert.ok(files[0].content.startsWith("# Generated by fleet-autodeploy; staged into the hub namespace by the workflow.\napiVersion: apps/v1\nkind: Deployment\n"));
    });
});
