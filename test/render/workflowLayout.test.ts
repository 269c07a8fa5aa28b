// Job layout of the deploy workflow: fresh sign-in before the hub, actions: read for k8s-deploy, one run per namespace.
import * as assert from "assert";
import * as YAML from "yaml";
import { concurrencyGroup, renderWorkflow, WorkflowSpec } from "../../sdk/src/render/workflow";
import { base, layouts, parse, usesOf } from "./workflowFixtures";

/** Steps that build or push the image, or wait for the registry before doing so. */
const isBuild = (s: any) => usesOf(s, "docker/build-push-action") || /\baz acr (build|login)\b/.test(s.run ?? "");
/** Steps that talk to the hub (the brief's markers: aks-set-context, kubectl, helm, k8s-deploy; and az fleet). */
const isHub = (s: any) => usesOf(s, "azure/aks-set-context") || usesOf(s, "Azure/k8s-deploy") || /\b(kubectl|helm|az fleet)\b/.test(s.run ?? "");

describe("render/workflow job layout", () => {
    it("signs in to Azure again after the last build step and before the first hub step, in every job of every layout", () => {
        let checked = 0;
        for (const { label, texts } of layouts) {
            for (const { kind, text } of texts) {
                for (const [name, job] of Object.entries<any>(YAML.parse(text).jobs)) {
                    const steps: any[] = job.steps;
                    const firstHub = steps.findIndex(isHub);
                    if (firstHub < 0) continue;
                    const lastBuild = steps.map(isBuild).lastIndexOf(true);
                    const login = steps.findIndex((s, i) => i > lastBuild && i < firstHub && usesOf(s, "azure/login"));
                    assert.ok(login >= 0, `${label} (${kind}) job ${name}: no azure/login between step ${lastBuild} and step ${firstHub}`);
                    checked++;
                }
            }
        }
        assert.ok(checked >= layouts.length, "every deploy workflow has a job that stages on the hub");
    });

    it("in an environment the one job signs in twice: once to build, again for the hub", () => {
        const steps: any[] = parse({ ...base, environment: "production" }).jobs.deploy.steps;
        // Unconditional sign-ins; the conditional ones are retries of the first (below).
        const logins = steps.filter((s) => usesOf(s, "azure/login") && s.if === undefined);
        assert.strictEqual(logins.length, 2);
        assert.deepStrictEqual(logins[1].with, logins[0].with, "the same identity signs in again");
        assert.ok(steps.indexOf(logins[1]) > steps.map(isBuild).lastIndexOf(true));
    });

    it("retries the first sign-in of every job only after it failed, with a logged wait, at most three attempts", () => {
        // Entra: a token request minutes after a federated credential is created may fail (AADSTS70021).
        for (const { label, texts } of layouts) {
            for (const { kind, text } of texts) {
                for (const [name, job] of Object.entries<any>(YAML.parse(text).jobs)) {
                    const steps: any[] = job.steps;
                    const first = steps.findIndex((s) => usesOf(s, "azure/login"));
                    if (first < 0) continue;
                    const where = `${label} (${kind}) job ${name}`;
                    const attempts = steps.filter((s) => usesOf(s, "azure/login") && String(s.name).includes("attempt"));
                    assert.strictEqual(attempts.length, 2, where);
                    assert.deepStrictEqual([steps[first].id, steps[first]["continue-on-error"]], ["azure-login-1", true], where);
                    assert.strictEqual(attempts[0].if, "steps.azure-login-1.outcome == 'failure'", where);
                    assert.strictEqual(attempts[1].if, "steps.azure-login-2.outcome == 'failure'", where);
                    assert.strictEqual(attempts[1]["continue-on-error"], undefined, `${where}: the last attempt fails the job`);
                    const waits = steps.filter((s) => typeof s.run === "string" && s.run.includes("AADSTS70021"));
                    assert.strictEqual(waits.length, 2, where);
                    assert.ok(waits.every((w) => w.if && /::warning/.test(w.run)), `${where}: waits only after a failure, and says why`);
                    assert.ok(waits.reduce((t, w) => t + Number(w.env.WAIT_SECONDS), 0) <= 180, `${where}: bounded`);
                }
            }
        }
    });

    it("grants actions: read to every job that runs Azure/k8s-deploy, and to no other job", () => {
        for (const { label, texts } of layouts) {
            for (const { kind, text } of texts) {
                for (const [name, job] of Object.entries<any>(YAML.parse(text).jobs)) {
                    const deploys = job.steps.some((s: any) => usesOf(s, "Azure/k8s-deploy"));
                    assert.strictEqual(job.permissions?.actions, deploys ? "read" : undefined, `${label} (${kind}) job ${name}`);
                }
            }
        }
    });

    describe("serializes runs per hub namespace, whatever the ref", () => {
        const group = (spec: WorkflowSpec) => parse(spec).concurrency;
        for (const environment of [undefined, "production"]) {
            const at = { ...base, environment };
            it(environment ? "in an environment" : "without an environment", () => {
                const g = group(at);
                assert.strictEqual(g["cancel-in-progress"], false, "a running deploy is never cancelled halfway");
                assert.ok(!g.group.includes("github.ref"), g.group);
                for (const other of [{ branches: ["release/2026"] }, { branches: ["main", "hotfix"] }, { tags: ["v*"] }, { deploymentName: "web-renamed" }]) {
                    assert.strictEqual(group({ ...at, ...other }).group, g.group, JSON.stringify(other));
                }
                assert.notStrictEqual(group({ ...at, namespace: "api" }).group, g.group, "another namespace, another group");
                assert.ok(g.group.endsWith("-web"), g.group);
            });
        }
        it("keyed by the fleet, so one namespace name on two fleets never shares a group", () => {
            const g = concurrencyGroup(base);
            assert.strictEqual(g, "fleet-autodeploy-${{ vars.FLEET_RESOURCE_GROUP }}-${{ vars.FLEET_NAME }}-web");
            const other = concurrencyGroup({ ...base, variables: { ...base.variables, fleetName: "FLEET_NAME_EU", fleetResourceGroup: "FLEET_RESOURCE_GROUP_EU" } });
            assert.notStrictEqual(other, g);
            assert.ok(renderWorkflow(base).includes(`group: ${g}`));
        });
    });
});
