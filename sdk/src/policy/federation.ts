// Guardrails on the trust between GitHub Actions and Entra: federated credentials for GitHub's issuer name it exactly
// and Azure's token-exchange audience, and a deploy identity never trusts pull requests or an open-ended wildcard.
import { AZURE_TOKEN_AUDIENCES, GITHUB_OIDC_ISSUER } from "../vocabulary/oidc";
import { CREDENTIAL_TYPES, IdentityGraph, isGitHubIssuer } from "./identities";
import { describe, Finding, known, PolicyTarget } from "./target";
import { Types } from "../vocabulary/tokens";

/** The token-exchange audiences Entra accepts, one per cloud. */
export const AZURE_AUDIENCES: string[] = Object.values(AZURE_TOKEN_AUDIENCES);

/** GitHub's issuer, or GitHub Enterprise Cloud's per-enterprise one (`https://token.actions.githubusercontent.com/SLUG`). */
const ISSUER = new RegExp(`^${GITHUB_OIDC_ISSUER.replace(/\./g, "\\.")}(/[A-Za-z0-9_-]+)?$`);
/** A subject a pull request can mint: `repo:O/R:pull_request`, or a custom template's `...:pull_request` / `refs/pull/N/merge`. */
const PULL_REQUEST = /(^|:)pull_request(:|$)|refs\/pull\//;
/** Where a wildcard may start: inside a branch, tag or environment name of one literal repository. */
const ANCHORED = /^repo:[^:*?]+\/[^:*?]+:(ref:refs\/heads\/|ref:refs\/tags\/|environment:)/;
/** A flexible credential's expression: `claims['sub'] matches 'PATTERN'` (or `eq`). */
const EXPRESSION = /^\s*claims\[\s*'sub'\s*\]\s+(matches|eq)\s+'([^']*)'\s*$/i;

/** What is wrong with a subject (or a flexible pattern) a deploy identity trusts; undefined when nothing is. */
export function subjectProblem(subject: string, pattern: boolean): string | undefined {
    if (PULL_REQUEST.test(subject)) {
        return `trusts ${JSON.stringify(subject)}, which any pull request (from a fork too) can present`;
    }
    const wildcard = subject.search(pattern ? /[*?]/ : /\*/);
    if (wildcard < 0) return undefined;
    if (!pattern) return `has a wildcard in its subject ${JSON.stringify(subject)}: subjects match exactly, so it never matches, and it reads as a trust of every ref`;
    if (!ANCHORED.test(subject.substring(0, wildcard))) {
        return `matches ${JSON.stringify(subject)}, a wildcard that reaches past one repository's branch, tag or environment name (it can match pull requests or other repositories)`;
    }
    return undefined;
}

/** The pattern of a flexible credential's expression, or undefined when it is not `claims['sub'] matches '...'`. */
export function flexiblePattern(expression: string): { pattern: string; wildcards: boolean } | undefined {
    const m = EXPRESSION.exec(expression);
    return m ? { pattern: m[2], wildcards: m[1].toLowerCase() === "matches" } : undefined;
}

/**
 * Policy: every federated credential for GitHub's issuer names the issuer exactly and only Azure's audiences; on a deploy
 * identity (one holding a role assignment in the stack) none trusts pull requests or a wildcard beyond a branch, tag or
 * environment name (flexible credentials' `release/*` stays allowed).
 */
export function federationFindings(resources: PolicyTarget[], graph: IdentityGraph): Finding[] {
    const findings: Finding[] = [];
    for (const c of resources.filter((r) => CREDENTIAL_TYPES.includes(r.type))) {
        if (!isGitHubIssuer(c.props.issuer)) continue;
        const issuer = known(c.props.issuer)!;
        if (!ISSUER.test(issuer)) {
            findings.push({
                urn: c.urn,
                message: `${describe(c)} has issuer ${JSON.stringify(issuer)}: GitHub's tokens say exactly ${JSON.stringify(GITHUB_OIDC_ISSUER)}, and Entra compares issuers as written.`,
            });
        }
        const flexible = c.type === Types.ApplicationFlexibleFederatedIdentityCredential;
        const audiences = flexible ? [c.props.audience] : c.props.audiences;
        if (Array.isArray(audiences) && audiences.every((a) => known(a) !== undefined)) {
            const wrong = audiences.filter((a) => !AZURE_AUDIENCES.includes(a as string));
            if (audiences.length === 0 || wrong.length > 0) {
                findings.push({
                    urn: c.urn,
                    message: `${describe(c)} has audience${audiences.length === 1 ? "" : "s"} ${JSON.stringify(audiences)}: use Azure's token-exchange audience, one of ${AZURE_AUDIENCES.join(", ")}.`,
                });
            }
        }
        const owner = graph.ownerOf(c);
        if (!owner || owner.roleAssignments.length === 0) continue;
        const deploy = `on ${owner.resource.name}, which holds ${owner.roleAssignments.length} role assignment${owner.roleAssignments.length === 1 ? "" : "s"}`;
        if (flexible) {
            const expression = known(c.props.claimsMatchingExpression);
            if (!expression) continue;
            const parsed = flexiblePattern(expression);
            const problem = parsed
                ? subjectProblem(parsed.pattern, parsed.wildcards)
                : `has the expression ${JSON.stringify(expression)}, which the policy cannot verify (expected claims['sub'] matches '...')`;
            if (problem) findings.push({ urn: c.urn, message: `${describe(c)} ${deploy}, ${problem}.` });
        } else {
            const subject = known(c.props.subject);
            const problem = subject && subjectProblem(subject, false);
            if (problem) findings.push({ urn: c.urn, message: `${describe(c)} ${deploy}, ${problem}.` });
        }
    }
    return findings;
}
