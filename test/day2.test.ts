// Day 2: the same program planned twice with one argument changed. Only the resources that must
// change may differ, by name and by inputs; the identity (whose client id every pipeline uses) never does.
import * as assert from "node:assert";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs } from "../sdk/src";
import { Registered, run } from "./harness";
import { FLEET, REGISTRY } from "./fixtures";

const base: FleetAutomatedDeploymentArgs = {
    repository: "contoso/web",
    fleetId: FLEET,
    registryId: REGISTRY,
    members: [{ name: "eastus" }, { name: "westeu" }],
    placement: {},
};

interface Diff {
    added: string[];
    removed: string[];
    changed: string[];
}

async function diff(before: FleetAutomatedDeploymentArgs, after: FleetAutomatedDeploymentArgs): Promise<Diff> {
    const index = (rs: Registered[]) => new Map(rs.map((r) => [`${r.type}::${r.name}`, JSON.stringify(r.inputs)]));
    const a = index((await run(() => new FleetAutomatedDeployment("web", before))).resources);
    const b = index((await run(() => new FleetAutomatedDeployment("web", after))).resources);
    return {
        added: [...b.keys()].filter((k) => !a.has(k)).sort(),
        removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
        changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).sort(),
    };
}

const CRP = "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement::web-placement-crp";
const ROLE = "azure-native:authorization:RoleAssignment";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const FILE = "github:index/repositoryFile:RepositoryFile::web-github-file-github-workflows-fleet-deploy-web-yml";

describe("day 2: one argument changed, only what must change changes", () => {
    it("adding a member adds exactly its pull grant and its placement entry", async () => {
        const d = await diff(base, { ...base, members: [...base.members!, { name: "centralus" }] });
        assert.deepStrictEqual(d, { added: [`${ROLE}::contosoacr-pull-hub-centralus`], removed: [], changed: [CRP] });
    });

    it("removing a member removes exactly its pull grant and its placement entry", async () => {
        const d = await diff(base, { ...base, members: [{ name: "eastus" }] });
        assert.deepStrictEqual(d, { added: [], removed: [`${ROLE}::contosoacr-pull-hub-westeu`], changed: [CRP] });
    });

    it("changing the branch replaces only its federated credentials, and re-commits the workflow there", async () => {
        const d = await diff(base, { ...base, branch: "release" });
        assert.deepStrictEqual(d.added, [`${FIC}::web-oidc-fic-branch-release`, `${FIC}::web-oidc-fic-branch-release-immutable`]);
        assert.deepStrictEqual(d.removed, [`${FIC}::web-oidc-fic-branch-main`, `${FIC}::web-oidc-fic-branch-main-immutable`]);
        // The workflow's trigger names the branch, and the file moves to it.
        assert.deepStrictEqual(d.changed, [FILE]);
    });

    it("adding an environment moves the trust to the environment's subject and the variables into it; the identity stays", async () => {
        const d = await diff(base, { ...base, environment: { name: "production", reviewerTeamIds: [42] } });
        assert.ok(d.added.includes("github:index/repositoryEnvironment:RepositoryEnvironment::web-github-env"));
        assert.ok(d.added.includes(`${FIC}::web-oidc-fic-env-production`));
        assert.ok(d.removed.includes(`${FIC}::web-oidc-fic-branch-main`));
        assert.ok(d.added.some((k) => k.startsWith("github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable::")));
        assert.ok(d.removed.some((k) => k.startsWith("github:index/actionsVariable:ActionsVariable::")));
        assert.ok(!d.changed.some((k) => k.startsWith("azure-native:managedidentity:UserAssignedIdentity")), "the identity is untouched");
        assert.ok(!d.changed.some((k) => k.startsWith(ROLE)) && !d.removed.some((k) => k.startsWith(ROLE)), "no grant changes");
    });

    it("no argument that does not require it replaces the identity or the namespace", async () => {
        const changes: Partial<FleetAutomatedDeploymentArgs>[] = [
            { branch: "release" },
            { extraBranches: ["hotfix"] },
            { members: [], placement: undefined },
            { buildMode: "acrTasks" },
            { manifestSource: "helm" },
            { credentialStore: "secrets" },
            { workflowOwnership: "seed" },
            { pullRequestBuilds: true },
            { subjectFormat: "immutable" },
            { placement: { type: "PickAll" } },
        ];
        for (const change of changes) {
            const d = await diff(base, { ...base, ...change });
            const touched = [...d.added, ...d.removed, ...d.changed];
            assert.ok(!touched.some((k) => k.startsWith("azure-native:managedidentity:UserAssignedIdentity")), JSON.stringify(change));
            assert.ok(!touched.some((k) => k.startsWith("kubernetes:core/v1:Namespace")), JSON.stringify(change));
        }
    });

    it("after a merged pull request, pullRequest off and adoptExistingFiles on move only the files, onto the deploy branch", async () => {
        const inputsOf = async (args: FleetAutomatedDeploymentArgs) => new Map((await run(() => new FleetAutomatedDeployment("web", args))).resources.map((r) => [`${r.type}::${r.name}`, r.inputs]));
        const before = { ...base, pullRequest: true };
        const after = { ...base, adoptExistingFiles: true };
        const d = await diff(before, after);
        assert.deepStrictEqual(d.added, []);
        assert.deepStrictEqual(d.removed, ["github:index/branch:Branch::web-github-branch", "github:index/repositoryPullRequest:RepositoryPullRequest::web-github-pr"]);
        assert.deepStrictEqual(d.changed, [FILE], "nothing else: identity, grants, variables and namespace stay");
        const [was, is] = [(await inputsOf(before)).get(FILE) as any, (await inputsOf(after)).get(FILE) as any];
        assert.deepStrictEqual([was.branch, was.overwriteOnCreate], ["fleet-autodeploy/web", false]);
        assert.deepStrictEqual([is.branch, is.overwriteOnCreate], ["main", true], "the merged file on main is taken over, not refused");
        assert.strictEqual(is.content, was.content);
    });

    it("releasing seeded files (after a seeded pull request merged) forgets them, the branch and the PR, and nothing else", async () => {
        const before = { ...base, workflowOwnership: "seed" as const, pullRequest: true };
        const d = await diff(before, { ...base, workflowOwnership: "released" });
        assert.deepStrictEqual(d, {
            added: [],
            removed: ["github:index/branch:Branch::web-github-branch", FILE, "github:index/repositoryPullRequest:RepositoryPullRequest::web-github-pr"],
            changed: [],
        });
        // Removing a retained resource leaves it in the repository: the team's file stays.
        const seeded = (await run(() => new FleetAutomatedDeployment("web", before))).resources.find((r) => `${r.type}::${r.name}` === FILE)!;
        assert.strictEqual(seeded.retainOnDelete, true);
    });

    it("an unchanged program registers exactly the same resources and inputs", async () => {
        assert.deepStrictEqual(await diff(base, { ...base }), { added: [], removed: [], changed: [] });
    });
});
