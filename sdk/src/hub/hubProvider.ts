import * as containerservice from "@pulumi/azure-native/containerservice";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";
import { Problem } from "../core/problems";
import { programState } from "../core/program";
import { armIdInput, failOnProblems, oneOf } from "../checks/validate";
import { HubLogin, nonInteractiveKubeconfig } from "./kubeconfig";
import { admitNow } from "../core/refusals";

/**
 * A Kubernetes provider for the fleet's hub built from the fleet's user credentials
 * (`listCredentials`, what `az fleet get-credentials` does), converted to a non-interactive kubelogin
 * login. The machine running Pulumi needs kubelogin on its PATH and the sign-in `login` uses.
 */
export function hubProviderFromFleet(name: string, fleet: pulumi.Input<ArmId>, parent: pulumi.Resource, login: HubLogin = HubLogin.AzureCli): Provider {
    return new Provider(`${name}-hub`, { kubeconfig: hubKubeconfig(fleet, { parent }, login) }, { parent });
}

/**
 * The fleet's hub provider for components given none: one per fleet per program, at the stack's root and
 * named after the fleet (`FLEET-hub`), so deployments on one hub share it and none owns it. A fleet id that
 * is an Output has no name yet: that component then builds its own, `${name}-hub`.
 */
export function sharedHubProvider(fleet: pulumi.Input<ArmId>, name: string, parent: pulumi.Resource, login: HubLogin = HubLogin.AzureCli): Provider {
    if (pulumi.Output.isInstance(fleet) || fleet instanceof Promise) return hubProviderFromFleet(name, fleet, parent, login);
    const plain = fleet as ArmId;
    const providers = programState("hubProviders", () => new Map<string, Provider>());
    const key = `${plain.id.toLowerCase()}|${login}`;
    // The default login keeps the plain name; another login is another provider for the same hub.
    const providerName = `${plain.name.toLowerCase()}-hub${login === HubLogin.AzureCli ? "" : `-${login}`}`;
    let provider = providers.get(key);
    if (!provider) providers.set(key, (provider = new Provider(providerName, { kubeconfig: hubKubeconfig(plain, {}, login) })));
    return provider;
}

function hubKubeconfig(fleet: pulumi.Input<ArmId>, opts: pulumi.InvokeOptions, login: HubLogin): pulumi.Output<string> {
    const kubeconfig = pulumi
        .output(fleet)
        .apply((f) => containerservice.listFleetCredentialsOutput({ resourceGroupName: f.resourceGroup, fleetName: f.name }, opts))
        .apply((creds) => {
            const value = creds.kubeconfigs?.[0]?.value;
            if (!value) throw new Error("The fleet returned no kubeconfig: is it a fleet with a hub cluster? A hubless fleet has nothing to stage into.");
            return nonInteractiveKubeconfig(Buffer.from(value, "base64").toString("utf8"), login);
        });
    return pulumi.secret(kubeconfig);
}

/**
 * A Kubernetes provider for a fleet's hub under a name of your choice (deployments given no provider
 * share one per fleet already), signing in with `login` (default: the Azure CLI's account), never by device code.
 */
export function fleetHubProvider(name: string, fleetId: pulumi.Input<string>, opts?: pulumi.ResourceOptions, login?: HubLogin): Provider {
    const { fleet, mode } = admitNow(`fleetHubProvider "${name}"`, () => {
        const problems: Problem[] = [];
        const checked = { fleet: armIdInput(fleetId, "fleet", "fleetId", problems), mode: oneOf(login, HubLogin, HubLogin.AzureCli, "login", problems) };
        failOnProblems("fleetHubProvider", name, problems);
        return checked;
    });
    return new Provider(name, { kubeconfig: hubKubeconfig(fleet, { parent: opts?.parent }, mode) }, opts);
}
