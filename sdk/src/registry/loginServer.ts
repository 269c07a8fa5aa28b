import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { inputKey, programState } from "../program";

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
        server = pulumi.output(registry).apply((r) => containerregistry.getRegistryOutput({ resourceGroupName: r.resourceGroup, registryName: r.name }))
            .apply((r) => {
                if (!r.loginServer) throw new Error(`Registry ${r.id} reports no login server: give registryLoginServer explicitly.`);
                return r.loginServer;
            });
        servers.set(key, server);
    }
    return server;
}
