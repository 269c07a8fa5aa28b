import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { KubeObject } from "../render/kube";
import { resourceEnvelope } from "../render/envelope";

/**
 * Registers a ResourceEnvelope of `objects` in the hub namespace, with the platform's credentials (the deploy identity's
 * RBAC Writer cannot write envelopes, a custom resource). It lives like the placement objects: left in place when its
 * owner goes (deletedWith), unless `deleteOnDestroy`.
 */
export function applyEnvelope(
    name: string,
    envelope: { name: string; namespace: string },
    objects: KubeObject[],
    provider: Provider,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
    deleteOnDestroy: boolean,
): CustomResource {
    const { apiVersion, kind, metadata, ...rest } = resourceEnvelope(envelope.name, envelope.namespace, objects);
    return new CustomResource(`${name}-envelope`, { apiVersion, kind, metadata, ...rest }, { parent, provider, dependsOn, ...(deleteOnDestroy ? {} : { deletedWith: parent }) });
}
