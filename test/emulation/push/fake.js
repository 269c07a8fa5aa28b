#!/usr/bin/env node
// One stateful fake behind every stub binary of the emulated first push (az, curl, kubelogin, kubectl, docker, helm,
// sleep): a small HTTP server (`node fake.js PORTFILE`) that each stub posts its tool, arguments, environment
// and stdin to; a node process per call would cost more than the scripts it answers. The world (a virtual clock, identities, role assignments, the registry, the hub)
// is a JSON file at $FAKE_STATE; what a runner VM keeps (Azure CLI's profile and token cache, Docker's credentials) is
// under $HOME, which the emulated runner gives each job afresh. Nothing sleeps: `sleep` and each command advance the
// clock. Each refusal below is the service's documented answer, with its source beside it; plain JS, so a stub starts
// without a compiler.

const fs = require("node:fs");
const path = require("node:path");

// One request at a time: these hold the current call.
let tool, args, E, STDIN, CWD, OUT, S, statePath;
/** What a command costs on the virtual clock, in seconds (a round trip or two). */
const COST = { az: 2, curl: 1, kubectl: 1, kubelogin: 0, docker: 1, helm: 0, sleep: 0 };

class Refusal extends Error {
    constructor(message, code = 1) {
        super(message);
        this.code = code;
    }
}
const out = (s) => {
    OUT += s.endsWith("\n") ? s : `${s}\n`;
};
const save = () => fs.writeFileSync(statePath, JSON.stringify(S, null, 1));
const log = (entry) => S.log.push(`${S.now} ${entry}`);
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const token = (claims) => `${b64({ alg: "none" })}.${b64(claims)}.fake`;
const claimsOf = (t) => {
    try {
        return JSON.parse(Buffer.from(String(t).split(".")[1], "base64url").toString());
    } catch {
        return undefined;
    }
};
const flag = (name, list = args) => {
    const i = list.indexOf(name);
    return i >= 0 ? list[i + 1] : undefined;
};
const has = (name) => args.includes(name);

// ---- the world ----
/** A role assignment is in effect once its propagation delay has passed (Microsoft Learn, "Troubleshoot Azure RBAC"). */
const visible = (client, role) => S.roles.some((r) => r.client === client && r.role === role && r.visibleAt <= S.now);
/** A subscription is listed for an identity once any of its roles there is visible (Subscriptions - List). */
const visibleSubscriptions = (client) => (S.roles.some((r) => r.client === client && r.visibleAt <= S.now) ? [S.subscription] : []);
const canPush = (client) => visible(client, S.registry.abac ? "Container Registry Repository Writer" : "AcrPush");

// ---- Azure CLI: ~/.azure, per runner ----
const profilePath = () => path.join(E.HOME, ".azure", "fake-profile.json");
const loadProfile = () => (fs.existsSync(profilePath()) ? JSON.parse(fs.readFileSync(profilePath(), "utf8")) : { cloud: "AzureCloud", subscriptions: [], tokens: {} });
const saveProfile = (p) => {
    fs.mkdirSync(path.dirname(profilePath()), { recursive: true });
    fs.writeFileSync(profilePath(), JSON.stringify(p));
};
const ARM = "https://management.core.windows.net/";

/**
 * A credential trusts a subject exactly (`subject`) or, a flexible one, by its `claims['sub'] matches '...'` pattern
 * (`pattern`), where `*` matches any characters, '/' included (learn.microsoft.com/entra/workload-id/
 * workload-identities-flexible-federated-identity-credentials, "matches" operator).
 */
const trusts = (f, sub) =>
    f.pattern !== undefined
        ? new RegExp(
              `^${f.pattern
                  .split("*")
                  .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                  .join(".*")}$`,
          ).test(sub)
        : f.subject === sub;

/**
 * Entra's token endpoint for a federated credential: the GitHub ID token is the client assertion. Refused when expired
 * (AADSTS700024, "Client assertion is not within its valid time range"; Azure/azure-cli issue 28708), when no credential
 * of the app matches its subject (AADSTS70021), or, for a new credential, before it has propagated (AADSTS70021 too:
 * workload-identity-federation-considerations), and for another audience (AADSTS700212).
 */
function exchange(client, assertion) {
    const c = claimsOf(assertion);
    const issued = c && S.issued[c.jti];
    if (!issued) throw new Refusal("ERROR: AADSTS50027: JWT token is invalid or malformed.");
    if (S.now >= c.exp)
        throw new Refusal(`ERROR: AADSTS700024: Client assertion is not within its valid time range. Current time: ${S.now}, assertion valid from ${c.iat}, expiry time of assertion ${c.exp}.`);
    const identity = S.identities[client];
    const matches = (identity?.credentials ?? []).filter((f) => trusts(f, c.sub) && f.createdAt + f.propagationSeconds <= S.now);
    if (matches.length === 0)
        throw new Refusal(
            `ERROR: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: '${c.sub}'. Assertion Audience: '${c.aud}'.`,
        );
    if (!matches.some((f) => f.audience === c.aud)) throw new Refusal(`ERROR: AADSTS700212: No matching federated identity record found for presented assertion audience '${c.aud}'.`);
}

/** An access token for `resource`: from the cache while valid, else a new exchange with the stored assertion (MSAL). */
function accessToken(p, resource) {
    if (!p.client) throw new Refusal("ERROR: Please run 'az login' to setup account.");
    const cached = p.tokens[resource];
    if (cached && cached.exp > S.now) return cached;
    exchange(p.client, p.assertion);
    const t = { token: token({ oid: p.client, aud: resource, exp: S.now + S.accessTokenSeconds }), exp: S.now + S.accessTokenSeconds };
    p.tokens[resource] = t;
    log(`entra token for ${resource} to ${p.client}`);
    return t;
}

/** `--subscription X` is looked up in the list cached at sign-in (azure-cli _profile.py, Profile.get_subscription). */
function subscriptionFor(p) {
    const asked = flag("--subscription");
    if (asked !== undefined) {
        if (!p.subscriptions.some((s) => s.id === asked)) throw new Refusal(`ERROR: Subscription '${asked}' not found. Check the spelling and casing and try again.`);
        return asked;
    }
    const current = p.subscriptions.find((s) => s.isDefault);
    if (!current) throw new Refusal("ERROR: Please run 'az login' to setup account.");
    // A tenant-level account (--allow-no-subscriptions) has the tenant's id where ARM expects a subscription.
    if (current.tenantLevel) throw new Refusal(`ERROR: (SubscriptionNotFound) The subscription '${current.id}' could not be found.`);
    return current.id;
}

const authorizationFailed = (p, action, scope) =>
    new Refusal(
        `ERROR: (AuthorizationFailed) The client '${p.client}' with object id '${p.client}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid.`,
    );

/** An ACR refresh token: the exchange records what the identity may do when it is made (the report, modelled). */
function acrRefreshToken(p) {
    accessToken(p, ARM);
    return token({ acr: "refresh", client: p.client, push: canPush(p.client), pull: true, exp: S.now + 3 * 3600, minted: S.now });
}

function az() {
    const p = loadProfile();
    const [a, b] = args;
    if (a === "version") return out(JSON.stringify({ "azure-cli": "2.75.0" }));
    if (a === "cloud" && b === "set") {
        const name = flag("-n") ?? flag("--name");
        const known = ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"].find((c) => c.toLowerCase() === String(name).toLowerCase());
        if (!known) throw new Refusal(`ERROR: Unknown cloud ${name}`);
        p.cloud = known;
        return saveProfile(p);
    }
    if (a === "login") {
        if (!has("--service-principal")) throw new Refusal("ERROR: the emulation signs in service principals only");
        const client = flag("--username") ?? flag("-u");
        const assertion = flag("--federated-token");
        exchange(client, assertion);
        const subs = visibleSubscriptions(client);
        // azure-cli _profile.py, Profile.login: "No subscriptions found for {}." unless --allow-no-subscriptions.
        if (subs.length === 0 && !has("--allow-no-subscriptions")) throw new Refusal(`ERROR: No subscriptions found for ${client}.`);
        const listed = subs.length > 0 ? subs.map((id) => ({ id })) : [{ id: S.tenant, tenantLevel: true }];
        const active = p.client === client ? p.subscriptions.find((s) => s.isDefault)?.id : undefined;
        // Profile._set_subscriptions: merged with what was cached, the active one kept if listed again.
        const merged = [...(p.client === client ? p.subscriptions.filter((s) => !listed.some((l) => l.id === s.id)) : []), ...listed].map((s) => ({ ...s, isDefault: false }));
        (merged.find((s) => s.id === active && listed.some((l) => l.id === s.id)) ?? merged.find((s) => listed[0].id === s.id)).isDefault = true;
        const tokens = p.client === client ? p.tokens : {};
        Object.assign(p, { client, tenant: flag("--tenant") ?? flag("-t"), assertion, subscriptions: merged, tokens });
        // Listing subscriptions took an ARM token, which MSAL now caches.
        p.tokens[ARM] = { token: token({ oid: client, aud: ARM }), exp: S.now + S.accessTokenSeconds };
        log(`az login ${client}: ${subs.length} subscription(s)`);
        return saveProfile(p);
    }
    if (a === "account" && b === "set") {
        const asked = String(flag("--subscription") ?? flag("-s"));
        const found = p.subscriptions.find((s) => !s.tenantLevel && s.id.toLowerCase() === asked.toLowerCase());
        // Profile.set_active_subscription, against the cached list only.
        if (!found) throw new Refusal(`ERROR: The subscription of '${asked.toLowerCase()}' doesn't exist in cloud '${p.cloud}'.`);
        p.subscriptions.forEach((s) => (s.isDefault = s === found));
        return saveProfile(p);
    }
    if (a === "account" && b === "get-access-token") {
        const t = accessToken(p, flag("--resource") ?? ARM);
        saveProfile(p);
        return out(JSON.stringify({ accessToken: t.token, expires_on: t.exp, tenant: p.tenant, tokenType: "Bearer" }));
    }
    if (a === "acr" && b === "login") {
        if (flag("--name") !== S.registry.name) throw new Refusal(`ERROR: The resource with name '${flag("--name")}' and type 'Microsoft.ContainerRegistry/registries' could not be found.`);
        const refresh = acrRefreshToken(p);
        saveProfile(p);
        if (has("--expose-token")) return out(refresh);
        // Docker's credential for the login server: what buildx pushes with.
        const dockerConfig = path.join(E.HOME, ".docker", "config.json");
        fs.mkdirSync(path.dirname(dockerConfig), { recursive: true });
        fs.writeFileSync(dockerConfig, JSON.stringify({ auths: { [S.registry.loginServer]: { identitytoken: refresh } } }));
        log(`docker credential for ${p.client}, push=${claimsOf(refresh).push}`);
        return out("Login Succeeded");
    }
    if (a === "acr" && b === "build") {
        subscriptionFor(p);
        accessToken(p, ARM);
        if (flag("--registry") !== S.registry.name) throw new Refusal(`ERROR: The resource with name '${flag("--registry")}' and type 'Microsoft.ContainerRegistry/registries' could not be found.`);
        if (!visible(p.client, "Container Registry Tasks Contributor")) throw authorizationFailed(p, "Microsoft.ContainerRegistry/registries/listBuildSourceUploadUrl/action", S.registry.name);
        S.now += S.buildSeconds;
        const asCaller = flag("--source-acr-auth-id") === "[caller]";
        // On an ABAC registry a task has no data-plane access of its own (container-registry-rbac-abac-repository-permissions).
        if (S.registry.abac && !(asCaller && canPush(p.client))) throw new Refusal("ERROR: denied: requested access to the resource is denied");
        S.registry.images.push(flag("--image"));
        log(`acr build pushed ${flag("--image")}`);
        return out(`Run ID: ca1 was successful after ${S.buildSeconds}s`);
    }
    if (a === "fleet" && b === "get-credentials") {
        subscriptionFor(p);
        accessToken(p, ARM);
        // ARM's answer for a fleet that is not there (ResourceNotFound, as `az fleet show` prints it).
        if (flag("--name") !== S.fleet.name || flag("--resource-group") !== S.fleet.resourceGroup) {
            throw new Refusal(`ERROR: (ResourceNotFound) The Resource 'Microsoft.ContainerService/fleets/${flag("--name")}' under resource group '${flag("--resource-group")}' was not found.`);
        }
        if (!visible(p.client, "Azure Kubernetes Fleet Manager Hub Cluster User Role")) throw authorizationFailed(p, "Microsoft.ContainerService/fleets/listCredentials/action", S.fleet.name);
        // As listCredentials returns it: kubelogin with its default login, devicecode.
        const kubeconfig = {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "hub", cluster: { server: "https://hub.fleet.test" } }],
            contexts: [{ name: "hub", context: { cluster: "hub", user: "u" } }],
            "current-context": "hub",
            users: [{ name: "u", user: { exec: { command: "kubelogin", args: ["get-token", "--login", "devicecode", "--server-id", S.fleet.serverId, "--tenant-id", S.tenant] } } }],
        };
        return fs.writeFileSync(flag("--file"), JSON.stringify(kubeconfig));
    }
    throw new Refusal(`fake az: no model for 'az ${args.join(" ")}'`, 2);
}

// ---- curl: GitHub's ID token service and the registry's token endpoint ----
function curl() {
    const url = flag("--url") ?? args.filter((x) => /^https?:/.test(x)).pop();
    const stdin = () => STDIN;
    if (url?.startsWith(S.github.idTokenUrl)) {
        const auth = /Authorization: bearer (\S+)"/i.exec(stdin())?.[1];
        if (!E.ACTIONS_ID_TOKEN_REQUEST_TOKEN || auth !== S.github.requestToken) throw new Refusal("curl: (22) The requested URL returned error: 401", 22);
        const aud = decodeURIComponent(/[?&]audience=([^&]*)/.exec(url)?.[1] ?? "") || "https://github.com/contoso";
        const jti = `t${++S.seq}`;
        // GitHub's ID tokens are valid for 5 minutes (Azure/azure-cli issue 28737: "5 minutes on GitHub Actions").
        const claims = { iss: "https://token.actions.githubusercontent.com", sub: E.FAKE_OIDC_SUBJECT, aud, iat: S.now, exp: S.now + S.github.idTokenSeconds, jti };
        S.issued[jti] = true;
        log(`github id token ${jti} for ${claims.sub}`);
        return out(JSON.stringify({ count: 1, value: token(claims) }));
    }
    if (url === `https://${S.registry.loginServer}/oauth2/token`) {
        const refresh = claimsOf(stdin().trim());
        const scope = args.find((x) => x.startsWith("scope="))?.slice(6) ?? "";
        if (refresh?.acr !== "refresh" || refresh.exp <= S.now) throw new Refusal("curl: (22) The requested URL returned error: 401", 22);
        const [, repo, wanted] = scope.split(":");
        const actions = String(wanted)
            .split(",")
            .filter((x) => x === "pull" || (x === "push" && refresh.push));
        return out(JSON.stringify({ access_token: token({ access: [{ type: "repository", name: repo, actions }] }) }));
    }
    throw new Refusal(`curl: (6) Could not resolve host: ${url}`, 6);
}

// ---- kubelogin and kubectl: the hub ----
const kubeconfigPath = () => E.KUBECONFIG || path.join(E.HOME, ".kube", "config");
function onPath(name) {
    return String(E.PATH)
        .split(":")
        .some((d) => d && fs.existsSync(path.join(d, name)));
}

/** kubelogin's exec plugin: with azurecli, the CLI's token for the hub's server id; devicecode waits for a person. */
function hubToken(execArgs) {
    const login = flag("--login", execArgs) ?? "devicecode";
    if (login === "devicecode")
        throw new Refusal(
            "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE to authenticate. (nobody answers in a workflow: the step hangs until its timeout)",
        );
    if (login !== "azurecli") throw new Refusal(`fake kubelogin: no model for --login ${login}`, 2);
    const p = loadProfile();
    const t = accessToken(p, flag("--server-id", execArgs));
    saveProfile(p);
    return t;
}

function kubelogin() {
    if (args[0] === "convert-kubeconfig") {
        const file = kubeconfigPath();
        if (!fs.existsSync(file)) throw new Refusal(`Error: stat ${file}: no such file or directory`);
        const config = JSON.parse(fs.readFileSync(file, "utf8"));
        for (const u of config.users) {
            const a = u.user.exec.args;
            const i = a.indexOf("--login");
            a[i + 1] = flag("-l") ?? flag("--login");
        }
        return fs.writeFileSync(file, JSON.stringify(config));
    }
    if (args[0] === "get-token") return out(JSON.stringify({ kind: "ExecCredential", status: { token: hubToken(args).token } }));
    throw new Refusal(`fake kubelogin: no model for '${args.join(" ")}'`, 2);
}

/** Who kubectl talks to the hub as: its kubeconfig's exec plugin, which must be on PATH. */
function hubIdentity() {
    const file = kubeconfigPath();
    if (!fs.existsSync(file)) throw new Refusal("error: the server doesn't have a resource type (no kubeconfig: kubectl talks to localhost:8080)");
    const exec = JSON.parse(fs.readFileSync(file, "utf8")).users[0].user.exec;
    if (!onPath(exec.command)) throw new Refusal(`Unable to connect to the server: getting credentials: exec: executable ${exec.command} not found`);
    const t = hubToken(exec.args);
    if (t.exp <= S.now) throw new Refusal("error: You must be logged in to the server (Unauthorized)");
    return claimsOf(t.token).oid;
}

/** What the hub's RBAC lets `client` do: Fleet RBAC Writer in its namespace, update runs for the rollout identity. */
function hubAllows(client, _verb, resource, namespace) {
    if (/stagedupdateruns/.test(resource)) return visible(client, "rollout-runs");
    return namespace === S.fleet.namespace && visible(client, "Azure Kubernetes Fleet Manager RBAC Writer");
}

function kubectl() {
    const ns = flag("--namespace") ?? flag("-n");
    if (args[0] === "auth" && args[1] === "can-i") {
        const client = hubIdentity();
        if (hubAllows(client, args[2], args[3], ns)) return out("yes");
        throw new Refusal("no", 1);
    }
    const client = hubIdentity();
    const [verb, what] = args;
    if (verb === "apply") {
        const file = path.resolve(CWD, flag("-f"));
        const files = fs.statSync(file).isDirectory()
            ? fs
                  .readdirSync(file, { recursive: true })
                  .map((f) => path.join(file, String(f)))
                  .filter((f) => /\.ya?ml$/.test(f))
            : [file];
        for (const f of files) {
            for (const doc of fs.readFileSync(f, "utf8").split(/^---\s*$/m)) {
                const kind = /^kind:\s*(\S+)/m.exec(doc)?.[1];
                const name = /^\s+name:\s*(\S+)/m.exec(doc)?.[1];
                if (!kind) continue;
                if (!hubAllows(client, "create", kind, ns))
                    throw new Refusal(`Error from server (Forbidden): ${kind.toLowerCase()}s is forbidden: User "${client}" cannot create resource in the namespace "${ns}"`);
                S.hub.objects.push({ kind, name, namespace: ns, image: /image:\s*(\S+)/.exec(doc)?.[1], at: S.now });
                out(`${kind.toLowerCase()}/${name} configured`);
            }
        }
        return;
    }
    if (/stagedupdateruns?/.test(what ?? "") || verb === "create") {
        if (!hubAllows(client, verb, "clusterstagedupdateruns", ns)) throw new Refusal(`Error from server (Forbidden): User "${client}" cannot ${verb} clusterstagedupdateruns`);
        if (verb === "get") return out(JSON.stringify({ items: S.hub.objects.filter((o) => o.kind === "ClusterStagedUpdateRun").map((o) => o.object) }));
        if (verb === "create") {
            const object = JSON.parse(STDIN);
            S.hub.objects.push({ kind: object.kind, name: object.metadata.name, object, at: S.now });
            return out(`${object.kind.toLowerCase()}/${object.metadata.name} created`);
        }
        return out("ok");
    }
    throw new Refusal(`fake kubectl: no model for '${args.join(" ")}'`, 2);
}

// ---- docker buildx, as docker/build-push-action runs it ----
function docker() {
    if (args[0] !== "buildx" || args[1] !== "build") throw new Refusal(`fake docker: no model for '${args.join(" ")}'`, 2);
    const tag = flag("--tag");
    const cacheTo = flag("--cache-to");
    S.now += S.buildSeconds;
    log(`built ${tag}`);
    if (has("--push")) {
        const server = tag.split("/")[0];
        const auth = (() => {
            try {
                return JSON.parse(fs.readFileSync(path.join(E.HOME, ".docker", "config.json"), "utf8")).auths[server];
            } catch {
                return undefined;
            }
        })();
        if (!auth) throw new Refusal(`ERROR: failed to push ${tag}: unauthorized: authentication required`);
        const refresh = claimsOf(auth.identitytoken);
        if (!refresh.push || refresh.exp <= S.now) throw new Refusal(`ERROR: failed to push ${tag}: denied: requested access to the resource is denied`);
        S.registry.images.push(tag);
        log(`pushed ${tag}`);
        out(`pushed ${tag}`);
    }
    if (cacheTo) {
        // BuildKit fails the build on a failed export unless ignore-error=true (moby/buildkit PR 3430).
        if (S.registry.cacheExportFailures > 0) {
            S.registry.cacheExportFailures--;
            const error = "error writing layer blob: failed to copy: unexpected status from PUT request: 400 Bad Request";
            if (!/(^|,)ignore-error=true(,|$)/.test(cacheTo)) throw new Refusal(`ERROR: failed to solve: ${error}`);
            return out(`WARNING: failed to export cache (ignored): ${error}`);
        }
        S.registry.cache.push(cacheTo);
    }
}

/** `helm template`, as the runner image's helm prints a chart: here one Deployment of the image it is given. */
function helm() {
    if (args[0] !== "template") throw new Refusal(`fake helm: no model for '${args.join(" ")}'`, 2);
    const sets = Object.fromEntries(args.flatMap((x, i) => (args[i - 1] === "--set-string" ? [x.split("=")] : [])));
    out(
        `---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${args[1]}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${sets["image.repository"]}:${sets["image.tag"]}\n`,
    );
}

const tools = {
    az,
    curl,
    kubelogin,
    kubectl,
    docker,
    helm,
    sleep: () => {
        S.now += Number(args[0]);
    },
};

/** One stub call: { tool, args, env, stdin } -> { code, stdout, stderr }. */
function handle(req) {
    ({ tool, args, env: E, stdin: STDIN, cwd: CWD } = req);
    OUT = "";
    statePath = E.FAKE_STATE;
    S = JSON.parse(fs.readFileSync(statePath, "utf8"));
    let code = 0,
        stderr = "";
    try {
        S.now += COST[tool] ?? 0;
        if (!tools[tool]) throw new Refusal(`fake: no tool ${tool}`, 2);
        tools[tool]();
    } catch (e) {
        if (!(e instanceof Refusal)) {
            stderr = `fake ${tool} crashed: ${e.stack}\n`;
            code = 99;
        } else {
            stderr = `${e.message}\n`;
            log(`${tool} ${args[0] ?? ""} ${args[1] ?? ""} refused: ${e.message.split("\n")[0]}`);
            code = e.code;
        }
    }
    save();
    return { code, stdout: OUT, stderr };
}

if (require.main === module) {
    const server = require("node:http").createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
            const r = handle(JSON.parse(body));
            // Three lines a stub can read with bash alone: the exit code, stdout and stderr in base64.
            res.end(`${r.code}\n${Buffer.from(r.stdout).toString("base64")}\n${Buffer.from(r.stderr).toString("base64")}\n`);
        });
    });
    // The port goes to the file named by the first argument, once the server listens.
    server.listen(0, "127.0.0.1", () => fs.writeFileSync(process.argv[2], String(server.address().port)));
}
