/**
 * One thing wrong with the user's input. Validation collects every problem before failing so a user
 * fixes their program in one pass instead of one error per `pulumi preview`.
 */
export interface Problem {
    /** Dotted path of the offending argument, e.g. `placement.numberOfClusters` or `members[2].name`. */
    path: string;
    /** What is wrong, quoting the value, and how to fix it. */
    message: string;
}
