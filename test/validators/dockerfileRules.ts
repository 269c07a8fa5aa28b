// The Dockerfile rules, checked on dockerfile-ast's parse tree (not by regexes over the text).
import { DockerfileParser, Flag, From } from "dockerfile-ast";

const ROOT_USERS = new Set(["root", "0", "0:0", "root:root"]);

export function dockerfileRuleViolations(text: string, expected: { port: number }): string[] {
    const problems: string[] = [];
    const dockerfile = DockerfileParser.parse(text);
    const directive = dockerfile.getDirectives()[0];
    if (!directive || directive.getName() !== "syntax" || !directive.getValue().startsWith("docker/dockerfile:")) problems.push("the first line is not the BuildKit syntax directive");
    const froms: From[] = dockerfile.getFROMs();
    if (froms.length < 2) problems.push(`${froms.length} stage(s): not a multi-stage build`);
    const stages = new Set(froms.map((f) => f.getBuildStage()).filter((s): s is string => !!s));
    for (const from of froms) {
        const image = from.getImageName() ?? "";
        if (stages.has(image)) continue;
        const tag = from.getImageTag();
        if (!from.getImageDigest() && (!tag || tag === "latest")) problems.push(`FROM ${from.getImage()} is not pinned to a version tag or digest`);
    }
    // Instructions of the final stage: everything after the last FROM.
    const instructions = dockerfile.getInstructions();
    const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf("FROM");
    const final = instructions.slice(lastFrom + 1);
    const users = final.filter((i) => i.getKeyword() === "USER").map((i) => i.getArgumentsContent()?.trim() ?? "");
    if (users.length === 0) problems.push("the final stage has no USER: it would run as root");
    else if (ROOT_USERS.has(users[users.length - 1])) problems.push(`the final stage runs as USER ${users[users.length - 1]}`);
    // With runAsNonRoot the kubelet refuses a named user: "image has non-numeric user (node), cannot verify user is
    // non-root" (kubernetes pkg/kubelet/kuberuntime/security_context_others.go, verifyRunAsNonRoot).
    else if (!/^[1-9][0-9]*:[0-9]+$/.test(users[users.length - 1])) problems.push(`the final USER ${users[users.length - 1]} is not a numeric uid:gid`);
    const exposed = final.filter((i) => i.getKeyword() === "EXPOSE").flatMap((i) => i.getArguments().map((a) => a.getValue()));
    if (!exposed.includes(String(expected.port))) problems.push(`EXPOSE ${exposed.join(" ") || "(none)"} does not expose ${expected.port}`);
    const cached = instructions.filter((i) => i.getKeyword() === "RUN").some((i) =>
        ((i as unknown as { getFlags(): Flag[] }).getFlags?.() ?? []).some((f) => f.getName() === "mount" && /(^|,)type=cache(,|$)/.test(f.getValue() ?? "")));
    if (!cached) problems.push("no RUN uses a BuildKit cache mount (--mount=type=cache)");
    return problems;
}
