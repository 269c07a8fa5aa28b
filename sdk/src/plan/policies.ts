// Runs a Pulumi policy pack (any pack written with @pulumi/policy) over the offline plan, the way the engine runs it
// over `pulumi preview`: every resource validation on each resource's inputs, every stack validation on the whole
// stack, each at its enforcement level after policy config. Knows nothing of any particular pack.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import type {
    EnforcementLevel,
    Policy,
    PolicyPackConfig,
    PolicyProviderResource,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { PlannedResource } from "../resource/planned";
import { PulumiTypes } from "../vocabulary/tokens";

/** A policy violation, as plan.json and the summary list it. */
export interface Violation {
    policy: string;
    enforcementLevel: "advisory" | "mandatory";
    /** The resource it is about; none for a stack-wide violation. */
    urn?: string;
    message: string;
}

export interface LoadedPack {
    dir: string;
    name: string;
    policies: Policy[];
    enforcementLevel?: EnforcementLevel;
}

/** What policies see of a registration: inputs with secrets in clear (as the engine shows them) and property dependencies. */
export interface PolicyView {
    inputs: Record<string, unknown>;
    propertyDependencies: Record<string, string[]>;
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Loads a pack folder (with PulumiPolicy.yaml) without letting it serve: a pack's `new PolicyPack(...)` is captured
 * instead of starting the gRPC server the engine talks to. Its policies are the captured pack's, else the module's
 * `policies` export. `registerTypeScript` is called first when the pack's entry is TypeScript.
 */
export function loadPolicyPack(dir: string, registerTypeScript: (dir: string) => void): LoadedPack {
    const root = path.resolve(dir);
    const manifest = path.join(root, "PulumiPolicy.yaml");
    if (!fs.existsSync(manifest)) throw new Error(`${dir} is not a policy pack: it has no PulumiPolicy.yaml`);
    const main = YAML.parse(fs.readFileSync(manifest, "utf8"))?.main;
    const entry = path.resolve(root, typeof main === "string" ? main : ".");

    const captured: Array<{ name: string; args: { policies?: Policy[]; enforcementLevel?: EnforcementLevel } }> = [];
    let policyModule: Record<string, unknown> | undefined;
    try {
        policyModule = require(require.resolve("@pulumi/policy/policy", { paths: [entry] }));
    } catch {
        /* a pack without @pulumi/policy can still export its policies */
    }
    const original = policyModule?.PolicyPack;
    if (policyModule) {
        policyModule.PolicyPack = class CapturedPolicyPack {
            constructor(name: string, args: { policies?: Policy[]; enforcementLevel?: EnforcementLevel }) {
                captured.push({ name, args });
            }
        };
    }
    let mod: any;
    try {
        let resolved: string;
        try {
            resolved = require.resolve(entry);
        } catch {
            if (!fs.existsSync(path.join(entry, "index.ts")) && !entry.endsWith(".ts")) throw new Error(`policy pack ${dir} has no entry point (index.js, index.ts or package.json main)`);
            registerTypeScript(root);
            resolved = require.resolve(entry);
        }
        if (resolved.endsWith(".ts")) registerTypeScript(root);
        mod = require(resolved);
    } finally {
        if (policyModule) policyModule.PolicyPack = original;
    }
    const pack = captured[0];
    const policies = pack?.args.policies ?? mod?.policies ?? mod?.default?.policies;
    if (!Array.isArray(policies)) throw new Error(`policy pack ${dir} neither constructs a PolicyPack nor exports \`policies\``);
    return {
        dir: root,
        name: pack?.name ?? (typeof mod?.name === "string" ? mod.name : path.basename(root)),
        policies,
        enforcementLevel: pack?.args.enforcementLevel ?? mod?.enforcementLevel,
    };
}

/** Reads a policy config file as `pulumi preview --policy-pack-config` does: {"all"|POLICY: LEVEL | {"enforcementLevel": LEVEL, ...}}. */
export function readPolicyConfig(file: string | undefined): PolicyPackConfig {
    if (!file) return {};
    const config = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!config || typeof config !== "object" || Array.isArray(config)) throw new Error(`${file}: policy config is a JSON object of policy names`);
    return config;
}

/** A policy's enforcement level: its config, else "all", else its own, else the pack's, else advisory (as the engine decides). */
function levelOf(policy: Policy, pack: LoadedPack, config: PolicyPackConfig): EnforcementLevel {
    const of = (c: unknown) => (typeof c === "string" ? c : (c as { enforcementLevel?: string } | undefined)?.enforcementLevel);
    const level = of(config[policy.name]) ?? of(config.all) ?? policy.enforcementLevel ?? pack.enforcementLevel ?? "advisory";
    if (!LEVELS.includes(level as EnforcementLevel)) throw new Error(`policy config: ${policy.name} has enforcement level ${JSON.stringify(level)}; use one of ${LEVELS.join(", ")}`);
    return level as EnforcementLevel;
}

class NotApplicable extends Error {}

/** `urn:pulumi:STACK::PROJECT::...` -> STACK, PROJECT. */
function stackOf(urn: string): { stack: string; project: string } {
    const [head, project] = urn.split("::");
    return { stack: head.replace(/^urn:pulumi:/, ""), project: project ?? "" };
}

/** Every name the config gives (but "all") must be a policy of the pack: a typo would silently configure nothing. */
function checkConfigNames(pack: LoadedPack, config: PolicyPackConfig): void {
    for (const name of Object.keys(config)) {
        if (name !== "all" && !pack.policies.some((p) => p.name === name)) {
            throw new Error(`policy config names ${JSON.stringify(name)}, which pack ${pack.name} does not have (it has ${pack.policies.map((p) => p.name).join(", ")})`);
        }
    }
}

/** The package's default provider, as the engine gives a custom resource with no explicit one, with that package's stack config as its inputs. */
function defaultProviderOf(r: PlannedResource, stackConfig: Record<string, string>): PolicyProviderResource | undefined {
    if (!r.custom || r.type.startsWith(PulumiTypes.providerPrefix) || r.type === PulumiTypes.Stack) return undefined;
    const pkg = r.type.split(":")[0];
    const { stack, project } = stackOf(r.urn);
    const props = Object.fromEntries(
        Object.entries(stackConfig)
            .filter(([k]) => k.startsWith(`${pkg}:`))
            .map(([k, v]) => [k.substring(pkg.length + 1), v]),
    );
    return { type: `${PulumiTypes.providerPrefix}${pkg}`, props, urn: `urn:pulumi:${stack}::${project}::${PulumiTypes.providerPrefix}${pkg}::default`, name: "default" };
}

/** What a policy sees of one resource: its inputs as the engine shows them, its options, its provider and type checks. */
type ResourceBase = (r: PlannedResource) => Record<string, unknown>;

function resourceBase(byUrn: Map<string, PlannedResource>, view: (r: PlannedResource) => PolicyView | undefined, stackConfig: Record<string, string>): ResourceBase {
    const propsOf = (r: PlannedResource) => view(r)?.inputs ?? r.inputs;
    const providerOf = (r: PlannedResource): PolicyProviderResource | undefined => {
        if (r.options.provider) {
            const urn = r.options.provider.substring(0, r.options.provider.lastIndexOf("::"));
            const p = byUrn.get(urn);
            return p && { type: p.type, props: propsOf(p), urn, name: p.name };
        }
        return defaultProviderOf(r, stackConfig);
    };
    const typeChecks = (type: string, props: Record<string, unknown>) => ({
        isType: (cls: any) => cls?.__pulumiType === type,
        asType: (cls: any) => (cls?.__pulumiType === type ? props : undefined),
    });
    return (r: PlannedResource) => ({
        type: r.type,
        props: propsOf(r),
        urn: r.urn,
        name: r.name,
        // retainOnDelete and custom are not in the engine's view; policies that know them read them where given.
        opts: {
            protect: r.options.protect,
            ignoreChanges: r.options.ignoreChanges,
            deleteBeforeReplace: r.options.deleteBeforeReplace,
            aliases: r.options.aliases,
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            ...(r.parent ? { parent: r.parent } : {}),
            retainOnDelete: r.options.retainOnDelete,
        },
        custom: r.custom,
        ...(providerOf(r) ? { provider: providerOf(r) } : {}),
        ...typeChecks(r.type, propsOf(r)),
    });
}

/** The stack as PolicyResources, linked to their parents and dependencies. */
function stackResourcesOf(
    resources: PlannedResource[],
    byUrn: Map<string, PlannedResource>,
    view: (r: PlannedResource) => PolicyView | undefined,
    base: ResourceBase,
): Map<PlannedResource, PolicyResource> {
    const stackResources = new Map<PlannedResource, PolicyResource>();
    for (const r of resources) stackResources.set(r, { ...base(r), dependencies: [], propertyDependencies: {} } as unknown as PolicyResource);
    const linked = (urns: string[]) =>
        urns
            .map((u) => byUrn.get(u))
            .filter((x): x is PlannedResource => x !== undefined)
            .map((x) => stackResources.get(x)!);
    for (const [r, p] of stackResources) {
        if (r.parent && byUrn.has(r.parent)) p.parent = stackResources.get(byUrn.get(r.parent)!);
        p.dependencies = linked(r.options.dependsOn);
        p.propertyDependencies = Object.fromEntries(Object.entries(view(r)?.propertyDependencies ?? {}).map(([k, urns]) => [k, linked(urns)]));
    }
    return stackResources;
}

/** Runs one policy (at its configured level, unless disabled) over each resource and the stack, adding what it reports to `violations`. */
async function runPolicy(
    policy: Policy,
    pack: LoadedPack,
    config: PolicyPackConfig,
    resources: PlannedResource[],
    base: ResourceBase,
    stackResources: Map<PlannedResource, PolicyResource>,
    violations: Violation[],
): Promise<void> {
    const configured = levelOf(policy, pack, config);
    if (configured === "disabled") return;
    // A remediation is not applied offline; what it would fix is reported as the engine reports what it cannot (mandatory).
    const enforcementLevel = configured === "advisory" ? "advisory" : "mandatory";
    const entry = config[policy.name];
    const policyConfig = entry && typeof entry === "object" ? Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "enforcementLevel")) : {};
    const common = {
        stackTags: new Map<string, string>(),
        getConfig: () => policyConfig as any,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    const run = async (fn: () => unknown) => {
        try {
            await fn();
        } catch (err) {
            if (err instanceof NotApplicable) return;
            throw new Error(`policy ${policy.name} of pack ${pack.name} failed: ${err instanceof Error ? err.message : err}`);
        }
    };
    const validations = (policy as ResourceValidationPolicy).validateResource;
    for (const validate of validations === undefined ? [] : Array.isArray(validations) ? validations : [validations]) {
        for (const r of resources) {
            if (r.type === PulumiTypes.Stack) continue;
            const report: ReportViolation = (message, urn) => void violations.push({ policy: policy.name, enforcementLevel, urn: urn ?? r.urn, message });
            await run(() => validate({ ...base(r), ...common } as unknown as ResourceValidationArgs, report));
        }
    }
    const validateStack = (policy as StackValidationPolicy).validateStack;
    if (typeof validateStack === "function") {
        const report: ReportViolation = (message, urn) => void violations.push({ policy: policy.name, enforcementLevel, ...(urn ? { urn } : {}), message });
        await run(() => validateStack({ resources: [...stackResources.values()], ...common } as StackValidationArgs, report));
    }
}

/**
 * Runs every enabled policy of `pack` over the planned resources. Resources with no explicit provider get their
 * package's default provider, as the engine gives them, with the stack config of that package as its inputs.
 */
export async function runPolicyPack(
    pack: LoadedPack,
    resources: PlannedResource[],
    view: (r: PlannedResource) => PolicyView | undefined,
    stackConfig: Record<string, string>,
    config: PolicyPackConfig,
): Promise<Violation[]> {
    checkConfigNames(pack, config);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const base = resourceBase(byUrn, view, stackConfig);
    const stackResources = stackResourcesOf(resources, byUrn, view, base);
    const violations: Violation[] = [];
    for (const policy of pack.policies) await runPolicy(policy, pack, config, resources, base, stackResources, violations);
    return violations;
}
