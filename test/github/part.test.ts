// The GitHub wiring part, planned directly: the workflow's spec from the other parts' specs, the variables it reads,
// and what it claims (workflow files, the pull request's branch, variables, the environment).
import * as assert from "node:assert";
import { planBuild } from "../../sdk/src/build/part";
import { GitHubContext, gitHubWiring, planGitHub } from "../../sdk/src/github/part";
import { NO_ADOPTION } from "../../sdk/src/identity/adoption";
import { planNaming } from "../../sdk/src/naming/part";
import { ArmId, parseArmId } from "../../sdk/src/azure/ids";
import { FLEET, REGISTRY } from "../fixtures";

const naming = (extra: Record<string, unknown> = {}) => planNaming({ repository: "contoso/web", ...extra }, "").spec;
const context = (extra: Partial<GitHubContext> = {}): GitHubContext => ({
    build: planBuild({}, "", naming(), { adoptsTasksRole: false }).spec,
    registryAbac: false,
    cloud: "public",
    adoption: NO_ADOPTION,
    ...extra,
});

describe("github/part: planGitHub", () => {
    it("the workflow's spec reads the names and the build; it writes the base variables only; it claims its file and variables", () => {
        const { spec, problems, claims } = planGitHub({}, "", naming(), context());
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual([spec.workflow.name, spec.workflow.deploymentName, spec.workflow.namespace, spec.workflow.build.imageName], ["Deploy web to the fleet", "web", "web", "web"]);
        assert.deepStrictEqual(Object.keys(spec.variables), ["clientId", "tenantId", "subscriptionId", "registryName", "registryLoginServer", "fleetName", "fleetResourceGroup"]);
        assert.deepStrictEqual(
            claims.map((c) => c.path),
            ["workflowPath", ...Array(7).fill("variableSuffix")],
        );
        assert.strictEqual(claims[0].object, "file .github/workflows/fleet-deploy-web.yml on contoso/web@main");
    });

    it("ACR Tasks and a staged rollout add their variables; a pull request and an environment add their claims", () => {
        const build = planBuild({ buildMode: "acrTasks" }, "", naming(), { adoptsTasksRole: false }).spec;
        const names = naming({ pullRequest: true, environment: { name: "prod" } });
        const { spec, claims } = planGitHub({ pullRequest: true, pullRequestBuilds: true }, "", names, context({ build, rollout: { placement: "web", strategy: "web" } }));
        assert.deepStrictEqual([spec.variables.registryResourceGroup, spec.variables.rolloutClientId], ["ACR_RESOURCE_GROUP_WEB", "AZURE_ROLLOUT_CLIENT_ID_WEB"]);
        assert.deepStrictEqual(
            claims.filter((c) => c.path !== "variableSuffix").map((c) => c.object),
            [
                "file .github/workflows/fleet-deploy-web.yml on contoso/web@fleet-autodeploy/web",
                "file .github/workflows/fleet-deploy-web-verify.yml on contoso/web@fleet-autodeploy/web",
                "branch fleet-autodeploy/web of contoso/web",
                "GitHub environment prod of contoso/web",
            ],
        );
        const wiring = gitHubWiring(spec, names, {
            fleet: parseArmId(FLEET, "fleet", "fleetId") as ArmId,
            registry: parseArmId(REGISTRY, "registry", "registryId") as ArmId,
            ids: { clientId: "c", tenantId: "t" },
            loginServer: "acr.azurecr.io",
            generated: [],
        });
        assert.strictEqual(wiring.pullRequestBranch, names.pullRequestBranch, "the branch the claim names is the branch committed to");
        assert.deepStrictEqual(
            wiring.files.map((f) => f.path),
            [names.workflowPath, names.verifyWorkflowPath],
        );
    });

    it("refuses adoption that contradicts how files are committed, and values it does not write", () => {
        const adoption = { ...NO_ADOPTION, workflow: true, githubValues: ["AZURE_CLIENT_ID"] };
        const { problems } = planGitHub({ pullRequest: true }, "", naming(), context({ adoption }));
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["adopt.workflow", "adopt.githubValues[0]"],
        );
    });
});
