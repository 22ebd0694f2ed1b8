return {
  {
    id = "channel.mention-required",
    severity = "medium",
    title = "Group messages are dropped because they do not mention the bot (`requireMention`)",
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
    title = "A DM sender awaits pairing approval (dmPolicy `pairing`); their messages are ignored",
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
    title = "A sender or all DMs are dropped by policy",
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
    title = "The provider refuses the bot's actions (Discord 50013/50001 Missing Permissions/Access, Slack "
      .. "`missing_scope`/`not_in_channel`, Telegram 403 Forbidden)",
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
    title = "The gateway runs no messaging channel",
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
    title = "The provider's probe fails or the account is disconnected with a provider error (e.g",
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
    title = "A reply was attempted while the gateway was down (`send failed",
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
