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
}
