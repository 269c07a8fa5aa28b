// The naming/repository part, planned directly: every derived name once, refs and environment checked, nothing owned.
import * as assert from "node:assert";
import { planNaming, variableNamesOf } from "../../sdk/src/naming/part";

describe("naming/part: planNaming", () => {
    it("derives every name from the repository, once: app, namespace, variables, workflow, pull request branch, identity", () => {
        const { spec, problems, claims } = planNaming({ repository: "Contoso/My_Web.App" }, "");
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(claims, [], "names are claimed by the parts that register what they name");
        assert.strictEqual(spec.appName, "my-web-app");
        assert.strictEqual(spec.namespace, "my-web-app");
        assert.strictEqual(spec.branch, "main");
        assert.strictEqual(spec.workflowPath, ".github/workflows/fleet-deploy-my-web-app.yml");
        assert.strictEqual(spec.verifyWorkflowPath, ".github/workflows/fleet-deploy-my-web-app-verify.yml");
        assert.strictEqual(spec.variables.clientId, "AZURE_CLIENT_ID_MY_WEB_APP");
        assert.strictEqual(spec.pullRequestBranch, "fleet-autodeploy/my-web-app");
        assert.strictEqual(spec.commitBranch, "main", "no pull request: the files go to the deploy branch");
        assert.strictEqual(spec.identityName, "gh-Contoso-My_Web.App-my-web-app".replace(/[^A-Za-z0-9_-]+/g, "-"));
        assert.deepStrictEqual(spec.defaulted, { namespace: true, variableSuffix: true, workflowPath: true });
        assert.deepStrictEqual(spec.triggers.branches, ["main"]);
    });

    it("a namespace apart from the app names the deployment and its pull request branch after both", () => {
        const { spec } = planNaming({ repository: "contoso/web", namespace: "web-staging", pullRequest: true }, "");
        assert.strictEqual(spec.deploymentName, "web-web-staging");
        assert.strictEqual(spec.commitBranch, "fleet-autodeploy/web-web-staging");
        assert.strictEqual(spec.variables.clientId, "AZURE_CLIENT_ID_WEB_STAGING");
    });

    it("an empty variable suffix gives the portal's bare names", () => {
        assert.deepStrictEqual(variableNamesOf("").clientId, "AZURE_CLIENT_ID");
        assert.strictEqual(planNaming({ repository: "contoso/web", variableSuffix: "" }, "").spec.variables.fleetName, "FLEET_NAME");
    });

    it("reports each mistake once under the argument given, with valid stand-ins for what derives from it", () => {
        const { spec, problems } = planNaming({ repository: "contoso/web", appName: "Web_App", variableSuffix: "lower", workflowPath: "deploy.yml", extraBranches: ["main"] }, "");
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["appName", "extraBranches", "variableSuffix", "workflowPath"],
        );
        assert.strictEqual(spec.namespace, "app", "the namespace derives from a stand-in, not from the refused app name");
    });

    it("a derived name's problem names its source", () => {
        const { problems } = planNaming({ repository: "contoso/___" }, "");
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["appName"],
        );
        assert.match(problems[0].message, /derived from repository/);
    });

    it("checks the environment and its admission of the triggers", () => {
        const { spec, problems } = planNaming({ repository: "contoso/web", environment: { name: "prod", deploymentBranches: ["release/*"] } }, "");
        assert.strictEqual(spec.environment?.name, "prod");
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["environment.deploymentBranches"],
            "main is not admitted by release/*",
        );
    });

    it("puts its problems under the deployment's path", () => {
        const { problems } = planNaming({ repository: "contoso/web", branch: "refs/heads/main" }, "apps[2]");
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["apps[2].branch"],
        );
    });
});
