// Property-based: every argument of every component, and every field of the deployment's nested arguments, gets
// every JSON type a YAML or JSON value can have, and random strings. Whatever the value, construction either accepts
// it or fails with a clean InputPropertiesError naming that argument, and a failed construction registers nothing;
// never a raw TypeError. The targets come from sdk/schema.json, so a new argument is fuzzed without editing this file.
// On failure fast-check prints the seed and path: rerun with `FUZZ_SEED=<seed>`.
import * as assert from "node:assert";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetMemberRegistryAccess, GitHubOidcIdentity, GitHubRepositoryWiring, HubNamespace, NamespacePlacement } from "../sdk/src";
import { PackageSchema, packageSchema } from "../sdk/src/config/argumentShapes";
import { FLEET, FLEET_RG, REGISTRY } from "./fixtures";
import { attempt } from "./harness";

const wrongJson = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.string({ unit: "grapheme", maxLength: 80 }),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Paths to fuzz: every top-level argument, and one level into the object arguments `nested` names. */
function targets(schema: PackageSchema, component: string, nested: Record<string, string>): string[][] {
    const inputs = schema.resources[`fleet-autodeploy:index:${component}`].inputProperties;
    const top = Object.keys(inputs)
        .filter((k) => !inputs[k].$ref?.startsWith("/"))
        .map((k) => [k]);
    const inner = Object.entries(nested).flatMap(([arg, type]) =>
        Object.keys(schema.types[`fleet-autodeploy:index:${type}`].properties ?? {}).map((k) => (arg.endsWith("[0]") ? [arg.slice(0, -3), "0", k] : [arg, k])),
    );
    return [...top, ...inner];
}

function withValue(base: any, path: string[], value: unknown): any {
    const copy = structuredClone(base);
    let at = copy;
    for (const key of path.slice(0, -1)) at = at[key];
    at[path[path.length - 1]] = value;
    return copy;
}

const display = (path: string[]) => path.reduce((s, k) => (/^\d+$/.test(k) ? `${s}[${k}]` : s ? `${s}.${k}` : k), "");

interface Case {
    component: string;
    base: (i: number) => any;
    construct: (name: string, args: any) => unknown;
    nested?: Record<string, string>;
}

const cases: Case[] = [
    {
        component: "FleetAutomatedDeployment",
        // A distinct repository per attempt: accepted attempts must not collide on files, variables or namespaces.
        base: (i) => ({
            repository: `contoso/fuzz-${i}`,
            fleetId: FLEET,
            registryId: REGISTRY,
            members: [{ name: "eastus" }],
            placement: {},
            environment: { name: `env-${i}` },
            generateManifests: {},
            containerize: { files: ["package.json", "package-lock.json", "server.js"] },
        }),
        construct: (name, args) => new FleetAutomatedDeployment(name, args),
        nested: {
            placement: "FleetPlacementArgs",
            environment: "GitHubEnvironmentArgs",
            "members[0]": "FleetMemberArgs",
            generateManifests: "GeneratedManifestsArgs",
            containerize: "ContainerizeArgs",
        },
    },
    {
        component: "GitHubOidcIdentity",
        base: (i) => ({ repository: `contoso/fuzz-${i}`, branches: ["main"], resourceGroupId: FLEET_RG, identityName: `fuzz-id-${i}` }),
        construct: (name, args) => new GitHubOidcIdentity(name, args),
    },
    {
        component: "GitHubRepositoryWiring",
        base: (i) => ({ repository: `contoso/fuzz-${i}`, branch: "main", variables: { A: "b" }, files: [{ path: `f-${i}.txt`, content: "x" }] }),
        construct: (name, args) => new GitHubRepositoryWiring(name, args),
    },
    {
        component: "FleetMemberRegistryAccess",
        base: () => ({ registryId: REGISTRY, fleetId: FLEET, members: [{ name: "eastus" }] }),
        construct: (name, args) => new FleetMemberRegistryAccess(name, args),
    },
    {
        component: "HubNamespace",
        base: (i) => ({ fleetId: FLEET, namespace: `fuzz-${i}` }),
        construct: (name, args) => new HubNamespace(name, args),
    },
    {
        component: "NamespacePlacement",
        base: (i) => ({ fleetId: FLEET, namespace: `fuzz-${i}`, placement: { type: "PickAll" } }),
        construct: (name, args) => new NamespacePlacement(name, args),
    },
];

/** The program's error split by component: `Component "NAME".path` when several were refused, else the one's own. */
function refusalsByComponent(error: pulumi.InputPropertiesError): Map<string, { propertyPath: string; reason: string }[]> {
    const grouped = new Map<string, { propertyPath: string; reason: string }[]>();
    const single = /^\w+ "([^"]+)"/.exec(error.message)?.[1];
    for (const e of error.errors) {
        const m = /^\w+ "([^"]+)"\.(.*)$/s.exec(e.propertyPath);
        const [name, propertyPath] = m && !single ? [m[1], m[2]] : [single!, e.propertyPath];
        grouped.set(name, [...(grouped.get(name) ?? []), { propertyPath, reason: e.reason }]);
    }
    return grouped;
}

describe("fuzzed arguments: a clean, argument-named answer for every input shape", function () {
    this.timeout(300000);
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

    for (const c of cases) {
        it(`${c.component}: every argument, every JSON type and random strings`, async () => {
            const paths = targets(packageSchema(), c.component, c.nested ?? {});
            assert.ok(paths.length > 0);
            let n = 0;
            const tried = new Map<string, { shown: string; value: unknown }>();
            const { planned, error } = await attempt(() => {
                fc.assert(
                    fc.property(fc.constantFrom(...paths), wrongJson, (path, value) => {
                        const name = `fuzz-${n}`;
                        tried.set(name, { shown: display(path), value });
                        // A refusal fails the program when its turn ends, with every other (sdk/src/refusals.ts): what throws here is a crash.
                        c.construct(name, withValue(c.base(n++), path, value));
                    }),
                    { numRuns: Math.max(200, paths.length * 6), seed },
                );
            });
            assert.ok(pulumi.InputPropertiesError.isInstance(error), `the program fails with the refusals, not ${String(error)}\n${error?.stack}`);
            const refused: string[] = [];
            for (const [name, problems] of refusalsByComponent(error)) {
                // Another accepted attempt already holds a random but valid name: a claim, not a crash.
                if (problems.some((p) => /already declared by/.test(p.reason))) continue;
                const { shown, value } = tried.get(name)!;
                const named = problems.some((p) => p.propertyPath === shown || p.propertyPath.startsWith(`${shown}.`) || p.propertyPath.startsWith(`${shown}[`));
                assert.ok(named, `${shown} = ${JSON.stringify(value)} was refused without naming ${shown}: ${JSON.stringify(problems.map((p) => p.propertyPath))}`);
                refused.push(name);
            }
            // Each refused construction registered nothing: no resource of its name exists.
            const names = new Set(planned.map((r) => r.name.split("-").slice(0, 2).join("-")));
            assert.deepStrictEqual(
                refused.filter((n) => names.has(n)),
                [],
            );
            assert.ok(refused.length > 0, "some values were refused (the property ran)");
        });
    }
});
