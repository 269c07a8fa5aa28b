// Locates ../shared/reference (the reviewed facts, pins and Fleet CRDs) beside the checkout. CI
// clones the project with shared/ beside it; a clone elsewhere can point at it with SHARED_REFERENCE_DIR.
import * as fs from "fs";
import * as path from "path";

export function referenceDir(): string {
    const candidates = [
        process.env.SHARED_REFERENCE_DIR,
        path.resolve(__dirname, "../../shared/reference"),
        "/work/shared/reference",
    ].filter((c): c is string => !!c);
    const found = candidates.find((c) => fs.existsSync(path.join(c, "FACTS.md")));
    if (!found) throw new Error(`shared/reference not found (tried ${candidates.join(", ")}): set SHARED_REFERENCE_DIR`);
    return found;
}
