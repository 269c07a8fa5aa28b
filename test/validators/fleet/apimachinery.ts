import { Obj } from "./webhookRules";

// ---------------------------------------------------------------------------------------------------------------------
// Go formatting.
//
// Go's `%+v` of a struct is reproduced for flat structs ({Key:k Operator:Equal ...}) and for *metav1.LabelSelector (its
// generated String()); other nested pointers, which Go prints as addresses, are printed as JSON.

export const str = (v: unknown): string => (typeof v === "string" ? v : v == null ? "" : String(v));
export const list = (v: unknown): Obj[] => (Array.isArray(v) ? v : []);
/** Go's len() of a string counts bytes. */
export const byteLength = (s: string) => Buffer.byteLength(s, "utf8");
/** Go's %q (JSON quoting agrees for printable ASCII). */
export const goQuote = (s: string) => JSON.stringify(s);
/** %+v of a struct: {Field:value ...}. */
const plusV = (fields: [string, string][]) => `{${fields.map(([k, v]) => `${k}:${v}`).join(" ")}}`;
/** A nested pointer without String(): Go prints an address (or <nil>); JSON is more use. */
const ptrV = (v: unknown) => (v == null ? "<nil>" : JSON.stringify(v));

export const tolerationV = (t: Obj) =>
    plusV([
        ["Key", str(t.key)],
        ["Operator", str(t.operator)],
        ["Value", str(t.value)],
        ["Effect", str(t.effect)],
    ]);
export const resourceSelectorV = (s: Obj) =>
    plusV([
        ["Group", str(s.group)],
        ["Version", str(s.version)],
        ["Kind", str(s.kind)],
        ["Name", str(s.name)],
    ]);
export const selectorTermV = (s: Obj) =>
    plusV([
        ["Group", str(s.group)],
        ["Version", str(s.version)],
        ["Kind", str(s.kind)],
        ["Name", str(s.name)],
        ["LabelSelector", labelSelectorString(s.labelSelector)],
        ["SelectionScope", str(s.selectionScope)],
    ]);
export const clusterSelectorTermV = (t: Obj) =>
    plusV([
        ["LabelSelector", labelSelectorString(t.labelSelector)],
        ["PropertySelector", ptrV(t.propertySelector)],
        ["PropertySorter", ptrV(t.propertySorter)],
    ]);
/** %s of a JSONPatchOverride: {op path {raw}}. */
export const patchS = (p: Obj) => `{${str(p.op)} ${str(p.path)} {${p.value == null ? "" : JSON.stringify(p.value)}}}`;

/** The generated String() of *metav1.LabelSelector (gogo protobuf); a nil pointer prints "nil". */
export function labelSelectorString(ls: Obj | undefined): string {
    if (ls == null) return "nil";
    const labels = Object.keys(ls.matchLabels ?? {})
        .sort()
        .map((k) => `${k}: ${str(ls.matchLabels[k])},`)
        .join("");
    const exprs = list(ls.matchExpressions)
        .map((e) => `LabelSelectorRequirement{Key:${str(e.key)},Operator:${str(e.operator)},Values:[${list(e.values).map(str).join(" ")}],},`)
        .join("");
    return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several (deduplicated) in brackets. */
export function aggregate(msgs: string[]): string {
    const unique = [...new Set(msgs)];
    return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

// ---------------------------------------------------------------------------------------------------------------------
// k8s.io/apimachinery v0.34.1 (the version kubefleet's go.mod pins).

// pkg/util/validation/validation.go
const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const anchored = (fmt: string) => new RegExp(`^${fmt}$`);

const maxLenError = (n: number) => `must be no more than ${n} characters`;
const regexError = (msg: string, fmt: string, ...examples: string[]) =>
    examples.length === 0 ? `${msg} (regex used for validation is '${fmt}')` : `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(" or ")}regex used for validation is '${fmt}')`;

export function isDNS1123Subdomain(value: string): string[] {
    const errs: string[] = [];
    if (byteLength(value) > 253) errs.push(maxLenError(253));
    if (!anchored(DNS1123_SUBDOMAIN_FMT).test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
    return errs;
}

export function isQualifiedName(value: string): string[] {
    const errs: string[] = [];
    const parts = value.split("/");
    if (parts.length > 2) {
        return [`a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
    }
    const name = parts[parts.length - 1];
    if (parts.length === 2) {
        if (parts[0] === "") errs.push("prefix part must be non-empty");
        else errs.push(...isDNS1123Subdomain(parts[0]).map((m) => `prefix part ${m}`));
    }
    if (name === "") errs.push("name part must be non-empty");
    else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
    if (!anchored(QUALIFIED_NAME_FMT).test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
    return errs;
}

export function isValidLabelValue(value: string): string[] {
    const errs: string[] = [];
    if (byteLength(value) > 63) errs.push(maxLenError(63));
    if (!anchored(LABEL_VALUE_FMT).test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    return errs;
}

// pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and pkg/labels/selector.go NewRequirement: the first failing
// requirement's error (its field errors aggregated), matchLabels first.
const SELECTOR_OPS: Record<string, "in" | "notin" | "exists" | "!"> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

export function labelSelectorAsSelectorError(ls: Obj): string | undefined {
    for (const [k, v] of Object.entries(ls.matchLabels ?? {})) {
        const err = newRequirementError(k, "=", [str(v)]);
        if (err) return err;
    }
    for (const expr of list(ls.matchExpressions)) {
        const op = SELECTOR_OPS[str(expr.operator)];
        if (!op) return `${goQuote(str(expr.operator))} is not a valid label selector operator`;
        const err = newRequirementError(str(expr.key), op, list(expr.values).map(str));
        if (err) return err;
    }
    return undefined;
}

function newRequirementError(key: string, op: string, vals: string[]): string | undefined {
    const errs: string[] = [];
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join("; ")}`);
    // field.Invalid renders the []string as JSON; LabelSelectorAsSelector passes a nil slice when there are none.
    const badVals = vals.length ? JSON.stringify(vals) : "null";
    if ((op === "in" || op === "notin") && vals.length === 0) errs.push(`values: Invalid value: ${badVals}: for 'in', 'notin' operators, values set can't be empty`);
    if ((op === "exists" || op === "!") && vals.length !== 0) errs.push(`values: Invalid value: ${badVals}: values set must be empty for exists and does not exist`);
    vals.forEach((v, i) => {
        const valErrs = isValidLabelValue(v);
        if (valErrs.length) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${valErrs.join("; ")}`);
    });
    return errs.length ? aggregate(errs) : undefined;
}

// pkg/api/resource/quantity.go ParseQuantity. A quantity is kept as n * 10^e, already rounded up (away from zero) to
// nanos as Go rounds it; e stays a number so that 1e1000000 costs nothing until two such values are compared.
type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";
export interface Quantity {
    n: bigint;
    e: number;
    format: QuantityFormat;
}

const ERR_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_SUFFIX = "unable to parse quantity's suffix";
const DEC_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = 2n ** 63n - 1n;

/** The quantity, or the error text. */
export function parseQuantity(s: string): Quantity | string {
    if (s === "") return ERR_FORMAT;
    // Go's leading-zero loop returns 0 as soon as it reaches the end: "0", "-", "+", "000" are all zero.
    if (/^[+-]?0*$/.test(s)) return { n: 0n, e: 0, format: "DecimalSI" };
    const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/s.exec(s)!;
    const [, sign, num, denom = "", suffix] = m;
    if (!/^[eEinumkKMGTP]*[+-]?[0-9]*$/.test(suffix)) return ERR_FORMAT;
    const parsed = interpretSuffix(suffix);
    if (!parsed) return ERR_SUFFIX;
    const digits = BigInt(num + denom || "0");
    const q = parsed.format === "BinarySI" ? capBinary(roundToNano(digits * 2n ** BigInt(parsed.exponent), -denom.length)) : roundToNano(digits, parsed.exponent - denom.length);
    return { n: sign === "-" ? -q.n : q.n, e: q.e, format: parsed.format };
}

function interpretSuffix(suffix: string): { format: QuantityFormat; exponent: number } | undefined {
    if (suffix in DEC_SUFFIXES) return { format: "DecimalSI", exponent: DEC_SUFFIXES[suffix] };
    if (suffix in BIN_SUFFIXES) return { format: "BinarySI", exponent: BIN_SUFFIXES[suffix] };
    if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E") && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
        const exp = BigInt(suffix.slice(1));
        if (exp > MAX_INT64 || exp < -MAX_INT64 - 1n) return undefined; // strconv.ParseInt range error
        return { format: "DecimalExponent", exponent: Number(BigInt.asIntN(32, exp)) }; // Go: int32(parsed)
    }
    return undefined;
}

/** Round |n| * 10^e up to a whole number of nanos (inf.RoundUp), as ParseQuantity does. */
function roundToNano(n: bigint, e: number): { n: bigint; e: number } {
    if (e >= -9 || n === 0n) return { n, e: n === 0n ? 0 : e };
    const shift = -9 - e;
    if (shift > n.toString().length) return { n: 1n, e: -9 };
    const d = 10n ** BigInt(shift);
    return { n: (n + d - 1n) / d, e: -9 };
}

/** A BinarySI amount is capped at the largest int64. */
function capBinary(q: { n: bigint; e: number }): { n: bigint; e: number } {
    return cmpAbs(q, { n: MAX_INT64, e: 0 }) > 0 ? { n: MAX_INT64, e: 0 } : q;
}

function stripZeros(n: bigint, e: number): [bigint, number] {
    while (n !== 0n && n % 10n === 0n) [n, e] = [n / 10n, e + 1];
    return [n, e];
}

function cmpAbs(a: { n: bigint; e: number }, b: { n: bigint; e: number }): number {
    const [na, ea] = stripZeros(a.n < 0n ? -a.n : a.n, a.e);
    const [nb, eb] = stripZeros(b.n < 0n ? -b.n : b.n, b.e);
    if (na === 0n || nb === 0n) return na === nb ? 0 : na === 0n ? -1 : 1;
    const [ma, mb] = [na.toString().length + ea, nb.toString().length + eb];
    if (ma !== mb) return ma < mb ? -1 : 1;
    const e = Math.min(ea, eb); // same magnitude: the exponents differ by fewer than the digits, so this is cheap
    const [x, y] = [na * 10n ** BigInt(ea - e), nb * 10n ** BigInt(eb - e)];
    return x < y ? -1 : x > y ? 1 : 0;
}

const signOf = (n: bigint) => (n > 0n ? 1 : n < 0n ? -1 : 0);

/** Quantity.Cmp. */
export function cmpQuantity(a: Quantity, b: Quantity): number {
    const [sa, sb] = [signOf(a.n), signOf(b.n)];
    if (sa !== sb) return sa < sb ? -1 : 1;
    return sa * cmpAbs(a, b);
}

/** Quantity.String(): CanonicalizeBytes (BinarySI below 1024 or fractional shows as DecimalSI). */
export function quantityString(q: Quantity): string {
    if (q.n === 0n) return "0";
    const sign = q.n < 0n ? "-" : "";
    let [n, e] = stripZeros(q.n < 0n ? -q.n : q.n, q.e);
    if (q.format === "BinarySI" && e >= 0 && cmpAbs({ n, e }, { n: 1024n, e: 0 }) >= 0) {
        let [v, i] = [n * 10n ** BigInt(e), 0];
        while (v % 1024n === 0n && i < 6) [v, i] = [v / 1024n, i + 1];
        return sign + v.toString() + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][i];
    }
    const r = ((e % 3) + 3) % 3; // down to a multiple of 3
    [n, e] = [n * 10n ** BigInt(r), e - r];
    const si = Object.entries(DEC_SUFFIXES).find(([, x]) => x === e)?.[0];
    const suffix = q.format !== "DecimalExponent" && si !== undefined ? si : e === 0 ? "" : `e${e}`;
    return sign + n.toString() + suffix;
}
