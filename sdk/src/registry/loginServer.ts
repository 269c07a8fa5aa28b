import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as pulumi from "@pulumi/pulumi";
import { AzureCloud, loginServerCloudProblem } from "../azure/cloud";
import { ArmId } from "../azure/ids";
import { inputKey, programState } from "../core/program";

/**
 * The registry's login server as Azure reports it (`getRegistry`), read once per registry per program.
 * `NAME.azurecr.io` is wrong for registries with a domain-name-label suffix (`NAME-HASH.azurecr.io`) and
 * in sovereign clouds (`NAME.azurecr.us`, `NAME.azurecr.cn`), so it is never guessed.
 */
export function registryLoginServer(registry: pulumi.Input<ArmId>): pulumi.Output<string> {
    const servers = programState("registryLoginServers", () => new Map<string, pulumi.Output<string>>());
    const key = inputKey(registry);
    let server = servers.get(key);
    if (!server) {
        server = pulumi
            .output(registry)
            .apply((r) => containerregistry.getRegistryOutput({ resourceGroupName: r.resourceGroup, registryName: r.name }))
            .apply((r) => {
                if (!r.loginServer) throw new Error(`Registry ${r.id} reports no login server: give registryLoginServer explicitly.`);
                return r.loginServer;
            });
        servers.set(key, server);
    }
    return server;
}

/**
 * A login server the user gave, in `cloud`'s registry domain: a plain one is already checked at construction; an Output
 * is checked where it resolves, failing the registrations that read it with the same message (never guessed).
 */
export function loginServerInCloud(server: pulumi.Input<string>, cloud: AzureCloud, paths: { cloud: string; loginServer: string }): pulumi.Input<string> {
    if (typeof server === "string") return server;
    return pulumi.output(server).apply((resolved) => {
        const problem = loginServerCloudProblem(resolved, cloud, paths);
        if (problem) throw new pulumi.InputPropertyError({ propertyPath: problem.path, reason: problem.message });
        return resolved;
    });
}
