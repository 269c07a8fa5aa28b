/** A Kubernetes object as plain data, the shape every manifest/placement renderer returns. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: {
        name: string;
        namespace?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
    };
    [field: string]: unknown;
}

/**
 * A Kubernetes quantity (apimachinery resource.Quantity): a decimal number with a binary-SI suffix (Ki..Ei), a
 * decimal-SI suffix (m, k, M..E) or an exponent (e3, E-2). Signs are left out: no resource amount is negative.
 */
export const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

const DECIMAL_EXPONENT: Record<string, number> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_POWER: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

/**
 * The amount a quantity stands for, to compare two of them, or undefined when it is not one. Decimal forms are
 * parsed in one piece ("100e-3"), so equal amounts spelled differently ("0.1", "100m") give the same number.
 */
export function quantityValue(value: unknown): number | undefined {
    const m = typeof value === "string" ? QUANTITY.exec(value) : null;
    if (!m) return undefined;
    const [, number, suffix, exponent] = m;
    if (suffix && suffix in BINARY_POWER) return Number(number) * 1024 ** BINARY_POWER[suffix];
    return Number(`${number}e${exponent ?? DECIMAL_EXPONENT[suffix ?? ""] ?? 0}`);
}
