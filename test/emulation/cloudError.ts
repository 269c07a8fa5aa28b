// What a fake answers when the real service would refuse: the service, the HTTP status, the service's own error code
// and its message, so a failed emulated `up` reads like the real one.

export type Service = "ARM" | "Graph" | "GitHub" | "Hub" | "Engine";

export class CloudError extends Error {
    constructor(
        readonly service: Service,
        readonly status: number,
        readonly code: string,
        detail: string,
    ) {
        super(`${service} ${status} ${code}: ${detail}`);
    }
}

/** Lets `n` turns of the event loop pass: a write that is still in flight when another request arrives. */
export async function turns(n: number): Promise<void> {
    for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** How many event-loop turns a fake's write stays in flight: long enough for registrations made together to overlap. */
export const WRITE_TURNS = 20;

export type Inputs = Record<string, any>;

/** What a fake returns for a created or updated object: its id and the outputs the provider reads back. */
export interface Created {
    id: string;
    outputs: Inputs;
}

/** What a provider's Read answers for an existing object: its id, and its inputs and outputs as the provider reads them. */
export interface Read extends Created {
    inputs: Inputs;
}

/** A service's part in the emulation: the resource types it serves, and the invokes it answers from its state. */
export interface Fake {
    readonly types: string[];
    create(type: string, inputs: Inputs, ctx: OperationContext): Promise<Created>;
    /**
     * The provider's Read of an object by the id an `import` names, as the engine calls it for an import: throws a
     * CloudError with status 404 when no such object exists (the provider then answers with no object).
     */
    read?(type: string, id: string, ctx: OperationContext): Promise<Read>;
    update(type: string, id: string, olds: Inputs, news: Inputs, ctx: OperationContext): Promise<Created>;
    delete(type: string, id: string, state: Inputs, ctx: OperationContext): Promise<void>;
    readonly invokes: Record<string, (args: Inputs) => Inputs>;
}

/** What the engine tells a fake besides the inputs. */
export interface OperationContext {
    urn: string;
    /** The provider reference (`URN::ID`) the resource uses, if any. */
    provider?: string;
    /** The state of a provider resource by reference, for fakes that route by provider (the hub's kubeconfig). */
    providerState?: Inputs;
}
