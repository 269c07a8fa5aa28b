// deploymentProblems: a data-driven program (the root program's stack config) checks every deployment before it
// constructs any: shape, meaning and collisions together, each under the entry's path, each once.
import * as assert from "node:assert";
import { run } from "./harness";
import { FLEET, REGISTRY } from "./fixtures";
import { deploymentProblems, DeploymentEntry, FleetAutomatedDeployment } from "../sdk/src";

const entry = (i: number, args: Record<string, unknown>): DeploymentEntry => ({
    path: `apps[${i}]`,
    name: String(args.repository).split("/")[1],
    args: { fleetId: FLEET, registryId: REGISTRY, ...args } as any,
});

async function problemsOf(entries: DeploymentEntry[], shared?: string[]) {
    const found = await run(() => deploymentProblems(entries, shared));
    assert.deepStrictEqual(found.resources, [], "a check registers nothing");
    return found.value;
}

describe("deploymentProblems: every deployment of a data-driven program at once", () => {
    it("reports shape, meaning and collisions of every entry in one list, under its path", async () => {
        const problems = await problemsOf([
            entry(0, { repository: "contoso/web", nameSpace: "web" }),
            entry(1, { repository: "contoso/api", tagsOnly: "yes" }),
            entry(2, { repository: "contoso/orders", namespace: "shop" }),
            entry(3, { repository: "contoso/billing", namespace: "shop" }),
            entry(4, { repository: "contoso/docs", branch: "refs/heads/main" }),
            entry(5, { repository: "contoso/search", branch: "release/*" }),
        ]);
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["apps[0].nameSpace", "apps[1].tagsOnly", "apps[3].namespace", "apps[4].branch", "apps[5].branch"],
        );
        assert.match(problems[2].message, /^apps\[3\]: hub namespace "shop" is already declared by apps\[2\] \(its namespace\)/);
        assert.match(problems[3].message, /^apps\[4\]: branch "refs\/heads\/main" is a full ref/);
    });

    it("a collision is reported once, under the later entry", async () => {
        const problems = await problemsOf([entry(0, { repository: "contoso/web" }), entry(1, { repository: "other/web" })]);
        // Same app name "web", so the same namespace; the files and variables are each in their own repository.
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["apps[1].namespace"],
        );
    });

    it("a problem of an argument every entry shares is reported once, under its own name", async () => {
        const bad = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.ContainerService/fleets";
        const problems = await problemsOf([entry(0, { repository: "contoso/web", fleetId: bad }), entry(1, { repository: "contoso/api", fleetId: bad })], ["fleetId", "registryId"]);
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["fleetId"],
        );
        assert.ok(!problems[0].message.startsWith("apps["), problems[0].message);
    });

    it("member grants: entries that disagree on a member's kubelet identity are reported", async () => {
        const problems = await problemsOf([
            entry(0, { repository: "contoso/web", members: [{ name: "m1", kubeletPrincipalId: "00000000-0000-0000-0000-000000000001" }] }),
            entry(1, { repository: "contoso/api", members: [{ name: "m1", kubeletPrincipalId: "00000000-0000-0000-0000-000000000002" }] }),
        ]);
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["apps[1].members"],
        );
        assert.match(problems[0].message, /apps\[1\] gives member m1 kubelet identity [-0]+2, but apps\[0\] gave/);
    });

    it("valid entries: no problem, and the program's own claims are untouched (the deployments constructed next are not refused)", async () => {
        const entries = [entry(0, { repository: "contoso/web" }), entry(1, { repository: "contoso/api" })];
        const result = await run(() => {
            const problems = deploymentProblems(entries);
            entries.forEach((e) => new FleetAutomatedDeployment(e.name, e.args));
            return problems;
        });
        assert.deepStrictEqual(result.value, []);
        assert.strictEqual(result.resources.filter((r) => r.type === "fleet-autodeploy:index:FleetAutomatedDeployment").length, 2);
    });
});
