// Fleet objects through the hub's whole admission (validators/fleet/admission.ts): the CRD's schema with pruning and
// defaults, every CEL rule, and kubefleet's mutating and validating webhooks. The CRDs come from shared/reference/crds,
// loaded at test time and never copied into the repository.
import { admit, createAll, Obj } from "./fleet/admission";

/** Every refusal of one object created on an empty hub (empty when admitted); an apiVersion/kind without a CRD is one too. */
export function validateFleetObject(obj: Obj): string[] {
    return admit(obj, undefined, []).errors;
}

/** Every refusal of objects created together on one hub, in order (cross-object rules such as one override per object apply). */
export function validateFleetObjects(objects: Obj[]): string[] {
    return createAll(objects);
}
