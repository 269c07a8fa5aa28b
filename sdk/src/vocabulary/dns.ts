// Kubernetes naming rules (apimachinery's validation: IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName,
// IsValidLabelValue): one home for the patterns every part checks names against.

/** A DNS-1123 label: namespaces, app, member and container names (at most 63 characters, checked apart). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: dot-separated labels (at most 253 characters, checked apart). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** The name part of a label key (at most 63 characters). */
export const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
/** A label value (empty, or at most 63 characters). */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
