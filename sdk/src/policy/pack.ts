// The guardrails as @pulumi/policy policies: the pack (sdk/policy) serves them to `pulumi preview --policy-pack`, and
// `fleet-autodeploy plan --policy-pack` runs the same objects over the offline plan. Each policy adapts what the engine
// passes to plain data (target.ts) and calls a pure function; nothing here knows which of the two is running it.
import type { Policies, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { conflictFindings } from "./conflicts";
import { federationFindings } from "./federation";
import { IdentityGraph, identityGraph } from "./identities";
import { retentionFindings } from "./retention";
import { githubRoleFindings, principalTypeFindings, privilegedRoleFindings } from "./roles";
import { Finding, PolicyTarget, UNKNOWN } from "./target";
import { workflowFindings } from "./workflows";
import { PulumiTypes } from "../vocabulary/tokens";

/** The pack's name, as `pulumi preview` lists it. */
export const packName = "fleet-autodeploy";

// @pulumi/policy's markers for values not known during preview (proxy.js); the engine's props are proxies that
// throw on them, their targets hold them as these strings.
const SENTINELS = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** Props as plain data: the proxy's target (no throwing on unknowns), unknowns as UNKNOWN. */
export function plainProps(value: unknown): any {
    if (value === null || typeof value !== "object") return typeof value === "string" && SENTINELS.has(value) ? UNKNOWN : value;
    const target = (value as Record<string, unknown>).__getSpecialProxyTarget ?? value;
    if (Array.isArray(target)) return target.map(plainProps);
    if (Object.getPrototypeOf(target) !== Object.prototype && Object.getPrototypeOf(target) !== null) return target; // assets, archives
    return Object.fromEntries(Object.entries(target as Record<string, unknown>).map(([k, v]) => [k, plainProps(v)]));
}

type EngineResource = Pick<ResourceValidationArgs, "type" | "props" | "urn" | "name" | "opts" | "provider">;

/** A resource as the engine passes it (to a resource or a stack validation), as a PolicyTarget. */
export function toTarget(r: EngineResource & Partial<Pick<PolicyResource, "parent" | "dependencies" | "propertyDependencies">>): PolicyTarget {
    const opts = r.opts as typeof r.opts & { retainOnDelete?: boolean };
    // The offline plan says which resources are custom; under the engine, custom resources are those with a provider.
    const custom = (r as { custom?: unknown }).custom;
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: plainProps(r.props) ?? {},
        opts: { protect: opts?.protect, retainOnDelete: typeof opts?.retainOnDelete === "boolean" ? opts.retainOnDelete : undefined },
        custom: typeof custom === "boolean" ? custom : r.provider !== undefined || r.type.startsWith(PulumiTypes.providerPrefix),
        parent: r.parent?.urn ?? opts?.parent,
        provider: r.provider && { urn: r.provider.urn, type: r.provider.type, name: r.provider.name, props: plainProps(r.provider.props) ?? {} },
        dependencies: (r.dependencies ?? []).map((d) => d.urn),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, v.map((d) => d.urn)])),
    };
}

function report(findings: Finding[], reportViolation: ReportViolation, self?: string): void {
    for (const f of findings) reportViolation(f.message, f.urn === self ? undefined : f.urn);
}

const onStack = (check: (resources: PolicyTarget[], graph: IdentityGraph) => Finding[]) => (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const resources = args.resources.map(toTarget);
    report(check(resources, identityGraph(resources)), reportViolation);
};

const onResource = (check: (r: PolicyTarget) => Finding[]) => (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    const target = toTarget(args);
    report(check(target), reportViolation, target.urn);
};

/**
 * The guardrails. Enforcement levels are defaults: a stack changes them with policy config
 * (`pulumi preview --policy-pack-config FILE`, or `fleet-autodeploy plan --policy-pack-config FILE`):
 * `{"all": "advisory"}` or `{"github-identity-roles": "disabled", "hub-namespace-retained": {"enforcementLevel": "mandatory"}}`.
 */
export const policies: Policies = [
    {
        name: "github-identity-roles",
        description:
            "An identity GitHub Actions can sign in as holds only AcrPush, AcrPull, Container Registry Repository Reader/Writer/Catalog Lister, " +
            "Container Registry Tasks Contributor (at a registry), Fleet RBAC Writer (at one hub namespace) and Fleet Hub Cluster User (at a fleet).",
        enforcementLevel: "mandatory",
        severity: "high",
        validateStack: onStack(githubRoleFindings),
    },
    {
        name: "github-identity-no-privileged-roles",
        description: "An identity GitHub Actions can sign in as never holds Owner, Contributor, User Access Administrator or Role Based Access Control Administrator.",
        enforcementLevel: "mandatory",
        severity: "critical",
        validateStack: onStack(privilegedRoleFindings),
    },
    {
        name: "role-assignment-principal-type",
        description:
            'Every role assignment sets principalType, "ServicePrincipal" for a managed identity or application of the stack ' +
            "(else ARM fails with PrincipalNotFound while it replicates, or UnmatchedPrincipalType).",
        enforcementLevel: "mandatory",
        severity: "medium",
        validateStack: onStack(principalTypeFindings),
    },
    {
        name: "github-federation-trust",
        description:
            "Federated credentials for GitHub's issuer name it exactly and an Azure token-exchange audience; those of a deploy identity " +
            "(one holding a role assignment) never trust pull_request or a wildcard beyond a branch, tag or environment name.",
        enforcementLevel: "mandatory",
        severity: "critical",
        validateStack: onStack(federationFindings),
    },
    {
        name: "workflow-pinned-and-scoped",
        description:
            "Workflow files committed under .github/workflows/ pin every `uses:` to a full commit SHA (local ./ actions and docker:// images " +
            "with a digest excepted) and state `permissions` at the top or on every job.",
        enforcementLevel: "mandatory",
        severity: "high",
        validateResource: onResource(workflowFindings),
    },
    {
        name: "hub-namespace-retained",
        description:
            "Kubernetes Namespaces are retainOnDelete (checked by the offline plan only: the engine does not show options to policies) and " +
            "Fleet managed namespaces have deletePolicy Keep, so removing a deployment does not withdraw the app from every member.",
        enforcementLevel: "advisory",
        severity: "medium",
        validateResource: onResource(retentionFindings),
    },
    {
        name: "no-conflicting-resources",
        description:
            "No two resources declare one cloud object (role assignment, identity, federated credential, GitHub variable, secret, file, " +
            "environment, Kubernetes object...): the cloud refuses the second on `pulumi up`, and deleting either deletes it for both.",
        enforcementLevel: "mandatory",
        severity: "high",
        validateStack: (args, reportViolation) => report(conflictFindings(args.resources.map(toTarget)), reportViolation),
    },
];
