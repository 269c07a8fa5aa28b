// Placement specs shared by the placement renderers' tests: a PickFixed base, and one spec per feature.
import { PlacementSpec } from "../../sdk/src/render/placement";

export const base: PlacementSpec = { name: "web", namespace: "web", type: "PickFixed", clusterNames: ["eastus", "westeu"] };

export const variants: Record<string, PlacementSpec> = {
    "PickFixed": base,
    "PickAll": { name: "web", namespace: "web", type: "PickAll" },
    "PickAll with required labels and tolerations": {
        name: "web",
        namespace: "web",
        type: "PickAll",
        requiredClusterLabels: { "fleet.azure.com/location": "eastus", env: "prod" },
        tolerations: [
            { key: "dedicated", value: "apps", effect: "NoSchedule" },
            { key: "gpu", operator: "Exists" },
        ],
    },
    "PickN with affinity and topology spread": {
        name: "web",
        namespace: "web",
        type: "PickN",
        numberOfClusters: 3,
        requiredClusterLabels: { env: "prod" },
        preferredClusterLabels: [
            { weight: 20, labels: { tier: "gold" } },
            { weight: -10, labels: { spot: "true" } },
        ],
        topologySpread: [{ topologyKey: "fleet.azure.com/location", maxSkew: 1, whenUnsatisfiable: "DoNotSchedule" }, { topologyKey: "zone" }],
    },
    "rolling update and apply strategy": {
        ...base,
        rollingUpdate: { maxUnavailable: 1, maxSurge: "50%", unavailablePeriodSeconds: 30 },
        applyStrategy: { type: "ServerSideApply", comparisonOption: "FullComparison", whenToApply: "IfNotDrifted", whenToTakeOver: "Never" },
        revisionHistoryLimit: 5,
    },
    "staged rollout with waits and approvals": {
        name: "web",
        namespace: "web",
        type: "PickAll",
        stagedRollout: {
            stages: [
                { name: "canary", labels: { "fleet-stage": "canary" }, maxConcurrency: "1", afterStageWaitMinutes: 30 },
                { name: "europe", labels: { "fleet-stage": "europe" }, maxConcurrency: "50%", afterStageWaitMinutes: 10, requireApproval: true },
                { name: "rest", labels: { "fleet-stage": "rest" } },
            ],
        },
    },
    "overrides per region": {
        ...base,
        overrides: [
            {
                name: "more-replicas-eastus",
                clusterLabels: { "fleet.azure.com/location": "eastus" },
                resource: { group: "apps", version: "v1", kind: "Deployment", name: "web" },
                patches: [{ op: "replace", path: "/spec/replicas", value: 4 }],
            },
            {
                name: "no-debug",
                clusterLabels: { env: "prod" },
                resource: { group: "", version: "v1", kind: "ConfigMap", name: "web" },
                patches: [
                    { op: "remove", path: "/data/DEBUG" },
                    { op: "add", path: "/data/MODE", value: "prod" },
                ],
            },
            {
                name: "region-label",
                clusterLabels: { "fleet.azure.com/location": "westeurope" },
                resource: { group: "", version: "v1", kind: "Service", name: "web" },
                patches: [
                    { op: "add", path: "/metadata/labels/region", value: "eu" },
                    { op: "add", path: "/metadata/labels/contoso.com~1cluster", value: "${MEMBER-CLUSTER-NAME}" },
                ],
            },
        ],
    },
};
