// The world the repository's programs expect before their first `up`: the ids of their sample stacks, the member
// clusters their code names, and the GitHub repositories and teams their config names.
import { WorldSpec } from "./world";

export const SUB = "11111111-2222-3333-4444-555555555555";
export const EASTUS_KUBELET = "0f0e0d0c-0b0a-4909-8807-060504030201";

export function contosoWorld(overrides: Partial<WorldSpec> = {}): WorldSpec {
    return {
        subscription: SUB,
        location: "westeurope",
        resourceGroups: ["rg-fleet", "rg-acr"],
        fleets: [
            {
                resourceGroup: "rg-fleet", name: "contoso-fleet",
                // examples/existing-namespace-helm passes member-eastus's kubelet id in its config: the same cluster.
                members: [{ name: "member-eastus", kubeletObjectId: EASTUS_KUBELET }, { name: "member-westeurope" }, { name: "member-southeastasia" }],
            },
            { resourceGroup: "rg-fleet", name: "fleet", members: [{ name: "m1" }, { name: "m2" }, { name: "m3" }] },
        ],
        registries: [{ resourceGroup: "rg-acr", name: "contosoacr" }, { resourceGroup: "rg-acr", name: "acr" }],
        github: {
            owner: "contoso",
            // platform and monorepo deploy a staging app from develop: a branch the repository must already have.
            repositories: ["storefront", "orders-api", "payments", "web", "shop", "api", "jobs", "search"].map((name) => ({ name, branches: ["storefront", "shop"].includes(name) ? ["develop"] : [] })),
            teams: [4242],
            users: [],
            tokenPermissions: ["actions:read"],
        },
        entra: { permission: "Application.ReadWrite.OwnedBy" },
        ...overrides,
    };
}
