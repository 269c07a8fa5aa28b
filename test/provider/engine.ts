// A stand-in for the Pulumi engine, driving the package as Pulumi runs a source-based component plugin:
// `node @pulumi/pulumi/cmd/run-plugin sdk/ ENGINE_ADDRESS` (what pulumi-language-nodejs's RunPlugin starts), the
// port read from its stdout, then GetPluginInfo, GetSchema, Configure and Construct over gRPC. Construct gets a
// ResourceMonitor served here that records every registration and answers as the offline plan engine does.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { resourceId, resourceOutputs, invokeAnswers } from "../../sdk/src/plan/answers";
import { readable } from "../../sdk/src/plan/monitor";
import { urnOf } from "../../sdk/src/plan/aliases";

const proto = (name: string) => require(`@pulumi/pulumi/proto/${name}`);
const engineRpc = proto("engine_grpc_pb");
const engineProto = proto("engine_pb");
const resourceRpc = proto("resource_grpc_pb");
const resourceProto = proto("resource_pb");
const providerRpc = proto("provider_grpc_pb");
const providerProto = proto("provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

const ROOT = path.resolve(__dirname, "../..");
export const SDK_DIR = path.join(ROOT, "sdk");
/** The Node 22 the workspace brings (the `node` package): the package requires it. */
export const NODE = path.join(ROOT, "node_modules", "node", "bin", "node");
const RUN_PLUGIN = path.dirname(require.resolve("@pulumi/pulumi/cmd/run-plugin/index.js"));

/** Resource reference and secret signatures of Pulumi's wire format. */
export const SIG = "4dabf18193072939515e22adb298388d";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A resource reference as the engine sends one (a provider: urn and id). */
export const resourceReference = (urn: string, id?: string, packageVersion = "") => ({ [SIG]: RESOURCE_SIG, urn, ...(id !== undefined ? { id } : {}), packageVersion });

export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    custom: boolean;
    /** As the plan engine records them: secrets "[secret]", resource references their URN. */
    inputs: Record<string, unknown>;
    provider: string;
    dependsOn: string[];
}

export interface ConstructResult {
    urn: string;
    state: Record<string, unknown>;
    registrations: Registration[];
    invokes: string[];
    /** What the component registered as its outputs, by URN. */
    outputs: Map<string, unknown>;
}

export interface ConstructRequest {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    /** Provider references by package (the `providers` option), each `URN::ID`. */
    providers?: Record<string, string>;
    project?: string;
    stack?: string;
    config?: Record<string, string>;
    /** Resources of the program the inputs refer to, by URN: what the engine answers `pulumi:pulumi:getResource` with. */
    existing?: Record<string, { id: string; state?: Record<string, unknown> }>;
}

function promisify<T>(client: any, method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](req, (err: unknown, res: T) => (err ? reject(err) : resolve(res))));
}

function serve(service: unknown, impl: Record<string, unknown>): Promise<{ server: grpc.Server; address: string }> {
    const server = new grpc.Server();
    server.addService(service as grpc.ServiceDefinition, impl as grpc.UntypedServiceImplementation);
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve({ server, address: `127.0.0.1:${port}` }))),
    );
}

/** The ResourceMonitor a Construct registers through: records requests, answers like the plan engine. */
class Monitor {
    readonly registrations: Registration[] = [];
    readonly invokes: string[] = [];
    readonly outputs = new Map<string, unknown>();
    constructor(
        private readonly project: string,
        private readonly stack: string,
        private readonly rootUrn: string,
        private readonly existing: NonNullable<ConstructRequest["existing"]>,
    ) {}

    readonly impl = {
        supportsFeature: (call: any, cb: any) => {
            const res = new resourceProto.SupportsFeatureResponse();
            res.setHassupport(["secrets", "resourceReferences", "outputValues", "aliasSpecs", "deletedWith"].includes(call.request.getId()));
            cb(null, res);
        },
        registerResource: (call: any, cb: any) => {
            const req = call.request;
            const type: string = req.getType();
            const name: string = req.getName();
            // A plugin's runtime has no stack resource, so it sends an unparented resource with no parent; the engine
            // fills in the root stack (pulumi/pulumi#9559), as the SDK does itself in a program.
            const parent: string = req.getParent() || (type === "pulumi:pulumi:Stack" ? "" : this.rootUrn);
            const raw = req.getObject()?.toJavaScript() ?? {};
            const urn = urnOf(name, type, parent || undefined, this.stack, this.project);
            this.registrations.push({
                type,
                name,
                urn,
                parent,
                custom: req.getCustom(),
                inputs: readable(raw) as Record<string, unknown>,
                provider: req.getProvider(),
                dependsOn: req.getDependenciesList(),
            });
            const res = new resourceProto.RegisterResourceResponse();
            res.setUrn(urn);
            const plain = plainOf(raw);
            if (req.getCustom()) res.setId(resourceId(type, name, plain));
            res.setObject(Struct.fromJavaScript({ ...raw, ...(resourceOutputs[type]?.(plain, name) ?? {}) }));
            cb(null, res);
        },
        registerResourceOutputs: (call: any, cb: any) => {
            this.outputs.set(call.request.getUrn(), readable(call.request.getOutputs()?.toJavaScript() ?? {}));
            cb(null, new Empty());
        },
        invoke: (call: any, cb: any) => {
            const token: string = call.request.getTok();
            this.invokes.push(token);
            // A resource reference rehydrated into an object (`{ urn }`) reads its id and state from the engine.
            const existing = (args: any) => {
                const known = this.existing[args.urn];
                if (!known) throw new Error(`unknown resource ${args.urn}`);
                return { urn: args.urn, id: known.id, state: known.state ?? {} };
            };
            const answer = token === "pulumi:pulumi:getResource" ? existing : invokeAnswers[token];
            if (!answer) return cb({ code: grpc.status.UNKNOWN, details: `the stand-in engine has no answer for invoke ${token}` });
            const res = new resourceProto.ResourceInvokeResponse();
            try {
                res.setReturn(Struct.fromJavaScript(answer(plainOf(call.request.getArgs()?.toJavaScript() ?? {}), token)));
            } catch (e) {
                return cb({ code: grpc.status.UNKNOWN, details: String((e as Error).message) });
            }
            cb(null, res);
        },
    };
}

/** Secrets unwrapped (the answers read values). */
function plainOf(value: any): any {
    if (Array.isArray(value)) return value.map(plainOf);
    if (value && typeof value === "object") {
        if (value[SIG] === SECRET_SIG) return plainOf(value.value);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainOf(v)]));
    }
    return value;
}

export interface PluginOptions {
    /** Extra environment for the plugin process. */
    env?: Record<string, string>;
    /** The working directory (Pulumi runs a plugin in the consuming program's folder). */
    cwd?: string;
}

/** The package, started as Pulumi starts it, and the engine it talks to. */
export class Plugin {
    /** Messages the plugin logged through the engine's Log. */
    readonly logs: { severity: number; message: string }[] = [];
    stderr = "";
    /** The stack's URN, which the engine answers GetRootResource with (set by each Construct). */
    private rootUrn = "";
    /** Milliseconds from spawn to the port on stdout. */
    portMs = 0;
    private child!: ChildProcess;
    private client: any;
    private engine!: grpc.Server;

    static async start(options: PluginOptions = {}): Promise<Plugin> {
        const plugin = new Plugin();
        await plugin.boot(options);
        return plugin;
    }

    private async boot(options: PluginOptions): Promise<void> {
        const engine = await serve(engineRpc.EngineService, {
            log: (call: any, cb: any) => {
                this.logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
                cb(null, new Empty());
            },
            getRootResource: (_: any, cb: any) => {
                const res = new engineProto.GetRootResourceResponse();
                res.setUrn(this.rootUrn);
                cb(null, res);
            },
            setRootResource: (_: any, cb: any) => cb(null, new engineProto.SetRootResourceResponse()),
        });
        this.engine = engine.server;
        const started = process.hrtime.bigint();
        this.child = spawn(NODE, [RUN_PLUGIN, SDK_DIR, engine.address], {
            cwd: options.cwd ?? path.join(ROOT, "examples", "yaml"),
            env: { ...process.env, ...options.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        this.child.stderr!.on("data", (d) => (this.stderr += d));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const onData = (d: Buffer) => {
                out += d;
                const line = /^(\d+)\s*\n/.exec(out);
                if (line) {
                    this.child.stdout!.off("data", onData);
                    resolve(Number(line[1]));
                }
            };
            this.child.stdout!.on("data", onData);
            this.child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port: ${this.stderr}${out}`)));
        });
        this.portMs = Number(process.hrtime.bigint() - started) / 1e6;
        const Client = grpc.makeGenericClientConstructor(providerRpc.ResourceProviderService, "ResourceProvider");
        this.client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    }

    async getPluginInfo(): Promise<string> {
        return (await promisify<any>(this.client, "getPluginInfo", new Empty())).getVersion();
    }

    async getSchema(): Promise<any> {
        const res = await promisify<any>(this.client, "getSchema", new providerProto.GetSchemaRequest());
        return JSON.parse(res.getSchema());
    }

    async configure(): Promise<{ acceptSecrets: boolean; acceptResources: boolean; acceptOutputs: boolean }> {
        const req = new providerProto.ConfigureRequest();
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        const res = await promisify<any>(this.client, "configure", req);
        return { acceptSecrets: res.getAcceptsecrets(), acceptResources: res.getAcceptresources(), acceptOutputs: res.getAcceptoutputs() };
    }

    /** Constructs one component under a fresh monitor; rejects with the gRPC error the plugin returns. */
    async construct(request: ConstructRequest): Promise<ConstructResult> {
        const project = request.project ?? "fleet-yaml";
        const stack = request.stack ?? "dev";
        this.rootUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
        const monitor = new Monitor(project, stack, this.rootUrn, request.existing ?? {});
        const { server, address } = await serve(resourceRpc.ResourceMonitorService, monitor.impl);
        try {
            const req = new providerProto.ConstructRequest();
            req.setProject(project);
            req.setStack(stack);
            req.setDryrun(false);
            req.setParallel(16);
            req.setMonitorendpoint(address);
            req.setType(request.type);
            req.setName(request.name);
            req.setParent(this.rootUrn);
            req.setInputs(Struct.fromJavaScript(request.inputs));
            req.setAcceptssecrets?.(true);
            req.setAcceptsresources?.(true);
            for (const [k, v] of Object.entries(request.config ?? {})) req.getConfigMap().set(k, v);
            for (const [pkg, ref] of Object.entries(request.providers ?? {})) req.getProvidersMap().set(pkg, ref);
            const res = await promisify<any>(this.client, "construct", req);
            return {
                urn: res.getUrn(),
                state: res.getState()?.toJavaScript() ?? {},
                registrations: monitor.registrations,
                invokes: monitor.invokes,
                outputs: monitor.outputs,
            };
        } finally {
            server.forceShutdown();
        }
    }

    async stop(): Promise<void> {
        this.client?.close();
        if (this.child.exitCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill("SIGTERM");
            await exited;
        }
        this.engine.forceShutdown();
    }
}
