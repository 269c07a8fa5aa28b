// The public API, by intent (sdk/src/index.ts): a name added or removed there is a decision, reviewed here; every public
// name is documented; and the examples, written as users write programs, use only public names.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");
const INDEX = path.join(ROOT, "sdk", "src", "index.ts");

/** Reviewed on change: what a user of the package may import. */
const PUBLIC = {
    components: ["FleetAutomatedDeployment", "GitHubOidcIdentity", "GitHubRepositoryWiring", "FleetMemberRegistryAccess", "HubNamespace", "NamespacePlacement"],
    args: ["FleetAutomatedDeploymentArgs", "GitHubOidcIdentityArgs", "GitHubRepositoryWiringArgs", "FleetMemberRegistryAccessArgs", "HubNamespaceArgs", "NamespacePlacementArgs"],
    argumentTypes: [
        "AdoptionArgs",
        "AdoptedCredentialArgs",
        "AdoptedRoleAssignmentsArgs",
        "GitHubEnvironmentArgs",
        "ContainerizeArgs",
        "GeneratedManifestsArgs",
        "AutoscalingArgs",
        "RepositoryFileArgs",
        "FleetMemberArgs",
        "NamespaceQuotaArgs",
        "NamespaceNetworkPolicyArgs",
        "FleetPlacementArgs",
        "PlacementTolerationArgs",
        "PlacementTopologySpreadArgs",
        "PlacementApplyStrategyArgs",
        "StagedRolloutArgs",
        "RolloutStageArgs",
        "PlacementOverrideArgs",
        "JsonPatchArgs",
        "ClusterCountOrPercent",
    ],
    enums: [
        "IdentityKind",
        "SubjectFormat",
        "AzureCloud",
        "NamespaceMode",
        "RegistryAccessMode",
        "CredentialStore",
        "FileOwnership",
        "BuildMode",
        "LayerCache",
        "ManifestSource",
        "PullGrant",
        "PlacementType",
        "HubLogin",
    ],
    grants: ["grantRegistryPull", "RegistryPullGrantArgs", "fleetHubProvider"],
    programs: ["deploymentProblems", "DeploymentEntry"],
    subjects: ["branchSubject", "legacySubject", "immutableSubject", "customSubject", "GITHUB_OIDC_ISSUER", "AZURE_TOKEN_AUDIENCE"],
};
const NAMES = Object.values(PUBLIC).flat().sort();

describe("the public API (sdk/src/index.ts)", function () {
    this.timeout(120000);
    let checker: ts.TypeChecker;
    let exported: ts.Symbol[];

    before(() => {
        const program = ts.createProgram([INDEX], {
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.Node16,
            moduleResolution: ts.ModuleResolutionKind.Node16,
            strict: true,
            skipLibCheck: true,
            noEmit: true,
            esModuleInterop: true,
            resolveJsonModule: true,
        });
        checker = program.getTypeChecker();
        exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!);
    });

    it("exports exactly the reviewed names", () => {
        assert.deepStrictEqual(exported.map((s) => s.name).sort(), NAMES);
    });

    it("exports every type the schema describes, so a TypeScript user can name what another language sees", () => {
        const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "sdk", "schema.json"), "utf8"));
        const tokens = [...Object.keys(schema.resources), ...Object.keys(schema.types)].map((t) => t.split(":").pop()!);
        assert.deepStrictEqual(
            tokens.filter((t) => !NAMES.includes(t)),
            [],
        );
    });

    it("documents every public name (JSDoc on its declaration)", () => {
        const undocumented = exported
            .filter((s) => {
                const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
                // An as-const enum is a value and a type of one name: either declaration's comment documents it.
                return (target.declarations ?? []).every((d) => ts.getJSDocCommentsAndTags(d).length === 0 && ts.getJSDocCommentsAndTags(d.parent?.parent ?? d).length === 0);
            })
            .map((s) => s.name);
        assert.deepStrictEqual(undocumented, []);
    });

    it("the examples import only public names, and nothing from inside the package", () => {
        const dirs = fs.readdirSync(path.join(ROOT, "examples"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("index.ts") && !f.includes("node_modules"));
        assert.ok(dirs.length >= 5, dirs.join(", "));
        const used = new Set<string>();
        for (const file of dirs) {
            const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, "examples", file), "utf8"), ts.ScriptTarget.Latest, true);
            for (const st of source.statements.filter(ts.isImportDeclaration)) {
                const from = (st.moduleSpecifier as ts.StringLiteral).text;
                assert.ok(!from.startsWith("fleet-autodeploy/") && !/sdk\//.test(from), `${file} imports ${from}`);
                const bindings = st.importClause?.namedBindings;
                if (from === "fleet-autodeploy" && bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => used.add((e.propertyName ?? e.name).text));
            }
        }
        assert.ok(used.has("FleetAutomatedDeployment"));
        assert.deepStrictEqual(
            [...used].filter((n) => !NAMES.includes(n)),
            [],
        );
    });
});
