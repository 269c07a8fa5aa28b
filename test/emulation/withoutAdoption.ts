// The library as a program sees it, except that FleetAutomatedDeployment drops what adopts existing objects (`adopt`,
// members' `existingPullGrantId`): the same program as if it had been written without them. adoption.test.ts resolves
// "fleet-autodeploy" here while such a program runs.
import * as pulumi from "@pulumi/pulumi";
import * as sdk from "../../sdk/src";

export * from "../../sdk/src";

export class FleetAutomatedDeployment extends sdk.FleetAutomatedDeployment {
    constructor(name: string, args: sdk.FleetAutomatedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        const { adopt: _adopt, ...rest } = args;
        const members = args.members?.map(({ existingPullGrantId: _id, ...m }) => m);
        super(name, { ...rest, ...(members ? { members } : {}) }, opts);
    }
}
