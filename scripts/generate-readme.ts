// Rewrites the generated parts of docs/reference.md from sdk/schema.json: the root program's stack config
// (sdk/src/config/configReference.ts) and every argument of every component (scripts/argumentReference.ts).
// (Named generate:readme because the config reference lived in README.md; its markers still name the command.)
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { packageSchema } from "../sdk/src/config/argumentShapes";
import { renderConfigReference, withConfigReference } from "../sdk/src/config/configReference";
import { ARGUMENTS_END, ARGUMENTS_START, renderArgumentReference, Schema, withBlock } from "./argumentReference";

const root = path.resolve(__dirname, "..");
const project = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")).name;
const reference = path.join(root, "docs/reference.md");
const schema = JSON.parse(fs.readFileSync(path.join(root, "sdk/schema.json"), "utf8")) as Schema;
let text = fs.readFileSync(reference, "utf8");
text = withConfigReference(text, renderConfigReference(packageSchema(), project));
text = withBlock(text, ARGUMENTS_START, ARGUMENTS_END, renderArgumentReference(schema), "docs/reference.md");
fs.writeFileSync(reference, text);
