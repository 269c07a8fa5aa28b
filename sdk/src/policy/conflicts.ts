// Guardrail on ownership: two resources that declare one cloud object (one role assignment, one GitHub variable,
// one Kubernetes object...). The clouds refuse the second on `pulumi up`, and deleting either deletes it for both;
// `pulumi preview` and Pulumi's mocks accept both. The keys are the offline plan's own (resource/conflicts.ts).
import { Conflict, findConflicts } from "../resource/conflicts";
import { kubernetesServer } from "../resource/kubernetes";
import type { PlannedResource } from "../resource/planned";
import { PulumiTypes } from "../vocabulary/tokens";
import { Finding, PolicyTarget } from "./target";

/** A policy's view of a resource in the shape the offline plan's conflict detector reads. */
function planned(r: PolicyTarget): PlannedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        custom: r.custom,
        inputs: r.props,
        cluster: r.type === PulumiTypes.KubernetesProvider ? kubernetesServer(r.props) : undefined,
        options: {
            dependsOn: r.dependencies,
            // The detector takes a provider reference (URN::ID) and looks the URN up.
            provider: r.provider ? `${r.provider.urn}::${r.provider.name}` : null,
            protect: r.opts.protect ?? false,
            retainOnDelete: r.opts.retainOnDelete ?? false,
            ignoreChanges: [],
            replaceOnChanges: [],
            deleteBeforeReplace: false,
            aliases: [],
        },
    };
}

/** The conflicts among `resources`, as the offline plan finds them; providers referenced but not listed are added. */
export function stackConflicts(resources: PolicyTarget[]): Conflict[] {
    const listed = new Set(resources.map((r) => r.urn));
    const providers = new Map<string, PolicyTarget>();
    for (const r of resources) {
        const p = r.provider;
        if (p && !listed.has(p.urn) && !providers.has(p.urn)) {
            providers.set(p.urn, { ...p, opts: {}, custom: true, dependencies: [], propertyDependencies: {} });
        }
    }
    // Stack config is not a policy's to read: a provider without an explicit subscription or owner counts as the default one.
    return findConflicts([...resources, ...providers.values()].map(planned), {});
}

/** Policy: no two resources declare one cloud object. */
export function conflictFindings(resources: PolicyTarget[]): Finding[] {
    const names = new Map(resources.map((r) => [r.urn, r.name]));
    return stackConflicts(resources).map((c) => ({
        // The second claim is the one the cloud refuses.
        urn: c.resources[1],
        message:
            `${c.kind}: ${c.object} is declared by ${c.resources.length} resources (${c.resources.map((u) => names.get(u) ?? u).join(", ")}): ` +
            "the cloud refuses all but the first on `pulumi up`, and deleting any of them deletes it for all. Declare it once and share it.",
    }));
}
