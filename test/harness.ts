// Runs library code under Pulumi's mocks and records every registration with the options the
// engine would act on (parent, dependencies, retainOnDelete...), which plain mocks cannot see.
import * as pulumi from "@pulumi/pulumi";
import { MockResourceArgs, MockCallArgs } from "@pulumi/pulumi/runtime/mocks";
import { PlanMonitor } from "../sdk/src/plan/monitor";
import { PlannedResource } from "../sdk/src/resource/planned";
import { createHash } from "node:crypto";

export interface Registered {
    type: string;
    name: string;
    urn: string;
    parent: string;
    custom: boolean;
    /** As registered: secrets are "[secret]", unknowns "[unknown]", resource references their URN. */
    inputs: Record<string, any>;
    dependencies: string[];
    provider: string;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    /** Each alias, as its URN or its spec in JSON. */
    aliases: string[];
    /** The id the first `up` imports (the import option), when set. */
    importId?: string;
}

export interface Invoked {
    token: string;
    args: Record<string, any>;
    /** The provider reference the invoke ran through (`URN::ID`), when one was set or inherited from a parent. */
    provider?: string;
}

export interface RunOptions {
    /** Run as `pulumi preview`: outputs the mock does not return stay unknown. */
    preview?: boolean;
    /** Extra outputs per resource type; in preview, only these (and the inputs) are known. */
    outputs?: (type: string, name: string, inputs: Record<string, any>) => Record<string, any>;
    /** Invoke answers by token; any other invoke fails the run, naming its token. */
    invokes?: Record<string, (args: Record<string, any>) => Record<string, any>>;
    /** Record secret inputs in clear (as `--show-secrets` does), for tests that read a secret input. */
    showSecrets?: boolean;
    /** Return the program's failure as `error` with what it registered, instead of throwing it. */
    allowFailure?: boolean;
}

export interface RunResult<T> {
    value: T;
    resources: Registered[];
    /** The registrations as the plan engine records them (for its conflict detector). */
    planned: PlannedResource[];
    invokes: Invoked[];
    warnings: string[];
    /** What each component registered as its outputs, by URN (secrets as "[secret]"). */
    outputs: Map<string, unknown>;
    /** With allowFailure: what the program failed with, if it did. */
    error?: any;
}

export const guidOf = (seed: string) => {
    const h = createHash("sha256").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** Plausible computed outputs for the types the library registers. */
export function defaultOutputs(type: string, name: string): Record<string, any> {
    switch (type) {
        case "azure-native:managedidentity:UserAssignedIdentity":
            return { clientId: guidOf(`client:${name}`), principalId: guidOf(`principal:${name}`), tenantId: guidOf("tenant") };
        case "azuread:index/application:Application":
            return { clientId: guidOf(`client:${name}`), objectId: guidOf(`app:${name}`) };
        case "azuread:index/servicePrincipal:ServicePrincipal":
            return { objectId: guidOf(`principal:${name}`), applicationTenantId: guidOf("tenant") };
        case "github:index/repositoryPullRequest:RepositoryPullRequest":
            return { number: 7 };
        default:
            return {};
    }
}

const SUB = "00000000-0000-0000-0000-0000000000aa";

/** Answers for the invokes the library makes, by token. */
export const defaultInvokes: Record<string, (args: Record<string, any>) => Record<string, any>> = {
    "azure-native:containerservice:getFleetMember": (a) => ({
        name: a.fleetMemberName,
        clusterResourceId: `/subscriptions/${SUB}/resourceGroups/rg-members/providers/Microsoft.ContainerService/managedClusters/aks-${a.fleetMemberName}`,
    }),
    "azure-native:containerservice:getManagedCluster": (a) => ({
        name: a.resourceName,
        identityProfile: { kubeletidentity: { objectId: guidOf(`kubelet:${a.resourceName}`), clientId: guidOf(`kubelet-client:${a.resourceName}`) } },
    }),
    "azuread:index/getClientConfig:getClientConfig": () => ({ tenantId: guidOf("tenant"), clientId: guidOf("caller-client"), objectId: guidOf("caller-object") }),
    // By name, the provider resolves the repository against its owner: answered only where the test names one (GITHUB_OWNER).
    "github:index/getRepository:getRepository": (a) => {
        const fullName = a.fullName ?? (process.env.GITHUB_OWNER ? `${process.env.GITHUB_OWNER}/${a.name}` : undefined);
        return { ...(fullName ? { fullName } : {}), name: fullName ? String(fullName).split("/")[1] : a.name, repoId: 123456789 };
    },
    "github:index/getUser:getUser": (a) => ({ login: a.username, id: "4711" }),
    "github:index/getActionsRepositoryOidcSubjectClaimCustomizationTemplate:getActionsRepositoryOidcSubjectClaimCustomizationTemplate": (a) => ({
        name: a.name,
        useDefault: false,
        includeClaimKeys: ["repo", "context", "job_workflow_ref"],
    }),
    "github:index/getTree:getTree": (a) => ({
        repository: a.repository,
        treeSha: a.treeSha,
        entries: ["package.json", "pnpm-lock.yaml", "tsconfig.json", "src/index.ts"].map((path) => ({ path, type: "blob", mode: "100644", sha: "0", size: 1 })),
    }),
    "azure-native:containerservice:getFleet": (a) => ({ name: a.fleetName, location: "westeurope" }),
    "azure-native:containerregistry:getRegistry": (a) => ({ name: a.registryName, loginServer: `${String(a.registryName).toLowerCase()}.azurecr.io` }),
    "azure-native:containerservice:listFleetCredentials": (a) => ({
        kubeconfigs: [{ name: "hub", value: Buffer.from(`apiVersion: v1\nkind: Config\nclusters: []\n# ${a.fleetName}\n`).toString("base64") }],
    }),
};

/** Runs `program` under mocks and returns what it registered, in order. */
export async function run<T>(program: () => T, options: RunOptions = {}): Promise<RunResult<T>> {
    const invokes: Invoked[] = [];
    const answers = { ...defaultInvokes, ...options.invokes };
    const preview = options.preview ?? false;
    const mocks = {
        newResource(args: MockResourceArgs) {
            const extra = options.outputs ? options.outputs(args.type, args.name, args.inputs) : defaultOutputs(args.type, args.name);
            return { id: args.custom === false ? undefined : `${args.name}-id`, state: { ...args.inputs, ...(preview && !options.outputs ? {} : extra) } };
        },
        call(args: MockCallArgs) {
            invokes.push({ token: args.token, args: args.inputs, ...(args.provider ? { provider: args.provider } : {}) });
            const answer = answers[args.token];
            if (!answer) throw new Error(`unexpected invoke ${args.token}`);
            // A lookup by name resolves against the owner of the provider it runs through, as GitHub does.
            const provider = args.provider ? monitor.planned.find((r) => r.urn === args.provider!.substring(0, args.provider!.lastIndexOf("::"))) : undefined;
            const owner = provider?.type === "pulumi:providers:github" ? provider.inputs.owner : undefined;
            const byName = args.token === "github:index/getRepository:getRepository" && !args.inputs.fullName && typeof owner === "string";
            return answer(byName ? { ...args.inputs, fullName: `${owner}/${args.inputs.name}` } : args.inputs);
        },
    };
    // The plan engine's monitor records whole requests: the tests read what the engine would act on.
    const monitor: PlanMonitor = new PlanMonitor(mocks);
    monitor.showSecrets = options.showSecrets ?? false;
    pulumi.runtime.setMockOptions(monitor, "test", "test", preview);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (msg: unknown) => void warnings.push(String(msg));
    // A failed registration (an apply that threw) surfaces as an unhandled rejection, as it does
    // for `pulumi up`: collect it and fail the run with it.
    const listeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const failures: unknown[] = [];
    process.on("unhandledRejection", (reason) => void failures.push(reason));
    try {
        // Inside a stack, as `pulumi` (and the plan engine) runs a program: the runtime then asks the
        // monitor what it supports, so secrets are registered as secrets.
        let value!: T;
        await pulumi.runtime
            .runInPulumiStack(async () => {
                value = program();
                return {};
            })
            .catch((err) => void failures.push(err));
        await pulumi.runtime.disconnect();
        await new Promise((resolve) => setImmediate(resolve));
        if (failures.length > 0 && !options.allowFailure) throw failures[0];
        const resources: Registered[] = monitor.planned
            .filter((r) => r.type !== "pulumi:pulumi:Stack")
            .map((r) => ({
                type: r.type,
                name: r.name,
                urn: r.urn,
                parent: r.parent ?? "",
                custom: r.custom,
                inputs: r.inputs as Record<string, any>,
                dependencies: r.options.dependsOn,
                provider: r.options.provider ?? "",
                retainOnDelete: r.options.retainOnDelete,
                ignoreChanges: r.options.ignoreChanges,
                aliases: r.options.aliases,
                ...(r.options.import ? { importId: r.options.import } : {}),
            }));
        return { value, resources, planned: monitor.planned, invokes, warnings, outputs: monitor.outputs, ...(failures.length > 0 ? { error: failures[0] } : {}) };
    } finally {
        console.warn = warn;
        process.removeAllListeners("unhandledRejection");
        for (const l of listeners) process.on("unhandledRejection", l);
    }
}

/**
 * Runs `program` and returns what it registered and what it failed with (`error`), if anything: an error it threw, or
 * the one it failed with when its turn ended (a component refused at construction fails the program then, with every
 * other refusal: sdk/src/refusals.ts).
 */
export async function attempt<T>(program: () => T, options: RunOptions = {}): Promise<RunResult<T | undefined>> {
    let thrown: unknown;
    const result = await run(
        () => {
            try {
                return program();
            } catch (e) {
                thrown = e;
                return undefined;
            }
        },
        { ...options, allowFailure: true },
    );
    return thrown === undefined ? result : { ...result, error: thrown };
}

/** The error a program fails with (see {@link attempt}), or undefined when it fails with none. */
export async function refusal(program: () => void): Promise<any> {
    return (await attempt(program)).error;
}

/** Resolves an Output in tests (undefined when unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    return (output as any).promise();
}

export const ofType = (rs: Registered[], type: string) => rs.filter((r) => r.type === type);
