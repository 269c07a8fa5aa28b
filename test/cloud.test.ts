// The `cloud` argument: one setting for the federated credentials' audience, every azure/login step's cloud and
// audience, and the registry's domain. The public cloud (the default) renders exactly what it did before.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { AzureCloud, FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, GitHubOidcIdentity, GitHubOidcIdentityArgs } from "../sdk/src";
import { deploymentSpec } from "../sdk/src/deployment/plan";
import { renderWorkflow } from "../sdk/src/render/workflow";
import { ofType, refusal as refusedProgram, run } from "./harness";
import { FLEET, FLEET_RG, REGISTRY } from "./fixtures";
import { actionlintFindings, pinViolations } from "./validators/actionlint";

const EXPECTED: Record<AzureCloud, { audience: string; environment?: string; suffix: string }> = {
    public: { audience: "api://AzureADTokenExchange", suffix: ".azurecr.io" },
    usGovernment: { audience: "api://AzureADTokenExchangeUSGov", environment: "AzureUSGovernment", suffix: ".azurecr.us" },
    china: { audience: "api://AzureADTokenExchangeChina", environment: "AzureChinaCloud", suffix: ".azurecr.cn" },
};
const CLOUDS = Object.keys(EXPECTED) as AzureCloud[];

const MI_FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const APP_FIC = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const FLEX_FIC = "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential";
const FILE = "github:index/repositoryFile:RepositoryFile";

const STAGED = {
    stagedRollout: {
        stages: [
            { name: "canary", clusterLabels: { "fleet-stage": "canary" } },
            { name: "rest", clusterLabels: { "fleet-stage": "rest" } },
        ],
    },
};
const base = (cloud: AzureCloud | undefined): FleetAutomatedDeploymentArgs => ({
    repository: "contoso/web",
    fleetId: FLEET,
    registryId: REGISTRY,
    members: [{ name: "canary" }, { name: "eastus" }],
    ...(cloud ? { cloud } : {}),
    // Given, so that the mock's `getRegistry` (a public-cloud name) is not what is checked.
    registryLoginServer: `contosoacr${EXPECTED[cloud ?? "public"].suffix}`,
});

/** Every audience of every federated credential the run registered (flexible ones included). */
function audiencesOf(resources: Awaited<ReturnType<typeof run>>["resources"]): string[] {
    return [...[...ofType(resources, MI_FIC), ...ofType(resources, APP_FIC)].flatMap((r) => r.inputs.audiences as string[]), ...ofType(resources, FLEX_FIC).map((r) => r.inputs.audience as string)];
}

/** Every azure/login step of every job, with where it is. */
function azureLogins(text: string): { where: string; with: Record<string, string> }[] {
    const wf = YAML.parse(text);
    return Object.entries<any>(wf.jobs).flatMap(([job, j]) =>
        (j.steps as any[])
            .map((s, i) => ({ s, where: `jobs.${job}.steps[${i}]` }))
            .filter(({ s }) => String(s.uses ?? "").startsWith("azure/login@"))
            .map(({ s, where }) => ({ where, with: s.with ?? {} })),
    );
}

const refusal = (construct: () => unknown): unknown => {
    try {
        construct();
    } catch (e) {
        return e;
    }
    return undefined;
};

describe("cloud: the credentials' audience, every sign-in and the registry's domain", () => {
    for (const cloud of CLOUDS) {
        const expected = EXPECTED[cloud];

        describe(cloud, () => {
            it("every federated credential, of both identities, accepts the cloud's audience from GitHub's issuer", async () => {
                const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...base(cloud), placement: STAGED }));
                const fics = ofType(resources, MI_FIC);
                assert.ok(fics.some((f) => f.name.startsWith("web-rollout")) && fics.some((f) => f.name.startsWith("web-oidc")), fics.map((f) => f.name).join(", "));
                assert.deepStrictEqual([...new Set(audiencesOf(resources))], [expected.audience]);
                assert.ok(fics.every((f) => f.inputs.issuer === "https://token.actions.githubusercontent.com"));
            });

            it("an application identity's credentials, flexible ones included, accept it too", async () => {
                const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...base(cloud), identityKind: "application", branchPatterns: ["release/*"] }));
                assert.ok(ofType(resources, APP_FIC).length > 0 && ofType(resources, FLEX_FIC).length > 0);
                assert.deepStrictEqual([...new Set(audiencesOf(resources))], [expected.audience]);
            });

            it("the standalone GitHubOidcIdentity takes the same argument", async () => {
                const args: GitHubOidcIdentityArgs = { repository: "contoso/web", branches: ["main"], resourceGroupId: FLEET_RG, ...(cloud === "public" ? {} : { cloud }) };
                const { resources } = await run(() => new GitHubOidcIdentity("gh-web", args));
                assert.strictEqual(ofType(resources, MI_FIC).length, 2);
                assert.deepStrictEqual([...new Set(audiencesOf(resources))], [expected.audience]);
            });

            for (const layout of [
                { label: "build, deploy and rollout jobs", args: { placement: STAGED } },
                { label: "one environment job and the rollout job", args: { placement: STAGED, environment: { name: "production" } } },
            ]) {
                it(`every azure/login step signs in to the cloud with the credentials' audience (${layout.label}), actionlint-clean`, async () => {
                    const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...base(cloud), ...layout.args }));
                    const file = ofType(resources, FILE).find((f) => f.inputs.file === ".github/workflows/fleet-deploy-web.yml")!;
                    const text: string = file.inputs.content;
                    const logins = azureLogins(text);
                    assert.ok(
                        logins.some((l) => l.where.startsWith("jobs.rollout.")),
                        "the rollout job signs in too",
                    );
                    assert.ok(logins.length >= 6, `${logins.length} sign-ins`);
                    for (const l of logins) {
                        assert.strictEqual(l.with.environment, expected.environment, l.where);
                        assert.strictEqual(l.with.audience, cloud === "public" ? undefined : expected.audience, l.where);
                    }
                    assert.deepStrictEqual(await actionlintFindings(text), []);
                    assert.deepStrictEqual(pinViolations(text), []);
                });
            }

            it("a login server in another cloud's registry domain is refused at construction, naming both arguments", () => {
                const other = CLOUDS.find((c) => c !== cloud)!;
                const error = refusal(() => deploymentSpec("web", { ...base(cloud), registryLoginServer: `contosoacr${EXPECTED[other].suffix}` }));
                assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
                assert.deepStrictEqual(
                    error.errors.map((e) => e.propertyPath),
                    ["registryLoginServer"],
                );
                const reason = error.errors[0].reason;
                assert.match(reason, new RegExp(`registryLoginServer "contosoacr\\${EXPECTED[other].suffix}" is not a registry of cloud "${cloud}"`));
                assert.ok(reason.includes(`set cloud "${other}"`) && reason.includes(`NAME${expected.suffix}`), reason);
            });

            it("a login server that is an Output is checked where it resolves", async () => {
                const other = CLOUDS.find((c) => c !== cloud)!;
                await assert.rejects(
                    run(() => new FleetAutomatedDeployment("web", { ...base(cloud), registryLoginServer: pulumi.output(`contosoacr${EXPECTED[other].suffix}`) })),
                    (e: unknown) => pulumi.InputPropertyError.isInstance(e) && e.propertyPath === "registryLoginServer" && e.reason.includes(`cloud "${cloud}"`),
                );
                const { resources } = await run(() => new FleetAutomatedDeployment("web", { ...base(cloud), registryLoginServer: pulumi.output(`contosoacr${expected.suffix}`) }));
                const variable = ofType(resources, "github:index/actionsVariable:ActionsVariable").find((v) => v.inputs.variableName === "ACR_LOGIN_SERVER_WEB");
                assert.strictEqual(variable?.inputs.value, `contosoacr${expected.suffix}`);
            });
        });
    }

    it("an unknown cloud is refused at construction, naming cloud and the allowed values, on both components", async () => {
        const deployment = refusal(() => deploymentSpec("web", { ...base(undefined), cloud: "azureGermany" as never }));
        assert.ok(pulumi.InputPropertiesError.isInstance(deployment), String(deployment));
        assert.deepStrictEqual(
            deployment.errors.map((e) => [e.propertyPath, e.reason]),
            [["cloud", 'cloud "azureGermany" is not one of "public", "usGovernment", "china".']],
        );
        const identity = await refusedProgram(
            () => new GitHubOidcIdentity("gh-web", { repository: "contoso/web", branches: ["main"], resourceGroupId: FLEET_RG, cloud: "AzureUSGovernment" as never }),
        );
        assert.ok(pulumi.InputPropertiesError.isInstance(identity), String(identity));
        assert.ok(
            identity.errors.some((e) => e.propertyPath === "cloud" && e.reason.includes('"public", "usGovernment", "china"')),
            identity.message,
        );
    });

    it("the default is the public cloud, and it renders exactly what the workflow was before: no environment or audience inputs", async () => {
        const spec = deploymentSpec("web", { ...base(undefined), placement: STAGED });
        assert.strictEqual(spec.cloud, "public");
        const { cloud: _, ...withoutCloud } = spec.workflow;
        const text = renderWorkflow(spec.workflow);
        assert.strictEqual(text, renderWorkflow(withoutCloud), "the cloud adds nothing on the public cloud");
        assert.strictEqual(text, renderWorkflow(deploymentSpec("web", { ...base("public"), placement: STAGED }).workflow), "explicit public is the default");
        for (const l of azureLogins(text)) assert.deepStrictEqual(Object.keys(l.with).sort(), ["allow-no-subscriptions", "client-id", "tenant-id"], l.where);
        // Not given: read from the registry (never guessed) and used as it is.
        const { resources } = await run(() => new FleetAutomatedDeployment("web", { repository: "contoso/web", fleetId: FLEET, registryId: REGISTRY }));
        const variable = ofType(resources, "github:index/actionsVariable:ActionsVariable").find((v) => v.inputs.variableName === "ACR_LOGIN_SERVER_WEB");
        assert.strictEqual(variable?.inputs.value, "contosoacr.azurecr.io");
    });
});
