// The registry part: where the workflow pushes (AcrPush, and Tasks Contributor for ACR Tasks builds) and which fleet
// members pull the app's image (AcrPull, shared per registry and member: declared, not claimed).
import * as pulumi from "@pulumi/pulumi";
import { ArmId, RoleAssignmentId } from "../azure/ids";
import { AzureCloud, loginServerCloudProblem } from "../azure/cloud";
import { armIdInput, loginServerInput, oneOf } from "../checks/validate";
import { PartPlan, under } from "../core/part";
import { Problem } from "../core/problems";
import { Names } from "../naming/part";
import { RegistryAccessMode } from "./abac";
import { grantRegistryPush, RegistryTarget } from "./grants";
import { loginServerInCloud, registryLoginServer } from "./loginServer";
import { grantMembersPull, sharedGrantProblems } from "./memberAccess";
import { FleetMemberArgs, memberProblems } from "./members";

/** The deployment's arguments this part reads. */
export interface RegistryPartArgs {
    registryId: pulumi.Input<string>;
    registryLoginServer?: pulumi.Input<string>;
    registryAccessMode?: RegistryAccessMode;
    members?: FleetMemberArgs[];
}

export interface RegistryPartSpec {
    registry: pulumi.Input<ArmId>;
    /** As given; unset: read from the registry (never guessed). */
    loginServer?: pulumi.Input<string>;
    target: RegistryTarget;
    members: FleetMemberArgs[];
    cloud: AzureCloud;
    /** ACR Tasks builds (`buildMode`): the identity also gets Tasks Contributor. */
    acrTasks: boolean;
    /** Role assignments that exist already and are imported. */
    adopted: { push?: RoleAssignmentId; tasks?: RoleAssignmentId };
}

/** What the registry part is told by the parts planned before it. */
export interface RegistryContext {
    cloud: AzureCloud;
    acrTasks: boolean;
    adopted: RegistryPartSpec["adopted"];
}

/** Checks the registry, its login server (against the cloud) and the members that pull from it. */
export function planRegistry(args: RegistryPartArgs, path: string, names: Names, context: RegistryContext): PartPlan<RegistryPartSpec> {
    const problems: Problem[] = [];
    const registry = armIdInput(args.registryId, "registry", "registryId", problems);
    const loginServer = loginServerInput(args.registryLoginServer, "registryLoginServer", problems);
    // A plain login server is checked against the cloud now; an Output where it resolves (registry/loginServer.ts).
    // One message per mistake: a login server already refused for its form is not refused again for its domain.
    const cloudMismatch =
        typeof args.registryLoginServer === "string" && !problems.some((p) => p.path === "registryLoginServer")
            ? loginServerCloudProblem(args.registryLoginServer, context.cloud, { cloud: "cloud", loginServer: "registryLoginServer" })
            : undefined;
    if (cloudMismatch) problems.push(cloudMismatch);
    const mode = oneOf(args.registryAccessMode, RegistryAccessMode, RegistryAccessMode.Rbac, "registryAccessMode", problems);
    const members = args.members ?? [];
    problems.push(...memberProblems(members, "members"), ...sharedGrantProblems(args.registryId, members, "members"));
    const spec: RegistryPartSpec = {
        registry,
        loginServer,
        target: { registry, mode, repositories: [names.appName] },
        members,
        cloud: context.cloud,
        acrTasks: context.acrTasks,
        adopted: context.adopted,
    };
    return under(path, { spec, problems, claims: [] });
}

/** Registers the push grants and the members' pull grants; the login server the workflow and manifests name. */
export function createRegistryAccess(name: string, spec: RegistryPartSpec, parent: pulumi.ComponentResource, principalId: pulumi.Input<string>, fleet: pulumi.Input<ArmId>, label: string) {
    const push = grantRegistryPush(name, spec.target, principalId, spec.acrTasks, { parent }, spec.adopted);
    const pulls = grantMembersPull(spec.target, fleet, spec.members, label);
    return { push, pulls: Object.values(pulls) };
}

/** The registry's login server: as given (checked against the cloud where it resolves), else read from the registry. */
export function loginServerOf(spec: RegistryPartSpec): pulumi.Input<string> {
    return spec.loginServer !== undefined ? loginServerInCloud(spec.loginServer, spec.cloud, { cloud: "cloud", loginServer: "registryLoginServer" }) : registryLoginServer(spec.registry);
}
