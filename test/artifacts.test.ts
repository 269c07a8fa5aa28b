// The generated artifacts as the deployment commits and applies them, through the real validators.
import * as assert from "node:assert";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs } from "../sdk/src";
import { ofType, run, attempt } from "./harness";
import { FLEET, REGISTRY } from "./fixtures";
import { dockerfileRuleViolations } from "./validators/dockerfileRules";
import { validateFleetObjects } from "./validators/fleetCrds";
import { admit } from "./validators/fleet/admission";
import { validateKubeObject } from "./validators/kubernetesModels";
import * as YAML from "yaml";

const base: FleetAutomatedDeploymentArgs = { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY, members: [{ name: "eastus" }, { name: "westeu" }], placement: {} };
const deploy = (a: Partial<FleetAutomatedDeploymentArgs>) => run(() => new FleetAutomatedDeployment("web", { ...base, ...a }));
const files = (rs: Awaited<ReturnType<typeof deploy>>["resources"]) =>
    Object.fromEntries(ofType(rs, "github:index/repositoryFile:RepositoryFile").map((f) => [f.inputs.file, f.inputs.content as string]));

describe("generated artifacts through the deployment", () => {
    it("containerize with a given file list: a Dockerfile and .dockerignore committed beside the workflow", async () => {
        const { resources, invokes } = await deploy({ containerize: { files: ["go.mod", "go.sum", "main.go"], port: 9000 } });
        const f = files(resources);
        assert.deepStrictEqual(Object.keys(f).sort(), [".dockerignore", ".github/workflows/fleet-deploy-web.yml", "Dockerfile"]);
        assert.deepStrictEqual(dockerfileRuleViolations(f.Dockerfile, { port: 9000 }), []);
        assert.match(f.Dockerfile, /FROM golang:/);
        assert.ok(!invokes.some((i) => i.token === "github:index/getTree:getTree"));
    });

    it("containerize without a file list reads the deploy branch's tree through the provider", async () => {
        const { resources, invokes } = await deploy({ containerize: {}, dockerfile: "build/Dockerfile", dockerContext: "." });
        assert.ok(invokes.some((i) => i.token === "github:index/getTree:getTree" && i.args.treeSha === "main" && i.args.recursive === true));
        const f = files(resources);
        assert.match(f["build/Dockerfile"], /pnpm install --frozen-lockfile/);
        assert.deepStrictEqual(dockerfileRuleViolations(f["build/Dockerfile"], { port: 8080 }), []);
        assert.ok(YAML.parse(f[".github/workflows/fleet-deploy-web.yml"]).jobs.build.steps.some((s: any) => s.with?.file === "build/Dockerfile"));
    });

    it("generated manifests: one file per object in manifestPath, with the registry's image, valid for kubernetes-models", async () => {
        const { resources } = await deploy({
            generateManifests: { config: { MODE: "prod" }, autoscaling: { maxReplicas: 6 }, maxUnavailable: "1" },
            containerize: { files: ["requirements.txt", "app.py"], port: 5000 },
        });
        const f = files(resources);
        const manifests = Object.keys(f)
            .filter((p) => p.startsWith("manifests/"))
            .sort();
        // The PodDisruptionBudget is not staged: the hub's PDB webhook denies one outside reserved namespaces once
        // --enable-pdbs is off. It goes to members in a ResourceEnvelope Pulumi applies, which the hub admits.
        assert.deepStrictEqual(manifests, ["manifests/configmap.yaml", "manifests/deployment.yaml", "manifests/horizontalpodautoscaler.yaml", "manifests/service.yaml"]);
        for (const p of manifests) await validateKubeObject(YAML.parse(f[p]));
        const [envelope] = ofType(resources, "kubernetes:placement.kubernetes-fleet.io/v1beta1:ResourceEnvelope");
        assert.deepStrictEqual([envelope.inputs.metadata.name, envelope.inputs.metadata.namespace], ["web-pdb", "web"]);
        const pdb = envelope.inputs.data["poddisruptionbudget-web.yaml"];
        await validateKubeObject(pdb);
        assert.deepStrictEqual(pdb.spec, { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "web" } } });
        assert.deepStrictEqual(validateFleetObjects([envelope.inputs]), []);
        // The hub with --enable-pdbs off refuses the PDB itself, and admits the envelope.
        assert.match(admit(pdb, undefined, [], { enablePDBs: false }).errors.join(""), /cannot be directly created in the hub cluster/);
        assert.deepStrictEqual(admit(envelope.inputs, undefined, [], { enablePDBs: false }).errors, []);
        const deployment = YAML.parse(f["manifests/deployment.yaml"]);
        assert.strictEqual(deployment.spec.template.spec.containers[0].image, "contosoacr.azurecr.io/web");
        assert.strictEqual(deployment.spec.template.spec.containers[0].ports[0].containerPort, 5000, "the containerize port");
        assert.strictEqual(deployment.metadata.namespace, "web");
        // The kubelet verifies runAsNonRoot only for a numeric user: the pod states the Dockerfile's.
        const user = f.Dockerfile.split("\n")
            .filter((l: string) => l.startsWith("USER "))
            .pop()!
            .slice(5);
        const pod = deployment.spec.template.spec;
        assert.strictEqual(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`, user);
        assert.match(f.Dockerfile, /^CMD \["python","app.py"\]$/m);
    });

    it("staged rollout and overrides: the strategy and one ResourceOverride per object are applied before the placement, all valid against the CRDs", async () => {
        const { resources } = await deploy({
            placement: {
                stagedRollout: {
                    stages: [
                        { name: "canary", clusterLabels: { stage: "canary" }, afterStageWaitMinutes: 15, requireApproval: true },
                        { name: "rest", clusterLabels: { stage: "rest" } },
                    ],
                },
                overrides: [
                    {
                        name: "eastus-replicas",
                        clusterLabels: { "fleet.azure.com/location": "eastus" },
                        kind: "Deployment",
                        resourceName: "web",
                        patches: [{ op: "replace", path: "/spec/replicas", value: 4 }],
                    },
                    {
                        name: "eu-label",
                        clusterLabels: { "fleet.azure.com/location": "westeurope" },
                        kind: "Service",
                        resourceName: "web",
                        patches: [{ op: "add", path: "/metadata/labels/region", value: "eu" }],
                    },
                ],
                applyStrategy: { type: "ServerSideApply" },
            },
        });
        const crs = resources.filter((r) => r.type.startsWith("kubernetes:placement.kubernetes-fleet.io/"));
        assert.deepStrictEqual(crs.map((r) => r.type.split(":").pop()).sort(), ["ClusterResourcePlacement", "ClusterStagedUpdateStrategy", "ResourceOverride", "ResourceOverride"]);
        // Created together on one hub, in registration order: the hub's whole admission, cross-object rules included.
        assert.deepStrictEqual(validateFleetObjects(crs.map((r) => r.inputs)), []);
        const crp = crs.find((r) => r.type.endsWith("ClusterResourcePlacement"))!;
        assert.strictEqual(crp.inputs.spec.strategy.type, "External");
        for (const other of crs.filter((r) => r !== crp)) assert.ok(crp.dependencies.includes(other.urn), other.name);
        const [override, serviceOverride] = crs.filter((r) => r.type.endsWith(":ResourceOverride"));
        assert.deepStrictEqual(override.inputs.spec.resourceSelectors, [{ group: "apps", version: "v1", kind: "Deployment", name: "web" }]);
        assert.strictEqual(serviceOverride.name, "web-placement-override-service-web");
        assert.strictEqual(serviceOverride.inputs.metadata.name, "web-service");
        assert.deepStrictEqual(serviceOverride.inputs.spec.resourceSelectors, [{ group: "", version: "v1", kind: "Service", name: "web" }]);
    });

    it("bad generated-artifact input fails at construction", async () => {
        for (const [args, path] of [
            [{ containerize: { files: ["package.json", "go.mod"] } }, "containerize.files"],
            [{ containerize: { port: 80 } }, "containerize.port"],
            [{ containerize: { files: ["requirements.txt"] } }, "containerize.entrypoint"],
            [{ generateManifests: {}, manifestSource: "helm" }, "generateManifests"],
            [{ generateManifests: { autoscaling: { minReplicas: 4, maxReplicas: 2 } } }, "generateManifests.autoscaling.maxReplicas"],
        ] as [Partial<FleetAutomatedDeploymentArgs>, string][]) {
            const { error, resources } = await attempt(() => new FleetAutomatedDeployment("web", { ...base, ...args }));
            assert.ok(
                error?.errors?.some((e: any) => e.propertyPath === path),
                `${path}: ${error?.message}`,
            );
            assert.deepStrictEqual(resources, []);
        }
    });
});
