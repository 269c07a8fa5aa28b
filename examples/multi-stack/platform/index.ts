import * as pulumi from "@pulumi/pulumi";
import { FleetMemberRegistryAccess, HubNamespace } from "fleet-autodeploy";

// The platform team's stack: what every team on the fleet shares, so that no team stack owns it.
const config = new pulumi.Config();
const fleetId = config.require("fleetId");
const registryId = config.require("registryId");
const members = config.requireObject<string[]>("members");
const namespaces = config.requireObject<string[]>("namespaces");

// Each member's pull grant on the shared registry: one Azure role assignment per member, owned here. Team stacks
// list the members with pullGrant "external" and register none.
new FleetMemberRegistryAccess("members-pull", { registryId, fleetId, members: members.map((name) => ({ name })) });

// One hub namespace per team, created (and kept on destroy) here; each team stack stages into its own with
// existingNamespace: true and places it on its members.
for (const namespace of namespaces) new HubNamespace(namespace, { fleetId, namespace });

// What the team stacks need, as plain strings (their Pulumi.<stack>.yaml, or a StackReference: see the README).
export { fleetId, registryId, namespaces, members };
