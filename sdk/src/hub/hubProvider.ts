import * as containerservice from "@pulumi/azure-native/containerservice";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { ArmId } from "../azure/ids";

/**
 * A Kubernetes provider for the fleet's hub built from the fleet's user credentials
 * (`listCredentials`, what `az fleet get-credentials` does). The kubeconfig signs in through
 * kubelogin, so the machine running Pulumi needs kubelogin on its PATH and an Azure sign-in.
 */
export function hubProviderFromFleet(name: string, fleet: pulumi.Output<ArmId>, parent: pulumi.Resource): Provider {
    const kubeconfig = fleet.apply((f) => containerservice.listFleetCredentialsOutput({ resourceGroupName: f.resourceGroup, fleetName: f.name }, { parent }))
        .apply((creds) => {
            const value = creds.kubeconfigs?.[0]?.value;
            if (!value) throw new Error("The fleet returned no kubeconfig: is it a fleet with a hub cluster? A hubless fleet has nothing to stage into.");
            return Buffer.from(value, "base64").toString("utf8");
        });
    return new Provider(`${name}-hub`, { kubeconfig: pulumi.secret(kubeconfig) }, { parent });
}
