// The first push of every workflow each program commits, in the world its emulated first `up` left: the root sample and
// every example run as `pulumi up` against the stateful fakes (engine.ts), then each committed workflow's jobs run in
// bash against the push fake (push/runner.ts) with a world derived from the fakes' state (pushWorld.ts): the variables
// and identities the up created, its role assignments, the commit it made. Planted gaps in that state fail the push
// with the service's own answer.
import * as assert from "node:assert";
import * as YAML from "yaml";
import { BuiltInRole } from "../../sdk/src/vocabulary/roles";
import { haveBash } from "../render/workflowFixtures";
import { Cloud } from "./cloud";
import { Program, programAt, up } from "./engine";
import { runWorkflow, RunOptions, RunResult } from "./push/runner";
import { Timing } from "./push/world";
import { committedWorkflows, firstPushRef, pushWorld, triggers, workflowNamespace, WorkflowFile } from "./pushWorld";
import { contosoWorld } from "./worlds";
import { programDirs, WORLD_OF, yamlProgram } from "./programs";
import { WorldSpec } from "./world";

const MIN = 60;
/** Credentials accepted after 3 minutes, roles in effect after 9, a 12-minute build. */
const LATE: Timing = { credential: 3 * MIN, registryRoles: 9 * MIN, hubRoles: 9 * MIN, build: 12 * MIN };

/** Programs that commit no workflow: examples/multi-stack's platform stack grants and creates namespaces for its teams' stacks. */
const NO_WORKFLOW = new Set(["examples/multi-stack/platform"]);

const PROGRAMS: { label: string; program: () => Program; world?: (w: WorldSpec) => void }[] = [
    ...programDirs()
        .filter((dir) => !NO_WORKFLOW.has(dir))
        .map((dir) => ({ label: dir === "." ? "the root sample" : dir, program: () => programAt(dir), world: WORLD_OF[dir] })),
    { label: "examples/yaml", program: yamlProgram },
];

async function afterUp(program: Program, world?: (w: WorldSpec) => void): Promise<Cloud> {
    const w = contosoWorld();
    world?.(w);
    const cloud = new Cloud(w);
    const r = await up(cloud, program);
    assert.deepStrictEqual(r.errors, []);
    return cloud;
}

const isVerify = (f: WorkflowFile) => YAML.parse(f.text).on?.pull_request !== undefined && YAML.parse(f.text).on?.push === undefined;
const summary = (r: RunResult) => Object.fromEntries(Object.entries(r.jobs).map(([k, j]) => [k, j.result]));
const failedSteps = (r: RunResult) => Object.values(r.jobs).flatMap((j) => j.steps.filter((s) => s.outcome === "failure"));
const fleetIdOf = (cloud: Cloud, o: RunOptions) => {
    const fleet = (o.state as any).fleet;
    return `/subscriptions/${cloud.world.subscription}/resourceGroups/${fleet.resourceGroup}/providers/Microsoft.ContainerService/fleets/${fleet.name}`;
};

/** A first push that deploys: every job succeeds, the commit's image is pushed, its Deployment lands in the namespace. */
function assertDeploys(cloud: Cloud, file: WorkflowFile, o: RunOptions, r: RunResult): void {
    const where = `${file.repository}@${file.branch}:${file.path} at ${o.github.ref}`;
    const expected = Object.fromEntries(Object.keys(r.jobs).map((k) => [k, "success"]));
    assert.deepStrictEqual(summary(r), expected, `${where}\n${r.log}`);
    assert.ok(
        r.state.registry.images.some((i: string) => i.endsWith(`:${file.commit}`)),
        `${where}: no image of ${file.commit} in ${r.state.registry.images}`,
    );
    const namespace = workflowNamespace(file.text)!;
    assert.ok(
        r.state.hub.objects.some((x: any) => x.kind === "Deployment" && x.namespace === namespace),
        `${where}: no Deployment in ${namespace}\n${r.log}`,
    );
    // The namespace the workflow stages into is one the up made (or found) on that fleet's hub.
    const hubNamespaces = cloud.hubs
        .hubOf(fleetIdOf(cloud, o))
        .list()
        .filter((x: any) => x.kind === "Namespace")
        .map((x: any) => x.metadata.name);
    assert.ok(hubNamespaces.includes(namespace), `${where}: namespace ${namespace} is not on the hub (${hubNamespaces})`);
    if ("rollout" in r.jobs)
        assert.ok(
            r.state.hub.objects.some((x: any) => /StagedUpdateRun$/.test(x.kind)),
            `${where}: no update run\n${r.log}`,
        );
}

describe("emulated first push of every workflow each program commits, in the world its first up left", function () {
    this.timeout(900000);
    before(function () {
        if (!haveBash()) this.skip();
    });

    for (const { label, program, world } of PROGRAMS) {
        it(label, async () => {
            const cloud = await afterUp(program(), world);
            const files = committedWorkflows(cloud);
            assert.ok(
                files.some((f) => !isVerify(f)),
                "the up committed a deploying workflow",
            );
            for (const file of files) {
                if (isVerify(file)) {
                    // The pull request check: no push runs it; a pull request builds without signing in or pushing.
                    assert.ok(!triggers(file.text, "refs/heads/main", [file.path]));
                    const o = pushWorld(cloud, file, LATE, "refs/pull/1/merge");
                    const r = runWorkflow(file.text, o);
                    assert.deepStrictEqual(summary(r), { build: "success" }, r.log);
                    assert.deepStrictEqual(r.state.registry.images, []);
                    continue;
                }
                const o = pushWorld(cloud, file, LATE);
                // The first push carries the workflow file itself (the up's commit, or the merge of its pull request).
                assert.ok(triggers(file.text, o.github.ref, [file.path]), `${file.path} does not run on ${o.github.ref}`);
                assertDeploys(cloud, file, o, runWorkflow(file.text, o));
            }
        });
    }

    it("examples/platform: a push to a release/* branch signs in through the flexible credential and deploys", async () => {
        const cloud = await afterUp(programAt("examples/platform"));
        const file = committedWorkflows(cloud).find((f) => f.repository === "search")!;
        const ref = "refs/heads/release/2.0/hotfix";
        assert.ok(triggers(file.text, ref, ["src/app.py"]));
        const o = pushWorld(cloud, file, LATE, ref);
        const credentials = Object.values<any>((o.state as any).identities).flatMap((i) => i.credentials);
        assert.ok(
            credentials.some((c) => c.pattern === "repo:contoso/search:ref:refs/heads/release/*"),
            JSON.stringify(credentials),
        );
        assertDeploys(cloud, file, o, runWorkflow(file.text, o));
    });
});

describe("emulated first push after the up: planted gaps in what the up left fail it", function () {
    this.timeout(900000);
    before(function () {
        if (!haveBash()) this.skip();
    });

    const rootSample = () => afterUp(programAt("."));
    const workflowOf = (cloud: Cloud, repository: string) => committedWorkflows(cloud).find((f) => f.repository === repository && !isVerify(f))!;
    const run = (cloud: Cloud, file: WorkflowFile, ref?: string) => runWorkflow(file.text, pushWorld(cloud, file, LATE, ref));
    const stepOf = (r: RunResult, job: string, name: RegExp) => r.jobs[job].steps.find((s) => name.test(s.name))!;
    const identityOf = (cloud: Cloud, clientId: string) => [...cloud.arm.resources.entries()].find(([, r]) => r.props.clientId === clientId)!;

    it("(a) a variable the workflow reads, dropped: the client id (azure/login refuses) or the fleet's name (the hub's wait gives up)", async () => {
        const cloud = await rootSample();
        const repo = cloud.github.repo("storefront");
        const file = workflowOf(cloud, "storefront");
        const [clientVar] = [...repo.variables].find(([name]) => name.startsWith("AZURE_CLIENT_ID"))!;
        assert.ok(file.text.includes(`vars.${clientVar}`));
        repo.variables.delete(clientVar);
        const r = run(cloud, file);
        assert.strictEqual(r.jobs.build.result, "failure");
        assert.match(failedSteps(r)[0].output, /Not all values are present. Ensure 'client-id' and 'tenant-id' are supplied/);

        const again = await rootSample();
        const fleetVar = [...again.github.repo("storefront").variables.keys()].find((name) => name.startsWith("FLEET_NAME"))!;
        again.github.repo("storefront").variables.delete(fleetVar);
        const r2 = run(again, file);
        assert.deepStrictEqual(summary(r2), { build: "success", deploy: "failure" });
        assert.match(
            stepOf(r2, "deploy", /^Get the fleet hub's credentials/).output,
            /Gave up after 10 attempts; last answer: getting the hub credentials failed: ERROR: \(ResourceNotFound\) The Resource 'Microsoft.ContainerService\/fleets\/' under resource group 'rg-fleet' was not found/,
        );
    });

    it("(b) the federated credential of the push's subject, removed: AADSTS70021 on every sign-in (branch and environment subjects)", async () => {
        for (const [repository, subject] of [
            ["storefront", "repo:contoso/storefront:ref:refs/heads/main"],
            ["payments", "repo:contoso/payments:environment:production"],
        ]) {
            const cloud = await rootSample();
            const file = workflowOf(cloud, repository);
            for (const credentials of cloud.arm.credentials.values()) for (const [name, c] of credentials) if (c.subject === subject) credentials.delete(name);
            const r = run(cloud, file);
            const first = Object.keys(r.jobs)[0];
            assert.strictEqual(r.jobs[first].result, "failure", r.log);
            const signIns = r.jobs[first].steps.filter((s) => /^Sign in to Azure with OIDC/.test(s.name));
            assert.strictEqual(signIns.length, 3);
            for (const s of signIns) assert.match(s.output, new RegExp(`AADSTS70021: No matching federated identity record found for presented assertion.*Assertion Subject: '${subject}'`));
        }
    });

    it("(c) the deploy identity's RBAC Writer on the hub namespace, removed: the hub's wait gives up with its error", async () => {
        const cloud = await rootSample();
        const file = workflowOf(cloud, "storefront");
        const client = [...cloud.github.repo("storefront").variables].find(([name]) => name.startsWith("AZURE_CLIENT_ID"))![1];
        const principal = identityOf(cloud, client)[1].props.principalId;
        const writer = [...cloud.arm.assignments.entries()].find(([, a]) => a.principalId === principal && a.roleDefinitionId.endsWith(BuiltInRole.FleetRbacWriter))!;
        assert.match(writer[1].scope, /\/fleets\/contoso-fleet\/namespaces\/storefront$/);
        cloud.arm.assignments.delete(writer[0]);
        const r = run(cloud, file);
        assert.deepStrictEqual(summary(r), { build: "success", deploy: "failure" });
        assert.match(
            stepOf(r, "deploy", /^Get the fleet hub's credentials/).output,
            /::error title=Hub access not granted::The deploy identity still cannot write Deployments in hub namespace storefront: .*Gave up after 10 attempts; last answer: kubectl auth can-i create deployments.apps --namespace storefront answered: no/,
        );
        assert.ok(!r.state.hub.objects.some((x: any) => x.kind === "Deployment"), "nothing staged");
    });

    it("(d) the tags-only workflow: a branch push does not start it, and run from a branch (dispatch) its jobs are skipped", async () => {
        const cloud = await rootSample();
        const file = workflowOf(cloud, "payments");
        assert.strictEqual(firstPushRef(file.text), "refs/tags/v1.0.0");
        assert.ok(!triggers(file.text, "refs/heads/main", [file.path]));
        assert.ok(triggers(file.text, "refs/tags/v1.0.0", []));
        const r = run(cloud, file, "refs/heads/main");
        assert.deepStrictEqual(summary(r), { deploy: "skipped", rollout: "skipped" });
        assert.deepStrictEqual(r.state.registry.images, []);
    });
});
