// The root program: onboards every app listed in stack config onto one fleet.
// `npm run plan` plans it offline against Pulumi.sample.yaml.
import * as pulumi from "@pulumi/pulumi";
import { argumentShapeProblems, FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, fleetHubProvider } from "fleet-autodeploy";

type AppConfig = Omit<FleetAutomatedDeploymentArgs, "fleetId" | "registryId" | "hubProvider"> & {
    /** Component name; defaults to the app name or the repository's name. */
    name?: string;
};

const config = new pulumi.Config();
const fleetId = config.get("fleetId");
const registryId = config.get("registryId");
const apps = config.getObject<unknown>("apps");

// The whole stack config is checked before anything is constructed, against the arguments the component declares
// (the schema Pulumi's analyzer infers from the library): every mistake at once, with its config path.
const problems = [
    ...(fleetId === undefined ? [{ path: "fleetId", message: "fleetId is required: the fleet's resource id (.../providers/Microsoft.ContainerService/fleets/NAME)." }] : []),
    ...(registryId === undefined ? [{ path: "registryId", message: "registryId is required: the registry's resource id (.../providers/Microsoft.ContainerRegistry/registries/NAME)." }] : []),
    ...(apps === undefined
        ? [{ path: "apps", message: "apps is required: a list of apps, each with at least repository (see README, \"Root program\")." }]
        : !Array.isArray(apps)
            ? [{ path: "apps", message: `apps is ${typeof apps === "string" ? "a string" : "not a list"}; expected a list of apps, each with at least repository.` }]
            : apps.flatMap((app, i) => argumentShapeProblems("FleetAutomatedDeployment", app, `apps[${i}]`, {
                omit: ["fleetId", "registryId", "hubProvider"],
                extra: { name: { type: "string", plain: true, description: "Component name; defaults to the app name or the repository's name" } },
            }))),
];
if (problems.length > 0) {
    throw new pulumi.InputPropertiesError({
        message: `stack config has ${problems.length === 1 ? "a problem" : `${problems.length} problems`} (${pulumi.getProject()}:KEY):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`,
        errors: problems.map((p) => ({ propertyPath: p.path, reason: p.message })),
    });
}

// One hub provider for every app, instead of one per app.
const hubProvider = fleetHubProvider("hub", fleetId!);

const deployments = (apps as AppConfig[]).map(({ name, ...app }) =>
    new FleetAutomatedDeployment(name ?? app.appName ?? app.repository.split("/")[1], { fleetId: fleetId!, registryId: registryId!, hubProvider, ...app }));

export const onboarded = deployments.map((d) => ({
    clientId: d.clientId,
    namespace: d.namespace,
    workflowPath: d.workflowPath,
    placement: d.placementName,
}));
