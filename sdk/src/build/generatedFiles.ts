import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { Problem } from "../core/problems";
import { renderDockerfile } from "../render/dockerfile";
import { ContainerizeError, DetectedStack, detectStack, Language } from "../render/languages";
import { AppManifestSpec, manifestFiles, manifestProblems, renderAppManifests, ServiceType } from "../render/manifests";
import { ContainerizeArgs, GeneratedManifestsArgs } from "./generatedArgs";

/** A file the build part generates for the GitHub wiring to commit. */
export interface GeneratedFile {
    path: string;
    content: pulumi.Input<string>;
}

/** What containerizing needs: the args, and where the Dockerfile and context are. */
export interface ContainerizeSpec {
    args: ContainerizeArgs;
    port: number;
    dockerfile: string;
    context: string;
}

export function containerizeProblems(args: ContainerizeArgs, problems: Problem[]): number {
    const port = args.port ?? 8080;
    const portOk = Number.isInteger(port) && port >= 1024 && port <= 65535;
    if (!portOk) {
        problems.push({ path: "containerize.port", message: `containerize.port ${port} must be from 1024 to 65535: the image runs as a non-root user, which cannot bind lower ports.` });
    }
    if (args.command !== undefined && !(Array.isArray(args.command) && args.command.length > 0 && args.command.every((c) => typeof c === "string" && c !== ""))) {
        problems.push({ path: "containerize.command", message: `containerize.command ${JSON.stringify(args.command)} must be a non-empty list of strings, e.g. ["gunicorn", "app:app"].` });
    } else if (args.command !== undefined && args.entrypoint !== undefined) {
        problems.push({ path: "containerize.entrypoint", message: "containerize.entrypoint and containerize.command are both set: the command replaces the whole start; drop entrypoint." });
    } else if (args.files && portOk) {
        // Known files: render now, so a wrong or ambiguous repository, or an app with no entry point, fails at construction.
        try {
            renderDockerfile(detectStack(args.files, args, "containerize", args.fileContents), { port, command: args.command });
        } catch (e) {
            // A language the user did not give is detected from the files: a failed detection is blamed on them.
            const argument = e instanceof ContainerizeError ? e.argument : "containerize.language";
            problems.push({ path: argument === "containerize.language" && args.language === undefined ? "containerize.files" : argument, message: (e as Error).message });
        }
    }
    return port;
}

/** The root files whose text tells a Python web app (its framework and server) from a script. */
const DEPENDENCY_FILES = ["requirements.txt", "pyproject.toml"];

/**
 * The detected stack: known now with `files` (and `fileContents`), else read from the deploy branch through the GitHub
 * provider: its tree, then, for a Python app, the text of its dependency files.
 */
export function containerizeStack(spec: ContainerizeSpec, repo: string, branch: string, parent: pulumi.Resource): pulumi.Output<DetectedStack> {
    const args = spec.args;
    if (args.files) {
        const stack = detectStack(args.files, args, "containerize", args.fileContents);
        const script = stack.language === "python" && !args.command && !args.fileContents && stack.details.entry?.endsWith(".py") && !stack.details.entry.endsWith("__main__.py");
        if (script) {
            pulumi.log.warn(
                `containerize: ${stack.details.entry} runs as \`python ${stack.details.entry}\`: with containerize.files and no containerize.fileContents ` +
                    "the dependencies are unknown, so a FastAPI, Flask or Django app (which needs uvicorn or gunicorn) cannot be told from a script. " +
                    "Give the text of requirements.txt or pyproject.toml in containerize.fileContents, or set containerize.command.",
                parent,
            );
        }
        return pulumi.output(stack);
    }
    const files = github.getTreeOutput({ repository: repo, treeSha: branch, recursive: true }, { parent }).entries.apply((e) => e.map((x) => x.path));
    return files.apply((f) => {
        const first = detectStack(f, args);
        const read = first.language === "python" ? DEPENDENCY_FILES.filter((d) => f.includes(d)) : [];
        if (read.length === 0) return pulumi.output(first);
        const texts = read.map((file) => github.getRepositoryFileOutput({ repository: repo, file, branch }, { parent }).content);
        return pulumi.all(texts).apply((t) => detectStack(f, args, "containerize", Object.fromEntries(read.map((file, i) => [file, t[i]]))));
    });
}

/**
 * The Dockerfile and .dockerignore to commit. With `files` given they are known now; otherwise the
 * deploy branch's tree is read through the GitHub provider and detection runs when it arrives.
 */
export function containerizeFiles(
    spec: ContainerizeSpec,
    repo: string,
    branch: string,
    parent: pulumi.Resource,
    stack: pulumi.Output<DetectedStack> = containerizeStack(spec, repo, branch, parent),
): GeneratedFile[] {
    const rendered = stack.apply((s) => renderDockerfile(s, { port: spec.port, command: spec.args.command }));
    return [
        { path: spec.dockerfile, content: rendered.dockerfile },
        { path: dockerignorePath(spec.context), content: rendered.dockerignore },
    ];
}

/** The .dockerignore beside the build context: `docker build` reads it from the context's root. */
export function dockerignorePath(context: string): string {
    return context === "." ? ".dockerignore" : `${context.replace(/\/+$/, "")}/.dockerignore`;
}

/** The manifest spec for generated manifests, or problems; the image is filled in later. */
export function generatedManifestSpec(args: GeneratedManifestsArgs, appName: string, namespace: string, defaultPort: number, problems: Problem[]): AppManifestSpec {
    const spec: AppManifestSpec = {
        appName,
        namespace,
        image: "registry.invalid/placeholder",
        port: args.port ?? defaultPort,
        replicas: args.replicas,
        serviceType: args.serviceType as ServiceType | undefined,
        servicePort: args.servicePort,
        resources: { cpuRequest: args.cpuRequest, memoryRequest: args.memoryRequest, cpuLimit: args.cpuLimit, memoryLimit: args.memoryLimit },
        healthPath: args.healthPath,
        config: args.config,
        readOnlyRootFilesystem: args.readOnlyRootFilesystem,
        hpa: args.autoscaling,
        pdb: args.maxUnavailable !== undefined ? { maxUnavailable: args.maxUnavailable } : undefined,
    };
    for (const [k, v] of Object.entries(spec.resources!)) if (v === undefined) delete (spec.resources as Record<string, unknown>)[k];
    // The renderer names the autoscaler's fields as the argument does (`autoscaling`), under the path given.
    problems.push(...manifestProblems(spec, "generateManifests"));
    return spec;
}

/**
 * The generated manifests as files under `dir`, with the image from the registry. `runtime` (the containerized
 * language, e.g. `containerizeStack(...).language`) sets the pod's user and writable paths from the same table
 * as the Dockerfile's USER.
 */
export function generatedManifestFiles(spec: AppManifestSpec, image: pulumi.Input<string>, dir: string, runtime?: pulumi.Input<Language | undefined>): GeneratedFile[] {
    const kinds = renderAppManifests(spec).map((o) => o.kind);
    const files = pulumi.all([image, runtime]).apply(([i, r]) => manifestFiles(renderAppManifests({ ...spec, image: i, runtime: spec.runtime ?? r }), dir));
    // The set of files is known now (only the image waits), so each is its own resource from the start.
    return kinds.map((kind, index) => ({ path: `${dir.replace(/\/+$/, "")}/${kind.toLowerCase()}.yaml`, content: files.apply((f) => f[index].content) }));
}
