// Conflicts across programs: each resource keyed in its own program (config, explicit providers), then grouped.
import * as assert from "node:assert";
import { Conflict, findConflicts, findConflictsAcross, ProgramResources } from "../../sdk/src/resource/conflicts";
import { PlannedResource } from "../../sdk/src/resource/planned";

const SUB = "/subscriptions/aaaaaaaa-2222-3333-4444-555555555555";
const REGISTRY = `${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoacr`;
const ACR_PULL = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`;
const ROLE = "azure-native:authorization:RoleAssignment";
const VARIABLE = "github:index/actionsVariable:ActionsVariable";
const NO_OPTIONS: PlannedResource["options"] = {
    dependsOn: [],
    provider: null,
    protect: false,
    retainOnDelete: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    deleteBeforeReplace: false,
    aliases: [],
};

/** A resource of project `project` (stack dev): two programs with one project and name give one URN. */
const res = (project: string, type: string, name: string, inputs: Record<string, unknown>, more: Partial<PlannedResource> = {}): PlannedResource => ({
    urn: `urn:pulumi:dev::${project}::${type}::${name}`,
    type,
    name,
    parent: null,
    custom: true,
    inputs,
    options: NO_OPTIONS,
    ...more,
});
const using = (provider: PlannedResource) => ({ options: { ...NO_OPTIONS, provider: `${provider.urn}::id` } });
const program = (label: string, resources: PlannedResource[], config: Record<string, string> = {}): ProgramResources => ({ label, resources, config });
const pull = (project: string, name: string, principalId: string, roleAssignmentName?: string) =>
    res(project, ROLE, name, { scope: REGISTRY, principalId, roleDefinitionId: ACR_PULL, ...(roleAssignmentName ? { roleAssignmentName } : {}) });
const brief = (conflicts: Conflict[]) => conflicts.map((c) => `${c.kind}: ${c.resources.map((u, i) => `${c.programs?.[i]}/${u.split("::").pop()}`).join(" ")}`);

describe("findConflictsAcross", () => {
    it("two programs granting one principal one role at one scope: one conflict naming both programs", () => {
        const conflicts = findConflictsAcross([
            program("platform", [pull("platform", "contosoacr-pull-member-eastus", "kubelet-eastus")]),
            program("team-a", [pull("team-a", "web-pull-member-eastus", "KUBELET-EASTUS"), pull("team-a", "web-pull-member-westus", "kubelet-westus")]),
        ]);
        assert.deepStrictEqual(brief(conflicts), ["role assignment: platform/contosoacr-pull-member-eastus team-a/web-pull-member-eastus"]);
        assert.deepStrictEqual(conflicts[0].programs, ["platform", "team-a"]);
        assert.strictEqual(conflicts[0].object, `role 7f951dda-4ed3-4680-a7ca-43fe172d538d for principal kubelet-eastus at ${REGISTRY}`);
        assert.deepStrictEqual(conflicts[0].resources, [
            "urn:pulumi:dev::platform::azure-native:authorization:RoleAssignment::contosoacr-pull-member-eastus",
            "urn:pulumi:dev::team-a::azure-native:authorization:RoleAssignment::web-pull-member-eastus",
        ]);
    });

    it("reports a pair matching by name and by principal once, under the name, as within one program", () => {
        const conflicts = findConflictsAcross([program("a", [pull("a", "g", "p", "guid-1")]), program("b", [pull("b", "g", "p", "GUID-1")])]);
        assert.deepStrictEqual(brief(conflicts), ["role assignment name: a/g b/g"]);
    });

    it("one URN in two programs is not a conflict by itself; a URN twice in one program is findConflicts' to report", () => {
        // Two stacks of one project and stack name: same URNs, objects of different names.
        const a = program("a", [res("shop", VARIABLE, "v", { repository: "web", variableName: "X" }), res("shop", "raw:index:Thing", "t", {})], { "github:owner": "contoso" });
        const b = program("b", [res("shop", VARIABLE, "v", { repository: "api", variableName: "X" }), res("shop", "raw:index:Thing", "t", {})], { "github:owner": "contoso" });
        assert.deepStrictEqual(findConflictsAcross([a, b]), []);
        const twice = program("twice", [res("shop", "raw:index:Thing", "t", {}), res("shop", "raw:index:Thing", "t", {})]);
        assert.deepStrictEqual(findConflictsAcross([twice, b]), []);
        assert.deepStrictEqual(
            findConflicts(twice.resources, {}).map((c) => c.kind),
            ["duplicate URN"],
        );
    });

    it("keys GitHub objects by each program's own github:owner", () => {
        const variable = (project: string) => res(project, VARIABLE, "client-id", { repository: "web", variableName: "AZURE_CLIENT_ID" });
        const two = (ownerA?: string, ownerB?: string) =>
            findConflictsAcross([program("a", [variable("a")], ownerA ? { "github:owner": ownerA } : {}), program("b", [variable("b")], ownerB ? { "github:owner": ownerB } : {})]);
        assert.deepStrictEqual(two("contoso", "fabrikam"), [], "same repository and variable names, two owners");
        assert.deepStrictEqual(brief(two("contoso", "Contoso")), ["actions variable: a/client-id b/client-id"]);
        assert.strictEqual(two("contoso", "Contoso")[0].object, "variable AZURE_CLIENT_ID in contoso/web");
        // Without github:owner each engine takes the owner from its own machine: not known offline.
        assert.deepStrictEqual(two(undefined, undefined), []);
    });

    it("looks each resource's explicit provider up in its own program, even where the provider URNs are equal", () => {
        const gh = (owner: string) => res("shop", "pulumi:providers:github", "gh", { owner }, { custom: true });
        const variable = (provider: PlannedResource) => res("shop", VARIABLE, "v", { repository: "web", variableName: "X" }, using(provider));
        const [contoso, fabrikam, contoso2] = [gh("contoso"), gh("fabrikam"), gh("CONTOSO")];
        assert.deepStrictEqual(findConflictsAcross([program("a", [contoso, variable(contoso)]), program("b", [fabrikam, variable(fabrikam)])]), []);
        assert.deepStrictEqual(brief(findConflictsAcross([program("a", [contoso, variable(contoso)]), program("b", [contoso2, variable(contoso2)])])), ["actions variable: a/v b/v"]);
    });

    it("keys Azure objects by each program's own azure-native:subscriptionId; an unset one is not known offline", () => {
        const identity = (project: string) => res(project, "azure-native:managedidentity:UserAssignedIdentity", "id", { resourceGroupName: "rg-apps", resourceName: "web-github" });
        const two = (subA?: string, subB?: string) =>
            findConflictsAcross([
                program("a", [identity("a")], subA ? { "azure-native:subscriptionId": subA } : {}),
                program("b", [identity("b")], subB ? { "azure-native:subscriptionId": subB } : {}),
            ]).length;
        assert.deepStrictEqual([two("s1", "s1"), two("s1", "s2"), two(undefined, undefined)], [1, 0, 0]);
    });

    it("compares Kubernetes clusters by API server across programs; a provider of unknown server, or the default kubeconfig, stays its program's", () => {
        // The offline plan's hub kubeconfig of fleet contoso-fleet, as each program's FLEET-hub provider records it.
        const hub = (project: string, cluster?: string) => res(project, "pulumi:providers:kubernetes", "contoso-fleet-hub", { kubeconfig: "[secret]" }, { cluster });
        const namespace = (project: string, provider?: PlannedResource) => res(project, "kubernetes:core/v1:Namespace", "ns", { metadata: { name: "team-a" } }, provider ? using(provider) : {});
        const two = (a: PlannedResource | undefined, b: PlannedResource | undefined) =>
            findConflictsAcross([program("platform", [...(a ? [a] : []), namespace("platform", a)]), program("team-a", [...(b ? [b] : []), namespace("team-a", b)])]);
        const conflicts = two(hub("platform", "https://contoso-fleet-hub.plan.invalid:443"), hub("team-a", "https://CONTOSO-FLEET-HUB.plan.invalid/"));
        assert.deepStrictEqual(brief(conflicts), ["kubernetes object: platform/ns team-a/ns"]);
        assert.strictEqual(conflicts[0].object, "Namespace team-a on https://contoso-fleet-hub.plan.invalid:443");
        assert.deepStrictEqual(two(hub("platform", "https://contoso-fleet-hub.plan.invalid:443"), hub("team-a", "https://other-fleet-hub.plan.invalid:443")), []);
        // One project: the providers' URNs are equal, their clusters unknown, so nothing says they are one cluster.
        assert.deepStrictEqual(two(hub("shop"), hub("shop")), []);
        assert.deepStrictEqual(two(undefined, undefined), []);
    });

    it("lists every claim of an object that programs share, those within one program too, and nothing claimed by one program only", () => {
        const a = program("a", [pull("a", "one", "p"), pull("a", "two", "p"), pull("a", "solo-1", "q"), pull("a", "solo-2", "q")]);
        const b = program("b", [pull("b", "three", "p")]);
        assert.deepStrictEqual(brief(findConflictsAcross([a, b])), ["role assignment: a/one a/two b/three"]);
        assert.strictEqual(findConflicts(a.resources, {}).length, 2, "a's own pairs are findConflicts'");
    });

    it("one program, or none, has no conflicts across; labels must be unique", () => {
        assert.deepStrictEqual(findConflictsAcross([program("a", [pull("a", "one", "p"), pull("a", "two", "p")])]), []);
        assert.deepStrictEqual(findConflictsAcross([]), []);
        assert.throws(() => findConflictsAcross([program("a", []), program("a", [])]), /label "a" is given twice/);
    });
});
