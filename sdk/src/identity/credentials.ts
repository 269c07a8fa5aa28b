import { createHash } from "node:crypto";
import { slug } from "../core/names";
import { Problem } from "../core/problems";
import { customSubject, immutableSubject, legacySubject, RepoSpelling, RepositoryRef, SubjectFormat, Trigger } from "./subjects";

/** Entra ID's limit of federated credentials per application or user-assigned identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;

/** What the subject of a credential needs that may only be known through the GitHub provider. */
export interface SubjectInputs {
    ownerId?: number;
    repositoryId?: number;
    claimKeys?: string[];
}

/** One federated credential to create: a stable name part and how to spell its subject. */
export interface PlannedCredential {
    /** Resource-name part, stable across runs and unique within the identity. */
    slug: string;
    /** Which spelling of the subject this credential trusts. */
    variant: "legacy" | "immutable" | "custom" | "customImmutable" | "explicit";
    /** The subject, once the ids or claim keys it needs are known. */
    subject(inputs: SubjectInputs): string;
    /** The subject when it needs nothing from GitHub (legacy and explicit ones), for reviews and errors. */
    known?: string;
}

const slugOf = (s: string) => slug(s).slice(0, 80);

function triggerSlug(t: Trigger): string {
    switch (t.kind) {
        case "branch":
            return `branch-${slugOf(t.branch)}`;
        case "tag":
            return `tag-${slugOf(t.tag)}`;
        case "environment":
            return `env-${slugOf(t.environment)}`;
        case "pullRequest":
            return "pull-request";
    }
}

/** A readable, unique label for each trigger: `a/b` and `a-b` both slug to `a-b`, so collisions get a hash. */
function uniqueSlugs(labels: string[], keys: string[]): string[] {
    return labels.map((s, i) => (labels.indexOf(s) !== labels.lastIndexOf(s) ? `${s}-${createHash("sha256").update(keys[i]).digest("hex").slice(0, 6)}` : s));
}

/**
 * The spellings of `repo` a custom template needs: GitHub writes the ids into the `repo` claim on a repository with
 * immutable subjects, and the provider cannot tell which kind a repository is, so a template with `repo` gets both
 * spellings, as the default format does. Keys read from GitHub (`claimKeys` undefined) are not known at construction:
 * both are planned, and the immutable one refuses, with the fix, a template that turns out to lack `repo`.
 */
function customSpellings(claimKeys: string[] | undefined): RepoSpelling[] {
    return claimKeys === undefined || claimKeys.includes("repo") ? ["legacy", "immutable"] : ["legacy"];
}

/**
 * The credentials an identity needs for `triggers` in `format`, plus explicit subjects; pure, so the
 * count is known (and checked against the limit) before anything is registered. `claimKeys` are the custom
 * template's keys when given as arguments.
 */
export function planCredentials(repo: RepositoryRef, triggers: Trigger[], format: SubjectFormat, workflowPath: string, explicit: string[] = [], claimKeys?: string[]): PlannedCredential[] {
    const base = uniqueSlugs(
        triggers.map(triggerSlug),
        triggers.map((t) => JSON.stringify(t)),
    );
    const planned: PlannedCredential[] = [];
    triggers.forEach((trigger, i) => {
        if (format === SubjectFormat.Legacy || format === SubjectFormat.LegacyAndImmutable) {
            const subject = legacySubject(repo, trigger);
            planned.push({ slug: base[i], variant: "legacy", subject: () => subject, known: subject });
        }
        if (format === SubjectFormat.Immutable || format === SubjectFormat.LegacyAndImmutable) {
            planned.push({
                slug: `${base[i]}-immutable`,
                variant: "immutable",
                subject: (ids) => immutableSubject({ ...repo, ownerId: ids.ownerId, repositoryId: ids.repositoryId }, trigger),
            });
        }
        if (format === SubjectFormat.Custom) {
            for (const spelling of customSpellings(claimKeys)) {
                const immutable = spelling === "immutable";
                planned.push({
                    slug: `${base[i]}-custom${immutable ? "-immutable" : ""}`,
                    variant: immutable ? "customImmutable" : "custom",
                    subject: (ids) => {
                        const keys = ids.claimKeys ?? [];
                        if (immutable && !keys.includes("repo")) {
                            throw new Error(
                                `the repository's custom subject template (${keys.join(", ")}) has no "repo" claim, so its subjects have one ` +
                                    `spelling, but the credentials were planned for two: give subjectClaimKeys ${JSON.stringify(keys)} so one credential per trigger is planned.`,
                            );
                        }
                        return customSubject({ ...repo, ownerId: ids.ownerId, repositoryId: ids.repositoryId }, trigger, keys, workflowPath, spelling);
                    },
                });
            }
        }
    });
    const explicitSlugs = uniqueSlugs(
        explicit.map((s) => `subject-${slugOf(s.split(":").slice(2).join("-") || s)}`),
        explicit,
    );
    explicit.forEach((subject, i) => planned.push({ slug: explicitSlugs[i], variant: "explicit", subject: () => subject, known: subject }));
    return planned;
}

/** The 20-credential limit, checked at construction with the count and what to do. */
export function credentialLimitProblems(count: number, format: SubjectFormat, path: string): Problem[] {
    if (count <= MAX_FEDERATED_CREDENTIALS) return [];
    const perTrigger =
        format === SubjectFormat.LegacyAndImmutable
            ? ' (two per trigger with subjectFormat "legacyAndImmutable": choosing "immutable" halves it)'
            : format === SubjectFormat.Custom
              ? ' (two per trigger when the custom template has the "repo" claim, one per spelling of it)'
              : "";
    return [
        {
            path,
            message:
                `${path} need ${count} federated credentials${perTrigger}, over Entra ID's limit of ${MAX_FEDERATED_CREDENTIALS} per identity: ` +
                "split the branches across deployments (one identity each), deploy through one GitHub environment, or use an application identity with branchPatterns.",
        },
    ];
}
