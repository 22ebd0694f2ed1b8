-- openclaw.gateway.connect: a client cannot reach the gateway (connect failed, send failed, ECONNREFUSED).
--
-- Reachability first: a TCP connect to the target (1 s: a refusal is instant, only a firewall drop waits). When
-- it fails: a gateway listening on another port (env vs config vs the process's --port), a gateway bound to
-- loopback reached by another address, firewall rules on this machine that drop the port (ufw, iptables and
-- nftables rule files), or no gateway at all, in which case openclaw.gateway.start says why. In every case the
-- logs, the journal and the kernel's OOM kills are read for a crash (panic, fatal, OOM, Killed).
--
-- Seeds vs the real product: the posts' localhost:3001 and `gateway.host` are blog defaults (OpenClaw: 18789 and
-- gateway.bind); their `ufw allow 18789/udp` is unnecessary, the gateway speaks TCP only.
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")

local CRASH_WINDOW_SECONDS = 24 * 3600
local FIREWALL_FILES = {
  ufw_conf = "/etc/ufw/ufw.conf",
  ufw_default = "/etc/default/ufw",
  ufw_rules = "/etc/ufw/user.rules",
  ufw_rules6 = "/etc/ufw/user6.rules",
  iptables = "/etc/iptables/rules.v4",
  iptables_rhel = "/etc/sysconfig/iptables",
  nftables = "/etc/nftables.conf",
}

local GATEWAY_COMMS = { node = true, MainThread = true, ["openclaw-gatewa"] = true, openclaw = true }

local function read_text(path)
  local file = oc.try(fs.read, path, { max = 262144 })
  if type(file) == "table" and file.ok == true and type(file.text) == "string" then
    return file.text
  end
  return nil, type(file) == "table" and file.error or "unreadable"
end

-- Does `line` name `port` as a destination port (--dport 18789, --dports 22,18789, dport { 22, 18789 })?
local function names_port(line, port)
  local lowered = line:lower()
  if not lowered:find("dport") and not lowered:find("### tuple") then
    return false
  end
  for number in lowered:gmatch("%d+") do
    if tonumber(number) == port then
      return true
    end
  end
  return false
end

-- What the saved firewall rules say about inbound TCP to `port`: {tool, verdict="blocks"|"allows"|"open", why}
-- per tool whose files could be read, plus the files that could not.
local function firewall_rules(port)
  local texts, unreadable = {}, {}
  for name, path in pairs(FIREWALL_FILES) do
    local text, err = read_text(path)
    texts[name] = text
    if not text and err ~= "not_found" then
      unreadable[#unreadable + 1] = path .. " (" .. tostring(err) .. ")"
    end
  end
  local verdicts = {}

  table.sort(unreadable)
  if ("\n" .. (texts.ufw_conf or "")):find("\nENABLED=yes") then
    local policy = (texts.ufw_default or ""):match('DEFAULT_INPUT_POLICY="?(%u+)') or "DROP"
    local allowed, denied = false, false
    for line in ((texts.ufw_rules or "") .. "\n" .. (texts.ufw_rules6 or "")):gmatch("[^\n]+") do
      if names_port(line, port) then
        allowed = allowed or line:find("ACCEPT") ~= nil or line:find("tuple ### allow") ~= nil
        denied = denied
          or line:find("DROP") ~= nil
          or line:find("REJECT") ~= nil
          or line:find("tuple ### deny") ~= nil
          or line:find("tuple ### reject") ~= nil
      end
    end
    local verdict = denied and "blocks" or (allowed and "allows") or (policy ~= "ACCEPT" and "blocks" or "open")
    verdicts[#verdicts + 1] = {
      tool = "ufw",
      verdict = verdict,
      default_input_policy = policy,
      why = denied and "a deny rule names the port"
        or (allowed and "an allow rule names the port")
        or ("no rule for the port and the default input policy is " .. policy),
      rules_readable = texts.ufw_rules ~= nil,
    }
  end

  for _, name in ipairs({ "iptables", "iptables_rhel" }) do
    local text = texts[name]
    if text then
      local policy = text:match(":INPUT%s+(%u+)") or "ACCEPT"
      local allowed, denied = false, false
      for line in text:gmatch("[^\n]+") do
        if line:find("%-A INPUT") and names_port(line, port) then
          allowed = allowed or line:find("%-j ACCEPT") ~= nil
          denied = denied or line:find("%-j DROP") ~= nil or line:find("%-j REJECT") ~= nil
        end
      end
      local verdict = denied and "blocks" or (allowed and "allows") or (policy ~= "ACCEPT" and "blocks" or "open")
      verdicts[#verdicts + 1] = {
        tool = "iptables",
        file = FIREWALL_FILES[name],
        verdict = verdict,
        default_input_policy = policy,
        why = denied and "a DROP/REJECT rule names the port"
          or (allowed and "an ACCEPT rule names the port")
          or ("no rule for the port and the INPUT policy is " .. policy),
      }
    end
  end

  if texts.nftables then
    local text = texts.nftables
    local input_drops = text:find("hook%s+input[^\n]*policy%s+drop") ~= nil
      or (text:find("hook%s+input") ~= nil and text:find("policy%s+drop") ~= nil)
    local allowed, denied = false, false
    for line in text:gmatch("[^\n]+") do
      if names_port(line, port) then
        allowed = allowed or line:find("accept") ~= nil
        denied = denied or line:find("drop") ~= nil or line:find("reject") ~= nil
      end
    end
    local verdict = denied and "blocks" or (allowed and "allows") or (input_drops and "blocks" or "open")
    verdicts[#verdicts + 1] = {
      tool = "nftables",
      file = FIREWALL_FILES.nftables,
      verdict = verdict,
      why = denied and "a drop/reject rule names the port"
        or (allowed and "an accept rule names the port")
        or (input_drops and "no rule for the port and the input chain's policy is drop" or "no drop policy"),
    }
  end
  return verdicts, unreadable
end

-- The listening ports of gateway processes other than `port`, with where each came from.
local function other_gateway_ports(processes, port)
  local others = {}
  for _, process in ipairs(oc.list(processes)) do
    for _, listening in ipairs(oc.list(process.listening)) do
      if listening.port ~= port then
        others[#others + 1] = {
          pid = process.pid,
          port = listening.port,
          address = listening.address,
          argv_port = oc.get(process, "gateway.port"),
          cmdline = process.cmdline,
        }
      end
    end
  end
  return others
end

local function only_loopback(listeners)
  if #listeners == 0 then
    return false
  end
  for _, listener in ipairs(listeners) do
    if listener.loopback ~= true then
      return false
    end
  end
  return true
end

local function probe(ctx, t, params)
  return ctx:step("Connect to the gateway port", function(step)
    local tcp, listeners, gateways, local_target = ctx:parallel({
      function()
        return gateway.tcp(t.host, t.port, { timeout = oc.TIMEOUT.tcp })
      end,
      function()
        return proc.listeners({ port = t.port })
      end,
      function()
        -- Only this install's gateways: another profile's listens on its own port by design.
        return oc.gateways(params, t.port)
      end,
      function()
        -- The local install's view (config, bind) even when a target was given.
        return t.config and t or oc.target({ profile = params.profile })
      end,
    })
    local seen = {
      tcp = type(tcp) == "table" and tcp or { ok = false, error = "error" },
      listeners = oc.list(listeners),
      processes = gateways.own,
      gateways = gateways,
      local_target = local_target,
    }
    step:evidence("target", t.ws_url)
    step:evidence("source", t.source)
    step:evidence("tcp", seen.tcp)
    step:evidence("listeners", seen.listeners)
    if #gateways.others > 0 then
      step:evidence("other_gateways", gateways.others) -- other profiles' (state dirs'), not judged
    end
    if seen.tcp.ok == true then
      step:pass("connected to " .. tostring(seen.tcp.address or (t.host .. ":" .. t.port)))
    else
      step:fail(tostring(seen.tcp.error) .. ": " .. tostring(seen.tcp.message or ""))
    end
    return seen
  end)
end

local function check_wrong_port(ctx, t, seen)
  return ctx:step("Compare the port clients use with where the gateway listens", function(step)
    local others = other_gateway_ports(seen.processes, t.port)
    local cfg = seen.local_target and seen.local_target.config
    local sources = {
      target = t.port,
      target_source = t.source,
      config_port = oc.get(cfg, "gateway.port.config_value")
        or (oc.get(cfg, "gateway.port.source") == "config" and oc.get(cfg, "gateway.port.value"))
        or nil,
      env_port = tostring(oc.get(cfg, "gateway.port.source")):match("^env") and oc.get(cfg, "gateway.port.value")
        or nil,
      ignored_env = oc.get(cfg, "gateway.port.ignored_env"),
    }
    step:evidence("ports", sources)
    step:evidence("gateway_listening_elsewhere", others)
    if #others == 0 then
      step:pass("no gateway listens on another port")
      return false
    end
    local actual = others[1].port
    step:fail("clients use " .. t.port .. ", the gateway listens on " .. actual)
    local variant
    if sources.env_port and sources.config_port and sources.env_port ~= sources.config_port then
      variant = "env_override"
    elseif others[1].argv_port then
      variant = "argv_port"
    end
    knowledge.raise(ctx, t, "gateway.wrong-port", {
      variant = variant,
      confidence = 0.9,
      vars = {
        actual = actual,
        port_source = t.source,
        env_port = sources.env_port,
        config_port = sources.config_port,
        argv_port = others[1].argv_port,
        seed_note = actual == 3001 or t.port == 3001,
      },
      evidence = { ports = sources, gateway = others },
    })
    return true
  end)
end

local function check_loopback(ctx, t, seen)
  return ctx:step("Check the bind address against the target host", function(step)
    local bind = oc.get(seen.local_target, "config.gateway.bind")
    step:evidence("bind", bind)
    if oc.is_loopback(t.host) then
      step:pass("the target is loopback")
      return false
    end
    local loopback_listeners = only_loopback(seen.listeners)
    local refused_remote = #seen.listeners == 0 and seen.tcp.error == "refused"
    if not loopback_listeners and not refused_remote then
      step:pass("the gateway does not listen on loopback only")
      return false
    end
    step:fail(loopback_listeners and "the gateway listens on loopback only" or "refused by " .. t.host)
    knowledge.raise(ctx, t, "network.loopback-only", {
      variant = not loopback_listeners and "refused" or nil,
      confidence = loopback_listeners and 0.9 or 0.5,
      evidence = { target = t.url, bind = bind, listeners = seen.listeners, tcp = seen.tcp },
    })
    return true
  end)
end

-- Firewall rules on this machine, when the gateway is meant to be reached from other hosts or a non-loopback
-- connect timed out (dropped packets are what a firewall does).
local function check_firewall(ctx, t, seen)
  ctx:step("Check firewall rules for the port", function(step)
    local exposed = false
    for _, listener in ipairs(seen.listeners) do
      exposed = exposed or listener.loopback ~= true
    end
    local timed_out = seen.tcp.error == "timeout" and not oc.is_loopback(t.host)
    if not exposed and not timed_out then
      return step:skip("the gateway is not exposed beyond loopback")
    end
    local verdicts, unreadable = firewall_rules(t.port)
    step:evidence("rules", verdicts)
    step:evidence("unreadable", unreadable)
    local blocking
    for _, verdict in ipairs(verdicts) do
      if verdict.verdict == "blocks" then
        blocking = blocking or verdict
      end
    end
    if blocking then
      step:fail(blocking.tool .. " blocks port " .. t.port .. ": " .. blocking.why)
      knowledge.raise(ctx, t, "network.firewall-blocks-port", {
        variant = blocking.tool,
        confidence = timed_out and 0.85 or 0.7,
        vars = { tool = blocking.tool, why = blocking.why },
        evidence = { rules = verdicts, tcp = seen.tcp },
      })
    elseif timed_out then
      step:warn("the connect timed out; no saved rule here blocks the port")
      knowledge.raise(ctx, t, "network.firewall-blocks-port", {
        variant = "timeout",
        confidence = 0.5,
        evidence = { rules = verdicts, unreadable = unreadable, tcp = seen.tcp },
      })
    else
      step:pass(#verdicts == 0 and "no firewall rule files" or "no rule blocks the port")
    end
  end)
end

-- Crash evidence: the logs and journal (panic, fatal, OOM, Killed) and the kernel's OOM kills of gateway
-- processes in the last day.
local function check_crash(ctx, t, params, down, gateways)
  ctx:step("Look for a crash in the logs, the journal and the kernel's OOM kills", function(step)
    local scope = { port = t.port, gateways = gateways }
    local scan = oc.scan_gateway_logs(ctx, params, oc.signatures_for({ "gateway.crashed" }), scope)
    local kills = proc.oom_kills()
    local now = time.now()
    local gateway_kills = {}
    for _, kill in ipairs(oc.list(type(kills) == "table" and kills.kills)) do
      local comm = tostring(kill.comm or "")
      local recent = tonumber(kill.time) == nil or now - tonumber(kill.time) < CRASH_WINDOW_SECONDS
      if recent and (GATEWAY_COMMS[comm] or comm:find("openclaw", 1, true)) then
        gateway_kills[#gateway_kills + 1] = kill
      end
    end
    step:evidence("log_sources", scan.sources)
    step:evidence("oom_kills", gateway_kills)
    local last
    for _, match in ipairs(scan.matches) do
      if match.finding == "gateway.crashed" then
        last = match -- oldest first: the newest crash wins
      end
    end
    if not last and #gateway_kills == 0 then
      return step:pass("no crash recorded")
    end
    local oom = #gateway_kills > 0
      or (last and last.pattern == "crash.oom-kill")
      or (last and last.pattern == "crash.node-heap")
    local what = oom and "was killed for lack of memory (OOM)" or ("stopped: " .. tostring(last.message):sub(1, 120))
    step:fail("the gateway " .. what)
    local variant = oom and "oom" or nil
    if not down then
      variant = oom and "oom_restarted" or "restarted"
    end
    knowledge.raise(ctx, t, "gateway.crashed", {
      variant = variant,
      confidence = down and (oom and 0.9 or 0.85) or 0.6,
      vars = { what = what },
      evidence = {
        log = last
            and { source = last.source, time = last.time_text, message = last.message, signature = last.pattern }
          or nil,
        oom_kills = gateway_kills,
      },
    })
  end)
end

return {
  id = "openclaw.gateway.connect",
  version = "1.0.0",
  engine = "^1",
  title = "Find out why clients cannot connect to the OpenClaw gateway",
  summary = "Connects to the gateway port and, when that fails, tells apart a stopped gateway (then runs "
    .. "openclaw.gateway.start), a gateway on another port (env vs config vs --port), a loopback-only bind reached "
    .. "from another host and firewall rules (ufw, iptables, nftables) that drop the port; reads the logs, the "
    .. "journal and the kernel's OOM kills for a crash.",
  symptoms = {
    "Error: connect ECONNREFUSED 127.0.0.1:18789",
    "connect failed: connection refused",
    "gateway connect failed",
    "WebSocket connection to 'ws://localhost:18789' failed",
    "failed to connect to gateway",
    "openclaw connection error: gateway unreachable",
    "send failed: gateway not connected",
    "Error: cannot send — no active gateway connection",
    "connection timed out",
  },
  tags = { "openclaw", "gateway", "network" },
  capabilities = {
    "net",
    "proc",
    "fs",
    "env",
    "systemd",
    "exec:openclaw",
    "exec:node",
    "fs:/etc/ufw",
    "fs:/etc/default/ufw",
    "fs:/etc/iptables",
    "fs:/etc/sysconfig/iptables",
    "fs:/etc/nftables.conf",
  },
  findings = {
    "gateway.wrong-port",
    "network.loopback-only",
    "network.firewall-blocks-port",
    "gateway.crashed",
    "gateway.not-running",
  },
  params = oc.PARAMS,

  run = function(ctx, params)
    local t = oc.target(params)
    local seen = probe(ctx, t, params)
    local reachable = seen.tcp.ok == true
    local local_target = oc.is_loopback(t.host) or t.source ~= "param"
    local explained = false
    if not reachable then
      explained = check_wrong_port(ctx, t, seen)
      if not explained then
        explained = check_loopback(ctx, t, seen)
      end
    end
    check_firewall(ctx, t, seen)
    check_crash(ctx, t, params, not reachable, seen.gateways)

    if not reachable and not explained then
      if local_target then
        -- Nothing listens here: why the gateway is not running is openclaw.gateway.start's question.
        oc.run(ctx, "openclaw.gateway.start", params)
      elseif seen.tcp.error ~= "timeout" then
        knowledge.raise(ctx, t, "gateway.not-running", {
          variant = "remote",
          confidence = 0.5,
          vars = { error = tostring(seen.tcp.error), message = tostring(seen.tcp.message or "") },
          evidence = { target = t.url, tcp = seen.tcp },
        })
      end
    end
    return { reachable = reachable }
  end,
}
