// The pack as the Pulumi engine runs it: @pulumi/pulumi's run-policy-pack starts sdk/policy, which serves its policies
// over gRPC; the test plays the engine (GetAnalyzerInfo, Configure, Analyze, AnalyzeStack), with preview's unknowns.
import * as assert from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const PACK = path.join(ROOT, "sdk/policy");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const proto = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const STACK = "urn:pulumi:dev::web";
const urn = (type: string, name: string) => `${STACK}::${type}::${name}`;
const SUB = "11111111-2222-3333-4444-555555555555";
const REGISTRY = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr`;
const role = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

interface Resource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    propertyDependencies?: Record<string, string[]>;
    parent?: string;
}

function options(): any {
    const o = new proto.AnalyzerResourceOptions();
    o.setProtect(false);
    return o;
}

function analyzerResource(r: Resource): any {
    const m = new proto.AnalyzerResource();
    m.setType(r.type);
    m.setName(r.name);
    m.setUrn(urn(r.type, r.name));
    m.setProperties(Struct.fromJavaScript(r.props));
    m.setOptions(options());
    if (r.parent) m.setParent(r.parent);
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const deps = new proto.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        m.getPropertydependenciesMap().set(k, deps);
    }
    m.setDependenciesList([...new Set(Object.values(r.propertyDependencies ?? {}).flat())]);
    return m;
}

describe("policy pack under the engine (gRPC, as `pulumi preview --policy-pack sdk/policy` runs it)", function () {
    this.timeout(60000);
    let child: ChildProcess;
    let client: any;
    const call = <T>(method: string, req: unknown) => new Promise<T>((resolve, reject) => client[method](req, (err: unknown, res: T) => (err ? reject(err) : resolve(res))));
    const diagnostics = (res: any) =>
        res.getDiagnosticsList().map((d: any) => ({
            policy: d.getPolicyname(),
            level: d.getEnforcementlevel(),
            urn: d.getUrn(),
            message: d.getMessage(),
        }));

    before(async () => {
        child = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."], { cwd: PACK, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (d) => {
            stderr += d;
        });
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            child.stdout!.on("data", (d) => {
                out += d;
                if (/^\d+\s/.test(out)) resolve(out.trim());
            });
            child.on("exit", (code) => reject(new Error(`the pack exited (${code}): ${stderr}`)));
        });
        client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        child?.kill();
    });

    it("describes its policies with their default enforcement levels", async () => {
        const info: any = await call("getAnalyzerInfo", new Empty());
        assert.strictEqual(info.getName(), "fleet-autodeploy");
        const levels = Object.fromEntries(info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]));
        const { MANDATORY, ADVISORY } = proto.EnforcementLevel;
        assert.deepStrictEqual(levels, {
            "github-identity-roles": MANDATORY,
            "github-identity-no-privileged-roles": MANDATORY,
            "role-assignment-principal-type": MANDATORY,
            "github-federation-trust": MANDATORY,
            "workflow-pinned-and-scoped": MANDATORY,
            "hub-namespace-retained": ADVISORY,
            "no-conflicting-resources": MANDATORY,
        });
    });

    it("Analyze: a workflow with a tag-pinned action is a mandatory violation; a pinned one is not", async () => {
        const request = (name: string, content: string) => {
            const req = new proto.AnalyzeRequest();
            req.setType("github:index/repositoryFile:RepositoryFile");
            req.setName(name);
            req.setUrn(urn("github:index/repositoryFile:RepositoryFile", name));
            req.setProperties(Struct.fromJavaScript({ repository: "web", file: ".github/workflows/ci.yml", content }));
            req.setOptions(options());
            return req;
        };
        const bad = diagnostics(await call("analyze", request("ci", "on: push\npermissions: {}\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n")));
        assert.deepStrictEqual(
            bad.map((d: any) => [d.policy, d.level]),
            [["workflow-pinned-and-scoped", proto.EnforcementLevel.MANDATORY]],
        );
        assert.match(bad[0].message, /actions\/checkout@v4: a tag or branch/);
        const good = diagnostics(await call("analyze", request("ci", `on: push\npermissions: {}\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@${"0".repeat(40)}\n`)));
        assert.deepStrictEqual(good, []);
    });

    it("AnalyzeStack: links a role assignment to a GitHub identity by property dependencies while ids are unknown (preview)", async () => {
        const identity = {
            type: "azure-native:managedidentity:UserAssignedIdentity",
            name: "deployer",
            props: { resourceGroupName: "rg", resourceName: "deployer", principalId: UNKNOWN, name: UNKNOWN },
        };
        const identityUrn = urn(identity.type, identity.name);
        const resources: Resource[] = [
            identity,
            {
                type: "azure-native:managedidentity:FederatedIdentityCredential",
                name: "deployer-main",
                props: {
                    resourceGroupName: "rg",
                    resourceName: UNKNOWN,
                    federatedIdentityCredentialResourceName: "main",
                    issuer: "https://token.actions.githubusercontent.com",
                    audiences: ["api://AzureADTokenExchange"],
                    subject: "repo:contoso/web:pull_request",
                },
                propertyDependencies: { resourceName: [identityUrn] },
            },
            {
                type: "azure-native:authorization:RoleAssignment",
                name: "deployer-contributor",
                props: { scope: REGISTRY, principalId: UNKNOWN, principalType: "ServicePrincipal", roleDefinitionId: role("b24988ac-6180-42a0-ab88-20f7382dd24c") },
                propertyDependencies: { principalId: [identityUrn] },
            },
        ];
        const req = new proto.AnalyzeStackRequest();
        req.setResourcesList(resources.map(analyzerResource));
        const found = diagnostics(await call("analyzeStack", req));
        const byPolicy = (p: string) => found.filter((d: any) => d.policy === p);
        assert.strictEqual(byPolicy("github-identity-roles").length, 1, JSON.stringify(found));
        assert.strictEqual(byPolicy("github-identity-roles")[0].urn, urn("azure-native:authorization:RoleAssignment", "deployer-contributor"));
        assert.match(byPolicy("github-identity-no-privileged-roles")[0].message, /grants Contributor to deployer/);
        assert.match(byPolicy("github-federation-trust")[0].message, /pull_request/);
        assert.ok(!found.some((d: any) => /can't run policy/.test(d.message)), "no policy trips over an unknown value");
    });

    it("Configure: policy config lowers a policy's level, as --policy-pack-config does", async () => {
        const req = new proto.ConfigureAnalyzerRequest();
        const config = new proto.PolicyConfig();
        config.setEnforcementlevel(proto.EnforcementLevel.ADVISORY);
        config.setProperties(Struct.fromJavaScript({}));
        req.getPolicyconfigMap().set("workflow-pinned-and-scoped", config);
        await call("configure", req);
        const analyze = new proto.AnalyzeRequest();
        analyze.setType("github:index/repositoryFile:RepositoryFile");
        analyze.setName("ci");
        analyze.setUrn(urn("github:index/repositoryFile:RepositoryFile", "ci"));
        analyze.setProperties(Struct.fromJavaScript({ repository: "web", file: ".github/workflows/ci.yml", content: "on: push\njobs:\n  b:\n    runs-on: x\n" }));
        analyze.setOptions(options());
        const found = diagnostics(await call("analyze", analyze));
        assert.deepStrictEqual(
            found.map((d: any) => [d.policy, d.level]),
            [["workflow-pinned-and-scoped", proto.EnforcementLevel.ADVISORY]],
        );
    });
});
