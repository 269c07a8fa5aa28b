import { createHash } from "node:crypto";
import { BuiltInRole } from "../vocabulary/roles";

/** The role definition id as ARM wants it. */
export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

// A fixed namespace keeps the names stable across versions of this library: changing it would
// re-create every role assignment.
const NAMESPACE = Buffer.from("6f1c7a52e3b94d0e9a4f2b8c1d7e5a30", "hex");

/**
 * The role assignment's name: a name-based (version 5) UUID of scope, principal and role. ARM needs a
 * GUID; deriving it makes a second `pulumi up` a no-op, and the same grant from two stacks collide
 * loudly (`RoleAssignmentExists`) instead of piling up duplicates. Case-folded because ARM ids are
 * case-insensitive.
 */
export function roleAssignmentName(scope: string, principalId: string, role: BuiltInRole): string {
    const hash = createHash("sha1").update(NAMESPACE).update(`${scope.toLowerCase()}|${principalId.toLowerCase()}|${role}`).digest();
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
