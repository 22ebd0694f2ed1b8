-- openclaw.config: is the config file one the gateway will start with? JSON5 syntax (with line and column),
-- gateway.mode, bind/auth combinations the gateway refuses, keys from blog posts that OpenClaw never reads, the
-- whole config against the installed release's JSON schema (openclaw.validate_config), and
-- the rejected / clobbered / last-good copies OpenClaw leaves next to the file.
--
-- Seeds vs the real product (../shared/openclaw/PROTOCOL.md wins): the posts' `gateway.token`, `gateway.host`,
-- `gateway.websocket.keepAlive`, port 3001, modes remote/hybrid as bind addresses and OPENCLAW_GATEWAY_MODE
-- are not read by OpenClaw; the real keys are gateway.auth.token, gateway.bind, gateway.port (18789) and
-- gateway.mode = local|remote. The openclaw.config binding lists those in `legacy`.
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local env_refs = require("lib.env_refs")

-- gateway.* keys of the schema (PROTOCOL.md section 5, releases 2026.4 to 2026.9); others are reported as info.
local GATEWAY_KEYS = {
  mode = true,
  port = true,
  bind = true,
  customBindHost = true,
  auth = true,
  controlUi = true,
  trustedProxies = true,
  allowRealIpFallback = true,
  tls = true,
  remote = true,
  tailscale = true,
  reload = true,
  http = true,
  nodes = true,
  push = true,
  tools = true,
  channelHealthCheckMinutes = true,
}

local NON_LOOPBACK_BINDS = { lan = true, tailnet = true, custom = true, auto = true }
-- Legacy keys whose value the gateway's strict schema refuses ("gateway.bind: Invalid input"): the gateway will
-- not start with them, so the key is the cause of the refusal, not a side note (real-cases P8).
local REFUSED_VALUES = { ["gateway.bind"] = true, ["gateway.mode"] = true, ["gateway.auth.mode"] = true }

local function basename(path)
  return tostring(path):match("([^/]+)$") or tostring(path)
end

local function dirname(path)
  return tostring(path):match("^(.*)/[^/]*$") or "."
end

-- The text of line `number` of the file, for showing where a parse error is.
local function line_of_file(path, number)
  local file = oc.try(fs.read, path, { max = 262144 })
  if type(file) ~= "table" or file.ok ~= true or type(file.text) ~= "string" then
    return nil
  end
  local current = 0
  for line in (file.text .. "\n"):gmatch("([^\n]*)\n") do
    current = current + 1
    if current == number then
      return line
    end
  end
  return nil
end

-- Backups by kind, newest first (the binding sorts them).
local function backups_by_kind(backups)
  local kinds = {}
  for _, backup in ipairs(oc.list(backups)) do
    local kind = backup.kind or "backup"
    kinds[kind] = kinds[kind] or {}
    table.insert(kinds[kind], backup)
  end
  return kinds
end

-- The copy to restore from: last-good first, then the newest .bak.
local function restore_source(kinds)
  local best = (kinds.last_good or {})[1] or (kinds.backup or {})[1]
  return best and best.path or nil
end

local function check_parse(ctx, t, cfg, kinds)
  return ctx:step("Parse the config file", function(step)
    step:evidence("path", cfg.path or "(unknown)")
    step:evidence("source", cfg.source)
    if cfg.ok == true then
      step:pass("parses as JSON5")
      return true
    end
    local restore = restore_source(kinds)
    if cfg.error == "not_found" then
      step:fail("no config file at " .. tostring(cfg.path))
      -- Without the CLI on PATH the gateway is not installed here (a container or another host runs it).
      local install = openclaw.version()
      local installed = type(install) == "table" and install.cli ~= nil
      step:evidence("cli", type(install) == "table" and (install.cli or install.error) or nil)
      knowledge.raise(ctx, t, "gateway.missing-config", {
        variant = not installed and "no_cli" or nil,
        confidence = installed and 0.9 or 0.4,
        vars = {
          path = tostring(cfg.path),
          restore = restore and { "cp " .. restore .. " " .. tostring(cfg.path) .. "   # restore the newest copy" }
            or {},
        },
        evidence = { path = cfg.path, message = cfg.message, copies = cfg.backups, cli = installed },
      })
      return false
    end
    if cfg.error == "invalid" then
      local where = "line " .. tostring(cfg.line or "?") .. ", column " .. tostring(cfg.column or "?")
      step:fail(where .. ": " .. tostring(cfg.message))
      local evidence = { path = cfg.path, line = cfg.line, column = cfg.column, message = cfg.message }
      if math.tointeger(cfg.line) then
        evidence.text = line_of_file(cfg.path, math.tointeger(cfg.line))
      end
      knowledge.raise(ctx, t, "config.invalid", {
        confidence = 0.95,
        vars = {
          file = basename(cfg.path),
          where = where,
          path = tostring(cfg.path),
          message = tostring(cfg.message),
          restore = restore
              and { "cp " .. restore .. " " .. tostring(cfg.path) .. "   # or restore the newest good copy" }
            or {},
        },
        evidence = evidence,
      })
      return false
    end
    -- Unreadable for another reason (permissions, a directory, too large): the gateway fails the same way.
    step:fail(tostring(cfg.error) .. ": " .. tostring(cfg.message))
    if cfg.error ~= "permission_denied" then -- permissions are openclaw.gateway.start's finding
      knowledge.raise(ctx, t, "config.invalid", {
        variant = "unreadable",
        confidence = 0.8,
        vars = { error = tostring(cfg.error), message = tostring(cfg.message), dir = dirname(cfg.path) },
        evidence = { path = cfg.path, error = cfg.error, message = cfg.message },
      })
    end
    return false
  end)
end

local function check_mode(ctx, t, cfg, kinds)
  ctx:step("Check gateway.mode", function(step)
    local mode = oc.get(cfg, "gateway.mode.value")
    step:evidence("gateway.mode", mode or "(unset)")
    if mode == "local" then
      return step:pass("local")
    end
    if mode == "remote" and type(oc.get(cfg, "gateway.remote.url")) == "string" then
      return step:pass("remote: this machine is a client of " .. oc.get(cfg, "gateway.remote.url"))
    end
    local clobbered = (kinds.clobbered or {})[1]
    local variant, confidence = nil, 0.95
    if mode == "remote" then
      variant, confidence = "remote", 0.85
    elseif mode ~= nil then
      variant, confidence = "invalid_value", 0.9
    end
    local spec = knowledge.spec("gateway.mode-unset", {
      variant = variant,
      confidence = confidence,
      vars = {
        mode = tostring(mode),
        clobbered = (mode == nil and clobbered) and {
          "diff " .. clobbered.path .. " " .. tostring(cfg.path) .. "   # a clobbered copy exists",
        } or {},
      },
      evidence = { path = cfg.path, mode = mode, mode_source = oc.get(cfg, "gateway.mode.source") },
    })
    step:fail(spec.title)
    oc.finding(ctx, t, spec)
  end)
end

local function bind_auth_finding(ctx, t, cfg, step)
  local bind = oc.get(cfg, "gateway.bind.value")
  local auth_mode = oc.get(cfg, "gateway.auth.mode.value")
  local secret_set = oc.get(cfg, "gateway.auth.secret.set") == true
  local raw = oc.get(cfg, "config.gateway") or {}
  step:evidence("bind", bind)
  step:evidence("bind_host", oc.get(cfg, "gateway.bind.host"))
  step:evidence("auth_mode", auth_mode)
  step:evidence("auth_secret_source", oc.get(cfg, "gateway.auth.secret.source"))
  local bind_host = oc.get(cfg, "gateway.bind.host")
  local exposed = NON_LOOPBACK_BINDS[bind] and bind_host ~= "127.0.0.1"
  if exposed and (auth_mode == "none" or ((auth_mode == "token" or auth_mode == "password") and not secret_set)) then
    knowledge.raise(ctx, t, "gateway.bind-without-auth", {
      confidence = auth_mode == "none" and 0.95 or 0.85,
      vars = {
        bind = tostring(bind),
        default_note = oc.get(cfg, "gateway.bind.source") == "default" and " (the default in a container)" or "",
        bind_host = tostring(bind_host),
        secret_key = auth_mode == "password" and "gateway.auth.password" or "gateway.auth.token",
        set_mode = auth_mode == "none" and { "openclaw config set gateway.auth.mode token" } or {},
      },
      evidence = { bind = bind, bind_host = bind_host, auth_mode = auth_mode, secret_set = secret_set },
    })
    return "refused"
  end
  -- Combinations the gateway refuses at start (src/gateway/server-runtime-config.ts).
  local refused
  if auth_mode == "trusted-proxy" and #oc.list(oc.get(cfg, "gateway.trusted_proxies")) == 0 then
    refused = {
      "gateway auth mode=trusted-proxy requires gateway.trustedProxies",
      "openclaw config set gateway.trustedProxies '[\"127.0.0.1\"]'   # the proxy's address",
    }
  elseif bind == "custom" and type(bind_host) ~= "string" then
    refused = {
      "gateway.bind=custom requires gateway.customBindHost",
      "openclaw config set gateway.customBindHost 192.168.1.10   # an address of this machine",
    }
  elseif oc.get(raw, "tailscale.mode") == "funnel" and auth_mode ~= "password" then
    refused =
      { "tailscale funnel requires gateway auth mode=password", "openclaw config set gateway.auth.mode password" }
  elseif
    (oc.get(raw, "tailscale.mode") == "serve" or oc.get(raw, "tailscale.mode") == "funnel")
    and type(raw.bind) == "string"
    and raw.bind ~= "loopback"
  then
    refused = {
      "tailscale serve/funnel requires gateway bind=loopback (127.0.0.1)",
      "openclaw config set gateway.bind loopback",
    }
  end
  if refused then
    knowledge.raise(ctx, t, "config.invalid", {
      variant = "refused_combination",
      confidence = 0.85,
      vars = { refusal = refused[1], change = { refused[2] } },
      evidence = { bind = bind, auth_mode = auth_mode, tailscale = oc.get(raw, "tailscale.mode") },
    })
    return "refused"
  end
  return nil
end

local function check_bind_auth(ctx, t, cfg)
  ctx:step("Check gateway.bind against gateway.auth", function(step)
    local problem = bind_auth_finding(ctx, t, cfg, step)
    if problem then
      step:fail("the gateway refuses to start with these settings")
    else
      step:pass(
        tostring(oc.get(cfg, "gateway.bind.value")) .. " with auth " .. tostring(oc.get(cfg, "gateway.auth.mode.value"))
      )
    end
  end)
end

-- Legacy keys the binding recognised, blog-post leftovers next to the config and gateway.* keys outside the
-- schema this runbook knows.
local function check_keys(ctx, t, cfg)
  ctx:step("Look for keys OpenClaw does not read", function(step)
    local legacy = {}
    for _, entry in ipairs(oc.list(cfg.legacy)) do
      if entry.key ~= "gateway.mode" then -- reported by the gateway.mode check
        legacy[#legacy + 1] = entry
      end
    end
    local yaml = oc.try(fs.stat, dirname(cfg.path) .. "/config.yaml")
    if type(yaml) == "table" and yaml.exists == true then
      legacy[#legacy + 1] = {
        key = "file:" .. tostring(yaml.path),
        use = cfg.path,
        message = "config.yaml (from blog posts) is not read: OpenClaw reads " .. basename(cfg.path),
      }
    end
    local unknown = {}
    for key in pairs(oc.list(oc.get(cfg, "config.gateway"))) do
      if not GATEWAY_KEYS[key] and key ~= "token" and key ~= "password" and key ~= "host" and key ~= "websocket" then
        unknown[#unknown + 1] = "gateway." .. key
      end
    end
    table.sort(unknown)
    step:evidence("legacy", legacy)
    step:evidence("unknown", unknown)

    if #legacy > 0 then
      local keys, replacements, pins_nothing, refused = {}, {}, false, false
      for _, entry in ipairs(legacy) do
        keys[#keys + 1] = entry.key
        refused = refused or REFUSED_VALUES[entry.key] == true
        replacements[#replacements + 1] = "Replace " .. tostring(entry.key) .. " with " .. tostring(entry.use)
        -- gateway.token looks like a pinned token but is ignored: the gateway makes up its own.
        pins_nothing = pins_nothing or (entry.key == "gateway.token" and oc.get(cfg, "gateway.auth.secret.set") ~= true)
      end
      knowledge.raise(ctx, t, "config.legacy-key", {
        severity = (pins_nothing or refused) and "high" or nil,
        confidence = refused and 0.9 or 0.85,
        vars = {
          keys = table.concat(keys, ", "),
          first_message = legacy[1].message,
          pin = pins_nothing and { 'openclaw config set gateway.auth.token "<the value of gateway.token>"' } or {},
          replacements = replacements,
        },
        evidence = legacy,
      })
    end
    if #unknown > 0 then
      knowledge.raise(ctx, t, "config.legacy-key", {
        variant = "unknown_keys",
        confidence = 0.4,
        vars = { keys = table.concat(unknown, ", ") },
        evidence = unknown,
      })
    end
    if #legacy > 0 then
      step:warn(#legacy .. " key(s) OpenClaw does not read")
    else
      step:pass("no legacy keys")
    end
  end)
end

local function check_copies(ctx, t, cfg, kinds)
  ctx:step("Look for rejected, clobbered and last-good copies", function(step)
    local refused = {}
    for _, kind in ipairs({ "rejected", "clobbered" }) do
      for _, copy in ipairs(kinds[kind] or {}) do
        refused[#refused + 1] = copy
      end
    end
    table.sort(refused, function(a, b)
      return (tonumber(a.mtime) or 0) > (tonumber(b.mtime) or 0)
    end)
    step:evidence("copies", cfg.backups)
    if #refused == 0 then
      return step:pass(#oc.list(cfg.backups) .. " backup(s), no rejected or clobbered copies")
    end
    -- A refused copy newer than the config means the last edit did not take effect.
    local config_stat = cfg.path and oc.try(fs.stat, cfg.path)
    local config_mtime = type(config_stat) == "table" and tonumber(config_stat.mtime) or 0
    local newest = refused[1]
    local recent = (tonumber(newest.mtime) or 0) >= config_mtime
    step:warn(#refused .. " rejected or clobbered cop" .. (#refused == 1 and "y" or "ies"))
    knowledge.raise(ctx, t, "config.rejected-files", {
      variant = not recent and "old" or nil,
      confidence = recent and 0.75 or 0.5,
      vars = {
        file = basename(newest.path),
        dir = dirname(cfg.path),
        config_name = basename(cfg.path),
        path = tostring(cfg.path),
        newest = tostring(newest.path),
        restore = (kinds.last_good and cfg.ok ~= true) and {
          "openclaw doctor --fix   # restores " .. kinds.last_good[1].path,
        } or {},
      },
      evidence = { copies = refused, config_mtime = config_mtime },
    })
  end)
end

-- The names a dotenv file defines, or {} when it cannot be read.
local function dotenv_names(path)
  local read = fs.read(path)
  return env_refs.dotenv_names(type(read) == "table" and read.ok and read.text or "")
end

-- The environment the gateway reads its config in, as a lookup (name -> set?) and its description: the running
-- gateway's own (/proc environ); else its user service's Environment= and EnvironmentFile= plus the state dir's
-- .env; else (a foreground `openclaw gateway run`) this shell's plus the .env. Never the values.
-- The gateway process that serves `port` (another profile's gateway reads another config), or the only one of
-- this install (oc.gateways: its state dir from its environment).
local function own_gateway(port, profile)
  local processes = oc.gateways({ profile = profile }, port).instances
  for _, process in ipairs(processes) do
    for _, listening in ipairs(oc.list(process.listening)) do
      if listening.port == port then
        return process
      end
    end
  end
  return #processes == 1 and #oc.list(processes[1].listening) == 0 and processes[1] or nil
end

local function reader_environment(cfg, names, port, profile)
  local dotenv = dirname(cfg.path) .. "/.env"
  local gateway_process = own_gateway(port, profile)
  if gateway_process then
    local seen = proc.env_fingerprints(gateway_process.pid, names)
    if type(seen) == "table" and seen.ok == true then
      return function(name)
        return oc.get(seen, "vars." .. name .. ".set") == true
      end,
        "the running gateway's environment (pid " .. gateway_process.pid .. ")"
    end
  end
  local defined = dotenv_names(dotenv)
  local unit = systemd.unit("openclaw-gateway.service", { scope = "user", timeout = 2 })
  if type(unit) == "table" and unit.found == true then
    for _, variable in ipairs(oc.list(unit.environment)) do
      defined[variable.name] = true
    end
    for _, file in ipairs(oc.list(unit.environment_files)) do
      for name in pairs(dotenv_names(file.path)) do
        defined[name] = true
      end
    end
    return function(name)
      return defined[name] == true
    end,
      "the user service openclaw-gateway's Environment/EnvironmentFile and " .. dotenv
  end
  return function(name)
    return defined[name] == true or env.get(name) ~= nil
  end,
    "this shell's environment and " .. dotenv
end

-- The exact command that repairs one schema violation.
local function schema_fix(violation)
  local path, message = tostring(violation.path), tostring(violation.message)
  if violation.keyword == "additionalProperties" then
    return "openclaw config unset " .. path .. "   # " .. message
  end
  return "openclaw config set " .. path .. " <value>   # " .. message
end

-- The whole config against the installed release's own JSON schema (cached per version by the binding). Keys
-- that check_keys already named as legacy are left to config.legacy-key, which says what to use instead.
local function check_schema(ctx, t, cfg, profile)
  ctx:step("Validate the config against the installed release's schema", function(step)
    -- oc.try: a case (or a recording) made before this check has no answer for the call; nothing to judge then.
    local result, err = oc.try(openclaw.validate_config, { profile = profile })
    step:evidence("schema", type(result) == "table" and result.schema or nil)
    if type(result) ~= "table" or result.ok ~= true then
      return step:skip("not validated: " .. tostring(type(result) == "table" and result.message or err))
    end
    local legacy = {}
    for _, entry in ipairs(oc.list(cfg.legacy)) do
      legacy[tostring(entry.key)] = true
    end
    local own = {}
    for _, violation in ipairs(oc.list(result.violations)) do
      if not legacy[violation.path] then
        own[#own + 1] = violation
      end
    end
    step:evidence("violations", result.violations):evidence("count", result.count)
    if result.valid == true or #own == 0 then
      return step:pass(
        result.valid == true and ("valid for " .. tostring(result.schema.version))
          or "only legacy keys (reported as config.legacy-key)"
      )
    end
    step:fail(#own .. " violation(s) of the " .. tostring(result.schema.version) .. " schema")
    local lines, fixes = {}, {}
    for i, violation in ipairs(own) do
      if i <= 5 then
        lines[#lines + 1] = tostring(violation.path) .. ": " .. tostring(violation.message)
      end
      fixes[#fixes + 1] = schema_fix(violation)
    end
    knowledge.raise(ctx, t, "config.schema-invalid", {
      variant = own_gateway(t.port) and "running" or nil,
      confidence = 0.9,
      vars = {
        version = tostring(result.schema.version),
        first_path = tostring(own[1].path),
        first_message = tostring(own[1].message),
        config_path = tostring(result.config_path),
        count = tostring(#own),
        violations = table.concat(lines, "; ") .. (#own > 5 and "; ..." or ""),
        fixes = fixes,
      },
      evidence = { violations = own, schema = result.schema, config_path = result.config_path },
    })
  end)
end

-- ${VAR} substitutions the gateway would find unset: it refuses to start with MissingEnvVarError.
local function check_env_refs(ctx, t, cfg)
  local refs = env_refs.collect(cfg.config, cfg.gateway)
  if #refs == 0 then
    return
  end
  ctx:step("Check the config's ${VAR} substitutions", function(step)
    local names = {}
    for _, ref in ipairs(refs) do
      names[#names + 1] = ref.name
    end
    local is_set, where = reader_environment(cfg, names, t.port)
    local unset = {}
    for _, ref in ipairs(refs) do
      if not is_set(ref.name) then
        unset[#unset + 1] = ref
      end
    end
    step:evidence("references", refs):evidence("environment", where):evidence("unset", unset)
    if #unset == 0 then
      return step:pass(#refs .. " substitution(s), all set in " .. where)
    end
    step:fail(#unset .. " substitution(s) unset in " .. where)
    local first = unset[1]
    knowledge.raise(ctx, t, "config.unresolved-env", {
      confidence = 0.9,
      vars = { var = first.name, path = first.path, env_file = dirname(cfg.path) .. "/.env" },
      detail = "Checked against "
        .. where
        .. "."
        .. (first.name:match("^CLAWDBOT_") and " `CLAWDBOT_*` is the " .. "old name of `OPENCLAW_*`." or ""),
      evidence = { unset = unset, environment = where },
    })
  end)
end

return {
  id = "openclaw.config",
  version = "1.0.0",
  engine = "^1",
  title = "Check the OpenClaw config file",
  summary = "Parses openclaw.json as JSON5 (line and column of the first error), checks gateway.mode, the bind "
    .. "and auth combinations the gateway refuses, legacy keys from blog posts (gateway.token, gateway.host, port "
    .. "3001, mode hybrid, OPENCLAW_GATEWAY_MODE) and unknown keys, the whole config against the installed release's "
    .. "own JSON schema (cached per version), and the .rejected/.clobbered/last-good copies next to the file.",
  symptoms = {
    "Missing config. Run `openclaw setup` or set gateway.mode=local",
    "gateway start blocked: set gateway.mode=local (current: unset)",
    "Gateway start blocked: existing config is missing gateway.mode",
    "Config auto-restored from last-known-good",
    "openclaw.json.rejected",
    "openclaw.json.clobbered",
    "invalid config",
    "JSON5: invalid character",
    "unrecognized key",
    "Invalid config",
    "expected object, received string",
    "gateway.bind: Invalid input",
    "gateway.token is not applied",
  },
  tags = { "openclaw", "config" },
  capabilities = { "fs", "env", "proc", "systemd", "exec:openclaw" },
  findings = {
    "config.invalid",
    "config.legacy-key",
    "config.rejected-files",
    "config.unresolved-env",
    "config.schema-invalid",
    "gateway.mode-unset",
    "gateway.missing-config",
    "gateway.bind-without-auth",
  },
  params = oc.PARAMS,

  run = function(ctx, params)
    -- The config is this machine's: a remote target does not change which file is read.
    local t = oc.target({ profile = params.profile })
    local cfg = t.config
    local kinds = backups_by_kind(cfg.backups)
    if not check_parse(ctx, t, cfg, kinds) then
      if cfg.error ~= "not_found" then
        check_copies(ctx, t, cfg, kinds)
      end
      return { ok = false, error = cfg.error }
    end
    check_mode(ctx, t, cfg, kinds)
    check_bind_auth(ctx, t, cfg)
    check_keys(ctx, t, cfg)
    check_env_refs(ctx, t, cfg)
    check_schema(ctx, t, cfg, params.profile)
    check_copies(ctx, t, cfg, kinds)
    return { ok = true }
  end,
}
