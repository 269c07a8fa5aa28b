import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { ArmId, RoleAssignmentId } from "../azure/ids";
import { assignRole } from "../azure/roleAssignment";
import { BuiltInRole } from "../vocabulary/roles";
import { lift } from "../core/inputs";
import { Problem } from "../core/problems";
import { armIdInput, failOnProblems, oneOf } from "../checks/validate";
import { RegistryAccessMode, registryRole, repositoryCondition } from "./abac";
import { admitNow } from "../core/refusals";

// Registry access as verbs: every grant goes through assignRole with a named built-in role, scoped
// to the registry itself, and returns the assignment so callers can depend on it.

/** Which registry, in which authorization mode, for which image repositories. */
export interface RegistryTarget {
    registry: pulumi.Input<ArmId>;
    mode: RegistryAccessMode;
    /** Image repositories an ABAC grant is limited to; empty means the whole registry. */
    repositories: string[];
}

/** The registry as a role assignment scope. */
const scopeOf = (registry: pulumi.Input<ArmId>) => ({ scope: lift(registry, (r) => r.id), subscriptionId: lift(registry, (r) => r.subscriptionId) });

function grant(
    name: string,
    target: RegistryTarget,
    principalId: pulumi.Input<string>,
    access: "read" | "write",
    opts: pulumi.CustomResourceOptions,
    condition?: pulumi.Input<string | undefined>,
    existing?: RoleAssignmentId,
): authorization.RoleAssignment {
    const abac = target.mode === RegistryAccessMode.Abac && target.repositories.length > 0;
    return assignRole(
        name,
        {
            ...scopeOf(target.registry),
            principalId,
            role: registryRole(target.mode, access),
            condition: condition ?? (abac ? repositoryCondition(target.repositories, access) : undefined),
            existing,
        },
        opts,
    );
}

/** Lets `principalId` push images (the deploy identity); with ACR Tasks builds, also run them. `existing` grants are adopted. */
export function grantRegistryPush(
    name: string,
    target: RegistryTarget,
    principalId: pulumi.Input<string>,
    acrTasks: boolean,
    opts: pulumi.CustomResourceOptions,
    existing: { push?: RoleAssignmentId; tasks?: RoleAssignmentId } = {},
): authorization.RoleAssignment[] {
    const grants = [grant(`${name}-push`, target, principalId, "write", opts, undefined, existing.push)];
    if (acrTasks) {
        grants.push(assignRole(`${name}-acrtasks`, { ...scopeOf(target.registry), principalId, role: BuiltInRole.ContainerRegistryTasksContributor, existing: existing.tasks }, opts));
        // On an ABAC registry a task has no data-plane access of its own: it runs as the caller
        // (--source-acr-auth-id [caller]), which also needs the catalog (container-registry-rbac-abac-repository-permissions).
        if (target.mode === RegistryAccessMode.Abac) {
            grants.push(assignRole(`${name}-acrcatalog`, { ...scopeOf(target.registry), principalId, role: BuiltInRole.ContainerRegistryRepositoryCatalogLister }, opts));
        }
    }
    return grants;
}

/**
 * Lets one principal (a member cluster's kubelet) pull from the registry; `condition` replaces the target's own ABAC
 * condition; `existing` adopts an assignment made elsewhere.
 */
export function grantPull(
    name: string,
    target: RegistryTarget,
    principalId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
    condition?: pulumi.Input<string | undefined>,
    existing?: RoleAssignmentId,
): authorization.RoleAssignment {
    return grant(name, target, principalId, "read", opts, condition, existing);
}

/** What {@link grantRegistryPull} grants. */
export interface RegistryPullGrantArgs {
    /** Resource id of the Azure Container Registry. */
    registryId: pulumi.Input<string>;
    /** Object id of the identity that pulls (e.g. a cluster's kubelet identity). */
    principalId: pulumi.Input<string>;
    /** How the registry authorizes. @default "rbac" (AcrPull) */
    accessMode?: RegistryAccessMode;
    /** Image repositories the grant is limited to, in "abac" mode. @default the whole registry */
    repositories?: string[];
}

/**
 * One pull grant on a registry, for any principal: AcrPull, or Repository Reader limited to `repositories` on an
 * ABAC registry. Returns the role assignment, so other resources can depend on it.
 */
export function grantRegistryPull(name: string, args: RegistryPullGrantArgs, opts?: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    const { registry, mode } = admitNow(`grantRegistryPull "${name}"`, () => {
        const problems: Problem[] = [];
        const checked = {
            registry: armIdInput(args.registryId, "registry", "registryId", problems),
            mode: oneOf(args.accessMode, RegistryAccessMode, RegistryAccessMode.Rbac, "accessMode", problems),
        };
        failOnProblems("grantRegistryPull", name, problems);
        return checked;
    });
    return grantPull(name, { registry, mode, repositories: args.repositories ?? [] }, args.principalId, opts ?? {});
}
