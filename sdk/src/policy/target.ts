// What a guardrail sees of a resource: plain data, the same whether it comes from the Pulumi engine (a policy
// pack under `pulumi preview`) or from the offline plan. The policies are pure functions of these.
import { lastSegment } from "../resource/planned";

/** A value the engine does not know yet (during preview) or does not show (a secret in the offline plan). */
export const UNKNOWN = "[unknown]";

/** One resource, as a policy pack's validation receives it (ResourceValidationArgs / PolicyResource), as plain data. */
export interface PolicyTarget {
    type: string;
    name: string;
    urn: string;
    /**
     * Resource validation: the inputs. Stack validation: the engine's outputs (inputs with computed values during
     * preview), the inputs in the offline plan. Values not known are UNKNOWN (or "[secret]").
     */
    props: Record<string, unknown>;
    opts: {
        protect?: boolean;
        /** Known only in the offline plan: Pulumi's analyzer protocol does not send it (undefined under the engine). */
        retainOnDelete?: boolean;
    };
    /** A custom resource (not a component); providers count as custom. */
    custom: boolean;
    parent?: string;
    /** The provider: its URN, type and inputs (the default provider's inputs are the stack config of its package). */
    provider?: { urn: string; type: string; name: string; props: Record<string, unknown> };
    /** URNs this resource depends on. */
    dependencies: string[];
    /** URNs each input property depends on (the resources whose outputs flowed into it). */
    propertyDependencies: Record<string, string[]>;
}

/** A problem a policy found: the message, and the resource it is about. */
export interface Finding {
    urn?: string;
    message: string;
}

/** `value` when it is a string the policy can rely on: not empty, not unknown, not a hidden secret. */
export function known(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && value !== UNKNOWN && value !== "[secret]" ? value : undefined;
}

/** The last segment of an ARM id (a role definition id's GUID), lower-cased. */
export const roleGuidOf = (id: string): string => lastSegment(id).toLowerCase();

/** A short name for messages: `name (type's last part)`. */
export function describe(r: PolicyTarget): string {
    return `${r.name} (${r.type.split(":").pop()})`;
}
