// Pulumi's wire markers (sdk/nodejs/runtime/rpc.ts): how a registration's inputs mark secrets, unknowns and resource
// references before they are made readable.
export const WIRE = {
    /** The key whose value says what a marked object is. */
    sig: "4dabf18193072939515e22adb298388d",
    secret: "1b47061264138c4ac30d75fd1eb44270",
    resource: "5cf8f73096256a8f31e491e813e4eb8e",
    /** The value of an input not known yet. */
    unknown: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
} as const;
