// Well-formed fake ids shared by the component tests.
export const SUB = "11111111-2222-3333-4444-555555555555";
export const FLEET_RG = `/subscriptions/${SUB}/resourceGroups/rg-fleet`;
export const FLEET = `${FLEET_RG}/providers/Microsoft.ContainerService/fleets/hub`;
export const REGISTRY = `/subscriptions/${SUB}/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoacr`;
export const KUBELET_WEST = "99999999-8888-7777-6666-555555555555";
