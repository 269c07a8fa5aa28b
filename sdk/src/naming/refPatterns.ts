// The two pattern languages a deployment's refs meet on GitHub: the workflow's push filters (`on.push.branches`,
// `tags`, `paths`) and the environment's deployment branch and tag rules. They differ, so whether a rule admits what
// a trigger fires on is decided here, from the names the trigger can fire on.

/**
 * Whether an environment's deployment branch or tag rule admits `name`. GitHub matches rules with Ruby's
 * `File.fnmatch`, and "wildcard characters will not match `/`" (docs.github.com, "Deployments and environments",
 * Deployment branches and tags; REST schema deployment-branch-policy-name-pattern): `*` and `?` stay within one
 * `/`-separated part, `**` followed by `/` spans parts (FNM_PATHNAME), `[...]` is a class, `\` escapes.
 */
export function environmentRuleMatches(rule: string, name: string): boolean {
    let re = "";
    for (let i = 0; i < rule.length; i++) {
        const c = rule[i];
        if (c === "\\" && i + 1 < rule.length) re += escapeRegExp(rule[++i]);
        else if (rule.startsWith("**/", i)) {
            re += "(?:[^/]*/)*";
            i += 2;
        } else if (c === "*") re += "[^/]*";
        else if (c === "?") re += "[^/]";
        else if (c === "[") {
            const end = rule.indexOf("]", i + 2);
            if (end < 0) {
                re += "\\[";
                continue;
            }
            const body = rule.slice(i + 1, end);
            re += `(?!/)[${/^[!^]/.test(body) ? `^${escapeClass(body.slice(1))}` : escapeClass(body)}]`;
            i = end;
        } else re += escapeRegExp(c);
    }
    return new RegExp(`^${re}$`).test(name);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const escapeClass = (s: string) => s.replace(/[\\\]^]/g, "\\$&");

/** Names a wildcard of a push filter stands for in samples: none, one part, and (for `**`) several parts. */
const ONE_PART = ["", "x7", "Rc-1.0_b"];
const MANY_PARTS = ["", "x7", "a/b.9"];

/**
 * Names a push filter of this library fires on (exact names, `*` within a part, `**` across parts; the arguments allow
 * no other wildcard): the filter with each wildcard replaced by every sample, keeping only valid git ref names.
 * `*` matches no `/` in a push filter ("Filter pattern cheat sheet", docs.github.com workflow syntax).
 */
export function triggerSamples(pattern: string): string[] {
    const parts = pattern.split(/(\*\*|\*)/);
    let names = [""];
    for (const part of parts) {
        const choices = part === "**" ? MANY_PARTS : part === "*" ? ONE_PART : [part];
        names = names.flatMap((n) => choices.map((c) => n + c)).slice(0, 256);
    }
    return [...new Set(names)].filter((n) => n !== "" && !n.startsWith("/") && !n.endsWith("/") && !n.includes("//"));
}

/** The first name a trigger fires on that no rule admits, or undefined when every rule-checked sample is admitted. */
export function unadmitted(trigger: string, rules: string[]): string | undefined {
    return triggerSamples(trigger).find((name) => !rules.some((rule) => environmentRuleMatches(rule, name)));
}

/**
 * A repository path as a literal in a push filter: `*`, `?`, `+`, `[`, `]` and a leading `!` are pattern characters
 * there, escaped with `\` ("Filter pattern cheat sheet": "escape each of these special characters with \").
 */
export function literalPathPattern(path: string): string {
    return path.replace(/[*?+[\]\\]/g, "\\$&").replace(/^!/, "\\!");
}
