// Rewrites the root program's config reference in README.md from sdk/schema.json (see sdk/src/config/configReference.ts).
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { packageSchema } from "../sdk/src/config/argumentShapes";
import { renderConfigReference, withConfigReference } from "../sdk/src/config/configReference";

const root = path.resolve(__dirname, "..");
const project = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")).name;
const readme = path.join(root, "README.md");
fs.writeFileSync(readme, withConfigReference(fs.readFileSync(readme, "utf8"), renderConfigReference(packageSchema(), project)));
