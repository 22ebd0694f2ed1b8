return {
  {
    id = "channel.mention-required",
    severity = "medium",
    title = "{where}: {count} group message(s) dropped because they did not mention the bot",
    cause = "requireMention is on for the group{group}: the bot ignores group messages that do not mention it. Log: "
      .. '"{log_message}"',
    fix = { "mention the bot in the group{bot}", "{unmention}" },
    meaning = "Group messages are dropped because they do not mention the bot (`requireMention`). Medium, 0.85.",
    detected = "Log `drop guild message (mention required) guild=G channel=C` (regex captures the guild and "
      .. "channel).",
    fix_doc = "Mention the bot (`@BOT`, from the probe's bot name); `openclaw config set "
      .. "channels.CH.guilds.G.requireMention false`.",
    source = "seed",
  },
  {
    id = "channel.sender-pairing-pending",
    severity = "medium",
    title = "{where}: {count} sender(s) await pairing approval",
    cause = "dmPolicy is pairing: an unknown sender gets a code and their messages are ignored until the owner "
      .. "approves it (codes expire after an hour; at most 3 pending per channel).",
    fix = { "openclaw pairing list --channel {channel}", "{approvals}" },
    approve_any = "openclaw pairing approve {channel} <code>   # the code the bot sent the sender",
    meaning = "A DM sender awaits pairing approval (dmPolicy `pairing`); their messages are ignored. Medium, "
      .. "0.9 with a code, else 0.8.",
    detected = "Log `pairing request channel=CH sender=S ... code=CODE`, `ignored message from unpaired "
      .. "sender`, the seeds' `Telegram pairing required — approve code`; pending requests in the local "
      .. "pairing store.",
    fix_doc = "`openclaw pairing list --channel CH`, `openclaw pairing approve CH CODE` (one line per pending code).",
    source = "seed",
  },
  {
    id = "channel.filtered-by-policy",
    severity = "medium",
    title = "{where}: {filtered} by dmPolicy {dm_policy}",
    cause = "The sender is not in allowFrom (dmPolicy {dm_policy}), so the message is dropped without a reply.{log}",
    fix = {
      "openclaw config get channels.{channel}",
      "{allow}",
      "openclaw config set channels.{channel}.dmPolicy pairing   # or: unknown senders ask for approval instead of "
        .. "being dropped",
    },
    texts = { log = ' Log: "{log_message}"' },
    variants = {
      disabled = { cause = "dmPolicy is disabled: every direct message is dropped.{log}" },
      empty_allowlist = { cause = "dmPolicy is allowlist with an empty allowFrom: every sender is dropped.{log}" },
    },
    meaning = "A sender or all DMs are dropped by policy: sender not in `allowFrom` under dmPolicy "
      .. "`allowlist`, dmPolicy `disabled`, or `allowlist` with an empty `allowFrom`. Medium, 0.85 from "
      .. "the log, 0.7 from the config alone.",
    detected = "Log `blocked inbound message from S (dmPolicy=allowlist; sender not in allowFrom)` and "
      .. "variants; account/config `dmPolicy` (or `dm.policy`) and `allowFrom`.",
    fix_doc = "`openclaw config get channels.CH`; `openclaw config set channels.CH.allowFrom '[...existing..., "
      .. '"S"]\'`; or `openclaw config set channels.CH.dmPolicy pairing`.',
    source = "seed",
  },
  {
    id = "channel.missing-permissions",
    severity = "high",
    title = "{where}: the bot lacks permissions{missing}",
    cause = "The provider refuses the bot's actions{last_error}{logged}. Messages arrive, but replies are never "
      .. "delivered there.",
    fix = { "{grant}", "openclaw channels status --probe   # re-runs the permission audit" },
    -- What to do in each provider's console (`grant` above).
    grant = {
      discord = "in Discord, give the bot's role View Channels, Send Messages and Read Message History in that "
        .. "channel (Server Settings > Roles, or the channel's Permissions), or re-invite it with those permissions",
      slack = "in the Slack app's OAuth & Permissions, add the missing scope, reinstall the app to the workspace, and "
        .. "invite the bot to the channel (/invite @bot)",
      telegram = "in Telegram, add the bot back to the group and allow it to post (or unblock it in the direct chat)",
      other = "grant the {name} bot the permissions or scopes it needs and re-authorize it",
    },
    meaning = "The provider refuses the bot's actions (Discord 50013/50001 Missing Permissions/Access, Slack "
      .. "`missing_scope`/`not_in_channel`, Telegram 403 Forbidden). High, 0.9 from the audit, 0.8 from "
      .. "`lastError`, 0.75 from the log.",
    detected = "`channels.status` account `audit.channels[].missing` (probe:true), `lastError`, log "
      .. "`DiscordAPIError[50013]: Missing Permissions`.",
    fix_doc = "Per channel: grant View Channels/Send Messages/Read Message History (Discord), add the scope "
      .. "and reinstall (Slack), re-add the bot (Telegram); `openclaw channels status --probe` re-audits.",
    source = "seed",
  },
  {
    id = "channel.not-configured",
    severity = "high",
    title = "{where} is not configured",
    cause = "{name} is enabled but has no credentials{last_error}{logged}, so it never connects and its messages "
      .. "never arrive.",
    fix = { "{setup}", "openclaw config get channels.{channel}", "openclaw channels status --probe" },
    -- The command that gives each channel its credentials (`setup` above).
    setup = {
      telegram = "openclaw channels add --channel telegram --token <bot token from @BotFather>",
      discord = "openclaw channels add --channel discord --token <bot token from the Discord developer portal>",
      slack = "openclaw channels add --channel slack --bot-token <xoxb-... token> --app-token <xapp-... token>",
      whatsapp = "openclaw channels login --channel whatsapp   # scan the QR code with the phone",
      other = "openclaw channels add --channel {channel}   # openclaw channels add --help",
    },
    variants = {
      not_linked = {
        title = "{where} is not linked",
        cause = "{name} is configured but not linked to an account (the link expired or was removed on the phone), "
          .. "so nothing arrives.",
        fix = { "{setup}", "openclaw channels status --probe" },
      },
      not_running = {
        title = "The gateway runs no {channel} channel",
        cause = "channels.status and health do not list {channel}: it is not configured, disabled, or its plugin is "
          .. "not loaded, so its messages cannot arrive.",
      },
      no_channels = {
        severity = "info",
        title = "The gateway runs no messaging channel",
        cause = "channels.status and health list no channel: messages from Telegram, Discord, WhatsApp or Slack "
          .. "cannot arrive until one is added.",
        fix = { "openclaw channels add --help", "openclaw channels status --probe" },
      },
    },
    meaning = "An enabled channel has no credentials, or is not linked (WhatsApp). High, 0.9 (0.85 not linked; "
      .. "0.7 from the log alone); high, 0.8 when the channel named by `--param channel=` is not running "
      .. "at all. Info when the gateway runs no channel at all (the verdict stays healthy).",
    detected = "Account `configured = false` or `linked = false`; log `slack not configured: "
      .. "channels.slack.botToken and channels.slack.appToken are required`; empty "
      .. "`channels.status`/health channel lists.",
    fix_doc = "`openclaw channels add --channel telegram --token <...>` (Discord `--token`, Slack `--bot-token "
      .. "--app-token`), `openclaw channels login --channel whatsapp`; `openclaw channels status --probe`.",
    source = "seed",
  },
  {
    id = "channel.probe-failed",
    severity = "high",
    title = "{where} is disconnected ({provider_error})",
    cause = "{name} answers its probe with {provider_error}{unauthorized}; the account is {account_state}.",
    fix = { "openclaw channels logs --channel {channel} --lines 200", "openclaw channels status --probe" },
    texts = { unauthorized = ": the bot token was revoked, regenerated or mistyped" },
    variants = {
      probe = { title = "{where}: the provider probe fails ({provider_error})" },
      unauthorized = { fix = { "{setup}", "openclaw channels status --probe" } },
      probe_unauthorized = {
        title = "{where}: the provider probe fails ({provider_error})",
        fix = { "{setup}", "openclaw channels status --probe" },
      },
    },
    meaning = "The provider's probe fails or the account is disconnected with a provider error (e.g. Telegram "
      .. "getMe 401: token revoked). High, 0.9 from a failed probe, 0.7 from the state, 0.6 from the log "
      .. "alone.",
    detected = "Account `probe.ok = false` (status, error), or `connected`/`running = false` with a `lastError` "
      .. "that is neither a permission error nor `gateway not connected`; log `channel exited: ...`.",
    fix_doc = "A 401: `openclaw channels add --channel CH --token <new token>`; else `openclaw channels logs "
      .. "--channel CH --lines 200`; `openclaw channels status --probe`.",
    source = "seed",
  },
  {
    id = "channel.send-while-disconnected",
    severity = "medium",
    title = "{where}: a reply was sent while the gateway was not connected",
    cause = '{name} tried to deliver a reply while its connection to the gateway was down ("send failed: gateway not '
      .. 'connected"): that message is lost. The gateway restarted or crashed meanwhile{connected_again}.',
    fix = {
      "openclaw logs --follow   # find why the gateway went down (restart, crash, OOM)",
      "clawbook run openclaw.triage",
      "resend the lost message once openclaw channels status --probe shows {channel} connected",
    },
    texts = { connected_again = "; the account is connected again now" },
    meaning = "A reply was attempted while the gateway was down (`send failed: gateway not connected`): that "
      .. "message was lost. Medium, 0.85 from the account, 0.75 from the log.",
    detected = "Account `lastError` or `lastDisconnect.error` containing `gateway not connected`; log lines "
      .. "`send failed: gateway not connected`, `[telegram] send failed: gateway not connected` and the "
      .. "seeds' variants (signature `channel.send-while-disconnected` in `lib/signatures.lua`, listed "
      .. "before `client.connection-refused` so the line is a channel failure, not "
      .. "`gateway.not-running`). Raised by `openclaw.channels`, and by `openclaw.triage` from an "
      .. "account's `lastError` or a pasted symptom.",
    fix_doc = "`openclaw logs --follow` (why the gateway went down), `clawbook run openclaw.triage`, resend "
      .. "once `openclaw channels status --probe` shows the channel connected.",
    source = "seed",
  },
  {
    id = "channel.poll-conflict",
    severity = "high",
    title = "{where}: another poller uses the same bot token (Telegram 409 Conflict)",
    cause = "Telegram answers getUpdates with 409 Conflict ({count} time(s), last {last_seen}): a second process "
      .. "polls with the same bot token (another gateway, an old clawdbot/moltbot install, a copy on another "
      .. "host or in a container, a webhook left set), and each poll ends the other's. Messages reach whichever "
      .. "poller wins, so this gateway misses most of them.",
    fix = {
      "ps -eo pid,args | grep -Ei 'openclaw|clawdbot|moltbot' | grep -v grep   # a second gateway on this host",
      "docker ps --format '{{.Names}} {{.Image}}' | grep -Ei 'openclaw|clawdbot'   # or in a container",
      "stop every other process that uses this bot token (other hosts too), or give this gateway its own bot "
        .. "(@BotFather /newbot)",
      "curl -s https://api.telegram.org/bot<token>/getWebhookInfo   # a webhook set elsewhere also conflicts",
      "openclaw channels status --probe",
    },
    meaning = "Telegram refuses getUpdates with `409 Conflict: terminated by other getUpdates request`: a second "
      .. "poller (another gateway, an old install, a copy elsewhere) uses the same bot token. High, 0.9 from an "
      .. "account's lastError, 0.85 from the log.",
    detected = "Signature `channel.poll-conflict` (`409`, `terminated by other getUpdates request`) in an account's "
      .. "`lastError` or the gateway log.",
    fix_doc = "Find and stop the other poller (`ps`, `docker ps`, other hosts, a webhook: `getWebhookInfo`), or give "
      .. "this gateway its own bot token.",
    source = "seed",
    refs = { "https://core.telegram.org/bots/api#getupdates" },
  },
  {
    id = "channel.session-conflict",
    severity = "high",
    title = "{where}: the WhatsApp Web session is not this gateway's any more",
    cause = "WhatsApp closed the session or has no listener for it ({count} time(s), last {last_seen}: "
      .. '"{log_message}"): another WhatsApp Web client took over the linked session (status 440, "conflict: '
      .. 'replaced"), or the listener died while the status still says connected. Sends fail and nothing arrives '
      .. "until the account is linked again.",
    fix = {
      "openclaw channels logout --channel whatsapp   # then link it from one place only",
      "openclaw channels login --channel whatsapp   # scan the QR code with the phone",
      "close WhatsApp Web / other gateways linked to the same number (phone: Linked devices)",
      "openclaw gateway restart   # when status says connected but sends fail: the listener is gone",
    },
    meaning = "WhatsApp Web session conflict: status 440 / `conflict: replaced` (another client took the session) or "
      .. "`No active WhatsApp Web listener` while the status says connected. High, 0.85.",
    detected = "Signature `channel.session-conflict` in an account's `lastError`/`lastDisconnect` or the gateway log.",
    fix_doc = "Close the other linked client; `openclaw channels logout --channel whatsapp`, `openclaw channels "
      .. "login --channel whatsapp`; `openclaw gateway restart` when the listener is gone.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/46991" },
  },
  {
    id = "channel.missing-intents",
    severity = "high",
    title = "{where}: Discord refuses the bot's gateway intents (close 4014)",
    cause = "Discord closed the bot's gateway connection with 4014 (disallowed intents): the bot asks for a "
      .. "privileged intent (Message Content, Server Members) that is not switched on in the Developer Portal, so "
      .. "it never connects and no message arrives ({count} time(s), last {last_seen}).",
    fix = {
      "Discord Developer Portal > your application > Bot > Privileged Gateway Intents: enable MESSAGE CONTENT "
        .. "INTENT (and SERVER MEMBERS INTENT if used), save",
      "openclaw gateway restart",
      "openclaw channels status --probe",
    },
    meaning = "Discord closes the bot's gateway with 4014 `Disallowed intent(s)`: a privileged intent (Message "
      .. "Content) is not enabled for the application. High, 0.9.",
    detected = "Signature `channel.missing-intents` (`4014`, `disallowed intent`) in an account's `lastError` or the "
      .. "gateway log.",
    fix_doc = "Enable the privileged intents (Message Content) in the Discord Developer Portal; `openclaw gateway "
      .. "restart`.",
    source = "seed",
    refs = { "https://discord.com/developers/docs/events/gateway#gateway-close-event-codes" },
  },
  {
    id = "channel.delivery-suppressed",
    severity = "high",
    title = "{where}: replies are generated but not delivered ({reason})",
    cause = 'The gateway logged "{log_message}" ({count} time(s), last {last_seen}): the agent answers (the reply '
      .. "shows in the Control UI), but the delivery policy keeps it from the channel. With sourceReplyDeliveryMode "
      .. "message_tool_only only replies the agent sends through the message tool are posted.",
    fix = {
      "openclaw config get agents.defaults   # find sourceReplyDeliveryMode (also per agent in agents.list)",
      "openclaw config unset agents.defaults.sourceReplyDeliveryMode   # deliver final replies again",
      "openclaw gateway restart",
    },
    variants = {
      not_configured = {
        cause = 'The gateway logged "{log_message}" ({count} time(s), last {last_seen}): the channel has no outbound '
          .. "delivery configured, so replies have nowhere to go.",
        fix = { "openclaw config get channels.{channel}", "openclaw channels status --probe" },
      },
    },
    meaning = "Replies are generated but suppressed by the delivery policy (`Delivery suppressed by "
      .. "sourceReplyDeliveryMode: message_tool_only`) or the channel has no outbound configured. High, 0.85.",
    detected = "Signature `channel.delivery-suppressed` in the gateway log.",
    fix_doc = "Find `sourceReplyDeliveryMode` (`openclaw config get agents.defaults`), unset it or set the mode that "
      .. "delivers final replies; restart.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/82134" },
  },
  {
    id = "channel.delivery-backlog",
    severity = "medium",
    title = "{count} outbound message(s) stuck in the delivery queue (oldest {age} old, {channels})",
    cause = "{state_dir}/delivery-queue holds {count} entrie(s) older than {threshold}; the gateway retries a failed "
      .. "delivery 5 times within about 15 minutes and then moves it to failed/, so these never drained: the "
      .. "channel refuses them (last error: {last_error}) or no running gateway works the queue. Those replies have "
      .. "not reached their recipients.",
    fix = {
      "ls -lt {state_dir}/delivery-queue | head   # the stuck entries (channel, to, retryCount, lastError)",
      "openclaw channels status --probe   # the channel the entries are for must be connected",
      "openclaw gateway restart   # the queue is recovered at start",
      "mkdir -p {state_dir}/delivery-queue/failed && mv {state_dir}/delivery-queue/<id>.json "
        .. "{state_dir}/delivery-queue/failed/   # to drop an entry that can never be delivered",
    },
    meaning = "The outbound delivery queue (`<state>/delivery-queue/*.json`) holds entries older than an hour that "
      .. "never drained (retries end within ~15 min, then entries move to `failed/`). Medium, 0.8.",
    detected = "`fs.glob` of `<state>/delivery-queue/*.json` and `fs.json` of each (`enqueuedAt`, `retryCount`, "
      .. "`lastError`, `channel`), local gateways only.",
    fix_doc = "`openclaw channels status --probe`; `openclaw gateway restart` (recovers the queue); move entries that "
      .. "cannot be delivered to `delivery-queue/failed/`.",
    source = "seed",
  },
  {
    id = "channel.inbound-silent",
    severity = "low",
    title = "{where}: connected, but no inbound message for {silence}",
    cause = "The account is connected and {outbound}, but its last inbound message was {silence} ago ({last_inbound}): "
      .. "events stop reaching the gateway while the connection looks fine (a subscription or permission lost on "
      .. "the provider's side, a regression in the channel plugin, another consumer of the same events).",
    fix = {
      "send the bot a direct message now, then: openclaw channels logs --channel {channel} --lines 50",
      "openclaw channels status --probe",
      "clawbook run openclaw.known-issues   # inbound regressions of some releases (Slack Socket Mode)",
    },
    meaning = "An account is connected but has had no inbound message for far longer than its traffic suggests "
      .. "(outbound after the last inbound, or nothing since it connected; default 6 h). Low, 0.5: quiet channels "
      .. "exist.",
    detected = "`channels.status`/health account `lastInboundAt`, `lastOutboundAt`, `lastConnectedAt`/`lastStartAt`.",
    fix_doc = "Send the bot a message and watch `openclaw channels logs --channel CH`; `openclaw channels status "
      .. "--probe`; `clawbook run openclaw.known-issues`.",
    source = "report",
    refs = { "https://github.com/openclaw/openclaw/issues/25968" },
  },
}
