// The marks this library leaves on what it creates, so people and tools can tell its objects from others'.

/** The value of every managed-by mark: Kubernetes label, Azure tag, and the selector the rollout script uses. */
export const MANAGED_BY = "fleet-autodeploy";
/** The Kubernetes recommended label that carries it. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
/** The labels on every Kubernetes object the library renders or registers. */
export const managedByLabels = (): { [MANAGED_BY_LABEL]: typeof MANAGED_BY } => ({ [MANAGED_BY_LABEL]: MANAGED_BY });
/** The Azure tags on every Azure resource the library creates. */
export const managedByTags = (): { "managed-by": typeof MANAGED_BY } => ({ "managed-by": MANAGED_BY });
/** The label Azure puts on what it manages in a managed namespace; its admission policy refuses anyone else's writes. */
export const ARM_MANAGED_LABEL = "fleet.azure.com/managed-by";
