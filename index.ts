// The root program: onboards every app listed in stack config onto one fleet.
// `npm run plan` plans it offline against Pulumi.sample.yaml.
import * as pulumi from "@pulumi/pulumi";
import { deploymentProblems, FleetAutomatedDeployment, FleetAutomatedDeploymentArgs, fleetHubProvider } from "fleet-autodeploy";
// The shape check against the package schema is internal to the library; this program reads config it has not typed.
import { argumentShapeProblems } from "fleet-autodeploy/bin/config/argumentShapes";

type AppConfig = Omit<FleetAutomatedDeploymentArgs, "fleetId" | "registryId" | "hubProvider"> & {
    /** Component name; defaults to the app name or the repository's name. */
    name?: string;
};

const config = new pulumi.Config();
const fleetId = config.get("fleetId");
const registryId = config.get("registryId");
const apps = config.getObject<unknown>("apps");

// The whole stack config is checked before anything is constructed: its shape against the arguments the component
// declares (the schema Pulumi's analyzer infers from the library), then every app's meaning and the collisions between
// apps. Every mistake at once, each under its config path (apps[5].namespace).
const appShape = { omit: ["fleetId", "registryId", "hubProvider"], extra: { name: { type: "string", plain: true, description: "Component name; defaults to the app name or the repository's name" } } };
const shapeProblems = [
    ...(fleetId === undefined ? [{ path: "fleetId", message: "fleetId is required: the fleet's resource id (.../providers/Microsoft.ContainerService/fleets/NAME)." }] : []),
    ...(registryId === undefined ? [{ path: "registryId", message: "registryId is required: the registry's resource id (.../providers/Microsoft.ContainerRegistry/registries/NAME)." }] : []),
    ...(apps === undefined
        ? [{ path: "apps", message: 'apps is required: a list of apps, each with at least repository (see README, "Root program").' }]
        : !Array.isArray(apps)
          ? [{ path: "apps", message: `apps is ${typeof apps === "string" ? "a string" : "not a list"}; expected a list of apps, each with at least repository.` }]
          : apps.flatMap((app, i) => argumentShapeProblems("FleetAutomatedDeployment", app, `apps[${i}]`, appShape))),
];
// A missing id is reported above: the apps are checked with a stand-in, so their own problems come in the same run.
const ABSENT = {
    fleetId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/absent/providers/Microsoft.ContainerService/fleets/absent",
    registryId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/absent/providers/Microsoft.ContainerRegistry/registries/absent",
};
const entries = Array.isArray(apps)
    ? (apps as (AppConfig | null)[]).flatMap((entry, i) => {
          if (typeof entry !== "object" || entry === null) return [];
          const { name, ...app } = entry;
          return [
              {
                  path: `apps[${i}]`,
                  name: name ?? app.appName ?? String(app.repository).split("/")[1],
                  args: { fleetId: fleetId ?? ABSENT.fleetId, registryId: registryId ?? ABSENT.registryId, ...app },
              },
          ];
      })
    : [];
// Meaning and collisions of the apps whose shape is right (the others' types cannot be trusted yet).
const wellFormed = entries.filter((e) => !shapeProblems.some((p) => p.path === e.path || p.path.startsWith(`${e.path}.`) || p.path.startsWith(`${e.path}[`)));
const problems = [...shapeProblems, ...deploymentProblems(wellFormed, ["fleetId", "registryId"])];
if (problems.length > 0) {
    throw new pulumi.InputPropertiesError({
        message: `stack config has ${problems.length === 1 ? "a problem" : `${problems.length} problems`} (${pulumi.getProject()}:KEY):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`,
        errors: problems.map((p) => ({ propertyPath: p.path, reason: p.message })),
    });
}

// One hub provider for every app, instead of one per app.
const hubProvider = fleetHubProvider("hub", fleetId!);

const deployments = entries.map(({ name, args }) => new FleetAutomatedDeployment(name, { ...args, hubProvider }));

export const onboarded = deployments.map((d) => ({
    clientId: d.clientId,
    namespace: d.namespace,
    workflowPath: d.workflowPath,
    placement: d.placementName,
}));
