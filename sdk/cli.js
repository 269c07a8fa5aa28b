#!/usr/bin/env node
// The package's command, `fleet-autodeploy plan`: a committed launcher, so npm can link it before the
// TypeScript is compiled (the root `prepare` script compiles it on install).
require("./bin/plan/cli.js");
