import * as assert from "assert";
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
        assert.deepStrictEqual(pod.topologySpreadConstraints.map((t: any) => [t.topologyKey, t.whenUnsatisfiable]), [["topology.kubernetes.io/zone", "ScheduleAnyway"], ["kubernetes.io/hostname", "ScheduleAnyway"]]);
        assert.strictEqual(d.spec.replicas, 2);
        assert.deepStrictEqual(d.spec.selector, { matchLabels: { "app.kubernetes.io/name": "web" } });
        assert.deepStrictEqual(d.metadata.labels, { "app.kubernetes.io/instance": "web", "app.kubernetes.io/managed-by": "fleet-autodeploy", "app.kubernetes.io/name": "web" });
        assert.strictEqual(c.image, "contosoacr.azurecr.io/web", "untagged: the workflow substitutes the built tag");
        assert.strictEqual(find(renderAppManifests(base), "Service").spec.type, "ClusterIP");
    });

    it("options change what they should", () => {
        const objects = renderAppManifests(variants["LoadBalancer with config and HTTP probes"]);
        assert.deepStrictEqual(objects.map((o) => o.kind), ["ConfigMap", "Deployment", "Service"]);
        const c = (find(objects, "Deployment") as any).spec.template.spec.containers[0];
        assert.deepStrictEqual(c.envFrom, [{ configMapRef: { name: "web-config" } }]);
        assert.deepStrictEqual(c.readinessProbe.httpGet, { path: "/healthz", port: "http" });
        assert.strictEqual(c.ports[0].containerPort, 3000);
        assert.deepStrictEqual(renderAppManifests(variants["a worker without a Service"]).map((o) => o.kind), ["Deployment"]);
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
        assert.deepStrictEqual(files.map((f) => f.path), ["manifests/deployment.yaml", "manifests/service.yaml", "manifests/horizontalpodautoscaler.yaml", "manifests/poddisruptionbudget.yaml"]);
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
            assert.ok(hit && hit.message.includes(fragment), `${path}: ${JSON.stringify(hit)}`);
            assert.throws(() => renderAppManifests({ ...base, ...change }));
        }
    });

    it("is deterministic", () => {
        const spec = variants["LoadBalancer with config and HTTP probes"];
        assert.deepStrictEqual(renderAppManifests(spec), renderAppManifests(structuredClone(spec)));
    });
});
