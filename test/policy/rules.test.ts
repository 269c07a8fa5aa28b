// The guardrails' pure functions, on plain resource data: each rule with a case it must find and one it must not.
import * as assert from "node:assert";
import { stackConflicts } from "../../sdk/src/policy/conflicts";
import { federationFindings, flexiblePattern, subjectProblem } from "../../sdk/src/policy/federation";
import { identityGraph, isGitHubIssuer } from "../../sdk/src/policy/identities";
import { plainProps, toTarget } from "../../sdk/src/policy/pack";
import { retentionFindings } from "../../sdk/src/policy/retention";
import { githubRoleFindings, principalTypeFindings, privilegedRoleFindings, scopeKind } from "../../sdk/src/policy/roles";
import { PolicyTarget, UNKNOWN } from "../../sdk/src/policy/target";
import { Types } from "../../sdk/src/vocabulary/tokens";
import { isWorkflowPath, usesProblem, workflowFindings, workflowProblems } from "../../sdk/src/policy/workflows";

const SUB = "11111111-2222-3333-4444-555555555555";
const RG = `/subscriptions/${SUB}/resourceGroups/rg`;
const REGISTRY = `${RG}/providers/Microsoft.ContainerRegistry/registries/acr`;
const FLEET = `${RG}/providers/Microsoft.ContainerService/fleets/hub`;
const role = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const ACR_PUSH = "8311e382-0749-4cb8-b61a-304f252e45ec",
    WRITER = "5af6afb3-c06c-4fa4-8848-71a8aee05683",
    HUB_USER = "850c5848-fc51-4a9a-8823-f220370626e3";
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const GITHUB = "https://token.actions.githubusercontent.com",
    AUDIENCE = "api://AzureADTokenExchange";

function target(type: string, name: string, props: Record<string, unknown>, more: Partial<PolicyTarget> = {}): PolicyTarget {
    return { type, name, urn: `urn:pulumi:dev::p::${type}::${name}`, props, opts: {}, custom: true, dependencies: [], propertyDependencies: {}, ...more };
}
const identity = (name: string, principalId = `pid-${name}`) => target(Types.UserAssignedIdentity, name, { resourceGroupName: "rg", resourceName: name, principalId });
const fic = (name: string, identityName: string, subject: string, more: Record<string, unknown> = {}) =>
    target(Types.FederatedIdentityCredential, name, { resourceGroupName: "rg", resourceName: identityName, issuer: GITHUB, audiences: [AUDIENCE], subject, ...more });
const grant = (name: string, principalId: string, scope: string, guid: string, more: Record<string, unknown> = {}) =>
    target(Types.RoleAssignment, name, { scope, principalId, principalType: "ServicePrincipal", roleDefinitionId: role(guid), ...more });
const names = (findings: Array<{ urn?: string }>) => findings.map((f) => f.urn?.split("::").pop());

describe("guardrails (pure functions)", () => {
    describe("identities: which principals GitHub signs in as", () => {
        it("links credentials by resource group and name (case-insensitive), by property dependencies, and by the credential's id", () => {
            const a = identity("deployer"),
                b = identity("other");
            const byName = fic("c1", "DEPLOYER", "repo:o/r:ref:refs/heads/main");
            const byDependency = fic("c2", UNKNOWN, "s", {});
            byDependency.propertyDependencies = { resourceName: [b.urn] };
            const byId = target(Types.FederatedIdentityCredential, "c3", {
                issuer: GITHUB,
                id: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deployer/federatedIdentityCredentials/c3`,
            });
            const g = identityGraph([a, b, byName, byDependency, byId]);
            assert.deepStrictEqual(
                g.identities.map((i) => [i.resource.name, i.credentials.map((c) => c.name)]),
                [
                    ["deployer", ["c1", "c3"]],
                    ["other", ["c2"]],
                ],
            );
        });

        it("links an application's credentials to its service principal, and role assignments by principal id or dependency", () => {
            const app = target(Types.Application, "app", { clientId: "client-1", objectId: "obj-1" });
            const sp = target(Types.ServicePrincipal, "sp", { clientId: "CLIENT-1", objectId: "sp-1" });
            const cred = target(Types.ApplicationFederatedIdentityCredential, "cred", { applicationId: "/applications/obj-1", issuer: GITHUB });
            const byValue = grant("by-value", "SP-1", REGISTRY, ACR_PUSH);
            const byDependency = grant("by-dependency", UNKNOWN, REGISTRY, ACR_PUSH, {});
            byDependency.propertyDependencies = { principalId: [sp.urn] };
            const stranger = grant("stranger", "someone-else", REGISTRY, ACR_PUSH);
            const g = identityGraph([app, sp, cred, byValue, byDependency, stranger]);
            assert.deepStrictEqual(g.ownerOf(cred)?.resource.name, "sp");
            assert.deepStrictEqual(
                g.identities[0].roleAssignments.map((r) => r.name),
                ["by-value", "by-dependency"],
            );
            assert.strictEqual(g.principalOf(stranger), undefined);
        });

        it("knows GitHub's issuer, GitHub Enterprise's under it, and nothing else", () => {
            assert.ok(isGitHubIssuer(GITHUB) && isGitHubIssuer(`${GITHUB}/contoso`) && isGitHubIssuer(`${GITHUB}/`));
            assert.ok(!isGitHubIssuer("https://login.microsoftonline.com/t/v2.0") && !isGitHubIssuer(UNKNOWN) && !isGitHubIssuer(undefined));
        });
    });

    describe("github-identity-roles and github-identity-no-privileged-roles", () => {
        const deployer = identity("deployer");
        const base = [deployer, fic("main", "deployer", "repo:o/r:ref:refs/heads/main")];
        const run = (...grants: PolicyTarget[]) => {
            const all = [...base, ...grants];
            const g = identityGraph(all);
            return { roles: githubRoleFindings(all, g), privileged: privilegedRoleFindings(all, g) };
        };

        it("classifies scopes: registry, fleet, one hub namespace (both spellings), nothing broader", () => {
            assert.strictEqual(scopeKind(REGISTRY), "registry");
            assert.strictEqual(scopeKind(FLEET.toLowerCase()), "fleet");
            assert.strictEqual(scopeKind(`${FLEET}/namespaces/web`), "fleet namespace");
            assert.strictEqual(scopeKind(`${FLEET}/managedNamespaces/web`), "fleet namespace");
            for (const broad of [RG, `/subscriptions/${SUB}`, `${REGISTRY}/scopeMaps/x`, `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`])
                assert.strictEqual(scopeKind(broad), undefined, broad);
        });

        it("accepts the library's grants, each at its scope", () => {
            const { roles } = run(
                grant("push", "pid-deployer", REGISTRY, ACR_PUSH),
                grant("writer", "pid-deployer", `${FLEET}/namespaces/web`, WRITER),
                grant("user", "pid-deployer", FLEET, HUB_USER),
            );
            assert.deepStrictEqual(roles, []);
        });

        it("refuses a role outside the set, and an allowed role at another scope", () => {
            const { roles } = run(
                grant("reader", "pid-deployer", REGISTRY, READER),
                grant("writer-fleet", "pid-deployer", FLEET, WRITER),
                grant("push-rg", "pid-deployer", RG, ACR_PUSH),
                grant("user-ns", "pid-deployer", `${FLEET}/namespaces/web`, HUB_USER),
            );
            assert.deepStrictEqual(names(roles), ["reader", "writer-fleet", "push-rg", "user-ns"]);
            assert.match(roles[0].message, /grants Reader to deployer/);
        });

        it("leaves identities GitHub cannot sign in as, and unknown roles, alone", () => {
            const workload = identity("workload");
            const all = [...base, workload, grant("w", "pid-workload", RG, READER), grant("unknown", "pid-deployer", RG, READER, { roleDefinitionId: UNKNOWN })];
            assert.deepStrictEqual(githubRoleFindings(all, identityGraph(all)), []);
        });

        it("refuses Owner, Contributor, User Access Administrator and RBAC Administrator, whatever the case of the GUID", () => {
            const { privileged } = run(
                grant("owner", "pid-deployer", RG, "8E3AF657-A8FF-443C-A75C-2FE8C4BCB635"),
                grant("contributor", "pid-deployer", REGISTRY, "b24988ac-6180-42a0-ab88-20f7382dd24c"),
                grant("uaa", "pid-deployer", RG, "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
                grant("rbac-admin", "pid-deployer", RG, "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
                grant("push", "pid-deployer", REGISTRY, ACR_PUSH),
            );
            assert.deepStrictEqual(names(privileged), ["owner", "contributor", "uaa", "rbac-admin"]);
            assert.match(privileged[2].message, /User Access Administrator/);
        });
    });

    describe("role-assignment-principal-type", () => {
        it("needs a principalType, and ServicePrincipal for an identity of the stack", () => {
            const worker = identity("worker");
            const all = [
                worker,
                grant("missing", "someone", RG, READER, { principalType: undefined }),
                grant("user-for-identity", "pid-worker", RG, READER, { principalType: "User" }),
                grant("user-for-person", "person", RG, READER, { principalType: "User" }),
                grant("typed", "pid-worker", REGISTRY, READER),
                grant("unknown", "pid-worker", FLEET, READER, { principalType: UNKNOWN }),
            ];
            const findings = principalTypeFindings(all, identityGraph(all));
            assert.deepStrictEqual(names(findings), ["missing", "user-for-identity"]);
            assert.match(findings[1].message, /UnmatchedPrincipalType/);
        });
    });

    describe("github-federation-trust", () => {
        it("subjects: pull requests and wildcards are refused; a flexible wildcard only inside a branch, tag or environment name", () => {
            assert.match(subjectProblem("repo:o/r:pull_request", false)!, /pull request/);
            assert.match(subjectProblem("repository_owner:o:event_name:pull_request", false)!, /pull request/);
            assert.match(subjectProblem("repo:o/r:ref:refs/pull/1/merge", false)!, /pull request/);
            assert.match(subjectProblem("repo:o/r:ref:refs/heads/*", false)!, /wildcard/);
            assert.strictEqual(subjectProblem("repo:o/r:ref:refs/heads/main", false), undefined);
            assert.strictEqual(subjectProblem("repo:o/r:ref:refs/heads/release/*", true), undefined);
            assert.strictEqual(subjectProblem("repo:o@1/r@2:environment:prod-?", true), undefined);
            for (const open of ["repo:o/r:*", "repo:o/*", "repo:*", "repo:o/r:ref:*", "*"]) assert.ok(subjectProblem(open, true), open);
        });

        it("reads flexible expressions, and only the sub claim", () => {
            assert.deepStrictEqual(flexiblePattern("claims['sub'] matches 'repo:o/r:ref:refs/heads/*'"), { pattern: "repo:o/r:ref:refs/heads/*", wildcards: true });
            assert.deepStrictEqual(flexiblePattern("claims['sub'] eq 'repo:o/r:ref:refs/heads/main'"), { pattern: "repo:o/r:ref:refs/heads/main", wildcards: false });
            assert.strictEqual(flexiblePattern("claims['job_workflow_ref'] matches '*'"), undefined);
        });

        it("checks issuer and audience of every GitHub credential, and subjects of deploy identities only", () => {
            const deployer = identity("deployer"),
                verifier = identity("verifier");
            const all = [
                deployer,
                verifier,
                grant("push", "pid-deployer", REGISTRY, ACR_PUSH),
                fic("ok", "deployer", "repo:o/r:ref:refs/heads/main"),
                fic("usgov", "deployer", "repo:o/r:ref:refs/heads/gov", { audiences: ["api://AzureADTokenExchangeUSGov"] }),
                fic("slash", "deployer", "repo:o/r:ref:refs/heads/a", { issuer: `${GITHUB}/` }),
                fic("audience", "deployer", "repo:o/r:ref:refs/heads/b", { audiences: ["api://other"] }),
                fic("pr", "deployer", "repo:o/r:pull_request"),
                fic("verifier-pr", "verifier", "repo:o/r:pull_request"),
                fic("not-github", "deployer", "system:serviceaccount:ns:sa", { issuer: "https://oidc.aks.example/", audiences: ["x"] }),
            ];
            assert.deepStrictEqual(names(federationFindings(all, identityGraph(all))), ["slash", "audience", "pr"]);
        });

        it("refuses an open flexible credential or an expression it cannot read on a deploy identity", () => {
            const app = target(Types.Application, "app", { objectId: "o1" }),
                sp = target(Types.ServicePrincipal, "sp", { objectId: "sp1" });
            sp.propertyDependencies = { clientId: [app.urn] };
            const flex = (name: string, claimsMatchingExpression: string) =>
                target(Types.ApplicationFlexibleFederatedIdentityCredential, name, { applicationId: "/applications/o1", issuer: GITHUB, audience: AUDIENCE, claimsMatchingExpression });
            const all = [
                app,
                sp,
                grant("push", "sp1", REGISTRY, ACR_PUSH),
                flex("feature", "claims['sub'] matches 'repo:o/r:ref:refs/heads/feature/*'"),
                flex("any", "claims['sub'] matches 'repo:o/r:*'"),
                flex("other-claim", "claims['ref'] matches 'refs/heads/*'"),
            ];
            assert.deepStrictEqual(names(federationFindings(all, identityGraph(all))), ["any", "other-claim"]);
        });
    });

    describe("workflow-pinned-and-scoped", () => {
        it("pins: a full commit SHA, a local action, a docker image by digest", () => {
            assert.strictEqual(usesProblem(`actions/checkout@${"a".repeat(40)}`), undefined);
            assert.strictEqual(usesProblem(`o/r/.github/workflows/build.yml@${"b".repeat(40)}`), undefined);
            assert.strictEqual(usesProblem("./.github/actions/setup"), undefined);
            assert.strictEqual(usesProblem(`docker://alpine@sha256:${"c".repeat(64)}`), undefined);
            for (const loose of [
                "actions/checkout@v4",
                "actions/checkout@main",
                `actions/checkout@${"a".repeat(7)}`,
                `actions/checkout@${"A".repeat(40)}`,
                "docker://alpine:3.20",
                "actions/checkout",
            ]) {
                assert.ok(usesProblem(loose), loose);
            }
        });

        it("permissions: at the top, or on every job", () => {
            const pinned = `actions/checkout@${"a".repeat(40)}`;
            assert.deepStrictEqual(workflowProblems(`on: push\npermissions: {}\njobs:\n  a:\n    steps:\n      - uses: ${pinned}\n`), []);
            assert.deepStrictEqual(workflowProblems("on: push\njobs:\n  a:\n    permissions: {}\n  b:\n    permissions:\n      contents: read\n"), []);
            const open = workflowProblems("on: push\njobs:\n  a:\n    permissions: {}\n  b:\n    uses: o/r/.github/workflows/x.yml@v1\n");
            assert.strictEqual(open.length, 2);
            assert.match(open[0], /job b uses o\/r\/.github\/workflows\/x.yml@v1/);
            assert.match(open[1], /job b has none/);
            assert.match(workflowProblems("on: [push\n")[0], /not valid YAML/);
        });

        it("reads only workflow files", () => {
            assert.ok(isWorkflowPath(".github/workflows/a.yml") && isWorkflowPath("./.github/workflows/b.YAML"));
            assert.ok(!isWorkflowPath(".github/workflows/sub/a.yml") && !isWorkflowPath("docs/a.yml") && !isWorkflowPath(".github/dependabot.yml"));
            const file = (path: string) => target(Types.RepositoryFile, "f", { file: path, content: "on: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n" });
            assert.strictEqual(workflowFindings(file(".github/workflows/ci.yml")).length, 2);
            assert.deepStrictEqual(workflowFindings(file("ci/ci.yml")), []);
        });
    });

    describe("hub-namespace-retained", () => {
        it("a Namespace not retained (known only offline) and a managed namespace not kept", () => {
            const ns = (retainOnDelete: boolean | undefined) => target(Types.KubernetesNamespace, "ns", { metadata: { name: "web" } }, { opts: { retainOnDelete } });
            assert.strictEqual(retentionFindings(ns(false)).length, 1);
            assert.deepStrictEqual(retentionFindings(ns(true)), []);
            assert.deepStrictEqual(retentionFindings(ns(undefined)), [], "the engine does not say: nothing is guessed");
            const managed = (deletePolicy: unknown) => target(Types.FleetManagedNamespace, "m", { properties: { adoptionPolicy: "Never", deletePolicy } });
            assert.match(retentionFindings(managed("Delete"))[0].message, /deletePolicy "Delete"/);
            assert.deepStrictEqual([...retentionFindings(managed("Keep")), ...retentionFindings(managed(UNKNOWN))], []);
        });
    });

    describe("no-conflicting-resources", () => {
        it("finds one object declared twice with the plan's keys, providers included", () => {
            const a = grant("a", "p", REGISTRY, ACR_PUSH, { roleAssignmentName: "n1" }),
                b = grant("b", "P", REGISTRY.toUpperCase(), ACR_PUSH, { roleAssignmentName: "n2" });
            assert.deepStrictEqual(
                stackConflicts([a, b]).map((c) => [c.kind, c.resources.length]),
                [["role assignment", 2]],
            );
            const provider = (owner: string) => ({ urn: `urn:pulumi:dev::p::pulumi:providers:github::${owner}`, type: "pulumi:providers:github", name: owner, props: { owner } });
            const variable = (name: string, owner: string) => target("github:index/actionsVariable:ActionsVariable", name, { repository: "web", variableName: "X" }, { provider: provider(owner) });
            assert.deepStrictEqual(stackConflicts([variable("v1", "contoso"), variable("v2", "fabrikam")]), [], "two owners, two objects");
            assert.strictEqual(stackConflicts([variable("v1", "contoso"), variable("v2", "contoso")]).length, 1);
        });

        it("keys Kubernetes objects by the API server their provider's kubeconfig names", () => {
            const kubeconfig = (server: string) => `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\n`;
            const provider = (name: string, server: string) => ({
                urn: `urn:pulumi:dev::p::pulumi:providers:kubernetes::${name}`,
                type: "pulumi:providers:kubernetes",
                name,
                props: { kubeconfig: kubeconfig(server) },
            });
            const ns = (name: string, p: ReturnType<typeof provider>) => target(Types.KubernetesNamespace, name, { metadata: { name: "web" } }, { provider: p });
            assert.strictEqual(stackConflicts([ns("a", provider("one", "https://hub:443")), ns("b", provider("two", "https://hub"))]).length, 1);
            assert.deepStrictEqual(stackConflicts([ns("a", provider("one", "https://hub")), ns("b", provider("two", "https://other"))]), []);
        });
    });

    describe("adapting what the engine passes", () => {
        it("turns preview's unknown markers into UNKNOWN, reads a proxy's target, keeps structure", () => {
            const raw = { a: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", b: [{ c: "x" }, "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"] };
            const proxy = new Proxy(raw, {
                get: (o, k) =>
                    k === "__getSpecialProxyTarget"
                        ? o
                        : (() => {
                              throw new Error("unknown");
                          })(),
            });
            assert.deepStrictEqual(plainProps(proxy), { a: UNKNOWN, b: [{ c: "x" }, UNKNOWN] });
        });

        it("takes custom from a provider under the engine, from the offline plan where it says", () => {
            const base = {
                type: "t:index:R",
                name: "r",
                urn: "u",
                props: {},
                opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            };
            assert.strictEqual(toTarget(base).custom, false);
            assert.strictEqual(toTarget({ ...base, provider: { type: "pulumi:providers:t", urn: "p", name: "default", props: {} } }).custom, true);
            assert.strictEqual(toTarget({ ...base, custom: false, provider: { type: "pulumi:providers:t", urn: "p", name: "default", props: {} } } as any).custom, false);
            assert.strictEqual(toTarget({ ...base, opts: { ...base.opts, retainOnDelete: true } } as any).opts.retainOnDelete, true);
        });
    });
});
