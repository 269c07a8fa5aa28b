// The fleets' hub clusters: every Kubernetes object goes through the hub's whole admission (test/validators/fleet),
// on the hub whose API server the resource's provider kubeconfig names.
import { kubernetesServer } from "../../sdk/src/resource/kubernetes";
import { Hub } from "../validators/fleet/admission";
import { CloudError, Created, Fake, Inputs, OperationContext, Read, turns, WRITE_TURNS } from "./cloudError";
import { WorldSpec } from "./world";

const norm = (id: string) => id.toLowerCase();

export class HubFake implements Fake {
    readonly types = ["kubernetes:"];
    private readonly hubs = new Map<string, Hub>();
    private readonly servers = new Map<string, string>();
    /** Objects that existed before the program, by key: never deleted by it. */
    private readonly userOwned = new Set<string>();

    constructor(world: WorldSpec) {
        for (const f of world.fleets) {
            const id = `/subscriptions/${world.subscription}/resourceGroups/${f.resourceGroup}/providers/Microsoft.ContainerService/fleets/${f.name}`;
            const hub = this.hubOf(id);
            for (const ns of f.hubNamespaces ?? []) {
                hub.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
                this.userOwned.add(`${norm(id)}|Namespace||${ns}`);
            }
        }
    }

    hubOf(fleetId: string): Hub {
        let hub = this.hubs.get(norm(fleetId));
        if (!hub) this.hubs.set(norm(fleetId), (hub = new Hub()));
        return hub;
    }

    /** The kubeconfig `listFleetCredentials` returns: its server is how a provider finds its hub again. */
    kubeconfig(fleetId: string, fleetName: string, tenant: string): string {
        const server = `https://${fleetName}-${this.servers.size}.hub.emulated.invalid:443`;
        const known = [...this.servers.entries()].find(([, id]) => id === norm(fleetId))?.[0];
        const s = known ?? server;
        this.servers.set(s, norm(fleetId));
        return [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            `- name: ${fleetName}`,
            "  cluster:",
            `    server: ${s}`,
            "contexts:",
            `- name: ${fleetName}`,
            "  context:",
            `    cluster: ${fleetName}`,
            "    user: clusterUser",
            `current-context: ${fleetName}`,
            "users:",
            "- name: clusterUser",
            "  user:",
            "    exec:",
            "      apiVersion: client.authentication.k8s.io/v1beta1",
            "      command: kubelogin",
            // As a fleet returns it: device code, with the AKS AAD server and client ids (kubelogin's well-known ones).
            `      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, ${tenant}, --environment, AzurePublicCloud]`,
            "",
        ].join("\n");
    }

    private target(ctx: OperationContext): { hub: Hub; fleet: string } {
        const server = ctx.providerState ? kubernetesServer(ctx.providerState) : undefined;
        const fleet = server ? this.servers.get(server) : undefined;
        if (!fleet) throw new CloudError("Hub", 0, "NoCluster", `${ctx.urn} has no provider whose kubeconfig names a fleet hub (server ${server ?? "unknown"}): the default kubeconfig would be used`);
        return { hub: this.hubOf(fleet), fleet };
    }

    private static fail(errors: string[]): void {
        if (errors.length > 0) {
            const exists = errors.some((e) => e.endsWith("AlreadyExists"));
            throw new CloudError("Hub", exists ? 409 : 422, exists ? "AlreadyExists" : "Invalid", errors.join("; "));
        }
    }

    private key(fleet: string, o: Inputs): string {
        return `${fleet}|${o.kind}|${o.metadata?.namespace ?? ""}|${o.metadata?.name}`;
    }

    async create(_type: string, inputs: Inputs, ctx: OperationContext): Promise<Created> {
        const { hub } = this.target(ctx);
        await turns(WRITE_TURNS);
        HubFake.fail(hub.create(inputs as any));
        return { id: inputs.metadata?.namespace ? `${inputs.metadata.namespace}/${inputs.metadata.name}` : inputs.metadata?.name, outputs: hub.get(inputs as any) ?? {} };
    }

    async update(_type: string, id: string, _olds: Inputs, news: Inputs, ctx: OperationContext): Promise<Created> {
        const { hub } = this.target(ctx);
        HubFake.fail(hub.apply(news as any));
        return { id, outputs: hub.get(news as any) ?? {} };
    }

    /**
     * pulumi-kubernetes' Read for an import: a GET of `NAME` (or `NAMESPACE/NAME`) of the type's kind on the hub its
     * provider names; the live object, less status, is what the import diffs with the program's inputs.
     */
    async read(type: string, id: string, ctx: OperationContext): Promise<Read> {
        const { hub } = this.target(ctx);
        const [, group, kind] = /^kubernetes:([^:]+):(.+)$/.exec(type) ?? [];
        if (!kind) throw new CloudError("Engine", 0, "NoRead", `HubFake cannot read ${type}`);
        const apiVersion = group.startsWith("core/") ? group.slice("core/".length) : group;
        const [namespace, name] = id.includes("/") ? id.split("/", 2) : [undefined, id];
        const live = hub.get({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
        if (!live) throw new CloudError("Hub", 404, "NotFound", `${kind.toLowerCase()}s "${name}" not found`);
        const { status: _status, ...inputs } = live as Inputs;
        return { id, inputs, outputs: live };
    }

    async delete(_type: string, _id: string, state: Inputs, ctx: OperationContext): Promise<void> {
        const { hub, fleet } = this.target(ctx);
        if (this.userOwned.has(this.key(fleet, state))) throw new CloudError("Engine", 0, "UserOwned", `refusing to delete ${state.kind} ${state.metadata?.name}: it existed before the program`);
        HubFake.fail(hub.delete(state as any));
    }

    readonly invokes = {};
}
