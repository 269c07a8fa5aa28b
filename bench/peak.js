// Preloaded into each measured process: records its peak resident memory (KB) when it exits.
const fs = require("node:fs");
process.on("exit", () => {
    if (process.env.BENCH_PEAK_FILE) fs.writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS));
});
