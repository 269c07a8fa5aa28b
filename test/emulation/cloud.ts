// The emulated clouds together: one world, one directory of principals, and the fake that serves each resource type.
import { ArmFake } from "./arm";
import { CloudError, Fake, Inputs } from "./cloudError";
import { EntraFake } from "./entra";
import { GitHubFake } from "./github";
import { HubFake } from "./hub";
import { Directory, WorldSpec } from "./world";

export class Cloud {
    readonly directory = new Directory();
    readonly hubs: HubFake;
    readonly arm: ArmFake;
    readonly entra: EntraFake;
    readonly github: GitHubFake;
    private readonly fakes: Fake[];

    constructor(readonly world: WorldSpec) {
        this.hubs = new HubFake(world);
        this.arm = new ArmFake(world, this.directory, this.hubs);
        this.entra = new EntraFake(world, this.directory);
        this.github = new GitHubFake(world);
        this.fakes = [this.arm, this.entra, this.github, this.hubs];
    }

    /** The fake serving `type`; undefined for providers and components, which touch no cloud. */
    fakeFor(type: string): Fake | undefined {
        if (type.startsWith("pulumi:providers:")) return undefined;
        const fake = this.fakes.find((f) => f.types.some((t) => (t.endsWith(":") ? type.startsWith(t) : t === type)));
        // Nothing is accepted unseen: a type no fake serves fails the up, naming it.
        if (!fake) throw new CloudError("Engine", 0, "NoFake", `the emulation has no fake for ${type}: add it to a fake in test/emulation/`);
        return fake;
    }

    invoke(token: string, args: Inputs): Inputs {
        for (const f of this.fakes) {
            const answer = f.invokes[token];
            if (answer) return answer(args);
        }
        throw new CloudError("Engine", 0, "NoInvoke", `the emulation answers no invoke ${token}`);
    }
}
