-- Unit tests of the pure helpers in runbooks/lib/: lib.openclaw (targets, ports, text formatting),
-- lib.connect_errors (a failed connect -> finding id), lib.auth_findings (which catalog variant a failure takes),
-- lib.proxy_configs (durations, URLs, nginx routes), lib.model_routes, lib.deployments and lib.node_runtime (the
-- SQLite a release needs of Node). A failed check raises,
-- so `clawbook run` exits 2. ctest: lua:helpers_test.
local oc = require("lib.openclaw")
local connect_errors = require("lib.connect_errors")
local auth_findings = require("lib.auth_findings")
local proxy_configs = require("lib.proxy_configs")
local model_routes = require("lib.model_routes")
local deploy = require("lib.deployments")
local client_refusals = require("lib.client_refusals")
local node_runtime = require("lib.node_runtime")

local function check(ok, message)
  if not ok then
    error(message, 2)
  end
end

local function equal(got, want, what)
  check(got == want, what .. ": expected " .. tostring(want) .. ", got " .. tostring(got))
end

return {
  id = "test.lib.helpers",
  version = "1.0.0",
  engine = "^1",
  title = "The pure helpers of runbooks/lib/",
  summary = "Targets and ports, connect classification, auth variants, proxy configs, model routes, deployments.",
  capabilities = {},
  params = { root = { type = "string", description = "The source tree (unused)" } },

  run = function(ctx)
    ctx:step("lib.openclaw: targets, ports and formatting", function(step)
      local url = oc.parse_url("wss://gw.example.com/path")
      equal(url.host, "gw.example.com", "host")
      equal(url.port, 443, "wss default port")
      equal(url.tls, true, "tls")
      local v6 = oc.parse_url("http://[::1]:18790")
      equal(v6.host, "::1", "IPv6 host")
      equal(v6.port, 18790, "IPv6 port")
      equal(oc.parse_url("18789").host, "127.0.0.1", "a bare port is local")
      check(oc.parse_url("ftp://x") == nil, "unsupported scheme")
      equal(oc.port_of("[::1]:18789"), 18789, "port_of")
      check(oc.port_of("70000") == nil, "out of range")
      check(oc.is_loopback("127.0.0.2") and oc.is_loopback("::1") and not oc.is_loopback("10.0.0.1"), "loopback")
      equal(
        oc.format("curl {url}/readyz on {port}", { url = "http://h:1", port = 1 }),
        "curl http://h:1/readyz on 1",
        "format"
      )
      equal(oc.get({ a = { b = { c = 3 } } }, "a.b.c"), 3, "get")
      -- The start refusal of a non-loopback Control UI without allowedOrigins, against the config now.
      local lan = { ok = true, gateway = { bind = { loopback_only = false }, control_ui = { allowed_origins = {} } } }
      check(oc.config_rules_out(lan, "auth.origin-not-allowed", {}) == nil, "lan without origins: still a cause")
      lan.gateway.control_ui.allowed_origins = { "https://claw.example.com" }
      check(oc.config_rules_out(lan, "auth.origin-not-allowed", {}) ~= nil, "origins listed now: ruled out")
      local loopback = { ok = true, gateway = { bind = { loopback_only = true } } }
      check(oc.config_rules_out(loopback, "auth.origin-not-allowed", {}) ~= nil, "loopback now: ruled out")
      -- The mode guard runs only on an existing config: with none here, the line read another state dir's.
      local missing = { ok = false, error = "not_found", path = "/home/op/.openclaw/openclaw.json" }
      check(oc.config_rules_out(missing, "gateway.mode-unset", {}) ~= nil, "no config here: another's mode line")
      local unset = { ok = true, gateway = { mode = { value = nil, source = "unset" } } }
      check(oc.config_rules_out(unset, "gateway.mode-unset", {}) == nil, "a config without mode: still a cause")
      step:pass("ok")
    end)

    ctx:step("lib.openclaw: gateways of this install and of other profiles", function(step)
      local home = function(state_dir, from)
        return { from = from or "environ", state_dir = state_dir, config_path = state_dir .. "/openclaw.json" }
      end
      local split = oc.split_gateways({
        -- this install's, by its environment
        { pid = 10, own = true, home = home("/h/.openclaw"), listening = {}, gateway = { form = "retitled" } },
        -- its child: not an instance
        { pid = 11, own = true, parent_gateway = 10, home = home("/h/.openclaw"), listening = {} },
        -- another profile's, on its own port
        { pid = 20, own = false, home = home("/h/.openclaw-work"), listening = { { port = 19011 } }, gateway = {} },
        -- another state dir's gateway on our port: the one the config points clients at
        { pid = 30, own = false, home = home("/srv/oc"), listening = { { port = 18789 } }, gateway = {} },
        -- unreadable environment, no --profile: cannot be told apart, counts as ours
        { pid = 40, own = false, home = home("/home/x/.openclaw", "argv"), listening = {}, gateway = {} },
        -- unreadable environment, --profile names another: not ours
        { pid = 50, own = false, home = home("/h/.openclaw-b", "argv"), listening = {}, gateway = { profile = "b" } },
        -- a container's (another mount namespace): its paths are not this host's, counts as ours
        { pid = 60, own = false, home = { from = "environ", state_dir = "/home/node/.openclaw", namespace = "other" } },
      }, 18789)
      local pids = function(list)
        local out = {}
        for _, p in ipairs(list) do
          out[#out + 1] = tostring(p.pid)
        end
        return table.concat(out, ",")
      end
      equal(pids(split.own), "10,11,30,40,60", "own processes")
      equal(pids(split.instances), "10,30,40,60", "own instances")
      equal(pids(split.others), "20,50", "other profiles' gateways")
      equal(split.others[1].state_dir, "/h/.openclaw-work", "other state dir")
      equal(split.others[1].ports[1], 19011, "other port")
      -- A shared-log line is another profile's when it names that gateway's port or state dir as a whole path.
      local others =
        { { pid = 20, ports = { 19011 }, state_dir = "/h/.openclaw", config_path = "/h/.openclaw/x.json" } }
      check(oc.names_other_gateway("listening on ws://127.0.0.1:19011", others), "other's port")
      check(oc.names_other_gateway("EACCES /h/.openclaw/agents", others), "other's state dir")
      check(not oc.names_other_gateway("EACCES /h/.openclaw-work/agents", others), "a longer dir is not that dir")
      check(not oc.names_other_gateway("listening on ws://127.0.0.1:190112", others), "a longer number")
      equal(
        oc.describe_other_gateways(split.others),
        "pid 20 (/h/.openclaw-work, port 19011); pid 50 (/h/.openclaw-b, no port)",
        "described"
      )
      step:pass("ok")
    end)

    ctx:step("lib.connect_errors: a failed connect names its finding", function(step)
      equal(connect_errors.classify({ ok = true }).kind, "ok", "ok")
      equal(
        connect_errors.classify({ ok = false, details_code = "AUTH_TOKEN_MISMATCH" }, { token = true }).id,
        "auth.token-mismatch",
        "mismatch"
      )
      equal(
        connect_errors.classify({ ok = false, details_code = "DEVICE_IDENTITY_REQUIRED" }, {}).id,
        "auth.token-missing",
        "no secret sent: device identity required means the token is missing"
      )
      equal(connect_errors.classify({ ok = false, close_code = 1002 }).id, "protocol.mismatch", "1002")
      equal(
        connect_errors.classify({ ok = false, close_code = 1000, close_reason = "" }).id,
        "ws.handshake-timeout",
        "1000 no reason"
      )
      equal(connect_errors.classify({ ok = false, error = "connection_lost" }).id, "ws.abnormal-close", "1006")
      equal(connect_errors.classify({ ok = false, close_code = 1013 }).kind, "starting", "1013")
      step:pass("ok")
    end)

    ctx:step("lib.auth_findings: a failure picks the catalog variant and facts", function(step)
      local same = auth_findings.spec("auth.token-mismatch", {
        client = { source = "config", fingerprint = "sha256:aaaa" },
        gateway_token = { source = "config", fingerprint = "sha256:aaaa" },
      })
      check(
        same.cause:find("not restarted after the token changed", 1, true),
        "same copy: the gateway was not restarted"
      )
      equal(
        same.fix[1],
        "openclaw gateway restart   # the running gateway still holds the token it started with",
        "fix by source"
      )
      equal(same.confidence, 0.95, "probe confidence")
      local missing =
        auth_findings.spec("auth.token-missing", { classification = { details_code = "AUTH_TOKEN_NOT_CONFIGURED" } })
      equal(missing.title, "The gateway has no token configured for token auth", "not configured variant")
      local origin =
        auth_findings.spec("auth.origin-not-allowed", { origins = { "https://a.example" }, allowed_origins = {} })
      check(origin.fix[1]:find('["https://a.example"]', 1, true), "the refused origin is added: " .. origin.fix[1])
      check(auth_findings.spec("auth.token-drift", { classification = {} }) == nil, "token drift needs a 4001 close")
      local log = auth_findings.spec("auth.pairing-required", { via = "log", request_ids = { "r1" } })
      equal(log.fix[2], "openclaw devices approve r1", "one approve per request")
      equal(log.confidence, 0.65, "log confidence")
      step:pass("ok")
    end)

    ctx:step("lib.proxy_configs: durations, URLs and an nginx route", function(step)
      equal(proxy_configs.seconds("1m30s"), 90, "1m30s")
      equal(proxy_configs.seconds("500ms"), 0.5, "500ms")
      check(proxy_configs.seconds("soon") == nil, "not a duration")
      local target = proxy_configs.split_url("ws://[::1]:18789/ws")
      equal(target.host, "::1", "split_url host")
      equal(target.port, 18789, "split_url port")
      local routes = proxy_configs.parse_nginx(
        "server { listen 443; location / { proxy_pass http://127.0.0.1:18789; proxy_read_timeout 30s; } }",
        "/etc/nginx/sites-enabled/claw",
        18789,
        {}
      )
      equal(#routes, 1, "one route to the gateway port")
      step:pass("ok")
    end)

    ctx:step("lib.model_routes: refs, providers, CLI-only routes", function(step)
      local refs = model_routes.refs({
        agents = { defaults = { model = { primary = "claude-cli/opus", fallbacks = { "ollama/qwen3" } } } },
      })
      equal(#refs, 2, "primary and fallback")
      equal(model_routes.provider_of("ollama/qwen3"), "ollama", "provider_of")
      check(model_routes.is_cli_only("claude-cli/opus") and not model_routes.is_cli_only("ollama/qwen3"), "is_cli_only")
      local spec = model_routes.cli_only_spec(refs)
      equal(spec.id, "model.cli-only-backend", "spec id")
      equal(spec.severity, "medium", "a primary CLI-only route")
      check(spec.cause:find("claude-cli/opus", 1, true), "the route is named")
      step:pass("ok")
    end)

    ctx:step("lib.model_routes: the shapes models.providers must have", function(step)
      local problems = model_routes.provider_problems({
        models = {
          providers = {
            openrouter = { baseUrl = "https://openrouter.ai/api/v1", models = { "anthropic/claude-sonnet-4" } },
            ollama = { baseUrl = "http://127.0.0.1:11434/v1", models = { { id = "qwen3" }, { name = "no id" } } },
            good = { baseUrl = "http://127.0.0.1:1234/v1", models = { { id = "m" } } },
            broken = "http://127.0.0.1:8000/v1",
          },
        },
      })
      equal(#problems, 3, "three problems, the good provider has none")
      equal(problems[1].path, "models.providers.broken", "a provider that is not an object")
      equal(problems[1].problem, "expected object, received string", "its message")
      equal(problems[2].path, "models.providers.ollama.models.1.id", "a model without an id")
      equal(problems[3].path, "models.providers.openrouter.models.0", "P6's path")
      equal(problems[3].problem, "expected object, received string", "P6's message")
      equal(problems[3].value, "anthropic/claude-sonnet-4", "the bare string, for the repair")
      equal(#model_routes.provider_problems({ models = {} }), 0, "no providers section, no problem")
      step:pass("ok")
    end)

    ctx:step("lib.client_refusals: who a gateway log line is about", function(step)
      local who = client_refusals.client_of(
        "[ws] closed before connect conn=9a1 remote=10.0.0.7 origin=http://10.0.0.7:18789 client=openclaw-control-ui "
          .. "webchat code=1008 reason=origin not allowed"
      )
      equal(who.remote, "10.0.0.7", "remote")
      equal(who.origin, "http://10.0.0.7:18789", "origin")
      equal(who.client, "openclaw-control-ui", "client")
      equal(who.device, nil, "no device named")
      local unauthorized = client_refusals.client_of("[ws] unauthorized conn=3 client=cli cli v2026.9.6 device=no")
      equal(unauthorized.device, nil, "device=no is not a device id")
      equal(
        client_refusals.client_of("device pairing auto-approved device=2f9c0d1e role=operator").device,
        "2f9c0d1e",
        "id"
      )
      equal(
        client_refusals.client_of("Proxy headers detected from untrusted address 172.18.0.1. Configure").remote,
        "172.18.0.1",
        "proxy"
      )
      equal(
        client_refusals.describe({ client = "cli", remote = "127.0.0.1" }),
        "client cli, from 127.0.0.1",
        "describe"
      )
      equal(client_refusals.describe({}), "a client the log does not name", "nothing named")
      step:pass("ok")
    end)

    ctx:step("lib.deployments: units, ages, the worst log match", function(step)
      check(deploy.is_gateway_unit("openclaw-gateway-work.service"), "a profile's unit")
      check(not deploy.is_gateway_unit("openclaw-node.service"), "the node host is not a gateway")
      local now = 1800000000 -- 2027-01-15T08:00:00Z
      equal(deploy.age_seconds("2027-01-15T07:59:00.000Z", now), 60, "age")
      local worst = deploy.worst_match({
        matches = {
          { line_no = 1, finding = "gateway.not-running", severity = "high" },
          { line_no = 2, finding = "gateway.crashed", severity = "critical" },
          { line_no = 2, finding = "gateway.low-memory", severity = "high" },
        },
      })
      equal(worst.finding, "gateway.crashed", "the most severe, first per line")
      -- The service manager that answers (systemd.available's reasons, as the binding classifies systemctl's words).
      local no_bus = { available = false, reason = "no_bus", message = "Failed to connect to bus: No medium found" }
      local not_booted = { available = false, reason = "not_booted_with_systemd" }
      equal(deploy.manager_problem({ system = not_booted, user = no_bus }), "no-manager", "PID 1 is not systemd")
      equal(deploy.manager_problem({ system = { available = true }, user = no_bus }), "user-bus-unavailable", "no bus")
      equal(
        deploy.manager_problem({ system = { available = false, reason = "no_bus" }, user = no_bus }),
        "user-bus-unavailable",
        "booted, but no bus in this session"
      )
      equal(deploy.manager_problem({ system = { available = true }, user = { available = true } }), nil, "both answer")
      equal(deploy.manager_problem(nil), nil, "no answer at all")
      step:pass("ok")
    end)

    ctx:step("lib.node_runtime: the SQLite a release needs of its Node", function(step)
      equal(node_runtime.sqlite_requirement("2026.6.11"), nil, "no requirement before 2026.7")
      local need = node_runtime.sqlite_requirement("2026.7.1")
      check(need ~= nil, "2026.7.1 needs a WAL-reset-safe SQLite")
      check(node_runtime.sqlite_requirement("2026.9.6") == need, "so does 2026.9.6")
      check(node_runtime.sqlite_requirement("2026.7.1-beta.6") == need, "and the 2026.7.1 betas")
      local function node(sqlite, extra)
        local n = { version = "v24.21.0", sqlite_checked = true, sqlite = sqlite, sqlite_available = sqlite ~= nil }
        for k, v in pairs(extra or {}) do
          n[k] = v
        end
        return n
      end
      -- OpenClaw's own isSqliteWalResetSafeVersion: 3.51.3+, or 3.50.7+ / 3.44.6+ on those lines.
      for sqlite, want in pairs({
        ["3.53.4"] = true,
        ["3.51.3"] = true,
        ["3.51.2"] = false,
        ["3.50.7"] = true,
        ["3.50.6"] = false,
        ["3.46.1"] = false,
        ["3.44.6"] = true,
        ["3.44.5"] = false,
        ["4.0.0"] = true,
      }) do
        equal(node_runtime.sqlite_satisfies(node(sqlite), need), want, "SQLite " .. sqlite)
      end
      equal(node_runtime.sqlite_satisfies(node(nil), need), false, "a Node without node:sqlite")
      equal(node_runtime.sqlite_satisfies(node("3.53.4", { sqlite_checked = false }), need), nil, "not read")
      equal(node_runtime.sqlite_satisfies(node("3.40.1"), nil), nil, "no requirement")
      equal(
        node_runtime.describe_sqlite({ sqlite_checked = true }),
        "no embedded SQLite (node:sqlite unavailable)",
        "v20"
      )
      step:pass("ok")
    end)
  end,
}
