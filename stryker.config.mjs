// Mutation testing of the code where a bug is a security or outage bug (README, "Mutation testing"). A measurement,
// not a CI gate. The scope is cut into shards, each a bounded run with its own incremental file and report, so a run
// that is stopped loses one shard at most: MUTATION_SHARD=security|hub|render|plan npx stryker run (scripts/mutation.ts
// runs them all in turn, then prints the score per folder).
const SHARDS = {
    "security": [
        "sdk/src/identity/**/*.ts",
        "sdk/src/azure/**/*.ts",
        "sdk/src/registry/**/*.ts"
    ],
    "hub": [
        "sdk/src/hub/**/*.ts"
    ],
    "render": [
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
        "sdk/src/render/dockerfile.ts"
    ],
    "plan": [
        "sdk/src/plan/monitor.ts"
    ]
};

const shard = process.env.MUTATION_SHARD ?? "security";
if (!SHARDS[shard]) throw new Error(`MUTATION_SHARD ${shard} is not one of ${Object.keys(SHARDS).join(", ")}`);

export default {
    ...{
    "packageManager": "npm",
    "testRunner": "mocha",
    "mochaOptions": {
        // Unit tests first: a run stops at the first failing test, and the pure renderers' own tests fail in
        // milliseconds where a component test under mocks takes tens.
        "spec": [
            "test/render/*.test.ts",
            "test/identity/*.test.ts",
            "test/azure/*.test.ts",
            "test/hub/*.test.ts",
            "test/config/*.test.ts",
            "test/policy/rules.test.ts",
            "test/plan/monitor.test.ts",
            "test/plan/aliases.test.ts",
            "test/*.test.ts"
        ],
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
        "json",
        "progress",
        "clear-text"
    ],
    "clearTextReporter": {
        "reportTests": false,
        "reportMutants": false,
        "reportScoreTable": true
    },
    "concurrency": 4,
    "timeoutMS": 20000,
    "tempDirName": ".stryker-tmp",
    "cleanTempDir": "always",
    "ignoreStatic": true
},
    mutate: SHARDS[shard],
    incrementalFile: `reports/mutation/${shard}.incremental.json`,
    jsonReporter: { fileName: `reports/mutation/${shard}.json` },
};
