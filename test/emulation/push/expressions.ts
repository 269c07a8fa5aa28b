// GitHub Actions expressions, as much of them as the generated workflows use: literals, context paths, `==` / `!=`
// (strings compared case-insensitively), `!`, `&&`, `||`, parentheses, the status functions and startsWith / endsWith /
// contains. An `if:` without a status function gets `success() &&` in front (docs.github.com, "Expressions", status
// check functions). An unknown function or token is an error, so a workflow that uses more than this evaluator knows
// fails loudly.
export type Context = Record<string, any>;
export interface Status {
    success: boolean;
    failed: boolean;
}

type Token = { t: "str" | "num" | "id" | "op"; v: string };

function tokenize(src: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (c === "'") {
            let v = "";
            for (i++; i < src.length; i++) {
                if (src[i] === "'" && src[i + 1] === "'") {
                    v += "'";
                    i++;
                } else if (src[i] === "'") break;
                else v += src[i];
            }
            i++;
            tokens.push({ t: "str", v });
            continue;
        }
        const op = /^(==|!=|&&|\|\||[!()[\].,])/.exec(src.slice(i));
        if (op) {
            tokens.push({ t: "op", v: op[1] });
            i += op[1].length;
            continue;
        }
        const num = /^\d+(\.\d+)?/.exec(src.slice(i));
        if (num) {
            tokens.push({ t: "num", v: num[0] });
            i += num[0].length;
            continue;
        }
        const id = /^[A-Za-z_][\w-]*/.exec(src.slice(i));
        if (id) {
            tokens.push({ t: "id", v: id[0] });
            i += id[0].length;
            continue;
        }
        throw new Error(`expression: unexpected '${c}' in ${src}`);
    }
    return tokens;
}

const truthy = (v: unknown) => !(v === false || v === null || v === undefined || v === "" || v === 0);
const equal = (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);

function parse(src: string, ctx: Context, status: Status): { value: unknown; usedStatus: boolean } {
    const tokens = tokenize(src);
    let pos = 0;
    let usedStatus = false;
    const peek = (v?: string) => (tokens[pos] && (v === undefined || tokens[pos].v === v) ? tokens[pos] : undefined);
    const expect = (v: string) => {
        if (!peek(v)) throw new Error(`expression: expected '${v}' in ${src}`);
        pos++;
    };
    const or = (): unknown => {
        let l = and();
        while (peek("||")) {
            pos++;
            const r = and();
            l = truthy(l) ? l : r;
        }
        return l;
    };
    const and = (): unknown => {
        let l = cmp();
        while (peek("&&")) {
            pos++;
            const r = cmp();
            l = truthy(l) ? r : l;
        }
        return l;
    };
    const cmp = (): unknown => {
        const l = not();
        if (peek("==")) {
            pos++;
            return equal(l, not());
        }
        if (peek("!=")) {
            pos++;
            return !equal(l, not());
        }
        return l;
    };
    const not = (): unknown => {
        if (peek("!")) {
            pos++;
            return !truthy(not());
        }
        return primary();
    };
    const primary = (): unknown => {
        const tok = tokens[pos++];
        if (!tok) throw new Error(`expression: unexpected end of ${src}`);
        if (tok.t === "str") return tok.v;
        if (tok.t === "num") return Number(tok.v);
        if (tok.v === "(") {
            const v = or();
            expect(")");
            return v;
        }
        if (tok.t !== "id") throw new Error(`expression: unexpected '${tok.v}' in ${src}`);
        if (tok.v === "true" || tok.v === "false") return tok.v === "true";
        if (tok.v === "null") return null;
        if (peek("(")) {
            pos++;
            const args: unknown[] = [];
            while (!peek(")")) {
                args.push(or());
                if (peek(",")) pos++;
                else break;
            }
            expect(")");
            // String functions, case-insensitive (docs.github.com, "Expressions", functions).
            const text = (v: unknown) => String(v ?? "").toLowerCase();
            if (tok.v === "startsWith") return text(args[0]).startsWith(text(args[1]));
            if (tok.v === "endsWith") return text(args[0]).endsWith(text(args[1]));
            if (tok.v === "contains") return text(args[0]).includes(text(args[1]));
            usedStatus = true;
            switch (tok.v) {
                case "success":
                    return status.success;
                case "failure":
                    return status.failed;
                case "always":
                    return true;
                case "cancelled":
                    return false;
                default:
                    throw new Error(`expression: no function ${tok.v}() in this evaluator (${src})`);
            }
        }
        if (!(tok.v in ctx)) throw new Error(`expression: no context ${tok.v} (${src})`);
        let value: any = ctx[tok.v];
        for (;;) {
            if (peek(".")) {
                pos++;
                value = value?.[tokens[pos++].v];
            } else if (peek("[")) {
                pos++;
                const k = or();
                expect("]");
                value = value?.[String(k)];
            } else break;
        }
        return value ?? null;
    };
    const value = or();
    if (pos !== tokens.length) throw new Error(`expression: trailing '${tokens[pos].v}' in ${src}`);
    return { value, usedStatus };
}

/** Evaluates an `if:` (with or without `${{ }}`), adding the implicit `success() &&`. */
export function evaluate(condition: string | boolean, ctx: Context, status: Status): boolean {
    if (typeof condition === "boolean") return condition && status.success;
    const src = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
    const { value, usedStatus } = parse(src, ctx, status);
    return usedStatus ? truthy(value) : status.success && truthy(value);
}

/** Replaces each `${{ expr }}` in a string; null becomes "". */
export function interpolate(text: string, ctx: Context): string {
    return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e) => {
        const v = parse(e, ctx, { success: true, failed: false }).value;
        return v === null || v === undefined ? "" : String(v);
    });
}
