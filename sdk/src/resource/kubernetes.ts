// A Kubernetes provider's cluster, as far as its registered inputs tell it: what the conflict detector keys Kubernetes
// objects by, for the offline plan and the policy pack alike.
import * as YAML from "yaml";
import { WIRE } from "./wire";

/** A raw input value with its secret wrapper removed; undefined when unknown. */
function reveal(value: unknown): unknown {
    const v = value && typeof value === "object" && (value as Record<string, unknown>)[WIRE.sig] === WIRE.secret ? (value as Record<string, unknown>).value : value;
    return v === WIRE.unknown ? undefined : v;
}

/**
 * The API server a Kubernetes provider talks to: the cluster its `cluster` input names, else that of its
 * `context` input or the kubeconfig's current context, else the kubeconfig's only cluster. `inputs` are
 * as registered, before `readable`: the kubeconfig is usually a secret.
 */
export function kubernetesServer(inputs: Record<string, unknown>): string | undefined {
    // An unknown context or cluster name leaves the server unknown too.
    if ([inputs.context, inputs.cluster].some((v) => v !== undefined && reveal(v) === undefined)) return undefined;
    const text = reveal(inputs.kubeconfig);
    let config: any;
    try {
        config = typeof text === "string" ? YAML.parse(text) : undefined;
    } catch {
        // Unparseable: no server, as for a kubeconfig that is no mapping.
    }
    if (!config || typeof config !== "object") return undefined;
    const clusters: any[] = Array.isArray(config.clusters) ? config.clusters : [];
    const contextName = reveal(inputs.context) ?? config["current-context"];
    const context = (Array.isArray(config.contexts) ? config.contexts : []).find((c: any) => c?.name === contextName);
    const clusterName = reveal(inputs.cluster) ?? context?.context?.cluster;
    const cluster = clusterName === undefined && clusters.length === 1 ? clusters[0] : clusters.find((c) => c?.name === clusterName);
    const server = cluster?.cluster?.server;
    if (typeof server !== "string") return undefined;
    try {
        // Only the address: a server URL may carry basic-auth credentials.
        const url = new URL(server);
        if (!url.username && !url.password) return server;
        url.username = url.password = "";
        return url.href;
    } catch {
        return server;
    }
}
