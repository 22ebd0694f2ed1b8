-- openclaw.channels: the gateway is up but a messaging channel drops or refuses messages. Reads what the
-- gateway reports per channel account (channels.status with live probes when the scopes allow, else the health
-- snapshot), the channel config (config.get, else the local file), the gateway's log (logs.tail, else the local
-- log file) and, for a local gateway, the pending DM pairing requests. Never asks for a channel's secret.
local channel_silence = require("lib.channel_silence")
local oc = require("lib.openclaw")
local knowledge = require("lib.knowledge")
local deploy = require("lib.deployments")

local READ_SCOPES = { "operator.read", "operator.write", "operator.admin" }
local STATUS_TIMEOUT = 20 -- probe:true asks every provider (getMe, the Discord audit, ...)
local LOG_LINES = 500
local PAIRING_TTL_SECONDS = 3600 -- DM pairing codes expire after an hour
-- A delivery is retried 5 times within about 15 minutes, then moved to failed/: an entry older than this in
-- <state>/delivery-queue never drained.
local BACKLOG_SECONDS = 3600
local BACKLOG_MAX_ENTRIES = 50 -- queue files read at most
-- Provider errors that name their own cause (lib.signatures): raised from an account's lastError or the log, and
-- then not reported again as a generic probe failure. Some belong to one channel whatever the line's prefix.
local NAMED_ERRORS = {
  "channel.poll-conflict",
  "channel.session-conflict",
  "channel.missing-intents",
  "channel.delivery-suppressed",
}
local CHANNEL_OF_FINDING = {
  ["channel.poll-conflict"] = "telegram",
  ["channel.session-conflict"] = "whatsapp",
  ["channel.missing-intents"] = "discord",
}

-- How each channel is (re)connected; other channels get the generic form.
-- The command that gives a channel its credentials, and what to grant in its provider's console (catalog data).
local function setup_for(channel)
  local setup = knowledge.get("channel.not-configured").setup
  return knowledge.fill(setup[channel] or setup.other, { channel = channel })
end

local function grant_for(channel, name)
  local grant = knowledge.get("channel.missing-permissions").grant
  return knowledge.fill(grant[channel] or grant.other, { name = name })
end

-- Whether a provider's error text is a refusal of the bot's actions (the signature table's
-- channel.missing-permissions), not an invalid token, which is a probe failure.
local function permission_error(text)
  return oc.match_signature(text, { "channel.missing-permissions" }) ~= nil
end

local list = oc.list

local function lower(v)
  return type(v) == "string" and v:lower() or ""
end

local function has_any(text, needles)
  text = lower(text)
  for _, needle in ipairs(needles) do
    if text:find(needle, 1, true) then
      return true
    end
  end
  return false
end

local function json_string(s)
  return '"' .. tostring(s):gsub('[\\"]', "\\%0") .. '"'
end

local function json_list(values)
  local parts = {}
  for _, v in ipairs(values) do
    parts[#parts + 1] = json_string(v)
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

-- Channel ids in the order the gateway gives, then any others it reports, sorted.
local function ordered_ids(order, ...)
  local ids, seen = {}, {}
  for _, id in ipairs(list(order)) do
    if type(id) == "string" and not seen[id] then
      ids[#ids + 1], seen[id] = id, true
    end
  end
  local rest = {}
  for _, map in ipairs({ ... }) do
    for id in pairs(list(map)) do
      if type(id) == "string" and not seen[id] then
        rest[#rest + 1], seen[id] = id, true
      end
    end
  end
  table.sort(rest)
  for _, id in ipairs(rest) do
    ids[#ids + 1] = id
  end
  return ids
end

-- channels.status: {channelOrder, channelLabels, channels={id=summary}, channelAccounts={id={account...}}}
local function from_channels_status(payload)
  local channels = {}
  for _, id in ipairs(ordered_ids(payload.channelOrder, payload.channelAccounts, payload.channels)) do
    channels[#channels + 1] = {
      id = id,
      label = list(payload.channelLabels)[id] or id,
      summary = list(list(payload.channels)[id]),
      accounts = list(list(payload.channelAccounts)[id]),
    }
  end
  return channels
end

-- health: {channels={id=account snapshot + accounts={accountId=snapshot}}, channelOrder, channelLabels}
local function from_health(payload)
  local channels = {}
  for _, id in ipairs(ordered_ids(payload.channelOrder, payload.channels)) do
    local entry = list(list(payload.channels)[id])
    local accounts = {}
    local account_ids = ordered_ids(nil, entry.accounts)
    for _, account_id in ipairs(account_ids) do
      local account = list(entry.accounts[account_id])
      account.accountId = account.accountId or account_id
      accounts[#accounts + 1] = account
    end
    if #accounts == 0 then
      accounts[1] = entry
    end
    channels[#channels + 1] =
      { id = id, label = list(payload.channelLabels)[id] or id, summary = entry, accounts = accounts }
  end
  return channels
end

-- Without a gateway to ask: the channels the config enables, state unknown.
local function from_config(config)
  local channels = {}
  for _, id in ipairs(ordered_ids(nil, config)) do
    local entry = list(config[id])
    if entry.enabled ~= false then
      channels[#channels + 1] = { id = id, label = id, summary = {}, accounts = { { accountId = "default" } } }
    end
  end
  return channels
end

-- A regex group of a log match, or nil when the group did not take part.
local function capture(match, index)
  local value = list(match and match.captures)[index]
  return value ~= "" and value or nil
end

-- Seconds since `at` (epoch milliseconds, as account snapshots and queue entries give it, or an ISO time).
local age_of = channel_silence.age_of

-- The channel a log match is about: its subsystem (gateway/channels/<id>), a channel= field, or a [<id>] prefix.
local function channel_of(match, known)
  local subsystem = lower(match.subsystem)
  local id = subsystem:match("channels/([%w_-]+)")
    or lower(match.message):match("channel=([%w_-]+)")
    or lower(match.message):match("^%[([%w_-]+)%]")
    or CHANNEL_OF_FINDING[match.finding]
  if id and known[id] then
    return id
  end
  return nil
end

-- DM policy settings of an account, from the account snapshot, else the channel config (dmPolicy, or the older
-- dm.policy / dm.allowFrom form).
local function policy_of(account, config)
  config = list(config)
  local dm = list(config.dm)
  return {
    dm_policy = account.dmPolicy or config.dmPolicy or dm.policy,
    allow_from = account.allowFrom or config.allowFrom or dm.allowFrom,
    group_policy = account.groupPolicy or config.groupPolicy,
  }
end

-- Requests of a pairing store ({version, requests={{id, code, createdAt, lastSeenAt, meta}}}) that have not
-- expired yet.
local function pending_requests(file, now)
  local pending = {}
  for _, request in ipairs(list(file and file.requests)) do
    local age = deploy.age_seconds(request.createdAt, now)
    if not age or age < PAIRING_TTL_SECONDS then
      pending[#pending + 1] = {
        sender = request.id,
        code = request.code,
        created_at = request.createdAt,
        username = list(request.meta).username,
      }
    end
  end
  return pending
end

-- Connect to the gateway.
local function connect_to_the_gateway(ctx, target, token)
  return ctx:step("Connect to the gateway", function(step)
    step:evidence("url", target.ws_url):evidence("secret_source", token.source)
    local options = oc.tls_options(target, oc.connect_options(token, oc.TIMEOUT.connect))
    local connected = gateway.connect(target.ws_url, options)
    if type(connected) ~= "table" or connected.ok ~= true then
      local failed = list(connected)
      step:evidence("connect", {
        phase = failed.phase,
        error = failed.error,
        code = failed.details_code or failed.code,
        close_code = failed.close_code,
        close_reason = failed.close_reason,
        message = failed.message,
      })
      step:fail(
        "cannot connect to "
          .. target.ws_url
          .. " ("
          .. tostring(failed.details_code or failed.error)
          .. "): clawbook run openclaw.triage diagnoses the gateway itself; channels are read from local files only"
      )
      return nil
    end
    step:evidence("server_version", connected.server_version):evidence("scopes", connected.scopes)
    step:pass("connected to OpenClaw " .. tostring(connected.server_version))
    return connected
  end)
end

-- Read the channel status.
local function read_the_channel_status(ctx, params, session, access)
  return ctx:step("Read the channel status", function(step)
    if not session then
      step:skip("no gateway connection")
      return {}
    end
    local found, source
    if access.can_read then
      local status = session:call("channels.status", { probe = true }, { timeout = STATUS_TIMEOUT })
      if type(status) == "table" and status.ok == true and type(status.payload) == "table" then
        found, source = from_channels_status(status.payload), "channels.status (live probes)"
      else
        -- Scopes stripped by the server (2026.3.13): health still answers, without probes of permissions.
        access.can_read = not list(status).missing_scope
        step:evidence("channels_status_error", list(status).error)
      end
    end
    if not found then
      local health = session:call("health", { probe = true }, { timeout = STATUS_TIMEOUT })
      if type(health) == "table" and health.ok == true and type(health.payload) == "table" then
        found, source = from_health(health.payload), "health snapshot"
      else
        step:evidence("health_error", list(health).error)
        step:fail("the gateway answered neither channels.status nor health")
        return {}
      end
    end
    if params.channel then
      local only = {}
      for _, channel in ipairs(found) do
        if channel.id == params.channel then
          only[#only + 1] = channel
        end
      end
      found = only
    end
    local summary = {}
    for _, channel in ipairs(found) do
      summary[channel.id] = channel.accounts
    end
    step:evidence("source", source):evidence("channels", summary)
    if #found == 0 then
      step:warn("the gateway reports no " .. (params.channel and (params.channel .. " ") or "") .. "channel")
    else
      step:pass(#found .. " channel(s) from " .. source)
    end
    return found
  end)
end

-- Read the channel config.
local function read_the_channel_config(ctx, target, session, access)
  return ctx:step("Read the channel config", function(step)
    if session and access.can_read then
      local answer = session:call("config.get", {}, { timeout = oc.TIMEOUT.connect })
      if list(answer).ok == true and type(answer.payload) == "table" then
        local channels_config = oc.get(answer.payload, "config.channels")
        step:pass(
          type(channels_config) == "table" and "from the gateway (config.get)" or "the gateway's config has no channels"
        )
        return list(channels_config)
      end
    end
    local local_config = oc.get(target, "config.config.channels")
    if type(local_config) == "table" then
      step:pass("from " .. tostring(oc.get(target, "config.path")))
      return local_config
    end
    step:skip("no channel config readable")
    return {}
  end)
end

-- Scan the gateway log for channel messages.
local function scan_the_gateway_log_for(ctx, session, access, paths)
  return ctx:step("Scan the gateway log for channel messages", function(step)
    local scan
    if session and access.can_read then
      local tail = session:call("logs.tail", { limit = LOG_LINES }, { timeout = oc.TIMEOUT.connect })
      local lines = list(list(tail).payload).lines
      if type(lines) == "table" and #lines > 0 then
        scan = log.scan(lines, oc.channel_signatures())
        step:evidence("source", "logs.tail " .. tostring(tail.payload.file))
      end
    end
    if not scan and paths then
      for _, file in ipairs(list(paths.log_files)) do
        if file.exists and not scan then
          scan = log.scan(file.path, oc.channel_signatures(), { lines = LOG_LINES * 4 })
          step:evidence("source", file.path)
        end
      end
    end
    if type(scan) ~= "table" or scan.ok ~= true then
      step:skip("no gateway log to read")
      return nil
    end
    step:evidence("counts", scan.counts)
    step:pass(#list(scan.matches) .. " channel message(s) of interest in " .. tostring(scan.lines_scanned) .. " lines")
    return list(scan.matches)
  end)
end

-- Check each channel account.
-- What one account shows, with the names every check below reads.
local function account_facts(channel, account, logs, setup, channel_config, paths, now)
  local id, name = channel.id, channel.label
  local account_id = tostring(account.accountId or "default")
  local where = name .. " account " .. account_id
  local probe, audit = list(account.probe), list(account.audit)
  local last_error = account.lastError or channel.summary.lastError
  -- Read from the config alone (no gateway answered): only the log and the pairing store say anything.
  local state_known = account.configured ~= nil or account.connected ~= nil
  local evidence = {
    channel = id,
    account = account_id,
    configured = account.configured,
    linked = account.linked,
    running = account.running,
    connected = account.connected,
    health_state = account.healthState,
    last_error = last_error,
    probe = account.probe,
    audit = account.audit,
    last_disconnect = account.lastDisconnect,
    reconnect_attempts = account.reconnectAttempts,
  }

  return {
    id = id,
    name = name,
    logs = logs,
    channel_config = channel_config,
    setup = setup,
    account = account,
    account_id = account_id,
    where = where,
    probe = probe,
    audit = audit,
    last_error = last_error,
    state_known = state_known,
    evidence = evidence,
    paths = paths,
    now = now,
    channel = channel,
  }
end

-- Whether the account is configured and linked; false (with its finding) when not.
local function check_configured(report, a)
  local id, name, logs, setup, account, where, last_error, state_known, evidence, channel =
    a.id, a.name, a.logs, a.setup, a.account, a.where, a.last_error, a.state_known, a.evidence, a.channel
  local not_configured_logs = logs["channel.not-configured"]
  local logged = not_configured_logs and (' (log: "' .. not_configured_logs[1].message .. '")') or ""
  if
    account.configured == false
    or channel.summary.configured == false
    or (not state_known and logs["channel.not-configured"])
  then
    report("channel.not-configured", {
      confidence = state_known and 0.9 or 0.7,
      vars = {
        where = where,
        name = name,
        channel = id,
        setup = setup,
        last_error = last_error and (" (" .. tostring(last_error) .. ")") or "",
        logged = logged,
      },
      evidence = evidence,
    })
  elseif account.linked == false then
    report("channel.not-configured", {
      variant = "not_linked",
      confidence = 0.85,
      vars = { where = where, name = name, setup = setup },
      evidence = evidence,
    })
  else
    return true
  end
  return false
end

-- The provider's own verdict: a failing probe or lost connection, and refused permissions.
local function check_provider(report, a, named)
  local id, name, logs, setup, account, account_id, where, probe, audit, last_error, state_known, evidence =
    a.id,
    a.name,
    a.logs,
    a.setup,
    a.account,
    a.account_id,
    a.where,
    a.probe,
    a.audit,
    a.last_error,
    a.state_known,
    a.evidence
  -- A provider refusing the token (401) is a probe failure; refusing the bot's actions is permissions.
  local missing = {}
  for _, checked in ipairs(list(audit.channels)) do
    if checked.ok == false then
      missing[#missing + 1] = tostring(checked.channelId) .. ": " .. table.concat(list(checked.missing), ", ")
    end
  end
  local down = (account.connected == false or account.running == false)
    and last_error
    and not has_any(last_error, { "gateway not connected" })
    and not permission_error(last_error)
  local logged_failure = not state_known and logs["channel.probe-failed"]
  if (probe.ok == false or down or logged_failure) and not named then
    local provider_error = probe.ok == false
        and (tostring(probe.status or "") .. " " .. tostring(probe.error or "")):gsub("^ ", "")
      or last_error and tostring(last_error)
      or tostring(logged_failure and (capture(logged_failure[1], 1) or logged_failure[1].message))
    local unauthorized = probe.status == 401 or has_any(provider_error, { "401", "unauthorized" })
    local account_state = account.connected == false and "disconnected"
      or (state_known and "degraded" or "in an unknown state (no gateway answered)")
    if account.reconnectAttempts then
      account_state = account_state .. " after " .. tostring(account.reconnectAttempts) .. " reconnect attempts"
    end
    local variant = probe.ok == false and "probe" or nil
    if unauthorized then
      variant = probe.ok == false and "probe_unauthorized" or "unauthorized"
    end
    report("channel.probe-failed", {
      variant = variant,
      confidence = probe.ok == false and 0.9 or (down and 0.7 or 0.6),
      vars = {
        where = where,
        name = name,
        channel = id,
        setup = setup,
        provider_error = provider_error,
        unauthorized = unauthorized == true,
        account_state = account_state,
      },
      evidence = evidence,
    })
  end
  if #missing > 0 or permission_error(last_error) or logs["channel.missing-permissions"] then
    local line = logs["channel.missing-permissions"] and logs["channel.missing-permissions"][1].message
    report("channel.missing-permissions", {
      confidence = #missing > 0 and 0.9 or (permission_error(last_error) and 0.8 or 0.75),
      vars = {
        where = where,
        missing = #missing > 0 and (" (" .. table.concat(missing, "; ") .. ")") or "",
        last_error = last_error and (": " .. tostring(last_error)) or "",
        logged = line and (' (log: "' .. line .. '")') or "",
        grant = grant_for(id, name),
      },
      evidence = {
        channel = id,
        account = account_id,
        audit = account.audit,
        last_error = last_error,
        log = line,
      },
    })
  end
end

-- A reply sent while the gateway was down: that message is lost.
local function check_send_while_disconnected(report, a)
  local id, name, logs, account, account_id, where, last_error =
    a.id, a.name, a.logs, a.account, a.account_id, a.where, a.last_error
  local disconnected_error = has_any(last_error, { "gateway not connected" })
    or has_any(list(account.lastDisconnect).error, { "gateway not connected" })
  if disconnected_error or logs["channel.send-while-disconnected"] then
    local line = logs["channel.send-while-disconnected"] and logs["channel.send-while-disconnected"][1]
    report("channel.send-while-disconnected", {
      confidence = disconnected_error and 0.85 or 0.75,
      vars = { where = where, name = name, channel = id, connected_again = account.connected == true },
      evidence = {
        channel = id,
        account = account_id,
        last_error = last_error,
        last_disconnect = account.lastDisconnect,
        log = line and { time = line.time_text, message = line.message },
      },
    })
  end
end

-- DM senders waiting for pairing approval (the log and the local pairing store).
local function check_pairing(report, a)
  local id, logs, channel_config, account, account_id, where, paths, now =
    a.id, a.logs, a.channel_config, a.account, a.account_id, a.where, a.paths, a.now
  local policy = policy_of(account, channel_config)
  local pairing_logs = logs["channel.sender-pairing-pending"] or {}
  local pending = {}
  if policy.dm_policy == "pairing" and paths and paths.state_dir then
    local store = fs.json({ path = paths.state_dir .. "/credentials/" .. id .. "-pairing.json" })
    pending = pending_requests(store, now)
  end
  for _, match in ipairs(pairing_logs) do
    if capture(match, 3) then
      pending[#pending + 1] = { sender = capture(match, 2), code = capture(match, 3), log = match.message }
    end
  end
  if #pending > 0 or #pairing_logs > 0 then
    local approvals, seen = {}, {}
    for _, request in ipairs(pending) do
      if request.code and not seen[request.code] then
        seen[request.code] = true
        approvals[#approvals + 1] = "openclaw pairing approve "
          .. id
          .. " "
          .. request.code
          .. "   # sender "
          .. tostring(request.sender)
      end
    end
    if #approvals == 0 then
      approvals[1] = knowledge.get("channel.sender-pairing-pending").approve_any
    end
    report("channel.sender-pairing-pending", {
      confidence = #pending > 0 and 0.9 or 0.8,
      vars = { where = where, channel = id, count = math.max(#pending, 1), approvals = approvals },
      evidence = {
        channel = id,
        account = account_id,
        dm_policy = policy.dm_policy,
        pending = pending,
        log = pairing_logs[1] and pairing_logs[1].message,
      },
    })
  end

  return policy
end

-- Senders or all DMs dropped by dmPolicy/allowFrom.
local function check_policy(report, a, policy)
  local id, logs, account_id, where = a.id, a.logs, a.account_id, a.where
  local filtered = logs["channel.filtered-by-policy"] or {}
  local allow_from = list(policy.allow_from)
  local empty_allowlist = policy.dm_policy == "allowlist" and #allow_from == 0
  if #filtered > 0 or policy.dm_policy == "disabled" or empty_allowlist then
    local senders, seen = {}, {}
    for _, match in ipairs(filtered) do
      local sender = capture(match, 1)
      if sender and not seen[sender] then
        senders[#senders + 1], seen[sender] = sender, true
      end
    end
    local allow = {}
    if #senders > 0 then
      local widened = {}
      for _, v in ipairs(allow_from) do
        widened[#widened + 1] = v
      end
      for _, sender in ipairs(senders) do
        widened[#widened + 1] = sender
      end
      allow[1] = "openclaw config set channels."
        .. id
        .. ".allowFrom '"
        .. json_list(widened)
        .. "'   # let these senders in"
    end
    local variant = policy.dm_policy == "disabled" and "disabled" or nil
    if not variant and empty_allowlist then
      variant = "empty_allowlist"
    end
    report("channel.filtered-by-policy", {
      variant = variant,
      confidence = #filtered > 0 and 0.85 or 0.7,
      vars = {
        where = where,
        channel = id,
        filtered = #senders > 0 and (table.concat(senders, ", ") .. " filtered") or "direct messages filtered",
        dm_policy = tostring(policy.dm_policy),
        log = filtered[1] ~= nil,
        log_message = filtered[1] and tostring(filtered[1].message),
        allow = allow,
      },
      evidence = {
        channel = id,
        account = account_id,
        dm_policy = policy.dm_policy,
        allow_from = allow_from,
        group_policy = policy.group_policy,
        senders = senders,
      },
    })
  end
end

-- Group messages dropped because they did not mention the bot.
local function check_mentions(report, a)
  local id, logs, account_id, where, probe = a.id, a.logs, a.account_id, a.where, a.probe
  local dropped = logs["channel.mention-required"] or {}
  if #dropped > 0 then
    local group, group_channel = capture(dropped[1], 2), capture(dropped[1], 3)
    local bot = list(probe.bot).username
    local unmention
    if group then
      unmention = "openclaw config set channels."
        .. id
        .. ".guilds."
        .. group
        .. ".requireMention false   # answer without a mention in that server"
    else
      unmention = "set requireMention to false for the group in channels."
        .. id
        .. " (openclaw config get channels."
        .. id
        .. ")"
    end
    report("channel.mention-required", {
      confidence = 0.85,
      vars = {
        where = where,
        count = #dropped,
        group = group and (" (" .. group .. (group_channel and ("/" .. group_channel) or "") .. ")") or "",
        log_message = tostring(dropped[1].message),
        bot = bot and (": @" .. bot .. " <message>") or "",
        unmention = unmention,
      },
      evidence = {
        channel = id,
        account = account_id,
        group = group,
        group_channel = group_channel,
        dropped = #dropped,
        bot = bot,
      },
    })
  end
end

-- Errors that name their cause: a second Telegram poller, a lost WhatsApp session, Discord intents, replies
-- suppressed by the delivery policy. True when one was raised (it explains a failing probe).
local function check_named_errors(report, a)
  local named = false
  for _, id in ipairs(NAMED_ERRORS) do
    local lines = a.logs[id] or {}
    local disconnect_error = list(a.account.lastDisconnect).error
    local signature = oc.match_signature(a.last_error, { id }) or oc.match_signature(disconnect_error, { id })
    local state_error = signature and (oc.match_signature(a.last_error, { id }) and a.last_error or disconnect_error)
    if state_error or #lines > 0 then
      named = true
      local last = lines[#lines]
      local message = tostring(state_error or last.message)
      -- Which signature entry matched says which wording of the finding applies.
      local not_configured = (signature and signature.id or last.pattern) == "channel.delivery-not-configured"
      report(id, {
        variant = id == "channel.delivery-suppressed" and not_configured and "not_configured" or nil,
        confidence = state_error and 0.9 or 0.85,
        vars = {
          where = a.where,
          channel = a.id,
          count = math.max(#lines, 1),
          last_seen = last and last.time_text or "in the account's state",
          log_message = message,
          reason = not_configured and "outbound not configured" or (capture(last, 2) or "suppressed by policy"),
        },
        evidence = {
          channel = a.id,
          account = a.account_id,
          last_error = state_error,
          log_lines = #lines,
          log = last and { time = last.time_text, message = last.message },
        },
      })
    end
  end
  return named
end

-- Connected, but nothing inbound for far longer than the account's own traffic suggests: the bot still sends
-- (outbound after the last inbound), or has heard nothing since it connected while it sends.
local function check_inbound(report, a, silence_seconds)
  local account = a.account
  local silent = channel_silence.of(account, a.now, silence_seconds)
  if not silent then
    return
  end
  local inbound, outbound = silent.inbound, silent.outbound
  local hours = string.format("%.0f h", silent.seconds / 3600)
  report("channel.inbound-silent", {
    confidence = 0.5,
    vars = {
      where = a.where,
      channel = a.id,
      silence = hours,
      outbound = "still sends (last outbound " .. string.format("%.0f min", outbound / 60) .. " ago)",
      last_inbound = inbound and ("lastInboundAt " .. tostring(account.lastInboundAt)) or "none since it connected",
    },
    evidence = {
      channel = a.id,
      account = a.account_id,
      last_inbound_at = account.lastInboundAt,
      last_outbound_at = account.lastOutboundAt,
      connected_since = account.lastConnectedAt or account.lastStartAt,
      threshold_seconds = silence_seconds,
    },
  })
end

-- Outbound deliveries that never drained: <state>/delivery-queue/*.json older than BACKLOG_SECONDS.
local function check_delivery_backlog(ctx, paths, now)
  local state_dir = paths and paths.state_dir
  if type(state_dir) ~= "string" then
    return
  end
  local queue = fs.glob(state_dir .. "/delivery-queue/*.json")
  local files = list(queue and queue.matches)
  if #files == 0 then
    return
  end
  ctx:step("Read the outbound delivery queue", function(step)
    local stuck, channels, oldest, last_error = {}, {}, 0, nil
    for i = 1, math.min(#files, BACKLOG_MAX_ENTRIES) do
      local entry = fs.json({ path = files[i] })
      local age = type(entry) == "table" and age_of(entry.enqueuedAt, now)
      if age and age >= BACKLOG_SECONDS then
        stuck[#stuck + 1] = { file = files[i], channel = entry.channel, retries = entry.retryCount, age = age }
        channels[tostring(entry.channel)] = true
        oldest = math.max(oldest, age)
        last_error = last_error or entry.lastError
      end
    end
    step:evidence("entries", #files):evidence("stuck", stuck)
    if #stuck == 0 then
      step:pass(#files .. " queued deliverie(s), none older than an hour")
      return
    end
    local names = ordered_ids(nil, channels)
    knowledge.raise(ctx, nil, "channel.delivery-backlog", {
      confidence = 0.8,
      vars = {
        count = #stuck,
        age = string.format("%.0f h", oldest / 3600),
        channels = table.concat(names, ", "),
        state_dir = state_dir,
        threshold = "an hour",
        last_error = last_error and tostring(last_error) or "none recorded",
      },
      evidence = stuck,
    })
    step:fail(#stuck .. " deliverie(s) stuck for over an hour")
  end)
end

local function check_each_channel_account(ctx, params, now, session, channels, config, paths, log_matches, by_channel)
  return ctx:step("Check each channel account", function(step)
    local problems = 0
    local function report(id, opts)
      problems = problems + 1
      knowledge.raise(ctx, nil, id, opts)
    end
    if #channels == 0 and session and params.channel then
      -- The channel asked about does not run: the likeliest reason its messages never arrive.
      report("channel.not-configured", {
        variant = "not_running",
        confidence = 0.8,
        vars = { channel = params.channel, setup = setup_for(params.channel) },
        evidence = { channel = params.channel, configured_channels = ordered_ids(nil, config) },
      })
    elseif #channels == 0 and session then
      knowledge.raise(ctx, nil, "channel.not-configured", {
        variant = "no_channels",
        confidence = 0.6,
        evidence = { configured_channels = ordered_ids(nil, config) },
      })
    end
    for _, channel in ipairs(channels) do
      local id = channel.id
      local logs = by_channel[id] or {}
      local channel_config = list(config[id])
      local setup = setup_for(id)
      for _, account in ipairs(channel.accounts) do
        local a = account_facts(channel, account, logs, setup, channel_config, paths, now)
        if check_configured(report, a) then
          check_provider(report, a, check_named_errors(report, a))
          check_inbound(report, a, (tonumber(params.silence_hours) or channel_silence.DEFAULT_HOURS) * 3600)
          check_send_while_disconnected(report, a)
          local policy = check_pairing(report, a)
          check_policy(report, a, policy)
          check_mentions(report, a)
        end
      end
    end
    if problems > 0 then
      step:fail(problems .. " channel problem(s)")
    elseif #channels == 0 then
      step:skip("no channel to check")
    elseif not log_matches then
      step:warn(
        "the accounts look fine, but no gateway log was readable: drops for a missing mention, pending "
          .. "pairing or a policy only show there (run on the gateway's host, or with a token that has operator.read)"
      )
    else
      step:pass("every channel account is configured, connected and accepting messages")
    end
  end)
end

return {
  id = "openclaw.channels",
  version = "1.0.0",
  engine = "^1",
  title = "Find why a messaging channel drops or refuses messages",
  summary = "For a gateway that is up while a channel (Telegram, Discord, WhatsApp, Slack, ...) stays silent: reads "
    .. "each channel account from channels.status (live probes and permission audits when the connection has "
    .. "operator.read) or the health snapshot, the channel config, the gateway's log and the pending DM pairing "
    .. "requests, and names the cause: a group message dropped for lack of a mention, a sender awaiting pairing, "
    .. "a sender filtered by dmPolicy or an allowlist, a bot missing permissions, a channel not configured or not "
    .. "linked, a failing provider probe, or a send attempted while the gateway was down. Prints the exact "
    .. "commands (openclaw pairing approve <channel> <code>, ...); never reads or prints a channel's secret.",
  symptoms = {
    "bot does not reply in group",
    "drop guild message (mention required)",
    "pairing request channel=telegram",
    "Telegram pairing required — approve code",
    "access not configured. Your Telegram user id",
    "blocked inbound message",
    "sender not in allowFrom",
    "DiscordAPIError[50013]: Missing Permissions",
    "missing_scope",
    "slack not configured",
    "Call to 'getMe' failed! (401: Unauthorized)",
    "send failed: gateway not connected",
    "[telegram] send failed: gateway not connected",
    "openclaw channels status --probe",
    "messages never arrive",
    "409: Conflict: terminated by other getUpdates request",
    "No active WhatsApp Web listener",
    "Used disallowed intents",
    "Delivery suppressed by sourceReplyDeliveryMode: message_tool_only",
    "bot can post but receives nothing",
  },
  tags = { "channels", "telegram", "discord", "whatsapp", "slack", "gateway" },
  capabilities = { "net", "fs", "env" },
  findings = {
    "channel.mention-required",
    "channel.sender-pairing-pending",
    "channel.filtered-by-policy",
    "channel.missing-permissions",
    "channel.not-configured",
    "channel.probe-failed",
    "channel.send-while-disconnected",
    "channel.poll-conflict",
    "channel.session-conflict",
    "channel.missing-intents",
    "channel.delivery-suppressed",
    "channel.delivery-backlog",
    "channel.inbound-silent",
  },
  params = oc.with_standard_params({
    silence_hours = {
      type = "number",
      default = 6,
      description = "How long a connected account that still sends may hear nothing before it counts as silent.",
    },
    channel = {
      type = "string",
      description = "Check only this channel id (telegram, discord, whatsapp, slack, ...).",
    },
  }),

  run = function(ctx, params)
    local target = oc.target(params)
    local token = oc.token(params)
    local local_gateway = oc.is_loopback(target.host)
    local now = time.now()

    local session = connect_to_the_gateway(ctx, target, token)

    local access = { can_read = false } -- whether the session may call read methods (operator.read)
    for _, scope in ipairs(list(session and session.scopes)) do
      for _, wanted in ipairs(READ_SCOPES) do
        access.can_read = access.can_read or scope == wanted
      end
    end

    local channels = read_the_channel_status(ctx, params, session, access)

    local config = read_the_channel_config(ctx, target, session, access)

    local paths = local_gateway and openclaw.paths({ profile = params.profile }) or nil

    local log_matches = scan_the_gateway_log_for(ctx, session, access, paths)

    if #channels == 0 and not session then
      channels = from_config(config)
    end

    -- Log matches per channel and finding id.
    local known = {}
    for _, channel in ipairs(channels) do
      known[channel.id] = true
    end
    local by_channel = {}
    for _, match in ipairs(log_matches or {}) do
      local id = channel_of(match, known) or (#channels == 1 and channels[1].id) or nil
      if id and match.finding then
        by_channel[id] = by_channel[id] or {}
        by_channel[id][match.finding] = by_channel[id][match.finding] or {}
        table.insert(by_channel[id][match.finding], match)
      end
    end

    check_each_channel_account(ctx, params, now, session, channels, config, paths, log_matches, by_channel)
    check_delivery_backlog(ctx, paths, now)

    if session then
      session:close({ timeout = 2 })
    end
  end,
}
