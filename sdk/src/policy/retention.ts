// Guardrail on hub namespaces: deleting one deletes everything staged into it, and Fleet then withdraws every app
// placed from it on every member. Removing a deployment (or destroying the stack) should not do that by accident.
import { describe, Finding, known, PolicyTarget } from "./target";
import { Types } from "../vocabulary/tokens";

/**
 * Policy: a Kubernetes Namespace is registered with `retainOnDelete`, and a Fleet managed namespace has
 * `properties.deletePolicy: "Keep"`. The Namespace half needs the resource options, which only the offline plan sees:
 * Pulumi's analyzer protocol does not send `retainOnDelete` to policy packs, so under `pulumi preview` it is not checked.
 */
export function retentionFindings(r: PolicyTarget): Finding[] {
    if (r.type === Types.KubernetesNamespace && r.opts.retainOnDelete === false) {
        const name = known((r.props.metadata as Record<string, unknown> | undefined)?.name) ?? r.name;
        return [
            {
                urn: r.urn,
                message:
                    `${describe(r)}, namespace ${name}, is not retainOnDelete: removing it from the program or destroying the stack deletes the namespace, ` +
                    "what was staged into it and, through placement, the app on every member. Register it with retainOnDelete: true (the library's default).",
            },
        ];
    }
    if (r.type === Types.FleetManagedNamespace) {
        const properties = r.props.properties as Record<string, unknown> | undefined;
        const policy = known(properties?.deletePolicy);
        if (policy !== undefined && policy !== "Keep") {
            return [
                {
                    urn: r.urn,
                    message:
                        `${describe(r)} has deletePolicy ${JSON.stringify(policy)}: deleting the resource deletes the hub namespace and Fleet withdraws it from every member. ` +
                        `Use "Keep" (the library's default; deleteNamespaceOnDestroy: true opts in to "Delete").`,
                },
            ];
        }
    }
    return [];
}
