import * as pulumi from "@pulumi/pulumi";
import { ArmId, ArmKind, isGuid, isProblem, parseArmId } from "../azure/ids";
import { Problem } from "../core/problems";
import { DNS_LABEL } from "../vocabulary/dns";
import { REF_PATTERN } from "../vocabulary/refs";

// Field checks shared by every component's validation. Each returns the problems it found, so a
// component reports all of them at once, before it registers anything.

/** Checks a DNS-1123 label (namespace, app and member names). */
export function dnsLabelProblems(value: unknown, path: string, what: string, max = 63): Problem[] {
    if (typeof value !== "string" || !DNS_LABEL.test(value) || value.length > max) {
        return [
            {
                path,
                message: `${path} ${JSON.stringify(value)} is not a valid ${what}: use at most ${max} lowercase letters, digits and '-', starting and ending with a letter or digit.`,
            },
        ];
    }
    return [];
}

/**
 * Namespaces that belong to Kubernetes or Fleet itself: kubefleet treats every `fleet-` and `kube-` prefix
 * as reserved (IsReservedNamespace) and never places it, and staging an app in `default` would mix it with
 * whatever else lives there.
 */
export function reservedNamespaceProblems(namespace: string, path: string): Problem[] {
    const reserved = namespace === "default" || namespace.startsWith("fleet-") || namespace.startsWith("kube-");
    return reserved
        ? [
              {
                  path,
                  message: `${path} ${JSON.stringify(namespace)} is reserved (default, fleet-*, kube-*: Fleet never places those): choose the app's own namespace, e.g. "${`apps-${namespace.replace(/^(kube-|fleet-)/, "")}`}".`,
              },
          ]
        : [];
}

export function namespaceProblems(namespace: unknown, path: string): Problem[] {
    const problems = dnsLabelProblems(namespace, path, "Kubernetes namespace");
    return problems.length > 0 ? problems : reservedNamespaceProblems(namespace as string, path);
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
const REPO = /^[A-Za-z0-9._-]+$/;

/**
 * Parses `owner/name`, the way GitHub spells repositories in OIDC subjects. The owner is never taken from
 * the GitHub provider: every subject names it, and the provider's owner is unreadable when one is passed.
 * `knownOwner` (github:owner) only completes the suggested fix.
 */
export function parseRepository(value: unknown, path: string, knownOwner?: string): { owner: string; name: string } | Problem {
    const bad = (why: string): Problem => ({ path, message: `${path} ${JSON.stringify(value)} ${why}` });
    const text = typeof value === "string" ? value : "";
    const url = /^(?:https?:\/\/|git@)github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(text);
    if (url) return bad(`is a URL: write the repository as "owner/name": "${url[1]}/${url[2]}".`);
    const parts = text.split("/");
    if (parts.length === 1 && REPO.test(text)) {
        return bad(`names no owner: write it as "owner/name", "${knownOwner ?? "OWNER"}/${text}" (every OIDC subject names the owner, so it is never guessed).`);
    }
    if (parts.length !== 2 || !OWNER.test(parts[0]) || !REPO.test(parts[1]) || parts[1] === "." || parts[1] === "..") {
        return bad(`is not a GitHub repository: write it as "owner/name", e.g. "contoso/web".`);
    }
    const [owner, name] = parts;
    // GitHub's limits: 39 characters for a user or organization, 100 for a repository name.
    if (owner.length > 39) return bad(`has a ${owner.length}-character owner: GitHub user and organization names have at most 39 characters.`);
    if (name.length > 100) return bad(`has a ${name.length}-character name: GitHub repository names have at most 100 characters.`);
    const suffix = /\.(git|wiki)$/i.exec(name)?.[1].toLowerCase();
    if (suffix === "git") return bad(`ends in ".git", the clone URL's suffix, which the repository's name (and its OIDC subject) lacks: write "${owner}/${name.slice(0, -4)}".`);
    if (suffix === "wiki")
        return bad(`names the wiki of ${owner}/${name.slice(0, -5)} (GitHub keeps it as a separate git repository, NAME.wiki.git, which runs no workflows): write "${owner}/${name.slice(0, -5)}".`);
    return { owner, name };
}

/**
 * Checks a branch name against git's ref rules, and refuses wildcards: a federated credential's
 * subject is matched exactly, so `release/*` would never match a real push.
 */
export function branchProblems(value: unknown, path: string): Problem[] {
    const bad = (why: string): Problem[] => [{ path, message: `${path} ${JSON.stringify(value)} ${why}` }];
    if (typeof value !== "string" || value === "") return bad('is not a branch name: give the branch whose pushes deploy, e.g. "main".');
    // git would accept "refs/heads/main" as a branch named that, so the identity would trust
    // ref:refs/heads/refs/heads/main and the push trigger would match no branch that exists.
    const ref = /^refs\/(heads|tags)\/(.+)$/.exec(value);
    if (ref?.[1] === "heads") return bad(`is a full ref: give the branch name alone, "${ref[2]}" (the OIDC subject and the push trigger add refs/heads/ themselves).`);
    if (ref) return bad(`is a tag ref, not a branch: give a branch name, e.g. "main"; tag pushes deploy through \`tags\` with an environment.`);
    if (/[*?[]/.test(value)) return bad("contains a wildcard: OIDC subjects match exactly; list each branch instead.");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: git refuses control characters in branch names
    if (/[\x00-\x20~^:\\\x7f]|\.\.|@\{|\/\/|^\/|\/$|^-|\.lock$|\.$|^@$/.test(value) || value.split("/").some((c) => c.startsWith("."))) {
        return bad("is not a valid git branch name (no spaces, '..', '~^:\\', leading '-' or '/', trailing '/' '.' or '.lock'): use the name as `git branch` shows it.");
    }
    return [];
}

/** A branch pattern of a push filter and a flexible credential: the characters both read alike, and no full ref. */
export function branchPatternProblems(p: unknown, path: string): Problem[] {
    if (typeof p !== "string" || !REF_PATTERN.test(p)) return [{ path, message: `${path} ${JSON.stringify(p)} may hold letters, digits, '.', '_', '-', '/' and '*' only.` }];
    // The subject already says ref:refs/heads/: a pattern with it would match refs/heads/refs/heads/..., never a push.
    if (p.startsWith("refs/"))
        return [
            { path, message: `${path} ${JSON.stringify(p)} is a full ref: give the branch pattern alone, ${JSON.stringify(p.replace(/^refs\/(heads|tags)\//, ""))} (the subject adds refs/heads/).` },
        ];
    return [];
}

/** A GitHub environment name usable in an OIDC subject: no ':', which GitHub would escape there. */
export function environmentNameProblems(value: unknown, path: string): Problem[] {
    if (typeof value !== "string" || !/^[^:'"`,;\\]{1,255}$/.test(value) || value.trim() !== value) {
        return [
            {
                path,
                message: `${path} ${JSON.stringify(value)} is not a usable GitHub environment name: up to 255 characters, no ':' (GitHub would escape it in the OIDC subject), quotes, ',' or ';'.`,
            },
        ];
    }
    return [];
}

/** A path inside the repository: relative, no `..`, forward slashes. */
export function repoPathProblems(value: unknown, path: string): Problem[] {
    if (typeof value !== "string" || value === "" || value.startsWith("/") || value.includes("\\") || value.split("/").some((c) => c === ".." || c === "")) {
        if (value === ".") return [];
        return [{ path, message: `${path} ${JSON.stringify(value)} is not a path inside the repository: use a relative path with '/' separators and no '..', e.g. "manifests".` }];
    }
    return [];
}

/** A plain GUID (tenant, principal, client ids). Unknown Inputs are accepted and checked by Azure. */
export function guidProblems(value: pulumi.Input<string> | undefined, path: string, what: string): Problem[] {
    if (typeof value === "string" && !isGuid(value)) {
        return [{ path, message: `${path} ${JSON.stringify(value)} is not a ${what} (a GUID like 00000000-0000-0000-0000-000000000000).` }];
    }
    return [];
}

/**
 * Parses an ARM id argument. A plain string is checked now and stays plain; an Output is checked when
 * it resolves (never guessed), failing that resource's registration with the same message.
 */
export function armIdInput(value: pulumi.Input<string> | undefined, kind: ArmKind, path: string, problems: Problem[]): pulumi.Input<ArmId> {
    if (value === undefined || typeof value === "string") {
        const parsed = parseArmId(value, kind, path);
        if (isProblem(parsed)) {
            problems.push(parsed);
            // Never read: the caller throws before registering anything.
            return undefined as unknown as ArmId;
        }
        return parsed;
    }
    return pulumi.output(value).apply((resolved) => {
        const parsed = parseArmId(resolved, kind, path);
        if (isProblem(parsed)) throw new pulumi.InputPropertyError({ propertyPath: parsed.path, reason: parsed.message });
        return parsed;
    });
}

const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?$/;

/**
 * A registry login server is the host part of every image reference (`HOST/NAME:TAG`, the distribution
 * reference grammar): a scheme, path or trailing slash would make every reference invalid.
 */
export function loginServerProblems(value: unknown, path: string): Problem[] {
    if (typeof value === "string" && HOST.test(value)) return [];
    const host = typeof value === "string" ? /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]+)/i.exec(value.trim())?.[1] : undefined;
    const fix = host && HOST.test(host) ? `"${host}"` : `e.g. "contoso.azurecr.io"`;
    return [{ path, message: `${path} ${JSON.stringify(value)} is not a host name: give the login server alone, ${fix} (it becomes the host of the image reference HOST/NAME:TAG).` }];
}

/** A login server argument: checked now when plain, when it resolves when an Output (as {@link armIdInput}). */
export function loginServerInput(value: pulumi.Input<string> | undefined, path: string, problems: Problem[]): pulumi.Input<string> | undefined {
    if (value === undefined || typeof value === "string") {
        if (value !== undefined) problems.push(...loginServerProblems(value, path));
        return value;
    }
    return pulumi.output(value).apply((resolved) => {
        const [problem] = loginServerProblems(resolved, path);
        if (problem) throw new pulumi.InputPropertyError({ propertyPath: problem.path, reason: problem.message });
        return resolved;
    });
}

/**
 * The problems of a value the user did not set but that was derived from `from`: each says so, so the user
 * knows which argument to change (one message per mistake, pointing at its cause).
 */
export function derivedProblems(problems: Problem[], from: string): Problem[] {
    return problems.map((p) => ({ ...p, message: `${p.message} (${p.path} is derived from ${from}: set ${p.path}, or change ${from}.)` }));
}

/** `value` (or `fallback`), checked against an as-const enum; a value outside it is a problem at `path`. */
export function oneOf<T extends string>(value: T | undefined, allowed: Record<string, T>, fallback: T, path: string, problems: Problem[]): T {
    const v = value ?? fallback;
    if (!Object.values(allowed).includes(v)) {
        problems.push({
            path,
            message: `${path} ${JSON.stringify(v)} is not one of ${Object.values(allowed)
                .map((a) => `"${a}"`)
                .join(", ")}.`,
        });
    }
    return v;
}

/** Whether `value` is in an as-const enum: checks that compare against an option skip one {@link oneOf} already reported. */
export function isOneOf<T extends string>(value: string, allowed: Record<string, T>): value is T {
    return (Object.values(allowed) as string[]).includes(value);
}

/** Throws one error listing every problem, each with its property path, if there are any. */
export function failOnProblems(component: string, name: string, problems: Problem[]): void {
    if (problems.length === 0) return;
    const lines = problems.map((p) => `  - ${p.message}`).join("\n");
    throw new pulumi.InputPropertiesError({
        message: `${component} "${name}" has ${problems.length === 1 ? "an invalid argument" : `${problems.length} invalid arguments`}:\n${lines}`,
        errors: problems.map((p) => ({ propertyPath: p.path, reason: p.message })),
    });
}

/** Finds names given twice in a list, for "duplicate member"-style problems. */
export function duplicates(values: string[]): string[] {
    const seen = new Set<string>();
    const dup = new Set<string>();
    for (const v of values) (seen.has(v) ? dup : seen).add(v);
    return [...dup];
}
