import * as YAML from "yaml";
import { Problem } from "../core/problems";
import { KubeObject, QUANTITY, quantityValue } from "./kube";
import { Language, RUNTIMES } from "./languages";
import { DNS_LABEL } from "../vocabulary/dns";
import { MANAGED_BY, MANAGED_BY_LABEL } from "../vocabulary/labels";

// The app's Kubernetes objects, generated when the repository has none: staged into the hub namespace
// by the workflow, then placed on members by Fleet. Namespace-scoped kinds only.

/** How the app is exposed inside each member cluster. */
export const ServiceType = {
    /** Reachable inside the cluster (behind an ingress or gateway): one address per member, no public IP. */
    ClusterIP: "ClusterIP",
    /** A public load balancer in every member cluster the app is placed on. */
    LoadBalancer: "LoadBalancer",
    /** No Service (a worker). */
    None: "None",
} as const;
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];

/** Everything the manifests depend on. */
export interface AppManifestSpec {
    /** DNS-1123 label: object names and `app.kubernetes.io/name`. */
    appName: string;
    namespace: string;
    /** Image repository without a tag (`acr.azurecr.io/web`); the workflow substitutes the built tag. */
    image: string;
    /** Container port. @default 8080 (non-root processes cannot bind below 1024) */
    port?: number;
    /** Replicas per member cluster. @default 2: one pod can be lost without downtime. Left to the autoscaler when `hpa` is set. */
    replicas?: number;
    /** @default "ClusterIP": a LoadBalancer is a public IP per member cluster, rarely what a fleet wants */
    serviceType?: ServiceType;
    /** Service port. @default 80 */
    servicePort?: number;
    /** Requests and limits. @default 100m CPU and 128Mi requested, 512Mi memory limit, no CPU limit (it throttles even an idle node) */
    resources?: { cpuRequest?: string; memoryRequest?: string; cpuLimit?: string; memoryLimit?: string };
    /** HTTP path for the probes. @default TCP probes on the port, which work for any app */
    healthPath?: string;
    /** Environment for the app, as a ConfigMap consumed with envFrom. @default none */
    config?: Record<string, string>;
    /** Read-only root filesystem, with an emptyDir at /tmp and at every path the runtime writes to. @default true */
    readOnlyRootFilesystem?: boolean;
    /**
     * The language the image was generated for (containerize): its numeric user (RUNTIMES) becomes the pod's
     * runAsUser, runAsGroup and fsGroup, its writable paths emptyDirs. @default none: the image's own USER, which must
     * then be numeric for runAsNonRoot, and /tmp only
     */
    runtime?: Language;
    /** A HorizontalPodAutoscaler on CPU. @default none */
    hpa?: { minReplicas?: number; maxReplicas: number; targetCpuUtilizationPercent?: number };
    /** A PodDisruptionBudget; exactly one of the two. @default none */
    pdb?: { minAvailable?: string; maxUnavailable?: string };
    /** Extra labels on every object. */
    labels?: Record<string, string>;
}

/** What the Deployment requests and limits unless told otherwise (no CPU limit: it throttles even an idle node). */
const DEFAULT_RESOURCES: NonNullable<AppManifestSpec["resources"]> = { cpuRequest: "100m", memoryRequest: "128Mi", memoryLimit: "512Mi" };
const COUNT_OR_PERCENT = /^([0-9]+|[0-9]{1,2}%|100%)$/;
/** A resource field counts as set unless undefined or null (another language's caller may pass either for "unset"). */
const isSet = (v: unknown) => v !== undefined && v !== null;
/** The resources with the defaults under the fields that are set. */
const withDefaults = (resources: AppManifestSpec["resources"]) =>
    ({ ...DEFAULT_RESOURCES, ...Object.fromEntries(Object.entries(resources ?? {}).filter(([, v]) => isSet(v))) }) as NonNullable<AppManifestSpec["resources"]>;

/** Every problem with a manifest spec; `path` is the argument prefix, e.g. `manifests`. */
export function manifestProblems(spec: AppManifestSpec, path: string): Problem[] {
    const p: Problem[] = [];
    const at = (f: string) => `${path}.${f}`;
    if (!DNS_LABEL.test(spec.appName ?? "") || spec.appName.length > 63) p.push({ path: at("appName"), message: `${at("appName")} ${JSON.stringify(spec.appName)} is not a DNS label.` });
    for (const [field, value, min] of [
        ["port", spec.port, 1024],
        ["servicePort", spec.servicePort, 1],
    ] as const) {
        if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= 65535)) {
            p.push({ path: at(field), message: `${at(field)} ${value} must be from ${min} to 65535${min > 1 ? " (the container runs as non-root)" : ""}.` });
        }
    }
    if (spec.runtime !== undefined && !Object.hasOwn(RUNTIMES, spec.runtime))
        p.push({ path: at("runtime"), message: `${at("runtime")} ${JSON.stringify(spec.runtime)} is not one of ${Object.keys(RUNTIMES).join(", ")}.` });
    if (spec.replicas !== undefined && !(Number.isInteger(spec.replicas) && spec.replicas >= 0))
        p.push({ path: at("replicas"), message: `${at("replicas")} ${spec.replicas} must be a whole number.` });
    if (spec.serviceType !== undefined && !Object.values(ServiceType).includes(spec.serviceType))
        p.push({ path: at("serviceType"), message: `${at("serviceType")} ${JSON.stringify(spec.serviceType)} is not "ClusterIP", "LoadBalancer" or "None".` });
    for (const [field, value] of Object.entries(spec.resources ?? {})) {
        if (isSet(value) && !QUANTITY.test(value)) p.push({ path: at(field), message: `${at(field)} ${JSON.stringify(value)} is not a Kubernetes quantity (e.g. "250m", "256Mi").` });
    }
    // The API server refuses a pod whose request exceeds its limit ("must be less than or equal to memory limit",
    // ValidateResourceRequirements), defaults included; reported at the value the user set (the limit if both).
    const r = withDefaults(spec.resources);
    const set = (f: keyof typeof r) => (isSet(spec.resources?.[f]) ? "" : " (the default)");
    for (const [resource, request, limit] of [
        ["cpu", "cpuRequest", "cpuLimit"],
        ["memory", "memoryRequest", "memoryLimit"],
    ] as const) {
        const [rq, lm] = [quantityValue(r[request]), quantityValue(r[limit])];
        if (rq === undefined || lm === undefined || rq <= lm) continue;
        p.push({
            path: at(set(limit) === "" ? limit : request),
            message: `${at(limit)} ${JSON.stringify(r[limit])}${set(limit)} is below ${at(request)} ${JSON.stringify(r[request])}${set(request)}: Kubernetes refuses the pod (a request "must be less than or equal to ${resource} limit"). Raise ${limit}, or lower ${request}.`,
        });
    }
    if (spec.healthPath !== undefined && !spec.healthPath.startsWith("/")) p.push({ path: at("healthPath"), message: `${at("healthPath")} ${JSON.stringify(spec.healthPath)} must start with '/'.` });
    for (const key of Object.keys(spec.config ?? {})) {
        if (!/^[-._a-zA-Z0-9]+$/.test(key)) p.push({ path: at("config"), message: `${at("config")} key ${JSON.stringify(key)} is not a valid ConfigMap key (letters, digits, '-', '_', '.').` });
    }
    if (spec.hpa) {
        const min = spec.hpa.minReplicas ?? 2;
        if (!(Number.isInteger(spec.hpa.maxReplicas) && spec.hpa.maxReplicas >= Math.max(1, min)))
            p.push({ path: at("autoscaling.maxReplicas"), message: `${at("autoscaling.maxReplicas")} ${spec.hpa.maxReplicas} must be a whole number, at least minReplicas (${min}).` });
        if (!(Number.isInteger(min) && min >= 1)) p.push({ path: at("autoscaling.minReplicas"), message: `${at("autoscaling.minReplicas")} ${min} must be at least 1.` });
        const t = spec.hpa.targetCpuUtilizationPercent;
        if (t !== undefined && !(Number.isInteger(t) && t >= 1 && t <= 100))
            p.push({ path: at("autoscaling.targetCpuUtilizationPercent"), message: `${at("autoscaling.targetCpuUtilizationPercent")} ${t} must be from 1 to 100.` });
    }
    if (spec.pdb) {
        const given = [spec.pdb.minAvailable, spec.pdb.maxUnavailable].filter((v) => v !== undefined);
        if (given.length > 1) p.push({ path: at("maxUnavailable"), message: `${at("pdb")} sets both minAvailable and maxUnavailable: Kubernetes takes one.` });
        for (const v of given)
            if (!COUNT_OR_PERCENT.test(v!)) p.push({ path: at("maxUnavailable"), message: `${at("maxUnavailable")} ${JSON.stringify(v)} must be a count ("1") or a percentage ("25%").` });
    }
    return p;
}

const sorted = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** Renders ConfigMap?, Deployment, Service?, HPA?, PDB?, in that order. Deterministic; throws listing every problem. */
export function renderAppManifests(spec: AppManifestSpec): KubeObject[] {
    const problems = manifestProblems(spec, "manifests");
    if (problems.length > 0) throw new Error(`invalid manifests:\n${problems.map((x) => `  - ${x.message}`).join("\n")}`);
    const app = appOf(spec);
    const withConfig = !!spec.config && Object.keys(spec.config).length > 0;
    return [
        ...(withConfig ? [{ apiVersion: "v1", kind: "ConfigMap", metadata: app.meta("ConfigMap"), data: sorted(spec.config!) }] : []),
        deployment(spec, app, withConfig),
        ...((spec.serviceType ?? ServiceType.ClusterIP) !== ServiceType.None ? [service(spec, app)] : []),
        ...(spec.hpa ? [autoscaler(spec.hpa, app)] : []),
        ...(spec.pdb ? [disruptionBudget(spec.pdb, app)] : []),
    ];
}

/** What every object of one app shares: its name, labels and selector, and the runtime its image was built for. */
interface App {
    name: string;
    selector: Record<string, string>;
    labels: Record<string, string>;
    meta: (kind: string) => { name: string; namespace: string; labels: Record<string, string> };
    runtime: (typeof RUNTIMES)[Language] | undefined;
}

function appOf(spec: AppManifestSpec): App {
    const name = spec.appName;
    const selector = { "app.kubernetes.io/name": name };
    const labels = sorted({ ...spec.labels, ...selector, "app.kubernetes.io/instance": name, [MANAGED_BY_LABEL]: MANAGED_BY });
    const meta = (kind: string) => ({ name: kind === "ConfigMap" ? `${name}-config` : name, namespace: spec.namespace, labels });
    return { name, selector, labels, meta, runtime: spec.runtime ? RUNTIMES[spec.runtime] : undefined };
}

function deployment(spec: AppManifestSpec, app: App, withConfig: boolean): KubeObject {
    const readOnly = spec.readOnlyRootFilesystem ?? true;
    // A read-only root still needs somewhere to write: an emptyDir per path, size-limited so a runaway writer is
    // evicted instead of filling the node (kubernetes.io/docs/concepts/storage/volumes/#emptydir).
    const writable = Object.entries(app.runtime?.writable ?? { "/tmp": "256Mi" }).map(([mountPath, sizeLimit]) => ({
        name: mountPath === "/tmp" ? "tmp" : mountPath.replace(/^\//, "").replace(/[^a-z0-9]+/g, "-"),
        mountPath,
        sizeLimit,
    }));
    const runtime = app.runtime;
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: app.meta("Deployment"),
        spec: {
            ...(spec.hpa ? {} : { replicas: spec.replicas ?? 2 }),
            revisionHistoryLimit: 5,
            // Selectors are immutable: the name label only, never one that could change.
            selector: { matchLabels: app.selector },
            template: {
                metadata: { labels: app.labels },
                spec: {
                    automountServiceAccountToken: false,
                    securityContext: {
                        runAsNonRoot: true,
                        // The image's own numeric user (RUNTIMES, the Dockerfile's USER), stated so the two cannot drift;
                        // fsGroup makes the volumes the group's.
                        ...(runtime ? { runAsUser: runtime.uid, runAsGroup: runtime.gid, fsGroup: runtime.gid } : {}),
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    // Spread over zones and nodes, but still schedule on a single-zone member cluster.
                    topologySpreadConstraints: ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
                        maxSkew: 1,
                        topologyKey,
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: app.selector },
                    })),
                    containers: [
                        {
                            ...container(spec, app, withConfig, readOnly),
                            ...(readOnly ? { volumeMounts: writable.map(({ name, mountPath }) => ({ name, mountPath })) } : {}),
                        },
                    ],
                    ...(readOnly ? { volumes: writable.map(({ name, sizeLimit }) => ({ name, emptyDir: { sizeLimit } })) } : {}),
                },
            },
        },
    };
}

/** The app's container, up to its volume mounts. */
function container(spec: AppManifestSpec, app: App, withConfig: boolean, readOnly: boolean): Record<string, unknown> {
    const port = spec.port ?? 8080;
    const r = withDefaults(spec.resources);
    const probe = (extra: Record<string, number>) => ({
        ...(spec.healthPath ? { httpGet: { path: spec.healthPath, port: "http" } } : { tcpSocket: { port: "http" } }),
        ...extra,
    });
    return {
        name: app.name,
        image: spec.image,
        ports: [{ name: "http", containerPort: port, protocol: "TCP" }],
        env: [{ name: "PORT", value: String(port) }],
        ...(withConfig ? { envFrom: [{ configMapRef: { name: `${app.name}-config` } }] } : {}),
        resources: {
            requests: { cpu: r.cpuRequest, memory: r.memoryRequest },
            limits: { memory: r.memoryLimit, ...(r.cpuLimit ? { cpu: r.cpuLimit } : {}) },
        },
        securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            readOnlyRootFilesystem: readOnly,
            runAsNonRoot: true,
        },
        startupProbe: probe({ periodSeconds: 5, failureThreshold: 30 }),
        readinessProbe: probe({ periodSeconds: 10 }),
        livenessProbe: probe({ periodSeconds: 20, failureThreshold: 3 }),
    };
}

function service(spec: AppManifestSpec, app: App): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: app.meta("Service"),
        spec: { type: spec.serviceType ?? ServiceType.ClusterIP, selector: app.selector, ports: [{ name: "http", port: spec.servicePort ?? 80, targetPort: "http", protocol: "TCP" }] },
    };
}

function autoscaler(hpa: NonNullable<AppManifestSpec["hpa"]>, app: App): KubeObject {
    return {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: app.meta("HorizontalPodAutoscaler"),
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: app.name },
            minReplicas: hpa.minReplicas ?? 2,
            maxReplicas: hpa.maxReplicas,
            metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: hpa.targetCpuUtilizationPercent ?? 70 } } }],
        },
    };
}

function disruptionBudget(pdb: NonNullable<AppManifestSpec["pdb"]>, app: App): KubeObject {
    const budget = pdb.minAvailable !== undefined ? { minAvailable: intOrString(pdb.minAvailable) } : { maxUnavailable: intOrString(pdb.maxUnavailable ?? "1") };
    return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: app.meta("PodDisruptionBudget"), spec: { ...budget, selector: { matchLabels: app.selector } } };
}

const intOrString = (v: string) => (/^[0-9]+$/.test(v) ? Number(v) : v);

/** One YAML file per object under `dir`, named after its kind, each marked as generated. */
export function manifestFiles(objects: KubeObject[], dir: string): { path: string; content: string }[] {
    return objects.map((o) => ({
        path: `${dir.replace(/\/+$/, "")}/${o.kind.toLowerCase()}.yaml`,
        content: `# Generated by fleet-autodeploy; staged into the hub namespace by the workflow.\n${YAML.stringify(o, { lineWidth: 0 })}`,
    }));
}
