// What a GitHub-hosted runner has before the first step: the tools a step may call without installing them.
// Read from actions/runner-images (README.md: `ubuntu-latest` is `ubuntu-24.04`; images/ubuntu/Ubuntu2404-Readme.md,
// the image's software list, last changed in c5170d2, image 20260816.277.1). A tool's version here is the image's of that
// week: the image is rebuilt weekly, so a version that matters to what is staged is installed by the job, pinned.

export interface RunnerImage {
    /** The `runs-on` labels that select it. */
    labels: readonly string[];
    image: string;
    /** Where its software list was read. */
    source: string;
    /** Binary -> the version the image ships and the readme line that says so. */
    tools: Readonly<Record<string, { version: string; line: number }>>;
}

const README = "actions/runner-images@c5170d2845dc0eb0f22853ec70bd4f1c891112ca images/ubuntu/Ubuntu2404-Readme.md";

export const UBUNTU_24_04: RunnerImage = {
    // README.md:25 (at 7495144): "`ubuntu-latest` or `ubuntu-24.04`".
    labels: ["ubuntu-latest", "ubuntu-24.04"],
    image: "ubuntu-24.04 20260816.277.1",
    source: README,
    tools: {
        az: { version: "2.89.1", line: 108 },
        bash: { version: "5.2.21", line: 15 },
        curl: { version: "8.5.0", line: 266 },
        docker: { version: "28.0.4", line: 75 },
        // The Docker CLI plugin (`docker buildx`); setup-buildx uses it when given no `version`.
        buildx: { version: "0.36.1", line: 74 },
        gh: { version: "2.97.0", line: 110 },
        git: { version: "2.55.0", line: 78 },
        helm: { version: "3.21.4", line: 32 },
        jq: { version: "1.7", line: 82 },
        kubectl: { version: "1.36.3", line: 84 },
        kustomize: { version: "5.8.1", line: 85 },
        node: { version: "22.23.2", line: 24 },
        pulumi: { version: "3.257.0", line: 96 },
        pwsh: { version: "7.6.5", line: 217 },
        tar: { version: "1.35", line: 317 },
        unzip: { version: "6.0", line: 324 },
        yq: { version: "4.53.3", line: 100 },
        // Not there: kubelogin (azure/use-kubelogin installs it), kompose.
    },
};

export const RUNNER_IMAGES: readonly RunnerImage[] = [UBUNTU_24_04];

export function runnerImage(runsOn: unknown): RunnerImage | undefined {
    return RUNNER_IMAGES.find((i) => typeof runsOn === "string" && i.labels.includes(runsOn));
}
