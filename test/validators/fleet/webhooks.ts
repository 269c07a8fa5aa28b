// kubefleet's hub admission webhooks, ported as a test validator: the mutating webhook of ClusterResourcePlacement and
// the validating webhooks of ClusterResourcePlacement, ResourcePlacement, ResourceOverride, ClusterResourceOverride and
// (with --enable-pdbs=false) PodDisruptionBudget, at kubefleet commit e160c1cdfdd9bf4c0234713d2b7f34e0ec95dab6.
//
// What pkg/webhook/webhook.go configures at that commit (the API server only calls a handler a configuration names):
//   - mutating  fleet.clusterresourceplacementv1beta1.mutating: clusterresourceplacements v1beta1, CREATE+UPDATE
//     (webhook.go:398-419, failurePolicy Ignore). matchPolicy is unset, so the admissionregistration/v1 default
//     Equivalent applies and v1 requests reach it converted (the CRD's conversion is None: only apiVersion changes).
//   - validating fleet.clusterresourceplacementv1beta1.validating: clusterresourceplacements, CREATE+UPDATE (514-527).
//   - validating fleet.clusterresourceoverride.validating / fleet.resourceoverride.validating: CREATE+UPDATE (542-565).
//   - validating fleet.poddisruptionbudget.validating: policy/v1 poddisruptionbudgets, CREATE, only when the hub agent
//     runs with --enable-pdbs=false (497-512).
//   - resourceplacements: NO webhook configuration. buildFleetValidatingWebhooks (webhook.go:461-593) names none, though
//     pkg/webhook/add_handler.go:24 registers resourceplacement.Add, so the handler is served but never called. The RP
//     rules are applied here anyway (conservative: a later release that wires it up must not surprise us); every rule
//     that applies to ResourcePlacement says so in WebhookRule.configured.
//
// Denials: Go returns one admission response whose message is an aggregate ("[a, b]") of every error. Here each error
// is its own string, prefixed with its rule id and carrying the same wrapping prefixes Go puts around it; the early
// returns of the Go code (which hide later errors) are kept.
import { str } from "./apimachinery";
import { Denial, deny } from "./denial";
import { clusterResourceOverrideWebhook, resourceOverrideWebhook } from "./overrideWebhook";
import { placementWebhook } from "./placementWebhook";
import { CRO, CRP, groupOf, HubOptions, isFleet, PDB, RO, RP, WebhookRequest } from "./webhookRules";

export type { HubOptions, Obj, WebhookRequest, WebhookRule } from "./webhookRules";
export { WEBHOOK_RULES } from "./webhookRules";
export { mutate } from "./mutatingWebhook";

// ---------------------------------------------------------------------------------------------------------------------
// The validating webhooks.

export function validate(req: WebhookRequest, options: Partial<HubOptions> = {}): string[] {
    const opts: HubOptions = { enablePDBs: options.enablePDBs ?? true };
    return denials(req, opts).map((d) => `[${d.id}] ${d.msg}`);
}

function denials(req: WebhookRequest, opts: HubOptions): Denial[] {
    const o = req.object;
    if (isFleet(o)) {
        if (o.kind === CRP || o.kind === RP) return placementWebhook(req, o.kind === CRP);
        if (o.kind === RO) return resourceOverrideWebhook(req);
        if (o.kind === CRO) return clusterResourceOverrideWebhook(req);
    }
    if (groupOf(o) === "policy" && o.kind === PDB && !opts.enablePDBs) return pdbWebhook(req);
    return [];
}

// --- pkg/webhook/pdb/pdb_validating_webhook.go ------------------------------------------------------------------------

function pdbWebhook(req: WebhookRequest): Denial[] {
    if (req.operation !== "CREATE") return [];
    const ns = str(req.object.metadata?.namespace);
    if (isReservedNamespace(ns)) return [];
    const name = str(req.object.metadata?.name);
    return [
        deny(
            "pdb.reserved-namespace",
            `PDBs ${ns}/${name} cannot be directly created in the hub cluster due to potential side effects; to place a PDB to member clusters, consider wrapping it in a resource envelope.`,
        ),
    ];
}

/** pkg/utils/common.go IsReservedNamespace (FleetNSNamePrefix, KubeNSNamePrefix). */
const isReservedNamespace = (ns: string) => ns.startsWith("fleet-") || ns.startsWith("kube-");
