#!/usr/bin/env node
// The package's command, `fleet-autodeploy plan`: a committed launcher, so npm can link it before the
// TypeScript is compiled (the package's `prepare` script compiles it on install, also as a workspace of the root).
require("./bin/plan/cli.js");
