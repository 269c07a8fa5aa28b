import * as containerservice from "@pulumi/azure-native/containerservice";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { Problem } from "../problems";
import { programState } from "../program";
import { armIdInput, failOnProblems } from "../validate";

/**
 * A Kubernetes provider for the fleet's hub built from the fleet's user credentials
 * (`listCredentials`, what `az fleet get-credentials` does). The kubeconfig signs in through
 * kubelogin, so the machine running Pulumi needs kubelogin on its PATH and an Azure sign-in.
 */
export function hubProviderFromFleet(name: string, fleet: pulumi.Input<ArmId>, parent: pulumi.Resource): Provider {
    return new Provider(`${name}-hub`, { kubeconfig: hubKubeconfig(fleet, { parent }) }, { parent });
}

/**
 * The fleet's hub provider for components given none: one per fleet per program, at the stack's root and
 * named after the fleet (`FLEET-hub`), so deployments on one hub share it and none owns it. A fleet id that
 * is an Output has no name yet: that component then builds its own, `${name}-hub`.
 */
export function sharedHubProvider(fleet: pulumi.Input<ArmId>, name: string, parent: pulumi.Resource): Provider {
    if (pulumi.Output.isInstance(fleet) || fleet instanceof Promise) return hubProviderFromFleet(name, fleet, parent);
    const plain = fleet as ArmId;
    const providers = programState("hubProviders", () => new Map<string, Provider>());
    const key = plain.id.toLowerCase();
    let provider = providers.get(key);
    if (!provider) providers.set(key, (provider = new Provider(`${plain.name.toLowerCase()}-hub`, { kubeconfig: hubKubeconfig(plain, {}) })));
    return provider;
}

function hubKubeconfig(fleet: pulumi.Input<ArmId>, opts: pulumi.InvokeOptions): pulumi.Output<string> {
    const kubeconfig = pulumi.output(fleet).apply((f) => containerservice.listFleetCredentialsOutput({ resourceGroupName: f.resourceGroup, fleetName: f.name }, opts))
        .apply((creds) => {
            const value = creds.kubeconfigs?.[0]?.value;
            if (!value) throw new Error("The fleet returned no kubeconfig: is it a fleet with a hub cluster? A hubless fleet has nothing to stage into.");
            return Buffer.from(value, "base64").toString("utf8");
        });
    return pulumi.secret(kubeconfig);
}

/**
 * One Kubernetes provider for a fleet's hub, to share between deployments on the same fleet (each
 * deployment otherwise builds its own from the fleet's credentials).
 */
export function fleetHubProvider(name: string, fleetId: pulumi.Input<string>, opts?: pulumi.ResourceOptions): Provider {
    const problems: Problem[] = [];
    const fleet = armIdInput(fleetId, "fleet", "fleetId", problems);
    failOnProblems("fleetHubProvider", name, problems);
    return new Provider(name, { kubeconfig: hubKubeconfig(fleet, { parent: opts?.parent }) }, opts);
}
