import { KubeObject } from "./kube";
import { managedByLabels } from "../vocabulary/labels";

/** Fleet's envelope objects are served on v1beta1 only (the ResourceEnvelope CRD in shared/reference/crds). */
export const ENVELOPE_API = "placement.kubernetes-fleet.io/v1beta1";

/**
 * A ResourceEnvelope in `namespace` wrapping namespaced objects: Fleet places the envelope and applies what it wraps on
 * each member, and the hub never holds the objects themselves. For what the hub refuses or would act on: a
 * PodDisruptionBudget outside a reserved namespace is denied by kubefleet's hub webhook once `--enable-pdbs` is off
 * ("PDBs ... cannot be directly created in the hub cluster due to potential side effects; to place a PDB to member
 * clusters, consider wrapping it in a resource envelope", pkg/webhook/pdb). Each object is keyed `kind-name.yaml`.
 */
export function resourceEnvelope(name: string, namespace: string, objects: KubeObject[]): KubeObject {
    return {
        apiVersion: ENVELOPE_API,
        kind: "ResourceEnvelope",
        metadata: { name, namespace, labels: managedByLabels() },
        data: Object.fromEntries(objects.map((o) => [`${o.kind.toLowerCase()}-${o.metadata.name}.yaml`, { ...o, metadata: { ...o.metadata, namespace } }])),
    };
}
