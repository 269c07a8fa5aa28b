// The root program: onboards every app listed in stack config onto one fleet.
// `npm run plan` plans it offline against Pulumi.sample.yaml.
import * as pulumi from "@pulumi/pulumi";
import { FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, fleetHubProvider } from "fleet-autodeploy";

type AppConfig = Omit<FleetAutomatedDeploymentArgs, "fleetId" | "registryId" | "hubProvider"> & {
    /** Component name; defaults to the app name or the repository's name. */
    name?: string;
};

const config = new pulumi.Config();
const fleetId = config.require("fleetId");
const registryId = config.require("registryId");
const apps = config.requireObject<AppConfig[]>("apps");

// One hub provider for every app, instead of one per app.
const hubProvider = fleetHubProvider("hub", fleetId);

const deployments = apps.map(({ name, ...app }) =>
    new FleetAutomatedDeployment(name ?? app.appName ?? app.repository.split("/")[1], { fleetId, registryId, hubProvider, ...app }));

export const onboarded = deployments.map((d) => ({
    clientId: d.clientId,
    namespace: d.namespace,
    workflowPath: d.workflowPath,
    placement: d.placementName,
}));
