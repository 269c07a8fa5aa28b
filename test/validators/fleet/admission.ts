// The hub as a test validator, whole: every request goes through what the hub's API server and kubefleet's webhooks
// do with it, in their order (k8s.io/apiserver's create and patch handlers):
//   decode -> prune unknown fields -> CRD defaults -> mutating webhooks -> CRD defaults again -> OpenAPI schema,
//   metadata and CEL rules (transition rules against the stored object on an update) -> validating webhooks.
// An update is a server-side apply by one field manager (Pulumi's), merged into the stored object as the API server
// merges it: what the manager applied before and no longer applies is removed, what it applies now is set, every
// other field (written by defaulting or by a webhook, and owned by no one else) stays. See ssa.ts.
import { celFailures } from "./cel";
import { servedVersionOf } from "./crds";
import { applyDefaults, metadataErrors, Obj, openApiErrors, prune } from "./schema";
import { APPLY_MANAGER, appliedMerge, CREATE_MANAGER, handOver, leafPaths } from "./ssa";
import { HubOptions, mutate, validate } from "./webhooks";

export type { Obj } from "./schema";

const keyOf = (o: Obj) => `${String(o.apiVersion).split("/")[0]}/${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;

/** What one request did: its refusals (empty when admitted) and the object as stored. */
export interface Admitted {
    errors: string[];
    stored?: Obj;
    /** The request as decoded: pruned, with the CRD's defaults, before any webhook (what a client-side create's manager owns). */
    decoded?: Obj;
}

/**
 * One request's admission, without storing anything: `old` is the stored object on an update, `existing` every object
 * already on the hub (for the overrides' cross-object rules).
 */
export function admit(object: Obj, old: Obj | undefined, existing: Obj[], options: Partial<HubOptions> = {}): Admitted {
    const operation = old ? "UPDATE" : "CREATE";
    const served = servedVersionOf(object);
    if (String(object.apiVersion).startsWith("placement.kubernetes-fleet.io/") && !served) {
        return { errors: [`no CRD serves ${object.apiVersion}/${object.kind}`] };
    }
    if (!served) {
        // A core object: its schema is kubernetes-models' to check; here only the hub's webhooks judge it.
        const errors = validate({ operation, object, oldObject: old, existing }, options);
        return { errors, stored: errors.length ? undefined : object, decoded: object };
    }
    const pruned = prune(object, served.schema);
    const errors = pruned.dropped.map((p) => `${p}: unknown field, dropped by the API server (pruning)`);
    const defaulted = applyDefaults(pruned.value, served.schema) as Obj;
    const mutated = applyDefaults(mutate(defaulted), served.schema) as Obj;
    errors.push(...openApiErrors(mutated, served), ...metadataErrors(mutated, served));
    errors.push(...celFailures(served.schema, mutated, old).map((f) => `${f.path}: ${f.message}`));
    if (errors.length === 0) errors.push(...validate({ operation, object: mutated, oldObject: old, existing }, options));
    return { errors, stored: errors.length ? undefined : mutated, decoded: defaulted };
}

/** A request's mode: a preview's server-side dry run is admitted but changes nothing, and skips the hand-over. */
export interface RequestOptions {
    dryRun?: boolean;
}

/**
 * The hub's stored objects, changed only by admitted requests, with each object's field managers (ssa.ts). `create`,
 * `apply` and `delete` return the refusals (empty when the request went through).
 */
export class Hub {
    private readonly objects = new Map<string, { live: Obj; owners: Map<string, Set<string>> }>();

    constructor(private readonly options: Partial<HubOptions> = {}) {}

    /** Every stored object. */
    list(): Obj[] {
        return [...this.objects.values()].map((o) => o.live);
    }

    get(o: Obj): Obj | undefined {
        return this.objects.get(keyOf(o))?.live;
    }

    /** A client-side create, as pulumi-kubernetes creates: its manager owns the request and the decode-time defaults. */
    create(object: Obj, { dryRun = false }: RequestOptions = {}): string[] {
        if (this.objects.has(keyOf(object))) return [`${keyOf(object)} AlreadyExists`];
        const result = admit(object, undefined, this.list(), this.options);
        if (result.stored && !dryRun) {
            this.objects.set(keyOf(object), { live: result.stored, owners: new Map([[CREATE_MANAGER, new Set(leafPaths(result.decoded))]]) });
        }
        return result.errors;
    }

    /** A server-side apply of the whole inputs by the stack's manager, as pulumi-kubernetes updates. */
    apply(object: Obj, { dryRun = false }: RequestOptions = {}): string[] {
        const entry = this.objects.get(keyOf(object));
        if (!entry) return [`${keyOf(object)} NotFound`];
        const owners = dryRun ? entry.owners : handOver(entry.owners);
        const merged = appliedMerge(entry.live, owners, APPLY_MANAGER, object);
        const result = admit(
            merged.object,
            entry.live,
            this.list().filter((o) => o !== entry.live),
            this.options,
        );
        if (result.stored && !dryRun) this.objects.set(keyOf(object), { live: result.stored, owners: merged.owners });
        return result.errors;
    }

    delete(object: Obj, { dryRun = false }: RequestOptions = {}): string[] {
        if (!this.objects.has(keyOf(object))) return [`${keyOf(object)} NotFound`];
        if (!dryRun) this.objects.delete(keyOf(object));
        return [];
    }
}

/** Full admission of objects created together, in order, on an empty hub (or on `hub`): every refusal, by object. */
export function createAll(objects: Obj[], hub = new Hub()): string[] {
    return objects.flatMap((o) => hub.create(o).map((e) => `${o.kind}/${o.metadata?.name}: ${e}`));
}
