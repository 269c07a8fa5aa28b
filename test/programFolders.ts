// The program folders under a folder of the repository, as the tests that run every example or fixture list them:
// each subfolder with a Pulumi.yaml, and for a subfolder without one (an example of several stacks, such as
// examples/multi-stack), each of its subfolders with one. Paths relative to the repository's root, sorted.
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const isProgram = (rel: string) => fs.existsSync(path.join(ROOT, rel, "Pulumi.yaml"));
const subfolders = (rel: string) =>
    fs
        .readdirSync(path.join(ROOT, rel), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `${rel}/${e.name}`)
        .sort();

export function programFolders(rel: string): string[] {
    return subfolders(rel).flatMap((d) => (isProgram(d) ? [d] : subfolders(d).filter(isProgram)));
}
