// Property selectors and sorters of a placement's cluster affinity: pkg/utils/validator/placement.go.
import { cmpQuantity, goQuote, isDNS1123Subdomain, isQualifiedName, list, parseQuantity, Quantity, quantityString, str } from "./apimachinery";
import { deny, Denial } from "./denial";
import { Obj } from "./webhookRules";

// --- property selectors and sorters ----------------------------------------------------------------------------------

const OPERATORS = ["Gt", "Ge", "Lt", "Le", "Eq", "Ne"];

export function validatePropertySelectorRequirements(reqs: Obj[]): Denial[] {
    const errs: Denial[] = [];
    const byName = new Map<string, Obj[]>();
    for (const req of reqs) {
        const name = str(req.name);
        const nameErr = validateName(name);
        if (nameErr) errs.push(deny(nameErr.id, `invalid property name ${name}: ${nameErr.msg}`));
        const opErr = validateOperatorAndValues(str(req.operator), list(req.values).map(str));
        if (opErr) errs.push(deny(opErr.id, `invalid requirement on property ${name}: ${opErr.msg}`));
        byName.set(name, [...(byName.get(name) ?? []), req]);
    }
    // Go ranges over a map (random order); insertion order here.
    for (const [name, group] of byName) {
        const err = validateRequirementsConsistency(group);
        if (err) errs.push(deny(err.id, `inconsistent requirements on property ${name}: ${err.msg}`));
    }
    return errs;
}

export function validatePropertySorter(sorter: Obj): Denial[] {
    const errs: Denial[] = [];
    const nameErr = validateName(str(sorter.name));
    if (nameErr) errs.push(nameErr);
    const order = str(sorter.sortOrder);
    if (order !== "Descending" && order !== "Ascending") errs.push(deny("placement.property-sorter-order", `invalid property sort order ${order}`));
    return errs;
}

const RESOURCE_PROPERTY_PREFIX = "resources.kubernetes-fleet.io/";
const CAPACITY_TYPES = ["allocatable", "available", "total"]; // sorted, as supportedResourceCapacityTypes() returns them

/** validateName: the first error only, as Go returns it. */
function validateName(name: string): Denial | undefined {
    if (name.startsWith(RESOURCE_PROPERTY_PREFIX)) return validateResourcePropertyName(name);
    const segs = name.split("/");
    if (segs.length <= 1) {
        const errs = isQualifiedName(name);
        return errs.length ? deny("placement.property-name-unprefixed", `property name ${name} is not valid: ${errs.join("; ")}`) : undefined;
    }
    const prefix = segs[0];
    const [subdomainErrs, qualifiedErrs] = [isDNS1123Subdomain(prefix), isQualifiedName(prefix)];
    if (subdomainErrs.length && qualifiedErrs.length) {
        return deny(
            "placement.property-name-prefix",
            `property name first segment ${prefix} is not valid: it is neither a valid DNS subdomain (${subdomainErrs.join("; ")}) nor a valid qualified name (${qualifiedErrs.join("; ")})`,
        );
    }
    for (const seg of segs.slice(1)) {
        const errs = isQualifiedName(seg);
        if (errs.length) return deny("placement.property-name-segment", `property name segment ${seg} is not valid: ${errs.join("; ")}`);
    }
    return undefined;
}

function validateResourcePropertyName(name: string): Denial | undefined {
    const rest = name.slice(RESOURCE_PROPERTY_PREFIX.length);
    const dash = rest.indexOf("-");
    if (dash < 0) return deny("placement.property-name-resource-format", `invalid resource property name ${name}, expected format is [PREFIX]/[CAPACITY_TYPE]-[RESOURCE_NAME]`);
    if (!CAPACITY_TYPES.includes(rest.slice(0, dash))) {
        return deny("placement.property-name-capacity-type", `invalid capacity type in resource property name ${name}, supported values are [${CAPACITY_TYPES.join(" ")}]`);
    }
    const errs = isQualifiedName(name);
    return errs.length ? deny("placement.property-name-resource-qualified", `property name ${name} is not valid: ${errs.join("; ")}`) : undefined;
}

function validateOperatorAndValues(op: string, values: string[]): Denial | undefined {
    if (!OPERATORS.includes(op)) return deny("placement.property-operator-unsupported", `unsupported operator ${op}`);
    if (values.length !== 1) return deny("placement.property-operator-value-count", `operator ${op} requires exactly one value, got ${values.length}`);
    const q = parseQuantity(values[0]);
    if (typeof q === "string") return deny("placement.property-value-quantity", `value ${goQuote(values[0])} is not a valid resource.Quantity: ${q}`);
    return undefined;
}

interface Bound {
    q: Quantity;
    strict: boolean;
}
interface Bounds {
    lower?: Bound;
    upper?: Bound;
    eq?: Quantity;
    ne: Quantity[];
}

/** validateRequirementsConsistency: malformed requirements are skipped (validateOperatorAndValues reports them). */
function validateRequirementsConsistency(reqs: Obj[]): Denial | undefined {
    if (reqs.length < 2) return undefined;
    const bounds: Bounds = { ne: [] };
    for (const req of reqs) {
        const values = list(req.values).map(str);
        const q = OPERATORS.includes(req.operator) && values.length === 1 ? parseQuantity(values[0]) : undefined;
        if (q === undefined || typeof q === "string") continue;
        const err = applyToBounds(bounds, req.operator, q);
        if (err) return err;
    }
    return checkEqVsNe(bounds) ?? checkInterval(bounds) ?? checkEqInsideBounds(bounds);
}

function applyToBounds(b: Bounds, op: string, q: Quantity): Denial | undefined {
    if (op === "Gt" || op === "Ge") {
        const nb = { q, strict: op === "Gt" };
        if (!b.lower || isMoreRestrictive(nb, b.lower, 1)) b.lower = nb;
    } else if (op === "Lt" || op === "Le") {
        const nb = { q, strict: op === "Lt" };
        if (!b.upper || isMoreRestrictive(nb, b.upper, -1)) b.upper = nb;
    } else if (op === "Ne") {
        b.ne.push(q);
    } else {
        if (b.eq && cmpQuantity(b.eq, q) !== 0) return deny("placement.property-eq-conflict", `conflicting Eq values ${quantityString(b.eq)} and ${quantityString(q)}`);
        b.eq = q;
    }
    return undefined;
}

/** isMoreRestrictiveLower (direction 1) / isMoreRestrictiveUpper (direction -1): strict wins a tie. */
function isMoreRestrictive(a: Bound, b: Bound, direction: 1 | -1): boolean {
    const c = cmpQuantity(a.q, b.q);
    return c !== 0 ? c === direction : a.strict && !b.strict;
}

function checkEqVsNe(b: Bounds): Denial | undefined {
    const eq = b.eq;
    if (eq && b.ne.some((ne) => cmpQuantity(eq, ne) === 0)) return deny("placement.property-eq-ne-conflict", `conflicting Eq and Ne on same value ${quantityString(eq)}`);
    return undefined;
}

function checkInterval(b: Bounds): Denial | undefined {
    if (!b.lower || !b.upper) return undefined;
    const c = cmpQuantity(b.lower.q, b.upper.q);
    if (c > 0 || (c === 0 && (b.lower.strict || b.upper.strict))) {
        return deny("placement.property-interval-empty", `lower bound (${quantityString(b.lower.q)}) and upper bound (${quantityString(b.upper.q)}) exclude all values`);
    }
    return undefined;
}

function checkEqInsideBounds(b: Bounds): Denial | undefined {
    if (!b.eq) return undefined;
    if (b.lower) {
        const c = cmpQuantity(b.eq, b.lower.q);
        if (c < 0 || (c === 0 && b.lower.strict)) return deny("placement.property-eq-below-lower", `eq value ${quantityString(b.eq)} violates lower bound ${quantityString(b.lower.q)}`);
    }
    if (b.upper) {
        const c = cmpQuantity(b.eq, b.upper.q);
        if (c > 0 || (c === 0 && b.upper.strict)) return deny("placement.property-eq-above-upper", `eq value ${quantityString(b.eq)} violates upper bound ${quantityString(b.upper.q)}`);
    }
    return undefined;
}
