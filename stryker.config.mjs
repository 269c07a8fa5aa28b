// Mutation testing of the code where a bug is a security or outage bug (CONTRIBUTING.md, "Mutation testing"). A measurement,
// not a CI gate. The scope is cut into shards, each a bounded run with its own incremental file and report, so a run
// that is stopped loses one shard at most: MUTATION_SHARD=security|hub|render|plan npx stryker run (scripts/mutation.ts
// runs them all in turn, then prints the score per folder).
// Each shard: the code it mutates, and its own unit tests, which run first.
const SHARDS = {
    "security": {
        mutate: ["sdk/src/identity/**/*.ts", "sdk/src/azure/**/*.ts", "sdk/src/registry/**/*.ts", "sdk/src/naming/**/*.ts", "sdk/src/vocabulary/**/*.ts"],
        tests: ["test/identity/*.test.ts", "test/azure/*.test.ts", "test/registry/*.test.ts", "test/naming/*.test.ts"],
    },
    "hub": {
        mutate: ["sdk/src/hub/**/*.ts", "sdk/src/placement/**/*.ts"],
        tests: ["test/hub/*.test.ts", "test/placement/*.test.ts"],
    },
    "render": {
        mutate: [
            "sdk/src/render/workflow.ts",
            "sdk/src/render/workflowSpec.ts",
            "sdk/src/render/workflowSteps.ts",
            "sdk/src/render/hubSteps.ts",
            "sdk/src/render/hubKinds.ts",
            "sdk/src/render/scripts.ts",
            "sdk/src/render/rollout.ts",
            "sdk/src/render/helm.ts",
            "sdk/src/render/placement.ts",
            "sdk/src/render/placementProblems.ts",
            "sdk/src/render/placementOverrides.ts",
            "sdk/src/render/placementTypes.ts",
            "sdk/src/render/manifests.ts",
            "sdk/src/render/dockerfile.ts",
        ],
        tests: ["test/render/*.test.ts"],
        // Unit tests only: every component test renders a workflow, placement and manifests, so each surviving
        // renderer mutant ran the whole component suite, and the shard took over two hours. Its score is therefore
        // a lower bound: what the renderers' own and the other unit tests catch.
        componentTests: false,
    },
    "plan": {
        mutate: ["sdk/src/plan/monitor.ts", "sdk/src/resource/kubernetes.ts", "sdk/src/resource/conflicts.ts"],
        tests: ["test/plan/monitor.test.ts", "test/plan/aliases.test.ts", "test/plan/conflicts.test.ts"],
    },
};

// Every test that runs in this process: a test that plans in a child process never sees the mutated code.
// Unit tests before component tests: a mutant's run stops at its first failing test, and a pure function's own
// test fails in milliseconds where a component test under mocks takes tens.
const UNIT_TESTS = [
    "test/render/*.test.ts",
    "test/identity/*.test.ts",
    "test/azure/*.test.ts",
    "test/registry/*.test.ts",
    "test/hub/*.test.ts",
    "test/naming/*.test.ts",
    "test/placement/*.test.ts",
    "test/build/*.test.ts",
    "test/github/*.test.ts",
    "test/config/*.test.ts",
    "test/policy/rules.test.ts",
    "test/plan/monitor.test.ts",
    "test/plan/aliases.test.ts",
];

const shard = process.env.MUTATION_SHARD ?? "security";
if (!SHARDS[shard]) throw new Error(`MUTATION_SHARD ${shard} is not one of ${Object.keys(SHARDS).join(", ")}`);
const own = SHARDS[shard].tests;

export default {
    ...{
    "packageManager": "npm",
    "testRunner": "mocha",
    "mochaOptions": {
        "spec": [...own, ...UNIT_TESTS.filter((t) => !own.includes(t)), ...(SHARDS[shard].componentTests === false ? [] : ["test/*.test.ts"])],
        "ignore": [
            "test/fuzz.test.ts",
            "test/schema.test.ts",
            "test/yamlExample.test.ts"
        ],
        "require": [
            "ts-node/register/transpile-only"
        ],
        "extension": [
            "ts"
        ]
    },
    "checkers": [
        "typescript"
    ],
    "tsconfigFile": "sdk/tsconfig.json",
    "typescriptChecker": {
        "prioritizePerformanceOverAccuracy": true
    },
    "coverageAnalysis": "perTest",
    "incremental": true,
    "ignorePatterns": [
        "reports",
        "bench/results*",
        "out",
        ".stryker-tmp"
    ],
    "reporters": [
        "html",
        "progress",
        "clear-text"
    ],
    "clearTextReporter": {
        "reportTests": false,
        "reportMutants": false,
        "reportScoreTable": true
    },
    "concurrency": 4,
    "timeoutMS": 10000,
    "tempDirName": ".stryker-tmp",
    "cleanTempDir": "always",
    "ignoreStatic": true
},
    mutate: SHARDS[shard].mutate,
    // Beside the HTML report, untracked (reports/ is gitignored): the file (mutation-testing-report-schema, every mutant
    // with its status) stays on the machine, so the next run retests only the mutants whose code or covering test files
    // changed, and the scores are read from it. Committed, the four shards' files were 9.6 MB of the repository's 12.
    incrementalFile: `reports/mutation/${shard}.incremental.json`,
    htmlReporter: { fileName: `reports/mutation/${shard}.html` },
};
