// Stryker writes its incremental file with this machine's paths: projectRoot (process.cwd(), which it never reads
// back; it matches files by their relative names) and, inside the statusReason of a failed test, the sandbox's and
// temporary folders' paths. The files are committed, so each is rewritten relative to the checkout once Stryker wrote it.

/** The report's text with `root` (the checkout Stryker ran in) and temporary folders under `tmp` made relative. */
export function relativePaths(text: string, root: string, tmp: string): string {
    const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    return text
        // A sandbox is a copy of the checkout: its files are the checkout's.
        .replace(new RegExp(`${re(root)}/\\.stryker-tmp/sandbox-[A-Za-z0-9]+/`, "g"), "")
        .replace(new RegExp(`${re(root)}/`, "g"), "")
        .replace(new RegExp(`${re(root)}(?![\\w./-])`, "g"), ".")
        // A test's own temporary folder (mkdtemp: a prefix and six random characters); a path inside a container stays.
        .replace(new RegExp(`${re(tmp)}/(?=[\\w.-]+-[A-Za-z0-9]{6}\\b)`, "g"), "$TMPDIR/");
}
