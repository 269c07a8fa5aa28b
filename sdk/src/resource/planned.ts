// A resource as the Pulumi engine registers it, as plain data: what the offline plan records of each registration and
// what a policy's view of a resource is turned into for the conflict detector. Shared by the plan engine and the policy
// pack, which import neither each other nor the library.

/** One registration, with what the engine would act on. */
export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    custom: boolean;
    inputs: Record<string, unknown>;
    /** A Kubernetes provider's API server (its kubeconfig is secret in `inputs`), when known offline. */
    cluster?: string;
    options: {
        dependsOn: string[];
        provider: string | null;
        protect: boolean;
        retainOnDelete: boolean;
        ignoreChanges: string[];
        replaceOnChanges: string[];
        deleteBeforeReplace: boolean;
        aliases: string[];
        /** The URN whose deletion in the same operation skips this resource's delete (Pulumi's deletedWith). */
        deletedWith?: string;
        /** The id of an existing object the first `up` imports instead of creating (Pulumi's import option). */
        import?: string;
    };
}

/** A provider reference, `URN::ID`, as the URN of the provider it names. */
export const providerUrnOf = (ref: string) => ref.substring(0, ref.lastIndexOf("::"));

/** The last segment of an ARM id, as written (a role definition id's GUID). */
export const lastSegment = (id: string) => id.substring(id.lastIndexOf("/") + 1);
