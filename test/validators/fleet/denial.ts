// One refusal of a ported webhook rule: its rule id and Go's message (see webhooks.ts).
export interface Denial {
    id: string;
    msg: string;
}
export const deny = (id: string, msg: string): Denial => ({ id, msg });
export const wrap = (prefix: string, ds: Denial[]): Denial[] => ds.map((d) => ({ id: d.id, msg: prefix + d.msg }));
