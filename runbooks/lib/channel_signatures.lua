-- Signature catalog for messaging channels: log text -> channel finding. Data only, same shape as
-- lib/signatures.lua. Channel log lines carry the subsystem "gateway/channels/<channel>" (the file log's
-- context) or a "[telegram]" style prefix (console, seeds). Scan with oc.channel_signatures() (lib.openclaw):
-- these entries plus channel.send-while-disconnected, which lives in lib/signatures.lua because the general
-- catalog must tell "send failed: gateway not connected" from a client that found no gateway.
--
-- Only channel-specific wording is matched: "pairing required" alone is device pairing (auth.pairing-required);
-- here it counts only with a channel's context ("sender", "approve code").
--
-- Sources: [L] the clawbook lab's channel scenarios (lab/payloads.cpp, modelled on the real gateway's
-- messages), [S] the seed articles, [D] OpenClaw's channel docs (pairing codes, dmPolicy), [P] provider APIs
-- (Discord error 50013, Slack missing_scope, Telegram 403).
return {
  {
    id = "channel.mention-required",
    cause = "group_message_without_mention",
    severity = "medium",
    finding = "channel.mention-required",
    source = "L S",
    match = { "(mention required)", { "drop", "mention required" }, { "skipping", "no mention" } },
    regex = "drop (\\w+) message \\(mention required\\)(?:.*?guild=(\\S+))?(?:.*?channel=(\\S+))?",
  },
  {
    id = "channel.sender-pairing-pending",
    cause = "sender_awaiting_pairing",
    severity = "medium",
    finding = "channel.sender-pairing-pending",
    source = "L S D",
    match = {
      "pairing request channel=",
      "unpaired sender",
      "pairing required \u{2014} approve code",
      { "pairing required", "approve code" },
      { "pairing code:", "ask the bot owner" },
      "openclaw pairing approve",
    },
    regex = "pairing request channel=(\\S+) sender=(\\S+).*?code=([A-Z2-9]{6,})",
  },
  {
    id = "channel.filtered-by-policy",
    cause = "sender_filtered_by_policy",
    severity = "medium",
    finding = "channel.filtered-by-policy",
    source = "L S",
    match = {
      "blocked inbound message",
      "sender not in allowfrom",
      "dmpolicy=allowlist",
      "dmpolicy=disabled",
      "not in allowlist",
      "blocked by grouppolicy",
      "grouppolicy=disabled",
    },
    regex = "blocked inbound message from (\\S+) \\(dmPolicy=(\\w+)",
  },
  {
    id = "channel.missing-permissions",
    cause = "channel_missing_permissions",
    severity = "high",
    finding = "channel.missing-permissions",
    source = "L P S",
    match = {
      "missing permissions",
      "discordapierror[50013]",
      "discordapierror[50001]",
      "missing access",
      "missing_scope",
      "not_in_channel",
      "bot was kicked",
      "bot was blocked by the user",
      "have no rights to send",
      "not enough rights",
    },
    regex = "DiscordAPIError\\[(\\d+)\\]: ([^(]+)",
  },
  {
    id = "channel.not-configured",
    cause = "channel_not_configured",
    severity = "high",
    finding = "channel.not-configured",
    source = "L S",
    match = { { "not configured:", "channels." }, { "not linked", "whatsapp" }, "no credentials for channel" },
    regex = "(\\w+) not configured: (.*)",
  },
  {
    id = "channel.probe-failed",
    cause = "channel_probe_failed",
    severity = "high",
    finding = "channel.probe-failed",
    source = "L",
    match = { "channel exited:", "probe failed", { "getme", "failed" } },
    regex = "channel exited: (.*)",
  },
}
