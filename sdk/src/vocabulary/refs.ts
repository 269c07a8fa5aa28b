// GitHub ref patterns as this library accepts them: one home for the pattern the branch patterns (flexible federated
// credentials, push filters) and the tag filters are checked against.

/** A branch or tag pattern: letters, digits, '.', '_', '-', '/' and '*' (no other wildcard, no space). */
export const REF_PATTERN = /^[A-Za-z0-9._\-/*]+$/;
