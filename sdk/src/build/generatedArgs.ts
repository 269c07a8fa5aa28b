/** Generate a Dockerfile and .dockerignore for a repository that has none (what the portal calls auto-containerize). */
export interface ContainerizeArgs {
    /**
     * The language, when detection should not decide: javascript, python, go, java-maven, java-gradle, dotnet, rust,
     * ruby or php. @default detected from the repository's files.
     */
    language?: string;
    /** The package manager (npm, pnpm, yarn, pip, poetry, uv). @default detected from the lockfile. */
    packageManager?: string;
    /**
     * The repository's file paths, for detection. @default read from the deploy branch through the GitHub provider
     * (`getTree`), which needs read access to the repository at preview time.
     */
    files?: string[];
    /**
     * The text of the dependency files detection reads, by path: `requirements.txt`, `pyproject.toml`. A Python app that
     * declares a web framework is then served by the server it declares (FastAPI, Starlette, Quart: `uvicorn` or
     * `hypercorn`; Flask, Django: `gunicorn`), e.g. `uvicorn main:app --host 0.0.0.0 --port PORT` for the `app` of
     * main.py, and refused at construction, with the fix, when it declares none. @default read from the deploy branch
     * with the file list; with `files` given, none: a Python script entry then runs as `python FILE` (with a warning).
     */
    fileContents?: { [path: string]: string };
    /** Port the app listens on; the image exposes it and sets PORT. @default 8080 (non-root processes cannot bind below 1024) */
    port?: number;
    /**
     * Where the app starts, relative to the repository root, when its file names do not show it: a Python file or
     * `PACKAGE/__main__.py` (python -m), a Go main package folder (`cmd/api`), a Ruby rackup file or script, PHP's
     * front controller (`web/index.php`: its folder is served), the .js file node runs. Not for Java, .NET or Rust,
     * whose build produces the program. @default found from well-known names (main.py, app.py, PACKAGE/__main__.py;
     * a root package or the only cmd/NAME; config.ru; public/index.php; package.json's "main"); none found fails at
     * construction (with `files`) rather than committing an image that cannot start.
     */
    entrypoint?: string;
    /**
     * The container's command, replacing the generated one, e.g. `["gunicorn", "--bind", "0.0.0.0:8080", "app:app"]`
     * (a server that must be in the app's dependencies). @default the language's way to run `entrypoint`
     */
    command?: string[];
}

/** Generate Kubernetes manifests for the app (when the repository has none) and commit them to `manifestPath`. */
export interface GeneratedManifestsArgs {
    /** Container port. @default the containerize port, else 8080 */
    port?: number;
    /** Replicas per member cluster. @default 2: one pod can be lost without downtime */
    replicas?: number;
    /** "ClusterIP", "LoadBalancer" or "None". @default "ClusterIP": a LoadBalancer would be one public IP per member cluster */
    serviceType?: string;
    /** Service port. @default 80 */
    servicePort?: number;
    /** HTTP path for probes. @default none: TCP probes on the port, which work for any app */
    healthPath?: string;
    /** CPU request, e.g. "100m". @default "100m" */
    cpuRequest?: string;
    /** Memory request. @default "128Mi" */
    memoryRequest?: string;
    /** CPU limit. @default none: a CPU limit throttles a pod even when the node is idle */
    cpuLimit?: string;
    /** Memory limit. @default "512Mi": a leak is killed before it starves its neighbours */
    memoryLimit?: string;
    /** Environment for the app, as a ConfigMap consumed with envFrom. @default none */
    config?: { [key: string]: string };
    /**
     * Read-only root filesystem, with a size-limited emptyDir at /tmp and, for a containerized app, at every path its
     * runtime writes to (Rails tmp/, Caddy's /data/caddy and /config/caddy). @default true
     */
    readOnlyRootFilesystem?: boolean;
    /** HorizontalPodAutoscaler bounds; replicas are then the autoscaler's. @default none */
    autoscaling?: AutoscalingArgs;
    /**
     * PodDisruptionBudget: how many pods may be down during node maintenance, e.g. "1" or "25%". It goes to members in a
     * ResourceEnvelope that Pulumi applies on the hub, not as a staged manifest: kubefleet's hub webhook denies a PDB
     * outside reserved namespaces once its `--enable-pdbs` flag is off. @default none
     */
    maxUnavailable?: string;
}

/** Horizontal autoscaling of the app's Deployment. */
export interface AutoscalingArgs {
    /** Fewest replicas. @default 2 */
    minReplicas?: number;
    /** Most replicas. */
    maxReplicas: number;
    /** Target average CPU utilization, percent of the request. @default 70 */
    targetCpuUtilizationPercent?: number;
}
