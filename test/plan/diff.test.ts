// The plan diff a pull request's CI shows: plans of one program's base and head stacks, each in a fresh process,
// compared as the engine would match them (URN, or an alias URN), with what a reviewer must see flagged.
import * as assert from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { changedPaths, diffPlans, PlanDiff } from "../../sdk/src/plan/diff";
import { diffFlags, renderDiffMarkdown } from "../../sdk/src/plan/diffMarkdown";
import type { PlannedResource } from "../../sdk/src/resource/planned";
import { findRenames } from "../../sdk/src/plan/renames";
import { REPLACEMENT_RULES, replacementCauses } from "../../sdk/src/plan/replacements";
import { changedTexts, unifiedDiff } from "../../sdk/src/plan/textDiff";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "sdk/bin/plan/cli.js");
const FIXTURE = path.join(__dirname, "../fixtures/diff");

interface Variant {
    status: number | null;
    stderr: string;
    stdout: string;
    out: string;
    plan: any;
    diff?: PlanDiff;
    md?: string;
}

/** Plans the fixture program with Pulumi.VARIANT.yaml as its sample stack (one stack name, as CI compares one stack). */
function planVariant(variant: string, ...args: string[]): Variant {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `diff-${variant}-`));
    for (const f of ["index.ts", "Pulumi.yaml"]) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
    fs.copyFileSync(path.join(FIXTURE, `Pulumi.${variant}.yaml`), path.join(dir, "Pulumi.sample.yaml"));
    const out = path.join(dir, "out");
    const r = spawnSync(process.execPath, [CLI, "plan", dir, "--out", out, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120000 });
    const read = (f: string) => (fs.existsSync(path.join(out, f)) ? fs.readFileSync(path.join(out, f), "utf8") : undefined);
    const diff = read("diff.json");
    return { status: r.status, stderr: r.stderr, stdout: r.stdout, out, plan: JSON.parse(read("plan.json") ?? "null"), diff: diff ? JSON.parse(diff) : undefined, md: read("diff.md") };
}

const names = (urns: string[]) => urns.map((u) => u.split("::").pop()!).sort();

describe("plan diff (fleet-autodeploy plan --compare)", function () {
    this.timeout(300000);
    let base: Variant;
    before(() => {
        base = planVariant("base");
        assert.strictEqual(base.status, 0, base.stderr);
    });
    const compare = (variant: string) => {
        const v = planVariant(variant, "--compare", path.join(base.out, "plan.json"));
        assert.strictEqual(v.status, 0, v.stderr);
        assert.ok(v.diff && v.md, "diff.json and diff.md are written");
        return v;
    };

    it("an unchanged program: only `same`, one per resource", () => {
        const v = compare("base");
        assert.deepStrictEqual(v.diff, { create: [], update: [], replace: [], delete: [], leave: [], same: base.plan.resources.length });
        assert.match(v.md!, /^## Plan diff: 0 to create, 0 to update, 0 to replace, 0 to delete, 0 left running unmanaged, \d+ unchanged/);
        assert.match(v.md!, /No change/);
        assert.match(v.stdout, /diff against .*: 0 to create, 0 to update, 0 to replace, 0 to delete/);
    });

    describe("a member added, a deployment removed, an identity renamed", () => {
        let v: Variant;
        before(() => {
            v = compare("change");
        });

        it("the added member: its pull grant is created, and the placement that now names it is updated", () => {
            assert.deepStrictEqual(names(v.diff!.create), ["acr-pull-fleet-m2"]);
            const crp = v.diff!.update.find((u) => u.urn.endsWith("::web-placement-crp"));
            assert.deepStrictEqual(crp?.changed, ["spec.policy.clusterNames[1]"]);
        });

        it("the removed deployment: its resources are deleted, but its placement (deletedWith) and namespace (retainOnDelete) are left running", () => {
            const apiUrns = base.plan.resources.filter((r: any) => r.name === "api" || r.name.startsWith("api-")).map((r: any) => r.urn);
            assert.ok(apiUrns.length > 10);
            const left = v.diff!.leave.map((x) => `${x.urn.split("::").pop()} ${x.because}${x.with ? ` ${x.with.split("::").pop()}` : ""}`);
            assert.deepStrictEqual(left.sort(), ["api-ns-namespace retainOnDelete", "api-placement-crp deletedWith api"]);
            for (const urn of apiUrns) assert.ok(v.diff!.delete.includes(urn) !== v.diff!.leave.some((x) => x.urn === urn), urn);
            assert.ok(!v.diff!.create.some((u) => /::api(-|$)/.test(u)));
            assert.ok(v.md!.includes("| left running | `api-placement-crp` | ClusterResourcePlacement | deletedWith |"));
            const section = v.md!.slice(v.md!.indexOf("### Left running, unmanaged (2)"));
            assert.match(
                section,
                /- `api-placement-crp` \(ClusterResourcePlacement; deletedWith `api`, deleted in the same operation\): the placement stays on the hub, so Fleet keeps the app placed on every member .*Delete by hand: `kubectl delete clusterresourceplacement\.placement\.kubernetes-fleet\.io api` on the hub https:\/\/fleet-hub\.plan\.invalid:443/,
            );
            assert.match(section, /- `api-ns-namespace` \(Namespace; retainOnDelete\): the namespace stays on the hub/);
        });

        it("the renamed identity is replaced (its name is its ARM path), and so is every grant of the new principal", () => {
            const replaced = Object.fromEntries(v.diff!.replace.map((x) => [x.urn.split("::").pop(), x.because]));
            assert.deepStrictEqual(replaced["jobs-oidc-identity"], ["resourceName"]);
            assert.deepStrictEqual(replaced["jobs-push"], ["principalId", "roleAssignmentName"]);
            assert.ok(v.md!.includes("| replace | `jobs-oidc-identity` | UserAssignedIdentity | resourceName |"));
        });

        it("flags what a reviewer must see: the identity, the member grant still targeted, the namespace, the credentials", () => {
            const flagged = (kind: string) => v.md!.split("\n").filter((l) => l.startsWith(`- **${kind}**`));
            assert.strictEqual(flagged("identity-replaced").length, 1);
            assert.match(flagged("identity-replaced")[0], /`jobs-oidc-identity`.*new client id/);
            assert.strictEqual(flagged("member-grant-removed").length, 1);
            assert.match(flagged("member-grant-removed")[0], /`acr-pull-fleet-m3`.*still targets member `m3`/);
            // Retained, it is not deleted: left running, with the placement that keeps the app on every member.
            assert.deepStrictEqual(flagged("namespace-removed"), []);
            assert.deepStrictEqual(flagged("left-unmanaged").length, 1);
            assert.match(flagged("left-unmanaged")[0], /2 objects of FleetAutomatedDeployment `api` are left running, unmanaged.*placement `api` stays on the hub/);
            assert.ok(flagged("credential-removed").some((l) => l.includes("`api-oidc-fic-branch-main`") && l.includes("repo:contoso/api:ref:refs/heads/main")));
            assert.strictEqual(flagged("rename-without-alias").length, 0, "a removed deployment is no rename");
            // Counts first, then the flags, then the changes grouped by deployment.
            const at = (s: string) => v.md!.indexOf(s);
            assert.ok(at("## Plan diff:") === 0 && at("### Needs a reviewer's eye") < at("### FleetAutomatedDeployment `jobs`"));
        });
    });

    it("a component renamed with an alias: no delete, no create", () => {
        const v = compare("alias");
        assert.deepStrictEqual([v.diff!.create, v.diff!.delete, v.diff!.replace], [[], [], []]);
        assert.strictEqual(v.diff!.same, base.plan.resources.length);
    });

    it("the same rename without an alias: detected once, as the same cloud objects re-declared, with the alias that matches them all", () => {
        const v = compare("rename");
        assert.ok(names(v.diff!.delete).includes("web-oidc-identity") && names(v.diff!.create).includes("web-frontend-oidc-identity"));
        const flags = v.md!.split("\n").filter((l) => l.startsWith("- **rename-without-alias**"));
        assert.strictEqual(flags.length, 1, "once per renamed component, not per child");
        assert.match(
            flags[0],
            /FleetAutomatedDeployment `web` is deleted and FleetAutomatedDeployment `web-frontend` created, and (\d+) of the new resources re-declare the same cloud object.*pulumi up would delete and re-create them \(or fail.*add `aliases: \[\{ name: "web" \}\]` to the options of `web-frontend`: the engine then matches (\d+) of the (\d+) resources/,
        );
        const [, redeclared, matched] = /(\d+) of the new resources.*matches (\d+) of the (\d+)/.exec(flags[0])!;
        assert.strictEqual(Number(redeclared), v.diff!.create.length - 1, "every created resource but the component itself re-declares an object");
        assert.strictEqual(Number(matched), v.diff!.delete.length + v.diff!.leave.length);
        assert.ok(v.md!.includes("| create | `web-frontend-oidc-identity` | UserAssignedIdentity | same cloud object as deleted `web-oidc-identity` |"));
    });

    it("refuses a base that is not a plan, naming the flag", () => {
        const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bad-base-")), "plan.json");
        fs.writeFileSync(bad, "{}");
        const v = planVariant("base", "--compare", bad);
        assert.strictEqual(v.status, 1);
        assert.match(v.stderr, /--compare .*not a plan\.json/);
    });
});

describe("plan diff: pure parts", () => {
    const res = (name: string, type: string, inputs: Record<string, unknown>, options: Partial<PlannedResource["options"]> = {}): PlannedResource => ({
        urn: `urn:pulumi:s::p::${type}::${name}`,
        type,
        name,
        parent: null,
        custom: true,
        inputs,
        options: { dependsOn: [], provider: null, protect: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], deleteBeforeReplace: false, aliases: [], ...options },
    });

    it("changedPaths: leaf paths, arrays by index, added and removed keys", () => {
        assert.deepStrictEqual(changedPaths({ a: 1, b: { c: [1, 2] }, d: "x" }, { a: 1, b: { c: [1, 3, 4] }, e: "y" }), ["b.c[1]", "b.c[2]", "d", "e"]);
        assert.deepStrictEqual(changedPaths({ a: { b: 1 } }, { a: { b: 1 } }), []);
    });

    it("every rule of the replacement table replaces on its properties and only on them", () => {
        for (const rule of REPLACEMENT_RULES) {
            const type = rule.type.endsWith(":") ? `${rule.type}core/v1:ConfigMap` : rule.type;
            for (const p of rule.properties) assert.deepStrictEqual(replacementCauses(type, [p]), [p], `${type} ${p}`);
            assert.deepStrictEqual(replacementCauses(type, ["someUpdatableField"]), [], type);
            assert.ok(rule.source.length > 20, `${type} cites its source`);
        }
        assert.deepStrictEqual(replacementCauses("kubernetes:core/v1:Namespace", ["metadata.labels.x", "metadata.name"]), ["metadata.name"]);
        // pulumi-kubernetes forces a new object only for a name or namespace change: a placement moving between v1 and
        // v1beta1 (its alias matches the other version's type) is updated in place.
        assert.deepStrictEqual(replacementCauses("kubernetes:placement.kubernetes-fleet.io/v1beta1:ClusterResourcePlacement", ["apiVersion"]), []);
        assert.deepStrictEqual(replacementCauses("x:y:Z", ["spec.policy.placementType"], ["spec.policy.placementType"]), ["spec.policy.placementType"], "the resource's own replaceOnChanges");
    });

    it("ignoreChanges paths are not diffed, as the engine ignores them", () => {
        const before = res("f", "github:index/repositoryFile:RepositoryFile", { file: "a", content: "1" });
        const after = res("f", "github:index/repositoryFile:RepositoryFile", { file: "a", content: "2" }, { ignoreChanges: ["content"] });
        assert.deepStrictEqual(diffPlans({ resources: [before] }, { resources: [after] }).same, 1);
    });

    it("flags a placement replaced (type, tolerations, leaving External): Fleet withdraws the app from its members", () => {
        const CRP = "kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement";
        const RP = "kubernetes:placement.kubernetes-fleet.io/v1:ResourcePlacement";
        const opts = { replaceOnChanges: ["spec.policy.placementType", "spec.policy.tolerations"], deleteBeforeReplace: true };
        const base = {
            resources: [
                res("web-placement-crp", CRP, { spec: { policy: { placementType: "PickFixed" } } }, opts),
                res("api-placement-crp", RP, { spec: { policy: { placementType: "PickAll", tolerations: [{ key: "a" }] } } }, opts),
            ],
        };
        const head = {
            resources: [
                res("web-placement-crp", CRP, { spec: { policy: { placementType: "PickAll" } } }, opts),
                res("api-placement-crp", RP, { spec: { policy: { placementType: "PickAll" } } }, opts),
            ],
        };
        const diff = diffPlans(base, head);
        const flags = diffFlags(base, head, diff);
        assert.deepStrictEqual(flags.map((f) => `${f.kind} ${f.urn.split("::").pop()}`).sort(), ["placement-replaced api-placement-crp", "placement-replaced web-placement-crp"]);
        assert.match(
            renderDiffMarkdown(base, head, diff),
            /- \*\*placement-replaced\*\*: placement `web-placement-crp` is replaced \(spec\.policy\.placementType\), which Fleet refuses to change in place: it is deleted first, Fleet withdraws the app from every member/,
        );
        // Deleted while its owner stays (a placement dropped, or namespaceMode changed): the app is withdrawn. Deleted
        // with its owner (deletedWith), the engine skips the delete, and it stays on the hub: nothing to flag.
        const owner = res("web", "fleet-autodeploy:index:FleetAutomatedDeployment", {});
        const placed = res("web-placement-crp", CRP, { spec: {} }, { deletedWith: owner.urn });
        const dropped = diffFlags({ resources: [owner, placed] }, { resources: [owner] }, diffPlans({ resources: [owner, placed] }, { resources: [owner] }));
        assert.deepStrictEqual(diffPlans({ resources: [owner, placed] }, { resources: [] }).leave, [{ urn: placed.urn, because: "deletedWith", with: owner.urn }]);
        assert.deepStrictEqual(diffPlans({ resources: [owner, placed] }, { resources: [owner] }).delete, [placed.urn], "its owner stays: deleted");
        assert.deepStrictEqual(
            dropped.map((f) => f.message),
            ["placement `web-placement-crp` is deleted: Fleet withdraws the app from every member it placed it on"],
        );
        assert.deepStrictEqual(
            diffFlags({ resources: [owner, placed] }, { resources: [] }, diffPlans({ resources: [owner, placed] }, { resources: [] })).filter((f) => f.kind === "placement-removed"),
            [],
        );
        // An update in place is not flagged.
        const same = { resources: [res("web-placement-crp", CRP, { spec: { policy: { placementType: "PickFixed", clusterNames: ["a"] } } }, opts)] };
        assert.deepStrictEqual(
            diffFlags(base, same, diffPlans(base, same)).filter((f) => f.kind === "placement-replaced"),
            [],
        );
    });

    it("flags a rewritten workflow, a broadened role and a moved one", () => {
        const RA = "azure-native:authorization:RoleAssignment";
        const sub = "/subscriptions/s";
        const reg = `${sub}/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/r`;
        const role = (guid: string) => `${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
        const base = {
            resources: [
                res("wf", "github:index/repositoryFile:RepositoryFile", { repository: "web", file: ".github/workflows/deploy.yml", content: "name: deploy\non: push\njobs: {}\n" }),
                res("push", RA, { scope: reg, roleAssignmentName: "1", principalId: "p", roleDefinitionId: role("8311e382-0749-4cb8-b61a-304f252e45ec") }),
            ],
        };
        const head = {
            resources: [
                res("wf", "github:index/repositoryFile:RepositoryFile", { repository: "web", file: ".github/workflows/deploy.yml", content: "name: deploy\non: pull_request\njobs: {}\n" }),
                res("push", RA, { scope: `${sub}/resourceGroups/g`, roleAssignmentName: "2", principalId: "p", roleDefinitionId: role("8311e382-0749-4cb8-b61a-304f252e45ec") }),
                res("owner", RA, { scope: reg, roleAssignmentName: "3", principalId: "p", roleDefinitionId: role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635") }),
                res("uaa", RA, { scope: reg, roleAssignmentName: "4", principalId: "p", roleDefinitionId: role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9") }),
            ],
        };
        const diff = diffPlans(base, head);
        const kinds = diffFlags(base, head, diff)
            .map((f) => `${f.kind} ${f.urn.split("::").pop()}`)
            .sort();
        assert.deepStrictEqual(kinds, ["role-broadened owner", "role-broadened push", "role-broadened uaa", "role-moved push", "workflow-rewritten wf"]);
        const md = renderDiffMarkdown(base, head, diff);
        assert.match(md, /- \*\*role-broadened\*\*: role assignment `owner` grants Owner at/);
        assert.match(md, /- \*\*role-broadened\*\*: role assignment `uaa` grants User Access Administrator at/);
        assert.match(md, /- \*\*workflow-rewritten\*\*: workflow `.github\/workflows\/deploy.yml` in `web` is rewritten/);
        // The workflow's new content, line by line.
        assert.match(md, /`wf` `content` \(`.github\/workflows\/deploy.yml`\):\n\n```diff\n@@ -1,3 \+1,3 @@\n name: deploy\n-on: push\n\+on: pull_request\n jobs: \{\}\n```\n/);
        assert.match(md, /- \*\*role-moved\*\*: role assignment `push` moves \(roleAssignmentName, scope\): now AcrPush at `\/subscriptions\/s\/resourceGroups\/g`/);
    });
});

describe("plan diff: credentials by subject, renames, text diffs", () => {
    const res = (name: string, type: string, inputs: Record<string, unknown>, options: Partial<PlannedResource["options"]> = {}, parent: string | null = null): PlannedResource => ({
        urn: `urn:pulumi:s::p::${parent ? `${parent.split("::")[2]}$` : ""}${type}::${name}`,
        type,
        name,
        parent,
        custom: !type.startsWith("x:"),
        inputs,
        options: { dependsOn: [], provider: null, protect: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], deleteBeforeReplace: false, aliases: [], ...options },
    });
    const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
    const fic = (name: string, subject: string, identity = "id-a") =>
        res(name, FIC, { resourceGroupName: "rg", resourceName: identity, federatedIdentityCredentialResourceName: name, issuer: "https://token.actions.githubusercontent.com", subject });
    const credentialFlags = (before: PlannedResource[], after: PlannedResource[]) =>
        diffFlags({ resources: before }, { resources: after }, diffPlans({ resources: before }, { resources: after }))
            .filter((f) => f.kind === "credential-removed")
            .map((f) => f.message);

    it("a credential renamed or moved to a new identity, trusting the same subject: no one loses a sign-in", () => {
        assert.deepStrictEqual(credentialFlags([fic("old", "repo:c/web:ref:refs/heads/main")], [fic("new", "repo:c/web:ref:refs/heads/main", "id-b")]), []);
    });

    it("a subject no credential trusts any more is flagged once, naming it", () => {
        const flags = credentialFlags(
            [fic("main", "repo:c/web:ref:refs/heads/main"), fic("main-2", "repo:c/web:ref:refs/heads/main"), fic("dev", "repo:c/web:ref:refs/heads/dev")],
            [fic("dev", "repo:c/web:ref:refs/heads/dev")],
        );
        assert.deepStrictEqual(flags, [
            "federated credential `main` goes and no credential trusts its subject any more: `repo:c/web:ref:refs/heads/main` (issuer `https://token.actions.githubusercontent.com`) can no longer sign in",
        ]);
        // A subject changed in place is lost too.
        assert.strictEqual(credentialFlags([fic("main", "repo:c/web:ref:refs/heads/main")], [fic("main", "repo:c/web:ref:refs/heads/trunk")]).length, 1);
    });

    it("a renamed component: one rename per component, its alias by name, or by URN when its parent changes", () => {
        const VAR = "github:index/actionsVariable:ActionsVariable";
        const tree = (component: string, parent: string | null = null) => {
            const top = res(component, "x:index:App", {}, {}, parent);
            return [top, res(`${component}-a`, VAR, { repository: "web", variableName: "A" }, {}, top.urn), res(`${component}-b`, VAR, { repository: "web", variableName: "B" }, {}, top.urn)];
        };
        const base = { resources: tree("web") };
        const head = { resources: tree("frontend") };
        const [rename, ...more] = findRenames(base, head, diffPlans(base, head));
        assert.deepStrictEqual(more, []);
        assert.strictEqual(rename.alias, 'aliases: [{ name: "web" }]');
        assert.deepStrictEqual(
            rename.redeclared.map((x) => `${x.deleted.split("::").pop()}>${x.created.split("::").pop()} ${x.object}`),
            ["web-a>frontend-a variable A in default owner/web", "web-b>frontend-b variable B in default owner/web"],
        );
        // The children inherit it by the name prefix: all three match.
        assert.deepStrictEqual([rename.matched, rename.gone], [3, 3]);
        // Under another parent: the alias is the old URN.
        const group = res("group", "x:index:Group", {});
        const moved = { resources: [group, ...tree("web", group.urn)] };
        const [byUrn] = findRenames(base, moved, diffPlans(base, moved));
        assert.strictEqual(byUrn.alias, `aliases: [${JSON.stringify(base.resources[0].urn)}]`);
        // New objects (another repository): no rename.
        const other = { resources: tree("frontend").map((r) => ({ ...r, inputs: r.inputs.repository ? { ...r.inputs, repository: "other" } : r.inputs })) };
        assert.deepStrictEqual(findRenames(base, other, diffPlans(base, other)), []);
    });

    it("changedTexts: multi-line strings that differ, at their paths; unifiedDiff: hunks, capped", () => {
        const before = { content: "a\nb\nc\n", data: { "app.conf": "x=1\ny=2\n" }, name: "n1" };
        const after = { content: "a\nB\nc\n", data: { "app.conf": "x=1\ny=2\n" }, name: "n2" };
        const texts = changedTexts(before, after);
        assert.deepStrictEqual(
            texts.map((t) => t.path),
            ["content"],
            "one-line and unchanged strings are not texts",
        );
        assert.strictEqual(unifiedDiff(texts[0]), "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c");
        const long = { path: "p", before: "", after: `${Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n")}\n` };
        assert.match(unifiedDiff(long, 10), /\n\+line 8\n… 41 more lines of diff$/);
    });
});
