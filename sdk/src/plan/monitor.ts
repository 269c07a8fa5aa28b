import { getProject, getStack } from "@pulumi/pulumi";
import { MockCallArgs, MockMonitor, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { AliasRequest, aliasUrns, urnOf } from "./aliases";
import { invokeAnswers, resourceId, resourceOutputs } from "./answers";
import { kubernetesServer } from "../resource/kubernetes";
import type { PlannedResource } from "../resource/planned";
import { WIRE } from "../resource/wire";
import { PulumiTypes } from "../vocabulary/tokens";

export interface Overrides {
    invokes?: Record<string, Record<string, unknown>>;
    resources?: Record<string, Record<string, unknown>>;
}

// Alias.Spec's parent oneof (proto/alias.proto).
const PARENT_URN = 5,
    NO_PARENT = 6;

/**
 * Inputs as registered, for the plan file: secrets become "[secret]" (their value with `showSecrets`, as
 * `pulumi preview --show-secrets` shows them), unknowns "[unknown]", references their URN.
 */
export function readable(value: unknown, showSecrets = false): unknown {
    if (value === WIRE.unknown) return "[unknown]";
    if (Array.isArray(value)) return value.map((v) => readable(v, showSecrets));
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[WIRE.sig] === WIRE.secret) return showSecrets ? readable(o.value, true) : "[secret]";
        if (o[WIRE.sig] === WIRE.resource) return o.urn;
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, readable(v, showSecrets)]));
    }
    return value;
}

/** Mocks answering with deterministic values; unknown invokes fail, naming their token. */
/** The owner a GitHub provider acts for, by the provider reference an invoke runs through (`URN::ID`; none: the default provider). */
export type GitHubOwnerOf = (provider: string | undefined) => string | undefined;

export function planMocks(overrides: Overrides, invoked: string[], githubOwnerOf: GitHubOwnerOf = () => undefined) {
    return {
        newResource(args: MockResourceArgs) {
            const computed = resourceOutputs[args.type]?.(args.inputs, args.name) ?? {};
            return {
                id: args.custom === false ? undefined : resourceId(args.type, args.name, args.inputs),
                state: { ...args.inputs, ...computed, ...overrides.resources?.[args.type] },
            };
        },
        call(args: MockCallArgs) {
            invoked.push(args.token);
            const given = overrides.invokes?.[args.token];
            if (given) return given;
            const answer = invokeAnswers[args.token];
            if (!answer) {
                const message = `the offline plan has no answer for invoke ${args.token}: add one with --answers FILE ({"invokes": {"${args.token}": {...}}})`;
                // The runtime rethrows a failed invoke as new Error(err.details), as it would a gRPC error.
                throw Object.assign(new Error(message), { details: message });
            }
            // A lookup by name is resolved against the provider's owner, as GitHub does.
            const byName = args.token === "github:index/getRepository:getRepository" && !args.inputs.fullName;
            return answer(byName ? { ...args.inputs, owner: githubOwnerOf(args.provider) } : args.inputs, args.token);
        },
    };
}

/** A mock monitor that records every registration request whole: parent, dependencies, options. */
export class PlanMonitor extends MockMonitor {
    readonly planned: PlannedResource[] = [];
    readonly outputs = new Map<string, unknown>();
    private readonly aliasesOf = new Map<string, string[]>();
    /** Called on every registration. A program registers in one long run of promise callbacks, where no timer fires. */
    onRegister?: (count: number) => void;
    /** Write secret values in clear (--show-secrets); otherwise nothing secret is ever recorded. */
    showSecrets = false;
    /**
     * Set (with --policy-pack) to record what a policy pack sees of each registration, as the engine shows it to one:
     * inputs with secrets in clear, and the resources each input depends on. Never written to plan.json.
     */
    policyView?: Map<PlannedResource, { inputs: Record<string, unknown>; propertyDependencies: Record<string, string[]> }>;

    async registerResource(req: any, callback: (err: unknown, res: any) => void): Promise<void> {
        const parent: string = req.getParent();
        const subject = { name: req.getName(), type: req.getType(), parent, stack: getStack(), project: getProject() };
        const raw = req.getObject()?.toJavaScript() ?? {};
        const entry: PlannedResource = {
            urn: "",
            type: subject.type,
            name: subject.name,
            parent: parent || null,
            custom: req.getCustom(),
            inputs: readable(raw, this.showSecrets) as Record<string, unknown>,
            cluster: subject.type === PulumiTypes.KubernetesProvider ? kubernetesServer(raw) : undefined,
            options: {
                dependsOn: req.getDependenciesList(),
                provider: req.getProvider() || null,
                protect: req.getProtect(),
                retainOnDelete: req.getRetainondelete(),
                ignoreChanges: req.getIgnorechangesList(),
                replaceOnChanges: req.getReplaceonchangesList(),
                deleteBeforeReplace: req.getDeletebeforereplace(),
                ...(req.getDeletedwith() ? { deletedWith: req.getDeletedwith() } : {}),
                ...(req.getImportid() ? { import: req.getImportid() } : {}),
                aliases: [...req.getAliasurnsList(), ...aliasUrns(subject, req.getAliasesList().map(aliasRequest), this.aliasesOf.get(parent) ?? [])],
            },
        };
        this.planned.push(entry);
        if (this.policyView) {
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                const urns: string[] = deps.getUrnsList();
                if (urns.length > 0) propertyDependencies[key] = urns;
            });
            this.policyView.set(entry, { inputs: readable(raw, true) as Record<string, unknown>, propertyDependencies });
        }
        this.onRegister?.(this.planned.length);
        return super.registerResource(req, (err: unknown, res: any) => {
            if (res) {
                entry.urn = res.getUrn();
                if (entry.options.aliases.length > 0) this.aliasesOf.set(entry.urn, entry.options.aliases);
            }
            callback(err, res);
        });
    }

    registerResourceOutputs(req: any, callback: (err: unknown, res: any) => void): void {
        this.outputs.set(req.getUrn(), readable(req.getOutputs()?.toJavaScript() ?? {}, this.showSecrets));
        super.registerResourceOutputs(req, callback);
    }
}

// URNs as the engine writes them: the whole parent type chain, without the stack's type. MockMonitor's
// (private) newUrn keeps only the parent's own type and includes the stack's, so plans and alias URNs
// would not match `pulumi preview`.
Object.defineProperty(PlanMonitor.prototype, "newUrn", {
    value(parent: string, type: string, name: string): string {
        return urnOf(name, type, parent, getStack(), getProject());
    },
});

/** An Alias message as plain data. */
export function aliasRequest(alias: any): AliasRequest {
    const spec = alias.getSpec();
    if (!spec) return { urn: alias.getUrn() };
    const parentCase = spec.getParentCase();
    return {
        name: spec.getName(),
        type: spec.getType(),
        stack: spec.getStack(),
        project: spec.getProject(),
        parent: parentCase === PARENT_URN ? { urn: spec.getParenturn() } : parentCase === NO_PARENT ? "none" : "default",
    };
}
