// Every problem of a program in one run (sdk/src/refusals.ts): a component refused at construction does not stop the
// program; the others are checked too, and the program fails once, when its turn ends, naming every refusal.
import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { defaultOutputs, refusal, run } from "./harness";
import { FLEET, REGISTRY } from "./fixtures";
import { FleetAutomatedDeployment, FleetMemberRegistryAccess, fleetHubProvider } from "../sdk/src";
import { programError } from "../sdk/src/core/refusals";

const deploy = (name: string, extra: Record<string, unknown> = {}) => new FleetAutomatedDeployment(name, { repository: `contoso/${name}`, fleetId: FLEET, registryId: REGISTRY, ...extra });

class Thing extends pulumi.CustomResource {
    constructor(name: string, props: pulumi.Inputs) {
        super("test:index:Thing", name, props);
    }
}

/** The names of what a program registers, whether it then fails or not. */
async function registeredBy(program: () => void): Promise<string[]> {
    const names: string[] = [];
    try {
        await run(program, {
            outputs: (type, name) => {
                if (type !== "pulumi:pulumi:Stack") names.push(name);
                return defaultOutputs(type, name);
            },
        });
    } catch {
        /* a refusal: what was registered before it is the point */
    }
    return names;
}

describe("refusals: every problem of a program in one run", () => {
    it("reports the refusals of every component, each under its component, and registers none after the first", async () => {
        let error: any;
        try {
            await run(() => {
                deploy("first"); // valid, before any refusal: registered as before
                deploy("meaning", { branch: "refs/heads/main" }); // refused: a full ref
                deploy("valid-after"); // valid, but held: registered only once the program is fixed
                deploy("clash", { namespace: "valid-after" }); // refused: the namespace of valid-after
                deploy("shape", { nameSpace: "x" }); // refused: not an argument
            });
        } catch (e) {
            error = e;
        }
        assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
        assert.match(error.message, /^3 components of this program were refused/);
        assert.match(error.message, /FleetAutomatedDeployment "meaning" has an invalid argument:\n {2}- branch "refs\/heads\/main" is a full ref/);
        assert.match(
            error.message,
            /FleetAutomatedDeployment "clash" collides with another deployment of this program:\n {2}- hub namespace "valid-after" is already declared by FleetAutomatedDeployment "valid-after"/,
        );
        assert.match(error.message, /FleetAutomatedDeployment "shape" has an invalid argument:\n {2}- nameSpace is not an argument: did you mean namespace\?/);
        assert.match(error.message, /Valid, but not registered until the program has no refusal: FleetAutomatedDeployment "valid-after"\./);
        assert.deepStrictEqual(
            error.errors.map((e: any) => e.propertyPath),
            ['FleetAutomatedDeployment "meaning".branch', 'FleetAutomatedDeployment "clash".namespace', 'FleetAutomatedDeployment "shape".nameSpace'],
        );
        assert.ok(!/\n\s+at /.test(String(error.stack)), "no stack trace into the library: the message is the report");
    });

    it("registers nothing of a refused or held component; one before the first refusal registers whole", async () => {
        const refused = await registeredBy(() => {
            deploy("first");
            deploy("bad", { branch: "refs/heads/x" });
            deploy("held");
        });
        const firstAlone = await registeredBy(() => {
            deploy("first");
        });
        const whole = await registeredBy(() => {
            deploy("first");
            deploy("bad");
            deploy("held");
        });
        assert.ok(firstAlone.length > 10, firstAlone.join("\n"));
        assert.deepStrictEqual(refused, firstAlone);
        assert.ok(
            whole.some((n) => n.startsWith("held")),
            "the same program, fixed, registers held",
        );
    });

    it("one refused component fails with its own error, as before", async () => {
        const error = await refusal(() => deploy("web", { branch: "refs/heads/main", namespace: "kube-system" }));
        assert.match(error.message, /^FleetAutomatedDeployment "web" has 2 invalid arguments:/);
        assert.deepStrictEqual(error.errors.map((e: any) => e.propertyPath).sort(), ["branch", "namespace"]);
    });

    it("a resource that uses a refused component's output fails with the program's error, and does not wait forever", async () => {
        const program = () => {
            const bad = deploy("bad", { branch: "refs/heads/main" });
            // The user's own resource, outside the library: it is registered, and its input fails.
            new Thing("uses", { principalId: bad.principalId });
        };
        const error = await refusal(program);
        // The runtime may report the registration first ('error serializing property "principalId": ...'), with the same cause.
        assert.match(error.message, /FleetAutomatedDeployment "bad" has an invalid argument/);
        assert.deepStrictEqual(await registeredBy(program), [], "its input never resolved: nothing reached the engine");
    });

    it("a function that registers (fleetHubProvider) throws at once, with the refusals before it", async () => {
        let thrown: any;
        const error = await refusal(() => {
            deploy("bad", { branch: "refs/heads/main" });
            try {
                fleetHubProvider("hub", "not-an-id");
            } catch (e) {
                thrown = e;
                throw e;
            }
        });
        assert.strictEqual(error, thrown, "thrown synchronously: a function has no object to stand in for it");
        assert.match(error.message, /^2 components of this program were refused/);
        assert.match(error.message, /FleetAutomatedDeployment "bad"/);
        assert.match(error.message, /fleetHubProvider "hub"/);
    });

    it("a collision with a component refused for another collision is still found: what did not clash is claimed", async () => {
        const error = await refusal(() => {
            deploy("web", { namespace: "web" });
            // Clashes on web's namespace; its workflow file (named after appName "api") is its own.
            deploy("api", { namespace: "web" });
            // Clashes on api's workflow file, which api claimed although it was refused.
            deploy("api2", { repository: "contoso/api", namespace: "api2", appName: "api" });
        });
        assert.match(error.message, /FleetAutomatedDeployment "api" collides/);
        assert.match(error.message, /FleetAutomatedDeployment "api2" collides[\s\S]*fleet-deploy-api\.yml[\s\S]*already declared by FleetAutomatedDeployment "api"/);
    });

    it("a disagreement on a shared member grant is refused before the deployment registers anything", async () => {
        const principal = (n: number) => `00000000-0000-0000-0000-00000000000${n}`;
        const program = () => {
            new FleetMemberRegistryAccess("platform", { registryId: REGISTRY, fleetId: FLEET, members: [{ name: "m1", kubeletPrincipalId: principal(1) }] });
            deploy("jobs", { members: [{ name: "m1", kubeletPrincipalId: principal(2) }] });
        };
        const error = await refusal(program);
        assert.match(error.message, /FleetAutomatedDeployment "jobs" gives member m1 kubelet identity [-0]+2, but FleetMemberRegistryAccess "platform" gave [-0]+1/);
        assert.deepStrictEqual(
            (await registeredBy(program)).filter((n) => n.startsWith("jobs")),
            [],
            "nothing of the refused deployment",
        );
    });

    it("programError: one refusal keeps its message; several are listed with the held components", () => {
        const one = programError([{ component: 'C "a"', message: 'C "a" has an invalid argument:\n  - x', errors: [{ propertyPath: "x", reason: "x" }] }], []);
        assert.strictEqual(one.message, 'C "a" has an invalid argument:\n  - x');
        assert.deepStrictEqual(one.errors, [{ propertyPath: "x", reason: "x" }]);
        const held = programError([{ component: 'C "a"', message: "m", errors: [] }], ['C "b"']);
        assert.match(held.message, /^1 component of this program was refused/);
        assert.match(held.message, /Valid, but not registered until the program has no refusal: C "b"\./);
    });
});
