// TEMPORARY STUB (lead engineer testing; will be replaced)
import { Problem } from "../problems";
import { KubeObject } from "./kube";
export const PlacementType = { PickAll: "PickAll", PickN: "PickN", PickFixed: "PickFixed" } as const;
export type PlacementType = (typeof PlacementType)[keyof typeof PlacementType];
export interface PlacementSpec { name: string; namespace: string; type: PlacementType; clusterNames?: string[]; numberOfClusters?: number; requiredClusterLabels?: Record<string,string>;
  topologySpread?: { topologyKey: string; maxSkew?: number; whenUnsatisfiable?: "DoNotSchedule" | "ScheduleAnyway" }[];
  tolerations?: { key: string; operator?: "Equal" | "Exists"; value?: string; effect?: "NoSchedule" }[];
  rollingUpdate?: { maxUnavailable?: string; maxSurge?: string; unavailablePeriodSeconds?: number }; labels?: Record<string,string>; }
export interface PlacementObjects { placement: KubeObject; stagedUpdateStrategy?: KubeObject; overrides: KubeObject[] }
export function placementProblems(spec: PlacementSpec, path: string): Problem[] {
  const p: Problem[] = [];
  if (!Object.values(PlacementType).includes(spec.type)) p.push({ path: `${path}.type`, message: `${path}.type ${spec.type}` });
  if (spec.type === "PickN" && !(Number.isInteger(spec.numberOfClusters) && spec.numberOfClusters! >= 1)) p.push({ path: `${path}.numberOfClusters`, message: `PickN ${spec.numberOfClusters}` });
  if (spec.type === "PickAll" && spec.numberOfClusters !== undefined) p.push({ path: `${path}.numberOfClusters`, message: `PickAll` });
  if (new Set(spec.clusterNames ?? []).size !== (spec.clusterNames ?? []).length) p.push({ path: `${path}.clusterNames`, message: `eastus` });
  return p;
}
export function renderPlacement(spec: PlacementSpec): PlacementObjects {
  return { overrides: [], placement: { apiVersion: "placement.kubernetes-fleet.io/v1", kind: "ClusterResourcePlacement", metadata: { name: spec.name },
    spec: { resourceSelectors: [{ group: "", version: "v1", kind: "Namespace", name: spec.namespace }], policy: { placementType: spec.type, clusterNames: spec.clusterNames } } } };
}
