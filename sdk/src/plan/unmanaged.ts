// What "left running, unmanaged" means for each object a change drops without deleting (retainOnDelete, or
// deletedWith a resource deleted in the same operation): the engine removes it from the stack's state and never
// calls the provider's delete, so the object keeps working in the cloud and no stack owns it any more.
import type { PlanDiff } from "./diff";
import { PlannedResource, providerUrnOf } from "../resource/planned";
import { Types } from "../vocabulary/tokens";

const isPlacement = (type: string) => type.endsWith(":ClusterResourcePlacement") || type.endsWith(":ResourcePlacement");

/** `kubernetes:placement.kubernetes-fleet.io/v1:ClusterResourcePlacement` -> `clusterresourceplacement.placement.kubernetes-fleet.io`. */
function kubectlKind(type: string): string {
    const [, module, kind] = type.split(":");
    const group = module.split("/")[0];
    return `${kind.replace(/Patch$/, "").toLowerCase()}${group === "core" ? "" : `.${group}`}`;
}

/** One object left running: what keeps happening, and how to remove it or manage it again. */
export interface LeftRunning {
    urn: string;
    /** Why the delete is skipped, in the engine's words. */
    why: string;
    /** What the object keeps doing. */
    effect: string;
    /** How to remove it by hand. */
    remove: string;
}

/** What each object of `diff.leave` keeps doing and how to remove it; `base` holds the objects (and their providers). */
export function leftRunning(base: { resources: PlannedResource[] }, diff: PlanDiff): LeftRunning[] {
    const byUrn = new Map(base.resources.map((r) => [r.urn, r]));
    return diff.leave.map(({ urn, because, with: owner }) => {
        const r = byUrn.get(urn)!;
        const why = because === "retainOnDelete" ? "retainOnDelete" : `deletedWith \`${byUrn.get(owner!)?.name ?? owner}\`, deleted in the same operation`;
        const meta = (r.inputs.metadata ?? {}) as Record<string, unknown>;
        if (r.type.startsWith("kubernetes:")) {
            const ref = r.options.provider ? providerUrnOf(r.options.provider) : undefined;
            const server = ref ? byUrn.get(ref)?.cluster : undefined;
            const remove = `\`kubectl delete ${kubectlKind(r.type)}${meta.namespace ? ` -n ${meta.namespace}` : ""} ${String(meta.name ?? r.name)}\`${server ? ` on the hub ${server}` : ""}`;
            const effect = isPlacement(r.type)
                ? "the placement stays on the hub, so Fleet keeps the app placed on every member it selects (and places it on new ones it selects); deleting it by hand withdraws the app from them"
                : r.type === Types.KubernetesNamespace
                  ? "the namespace stays on the hub with what is staged in it, and its copies stay on members while a placement selects it"
                  : "the object stays on the hub";
            return { urn, why, effect, remove };
        }
        if (r.type === Types.RepositoryFile) {
            return {
                urn,
                why,
                effect: `\`${String(r.inputs.file)}\` stays in \`${String(r.inputs.repository)}\`${r.inputs.branch ? ` on \`${String(r.inputs.branch)}\`` : ""}`,
                remove: "a commit that deletes the file",
            };
        }
        if (r.type === Types.FleetManagedNamespace) {
            return {
                urn,
                why,
                effect: "the managed namespace stays in the fleet, and so does what Fleet placed of it on members",
                remove: `\`az resource delete --ids ID\` of the fleet's managed namespace \`${String(r.inputs.managedNamespaceName ?? r.name)}\``,
            };
        }
        if (r.type.startsWith("azure-native:")) {
            return { urn, why, effect: "the Azure resource stays", remove: "`az resource delete --ids ID` (or the portal)" };
        }
        return { urn, why, effect: "the object stays", remove: "its provider's own tools" };
    });
}
