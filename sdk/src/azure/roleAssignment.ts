import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { lift, lift2 } from "../core/inputs";
import { RoleAssignmentId } from "./ids";
import { BuiltInRole, roleNames } from "../vocabulary/roles";
import { roleAssignmentName, roleDefinitionId } from "./roles";

/** What one role assignment grants, to whom, where. */
export interface RoleGrant {
    /** ARM scope: a registry, a fleet, or a fleet hub namespace; never a resource group or subscription. */
    scope: pulumi.Input<string>;
    /** The subscription the scope lives in (built-in role definitions are addressed through it). */
    subscriptionId: pulumi.Input<string>;
    /** Object id of the service principal or managed identity. */
    principalId: pulumi.Input<string>;
    role: BuiltInRole;
    /** An ABAC condition (version 2.0) narrowing the role, e.g. to one registry repository; an Output may settle on none. */
    condition?: pulumi.Input<string | undefined>;
    /**
     * An assignment of this role to this principal at this scope that already exists (`--attach-acr`, the portal, a
     * hand grant): adopted under its own name with Pulumi's `import` option, since ARM refuses a second one.
     */
    existing?: RoleAssignmentId;
}

/**
 * Registers one role assignment with a deterministic GUID name of (scope, principal, role) and
 * `principalType: ServicePrincipal` (azure-native defaults to `User`, which ARM rejects, after a
 * retry loop, for a brand-new identity that has not replicated yet).
 */
export function assignRole(name: string, grant: RoleGrant, opts: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    const existing = grant.existing;
    return new authorization.RoleAssignment(
        name,
        {
            scope: grant.scope,
            principalId: grant.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: lift(grant.subscriptionId, (sub) => roleDefinitionId(sub, grant.role)),
            // The name is the assignment's identity (a new one replaces it): an adopted one keeps its own.
            roleAssignmentName: existing ? existing.name : lift2(grant.scope, grant.principalId, (scope, principal) => roleAssignmentName(scope, principal, grant.role)),
            description: `fleet-autodeploy: ${roleNames[grant.role]}`,
            ...(grant.condition ? { condition: grant.condition, conditionVersion: lift(grant.condition, (c) => (c ? "2.0" : undefined)) } : {}),
        },
        existing ? { ...opts, import: existing.id } : opts,
    );
}
