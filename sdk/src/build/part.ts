// The build part: how the image is built (on the runner or with ACR Tasks), where the Dockerfile, context and manifests
// are, and the files it generates for the repository (a Dockerfile and .dockerignore, plain manifests).
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { isOneOf, oneOf, repoPathProblems } from "../checks/validate";
import { Claim } from "../core/claims";
import { PartPlan, under } from "../core/part";
import { Problem } from "../core/problems";
import { applyEnvelope } from "../hub/envelopes";
import { Names } from "../naming/part";
import { helmInputProblems } from "../render/helm";
import { AppManifestSpec, renderAppManifests } from "../render/manifests";
import { BuildMode, LayerCache, ManifestSource } from "../render/workflow";
import { ContainerizeArgs, GeneratedManifestsArgs } from "./generatedArgs";
import { containerizeFiles, containerizeProblems, ContainerizeSpec, containerizeStack, dockerignorePath, GeneratedFile, generatedManifestFiles, generatedManifestSpec } from "./generatedFiles";

/** The deployment's arguments this part reads. */
export interface BuildPartArgs {
    buildMode?: BuildMode;
    layerCache?: LayerCache;
    dockerfile?: string;
    dockerContext?: string;
    manifestSource?: ManifestSource;
    manifestPath?: string;
    helmValuesFiles?: string[];
    helmSet?: { [key: string]: string };
    containerize?: ContainerizeArgs;
    generateManifests?: GeneratedManifestsArgs;
}

export interface BuildPartSpec {
    mode: BuildMode;
    layerCache: LayerCache;
    dockerfile: string;
    context: string;
    manifestSource: ManifestSource;
    manifestPath: string;
    helmValuesFiles?: string[];
    helmSet?: { [key: string]: string };
    containerize?: ContainerizeSpec;
    manifests?: AppManifestSpec;
    /** Which paths were left to their defaults (a clash of a default is reported at its source, the namespace). */
    defaulted: { dockerfile: boolean; dockerContext: boolean; manifestPath: boolean };
}

const DEFAULT_MANIFEST_PATHS: Record<ManifestSource, (app: string) => string> = {
    directory: () => "manifests",
    kustomize: () => "kustomize/overlays/production",
    helm: (app) => `charts/${app}`,
};

/** Checks how the image is built and where its files are; claims the files it commits. */
export function planBuild(args: BuildPartArgs, path: string, names: Names, context: { adoptsTasksRole: boolean }): PartPlan<BuildPartSpec> {
    const problems: Problem[] = [];
    const mode = oneOf(args.buildMode, BuildMode, BuildMode.Runner, "buildMode", problems);
    if (context.adoptsTasksRole && args.buildMode !== BuildMode.AcrTasks) {
        problems.push({
            path: "adopt.roleAssignments.registryTasks",
            message: 'adopt.roleAssignments.registryTasks adopts Tasks Contributor, which only buildMode "acrTasks" needs: set buildMode "acrTasks", or leave it to its owner and remove it by hand.',
        });
    }
    const layerCache = oneOf(args.layerCache, LayerCache, LayerCache.Registry, "layerCache", problems);
    if (args.layerCache !== undefined && mode === BuildMode.AcrTasks) {
        problems.push({
            path: "layerCache",
            message: `layerCache ${JSON.stringify(args.layerCache)} caches runner builds, but buildMode is "acrTasks" (az acr build has no cache import): drop layerCache, or build on the runner.`,
        });
    }
    const source = oneOf(args.manifestSource, ManifestSource, ManifestSource.Directory, "manifestSource", problems);
    const dockerfile = args.dockerfile ?? "Dockerfile";
    const dockerContext = args.dockerContext ?? ".";
    const manifestPath = args.manifestPath ?? (DEFAULT_MANIFEST_PATHS[source] ?? DEFAULT_MANIFEST_PATHS.directory)(names.appName);
    problems.push(...repoPathProblems(dockerfile, "dockerfile"), ...repoPathProblems(dockerContext, "dockerContext"), ...repoPathProblems(manifestPath, "manifestPath"));
    problems.push(...helmInputProblems(args.helmValuesFiles, args.helmSet));
    if (source !== ManifestSource.Helm && isOneOf(source, ManifestSource)) {
        for (const field of ["helmValuesFiles", "helmSet"] as const) {
            if (args[field] !== undefined)
                problems.push({ path: field, message: `${field} configures helm template, but manifestSource is ${JSON.stringify(source)}: set manifestSource "helm", or drop ${field}.` });
        }
    }
    const containerize = args.containerize ? { args: args.containerize, port: containerizeProblems(args.containerize, problems), dockerfile, context: dockerContext } : undefined;
    let manifests: AppManifestSpec | undefined;
    if (args.generateManifests) {
        if (source !== ManifestSource.Directory && isOneOf(source, ManifestSource)) {
            problems.push({
                path: "generateManifests",
                message: `generateManifests writes plain manifests, but manifestSource is ${JSON.stringify(source)}: set manifestSource "directory" (the default), or drop generateManifests.`,
            });
        }
        manifests = generatedManifestSpec(args.generateManifests, names.appName, names.namespace, containerize?.port ?? 8080, problems);
    }
    const spec: BuildPartSpec = {
        mode,
        layerCache,
        dockerfile,
        context: dockerContext,
        manifestSource: source,
        manifestPath,
        helmValuesFiles: args.helmValuesFiles,
        helmSet: args.helmSet,
        containerize,
        manifests,
        defaulted: { dockerfile: args.dockerfile === undefined, dockerContext: args.dockerContext === undefined, manifestPath: args.manifestPath === undefined },
    };
    return under(path, { spec, problems, claims: buildClaims(spec, names) });
}

/** The files the build commits are the deployment's own, on the branch it commits to. */
function buildClaims(spec: BuildPartSpec, names: Names): Claim[] {
    const files: [string, "dockerfile" | "dockerContext" | "manifestPath"][] = [];
    if (spec.containerize) files.push([spec.containerize.dockerfile, "dockerfile"], [dockerignorePath(spec.containerize.context), "dockerContext"]);
    if (spec.manifests) files.push([`${spec.manifestPath}/`, "manifestPath"]);
    return files.map(([file, arg]) => fileClaim(names, file, arg, spec.defaulted[arg]));
}

/** A file the deployment commits: no other deployment may commit it on the same branch. */
export function fileClaim(names: Names, file: string, path: string, defaulted: boolean): Claim {
    const repo = `${names.owner}/${names.repo}`;
    return {
        key: `file|${repo.toLowerCase()}|${names.commitBranch}|${file}`,
        object: `file ${file} on ${repo}@${names.commitBranch}`,
        path,
        fix: `each deployment commits its own files; set ${path === "workflowPath" ? "appName or workflowPath" : path} on one of them.`,
        derivedFrom: defaulted ? "namespace" : undefined,
    };
}

/** What the build part needs from the parts registered before it. */
export interface BuildAfter {
    repo: string;
    branch: string;
    /** The hub's provider, when the deployment reaches the hub's API; the namespace the envelope waits for. */
    hubProvider?: Provider;
    namespace: pulumi.Resource[];
    loginServer: pulumi.Input<string>;
    /** Whether the enveloped objects go when the deployment is destroyed. */
    deleteOnDestroy: boolean;
}

/** The files the build generates (to be committed by the GitHub part), and the envelope of a generated PodDisruptionBudget. */
export function createBuild(name: string, spec: BuildPartSpec, names: Names, parent: pulumi.ComponentResource, after: BuildAfter): GeneratedFile[] {
    // One detection for both: the Deployment runs as the generated Dockerfile's USER, with its runtime's writable paths.
    const stack = spec.containerize ? containerizeStack(spec.containerize, after.repo, after.branch, parent) : undefined;
    // A generated PodDisruptionBudget goes to members in an envelope Pulumi applies, never as a PDB on the hub, which
    // kubefleet's hub webhook denies outside reserved namespaces once `--enable-pdbs` is off (render/envelope.ts).
    // Without hub access (a managed namespace with no placement) it stays a staged manifest.
    const enveloped = spec.manifests?.pdb && after.hubProvider ? renderAppManifests(spec.manifests).filter((o) => o.kind === "PodDisruptionBudget") : [];
    if (enveloped.length > 0) {
        applyEnvelope(`${name}-pdb`, { name: `${names.appName}-pdb`, namespace: names.namespace }, enveloped, after.hubProvider!, parent, after.namespace, after.deleteOnDestroy);
    }
    const staged = spec.manifests && (enveloped.length > 0 ? { ...spec.manifests, pdb: undefined } : spec.manifests);
    return [
        ...(spec.containerize ? containerizeFiles(spec.containerize, after.repo, after.branch, parent, stack) : []),
        ...(staged ? generatedManifestFiles(staged, pulumi.interpolate`${after.loginServer}/${names.appName}`, spec.manifestPath, stack?.language) : []),
    ];
}
