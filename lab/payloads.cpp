#include "payloads.hpp"

#include "protocol.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace clawbook::lab::payloads {
namespace {

constexpr const char* kRedacted = "__OPENCLAW_REDACTED__";
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr const char* kSessionsPath = "/home/op/.openclaw/agents/main/agent/openclaw-agent.sqlite";
constexpr const char* kHeartbeatPrompt =
    "Follow the heartbeat monitor scratch context when provided. Recurring tasks are automations; create or "
    "change their schedules with the automations tool, not heartbeat scratch. Do not infer or repeat old tasks "
    "from prior chats. If nothing needs attention, reply NO_REPLY.";

struct LogLine {
  std::int64_t at;
  std::string level;  // INFO, WARN, ERROR
  std::string subsystem;
  std::string message;
};

// One channel account of a channel scenario, with everything each surface reports about it.
struct ChannelFixture {
  std::string id;
  std::string label;
  std::string detail_label;
  std::string system_image;
  Json account;  // ChannelAccountSnapshot, without probe/audit (those come with probe:true)
  Json probe;    // null when the channel was not probed
  Json audit;
  Json summary;  // channels.status `channels.<id>`
  Json config;   // config.get `channels.<id>`, secrets redacted
  std::vector<std::string> summary_lines;
  bool failing = false;  // readiness: a managed account that is not running or disconnected
  std::vector<LogLine> logs;
};

Json base_account(std::int64_t now) {
  return Json{{"accountId", "default"},
              {"enabled", true},
              {"configured", true},
              {"running", true},
              {"connected", true},
              {"reconnectAttempts", 0},
              {"lastStartAt", now - 3 * kHour},
              {"lastConnectedAt", now - 3 * kHour + 4000},
              {"lastError", nullptr},
              {"lastInboundAt", nullptr},
              {"lastOutboundAt", nullptr}};
}

constexpr const char* kGuildId = "123456789012345678";
constexpr const char* kGuildChannelId = "234567890123456789";

std::vector<ChannelFixture> builtin_channel_fixtures(Scenario scenario, std::int64_t now) {
  std::vector<ChannelFixture> out;
  ChannelFixture f;
  f.account = base_account(now);
  switch (scenario) {
    case Scenario::channel_mention_required:
      f.id = "discord", f.label = "Discord", f.detail_label = "Discord Bot",
      f.system_image = "bubble.left.and.bubble.right";
      f.account.update(Json{{"lastInboundAt", now - 90'000},
                            {"lastOutboundAt", now - 2 * kHour},
                            {"lastEventAt", now - 90'000},
                            {"tokenSource", "config"},
                            {"dmPolicy", "pairing"},
                            {"allowUnmentionedGroups", false}});
      f.probe = Json{
          {"ok", true}, {"bot", {{"id", "111111111111111111"}, {"username", "openclaw-lab"}}}, {"elapsedMs", 143}};
      f.summary = Json{{"configured", true}, {"tokenSource", "config"}};
      f.config = Json{
          {"enabled", true},
          {"token", kRedacted},
          {"dmPolicy", "pairing"},
          {"groupPolicy", "allowlist"},
          {"guilds", {{kGuildId, {{"requireMention", true}, {"channels", {{kGuildChannelId, {{"allow", true}}}}}}}}}};
      f.summary_lines = {"Discord: configured", "  - default (token:config)"};
      for (int i = 0; i < 3; ++i)
        f.logs.push_back({now - (90'000 + i * 7 * kMinute), "INFO", "gateway/channels/discord",
                          std::string("drop guild message (mention required) guild=") + kGuildId +
                              " channel=" + kGuildChannelId + " author=34567890123456789" + std::to_string(i)});
      break;
    case Scenario::channel_sender_pairing_pending:
      f.id = "telegram", f.label = "Telegram", f.detail_label = "Telegram Bot", f.system_image = "paperplane";
      f.account.update(Json{{"mode", "polling"},
                            {"lastInboundAt", now - 45'000},
                            {"tokenSource", "config"},
                            {"dmPolicy", "pairing"},
                            {"allowFrom", Json::array()}});
      f.probe = Json{{"ok", true},
                     {"status", nullptr},
                     {"error", nullptr},
                     {"elapsedMs", 188},
                     {"bot",
                      {{"id", 7000000001LL},
                       {"username", "openclaw_lab_bot"},
                       {"canJoinGroups", true},
                       {"canReadAllGroupMessages", false}}},
                     {"webhook", {{"url", ""}, {"hasCustomCert", false}}}};
      f.summary = Json{{"configured", true}, {"tokenSource", "config"}, {"mode", "polling"}};
      f.config = Json{
          {"enabled", true}, {"botToken", kRedacted}, {"dmPolicy", "pairing"}, {"allowFrom", Json::array()}};
      f.summary_lines = {"Telegram: configured", "  - default (token:config)"};
      f.logs.push_back({now - 45'000, "INFO", "gateway/channels/telegram",
                        "pairing request channel=telegram sender=5550001234 username=@lab_sender code=K7Q2M9XD "
                        "(approve: openclaw pairing approve telegram K7Q2M9XD)"});
      f.logs.push_back({now - 44'000, "INFO", "gateway/channels/telegram",
                        "ignored message from unpaired sender=5550001234 (dmPolicy=pairing; pending pairing request)"});
      break;
    case Scenario::channel_filtered_by_policy:
      f.id = "whatsapp", f.label = "WhatsApp", f.detail_label = "WhatsApp Web", f.system_image = "message";
      f.account.update(Json{{"linked", true},
                            {"lastInboundAt", now - 30'000},
                            {"lastOutboundAt", now - 24 * kHour},
                            {"dmPolicy", "allowlist"},
                            {"allowFrom", {"+15550100001"}}});
      f.summary = Json{{"configured", true}, {"linked", true}};
      f.config = Json{
          {"enabled", true}, {"dmPolicy", "allowlist"}, {"allowFrom", {"+15550100001"}}, {"groupPolicy", "allowlist"}};
      f.summary_lines = {"WhatsApp: linked", "  - default (dmPolicy:allowlist)"};
      f.logs.push_back({now - 30'000, "INFO", "gateway/channels/whatsapp",
                        "blocked inbound message from +15550199999 (dmPolicy=allowlist; sender not in allowFrom)"});
      break;
    case Scenario::channel_missing_permissions:
      f.id = "discord", f.label = "Discord", f.detail_label = "Discord Bot",
      f.system_image = "bubble.left.and.bubble.right";
      f.account.update(Json{{"lastInboundAt", now - 5 * kMinute},
                            {"lastEventAt", now - 5 * kMinute},
                            {"lastError", "Missing Permissions"},
                            {"tokenSource", "config"},
                            {"dmPolicy", "pairing"}});
      f.probe = Json{
          {"ok", true},
          {"bot", {{"id", "111111111111111111"}, {"username", "openclaw-lab"}}},
          {"application",
           {{"id", "111111111111111111"},
            {"intents", {{"messageContent", "enabled"}, {"guildMembers", "disabled"}, {"presence", "disabled"}}}}},
          {"elapsedMs", 201}};
      f.audit = Json{{"ok", false},
                     {"checkedChannels", 1},
                     {"unresolvedChannels", 0},
                     {"channels",
                      {{{"channelId", kGuildChannelId},
                        {"ok", false},
                        {"missing", {"ViewChannel", "SendMessages"}},
                        {"error", nullptr},
                        {"matchKey", kGuildChannelId},
                        {"matchSource", "id"}}}},
                     {"elapsedMs", 97}};
      f.summary = Json{{"configured", true}, {"tokenSource", "config"}, {"lastError", "Missing Permissions"}};
      f.config = Json{
          {"enabled", true},
          {"token", kRedacted},
          {"groupPolicy", "allowlist"},
          {"guilds", {{kGuildId, {{"requireMention", false}, {"channels", {{kGuildChannelId, {{"allow", true}}}}}}}}}};
      f.summary_lines = {"Discord: configured", "  - default (token:config) error:Missing Permissions"};
      f.logs.push_back({now - 5 * kMinute, "ERROR", "gateway/channels/discord",
                        std::string("discord send failed: DiscordAPIError[50013]: Missing Permissions (channel=") +
                            kGuildChannelId + ")"});
      break;
    case Scenario::channel_not_configured:
      f.id = "slack", f.label = "Slack", f.detail_label = "Slack Bot", f.system_image = "number";
      f.account = Json{{"accountId", "default"},   {"enabled", true},          {"configured", false},
                       {"running", false},         {"connected", false},       {"lastError", "not configured"},
                       {"botTokenSource", "none"}, {"appTokenSource", "none"}, {"mode", "socket"}};
      f.summary = Json{{"configured", false}, {"lastError", "not configured"}};
      f.config = Json{{"enabled", true}, {"mode", "socket"}};
      f.summary_lines = {"Slack: not configured"};
      f.logs.push_back(
          {now - 3 * kHour + 2000, "WARN", "gateway/channels/slack",
           "[default] slack not configured: channels.slack.botToken and channels.slack.appToken are required"});
      break;
    case Scenario::channel_probe_failed:
      f.id = "telegram", f.label = "Telegram", f.detail_label = "Telegram Bot", f.system_image = "paperplane";
      f.account.update(
          Json{{"connected", false},
               {"mode", "polling"},
               {"reconnectAttempts", 6},
               {"lastDisconnect", {{"at", now - 20 * kMinute}, {"status", 401}, {"error", "Unauthorized"}}},
               {"lastError", "Call to 'getMe' failed! (401: Unauthorized)"},
               {"lastInboundAt", now - 3 * kHour},
               {"tokenSource", "config"},
               {"dmPolicy", "pairing"}});
      f.probe = Json{{"ok", false}, {"status", 401}, {"error", "Unauthorized"}, {"elapsedMs", 212}};
      f.summary = Json{{"configured", true},
                       {"tokenSource", "config"},
                       {"mode", "polling"},
                       {"lastError", "Call to 'getMe' failed! (401: Unauthorized)"}};
      f.config = Json{{"enabled", true}, {"botToken", kRedacted}, {"dmPolicy", "pairing"}};
      f.summary_lines = {"Telegram: configured",
                         "  - default (token:config) error:Call to 'getMe' failed! (401: Unauthorized)"};
      f.failing = true;
      f.logs.push_back({now - 20 * kMinute, "ERROR", "gateway/channels/telegram",
                        "[default] channel exited: Call to 'getMe' failed! (401: Unauthorized)"});
      f.logs.push_back(
          {now - 2 * kMinute, "WARN", "gateway/channels/telegram", "[default] auto-restart attempt 6/10 in 300s"});
      break;
    case Scenario::channel_send_while_disconnected:
      f.id = "whatsapp", f.label = "WhatsApp", f.detail_label = "WhatsApp Web", f.system_image = "message";
      f.account.update(Json{{"linked", true},
                            {"reconnectAttempts", 1},
                            {"lastConnectedAt", now - 14 * kMinute},
                            {"lastDisconnect", {{"at", now - 15 * kMinute}, {"error", "gateway not connected"}}},
                            {"lastError", "send failed: gateway not connected"},
                            {"lastInboundAt", now - 10 * kMinute},
                            {"lastOutboundAt", now - 16 * kMinute},
                            {"dmPolicy", "pairing"}});
      f.summary = Json{{"configured", true}, {"linked", true}, {"lastError", "send failed: gateway not connected"}};
      f.config = Json{{"enabled", true}, {"dmPolicy", "pairing"}};
      f.summary_lines = {"WhatsApp: linked", "  - default error:send failed: gateway not connected"};
      f.logs.push_back({now - 15 * kMinute, "WARN", "gateway/channels/whatsapp",
                        "web connection closed (status 428); reconnecting"});
      f.logs.push_back(
          {now - 15 * kMinute + 1200, "ERROR", "gateway/channels/whatsapp", "send failed: gateway not connected"});
      f.logs.push_back({now - 14 * kMinute, "INFO", "gateway/channels/whatsapp",
                        "listening for personal WhatsApp inbound messages."});
      break;
    default: return out;
  }
  // channel-health-policy.ts: unconfigured accounts are unmanaged and carry no healthState.
  if (f.failing) f.account["healthState"] = "disconnected";
  else if (f.account.value("configured", false)) f.account["healthState"] = "healthy";
  out.push_back(std::move(f));
  return out;
}

// The channels of a scenario file replace the built-in scenario's (accounts written as data, "default" account).
std::vector<ChannelFixture> channel_fixtures(const GatewayFacts& facts, std::int64_t now) {
  if (facts.spec == nullptr || !facts.spec->channels) return builtin_channel_fixtures(facts.scenario, now);
  std::vector<ChannelFixture> out;
  for (const ChannelSpec& c : *facts.spec->channels) {
    ChannelFixture f;
    f.id = c.id;
    f.label = c.label;
    f.detail_label = c.label;
    f.system_image = "message";
    f.account = Json{{"accountId", "default"},
                     {"enabled", true},
                     {"configured", true},
                     {"running", true},
                     {"connected", !c.failing}};
    f.account.update(c.account);
    for (auto& [key, item] : f.account.items())  // { "agoMs": N } in a time field: relative to this answer
      if (item.is_object() && item.contains("agoMs") && key.ends_with("At"))
        item = now - item["agoMs"].get<std::int64_t>();
    if (!f.account.contains("healthState") && f.account.value("configured", false))
      f.account["healthState"] = c.failing ? "disconnected" : "healthy";
    f.probe = c.probe;
    f.summary = Json{{"configured", f.account.value("configured", true)}};
    if (f.account.contains("lastError") && f.account["lastError"].is_string())
      f.summary["lastError"] = f.account["lastError"];
    f.config = Json{{"enabled", f.account.value("enabled", true)}};
    f.summary_lines = c.summary.empty() ? std::vector<std::string>{c.label + ": configured"} : c.summary;
    f.failing = c.failing;
    out.push_back(std::move(f));
  }
  return out;
}

std::string iso_time(std::int64_t ms, bool zulu) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000), zulu ? "Z" : "+00:00");
  return text;
}

// A file log line in tslog's JSON shape (see captures/ws-logs.tail.json).
std::string tslog_line(const GatewayFacts& facts, const LogLine& line) {
  const std::string name = Json{{"subsystem", line.subsystem}}.dump();
  const int level_id = line.level == "ERROR" ? 5 : line.level == "WARN" ? 4 : line.level == "DEBUG" ? 2 : 3;
  return Json{{"0", name},
              {"1", line.message},
              {"_meta",
               {{"runtime", "node"},
                {"runtimeVersion", "24.21.0"},
                {"hostname", facts.hostname},
                {"date", iso_time(line.at, true)},
                {"logLevelId", level_id},
                {"logLevelName", line.level},
                {"name", name},
                {"parentNames", {"openclaw"}}}},
              {"time", iso_time(line.at, false)},
              {"hostname", facts.hostname},
              {"message", line.message}}
      .dump();
}

Json event_loop(const GatewayFacts& facts, std::int64_t now) {
  Json block{{"degraded", false},
             {"degradedSinceMs", nullptr},
             {"reasons", Json::array()},
             {"intervalMs", 1000.5},
             {"delayP99Ms", 1.2},
             {"delayMaxMs", 1.9},
             {"utilization", 0.001},
             {"cpuCoreRatio", 0.001},
             {"cpuBreakdown",
              {{"mainThreadCoreRatio", 0.001},
               {"hostUtilization", 0.01},
               {"hostCpuCount", 2},
               {"workerCoreRatio", 0},
               {"otherThreadsCoreRatio", 0}}}};
  if (facts.spec != nullptr && facts.spec->event_loop.is_object()) {
    block.update(facts.spec->event_loop);
    // A degraded loop has been degraded since some time: a minute before the answer, as a stalled gateway shows.
    if (block.value("degraded", false) && block["degradedSinceMs"].is_null()) block["degradedSinceMs"] = now - 60'000;
  }
  return block;
}

Json sessions_block() { return Json{{"path", kSessionsPath}, {"count", 0}, {"recent", Json::array()}}; }

std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<std::int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

}  // namespace

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

GatewayFacts make_facts(Scenario scenario, int protocol, std::int64_t now) {
  GatewayFacts facts;
  facts.scenario = scenario;
  facts.protocol = protocol;
  facts.version = protocol == 3 ? "2026.4.12" : "2026.9.6";
  facts.boot_id = protocol::random_uuid();
  facts.instance_id = protocol::random_uuid();
  facts.build_id = facts.version + "-lab-" + facts.boot_id.substr(0, 8) + "-" + iso_time(now, true);
  utsname name{};
  facts.platform = uname(&name) == 0 ? std::string("linux ") + name.release : "linux";
  facts.started_at_ms = now;
  return facts;
}

const std::vector<std::string>& implemented_methods() {
  static const std::vector<std::string> methods{"health",     "status",          "system-presence",
                                                "config.get", "channels.status", "logs.tail"};
  return methods;
}

Json health(const GatewayFacts& facts, std::int64_t now, bool probe) {
  Json channels = Json::object();
  Json order = Json::array();
  Json labels = Json::object();
  for (const ChannelFixture& f : channel_fixtures(facts, now)) {
    Json entry = f.account;
    if (probe && !f.probe.is_null()) {
      entry["probe"] = f.probe;
      entry["lastProbeAt"] = now;
    }
    entry["accounts"] = Json{{"default", entry}};
    channels[f.id] = std::move(entry);
    order.push_back(f.id);
    labels[f.id] = f.label;
  }
  return Json{{"ok", true},
              {"ts", now},
              {"durationMs", probe ? 214 : 3},
              {"plugins",
               {{"loaded", {"anthropic", "browser", "canvas", "device-pair", "memory-core", "openai"}},
                {"errors", Json::array()},
                {"unavailable", Json::array()}}},
              {"configReload", {{"hotReloadStatus", "active"}}},
              {"channels", std::move(channels)},
              {"channelOrder", std::move(order)},
              {"channelLabels", std::move(labels)},
              {"heartbeatSeconds", 1800},
              {"defaultAgentId", "main"},
              {"agents",
               {{{"agentId", "main"},
                 {"isDefault", true},
                 {"heartbeat",
                  {{"enabled", true},
                   {"every", "30m"},
                   {"everyMs", 1800000},
                   {"prompt", kHeartbeatPrompt},
                   {"target", "owner"},
                   {"ackMaxChars", 300}}},
                 {"sessions", sessions_block()}}}},
              {"sessions", sessions_block()},
              {"modelRuntime", {{"degraded", false}, {"pendingAgents", Json::array()}}},
              {"eventLoop", event_loop(facts, now)}};
}

Json hello_ok(const GatewayFacts& facts, const std::string& conn_id, int protocol, const std::string& role,
              const std::vector<std::string>& scopes, std::uint16_t port, std::int64_t now) {
  Json methods = implemented_methods();
  Json events = {"connect.challenge",
                 "agent",
                 "chat",
                 "presence",
                 "tick",
                 "shutdown",
                 "health",
                 "heartbeat",
                 "cron",
                 "device.pair.requested",
                 "device.pair.resolved",
                 "exec.approval.requested",
                 "exec.approval.resolved",
                 "update.available"};
  Json presence = system_presence(facts, now);
  const Json policy{
      {"maxPayload", protocol::kMaxPayloadBytes}, {"maxBufferedBytes", 52428800}, {"tickIntervalMs", 30000}};
  if (protocol == 3) {  // [A] shape: no auth block without a device token, canvasHostUrl, smaller snapshot
    return Json{{"type", "hello-ok"},
                {"protocol", 3},
                {"server", {{"version", facts.version}, {"connId", conn_id}}},
                {"features", {{"methods", methods}, {"events", events}}},
                {"snapshot",
                 {{"presence", presence},
                  {"health", health(facts, now, false)},
                  {"stateVersion", {{"presence", 1}, {"health", 1}}},
                  {"uptimeMs", now - facts.started_at_ms}}},
                {"canvasHostUrl", "http://127.0.0.1:" + std::to_string(port) + "/__openclaw__/canvas/"},
                {"policy", policy}};
  }
  Json full_policy = policy;
  full_policy.update(Json{{"attachments", {{"maxBytes", 19464192}, {"maxImageBytes", 6291456}}},
                          {"allowedSessionVisibilities", {"shared", "read-only", "suggest", "draft"}},
                          {"hasMultipleSessionSharingIdentities", false}});
  return Json{
      {"type", "hello-ok"},
      {"protocol", protocol},
      {"server",
       {{"version", facts.version},
        {"buildId", facts.build_id},
        {"bootId", facts.boot_id},
        {"controlUiBuildSource", "bundled"},
        {"connId", conn_id}}},
      {"features", {{"methods", methods}, {"events", events}, {"capabilities", {"session-settings-contract"}}}},
      {"snapshot",
       {{"suspension", {{"phase", "accepting"}}},
        {"presence", presence},
        {"health", health(facts, now, false)},
        {"stateVersion", {{"presence", 1}, {"health", 1}}},
        {"uptimeMs", now - facts.started_at_ms},
        {"appliedConfigHash", "hmac-sha256:v1:" + facts.boot_id},
        {"sessionDefaults",
         {{"defaultAgentId", "main"},
          {"modelConfigured", false},
          {"ownership", "sole"},
          {"selectionRequired", false},
          {"mainKey", "main"},
          {"mainSessionKey", "agent:main:main"},
          {"scope", "per-sender"}}},
        {"updateSchedule", {{"channel", "stable"}, {"autoEnabled", false}, {"install", {{"kind", "package"}}}}}}},
      {"controlUiWidgetKinds", {{{"pluginId", "session"}, {"kind", "session:report"}, {"label", "Report"}}}},
      {"controlUiLinkReaders",
       {{{"pluginId", "github"},
         {"id", "github"},
         {"label", "GitHub"},
         {"icon", "github"},
         {"linkReader",
          {{"hosts", {"github.com"}},
           {"pathPattern", "^/[^/]+/[^/]+/issues/[1-9][0-9]*/?$"},
           {"detailMethod", "github.detail"},
           {"previewMethod", "github.preview"},
           {"imageMethod", "github.image"}}}}}},
      {"pluginSurfaceUrls", {{"canvas", "http://127.0.0.1:" + std::to_string(port) + "/__openclaw__/cap/lab"}}},
      {"auth", {{"method", "token"}, {"role", role}, {"scopes", scopes}, {"recoveryScope", facts.instance_id}}},
      {"policy", full_policy}};
}

Json status(const GatewayFacts& facts, std::int64_t now) {
  Json summary = Json::array();
  for (const ChannelFixture& f : channel_fixtures(facts, now))
    for (const std::string& line : f.summary_lines) summary.push_back(line);
  const Json zero_tasks{{"queued", 0},    {"running", 0},   {"succeeded", 0}, {"failed", 0},
                        {"timed_out", 0}, {"cancelled", 0}, {"lost", 0}};
  const Json pool{{"maxWorkers", 1}, {"workers", 0}, {"workersCreated", 0}, {"activeTasks", 0}, {"pendingTasks", 0}};
  return Json{{"runtimeVersion", facts.version},
              {"hostDesktop", {{"enabled", false}, {"state", "disabled"}, {"port", 5900}}},
              {"heartbeat",
               {{"defaultAgentId", "main"},
                {"agents",
                 {{{"agentId", "main"},
                   {"enabled", true},
                   {"every", "30m"},
                   {"everyMs", 1800000},
                   {"waitingForRoute", true}}}}}},
              {"channelSummary", std::move(summary)},
              {"queuedSystemEvents", Json::array()},
              {"degradedSecretOwners", Json::array()},
              {"degradedPlugins", Json::array()},
              {"tasks",
               {{"total", 0},
                {"active", 0},
                {"terminal", 0},
                {"failures", 0},
                {"byStatus", zero_tasks},
                {"byRuntime", {{"subagent", 0}, {"acp", 0}, {"cli", 0}, {"cron", 0}}}}},
              {"taskAudit",
               {{"total", 0},
                {"warnings", 0},
                {"errors", 0},
                {"byCode",
                 {{"stale_queued", 0},
                  {"stale_running", 0},
                  {"lost", 0},
                  {"delivery_failed", 0},
                  {"missing_cleanup", 0},
                  {"inconsistent_timestamps", 0}}}}},
              {"sessions",
               {{"paths", Json::array()},
                {"count", 0},
                {"defaults", {{"model", nullptr}, {"contextTokens", nullptr}}},
                {"recent", Json::array()},
                {"byAgent", {{{"agentId", "main"}, {"path", "[redacted]"}, {"count", 0}, {"recent", Json::array()}}}}}},
              {"modelRuntime", {{"degraded", false}, {"pendingAgents", Json::array()}}},
              {"eventLoop", event_loop(facts, now)},
              {"processMemory",
               {{"rssBytes", resident_bytes()},
                {"heapUsedBytes", 0},
                {"heapTotalBytes", 0},
                {"externalBytes", 0},
                {"arrayBuffersBytes", 0}}},
              {"workerPools", {{"transcriptReconciliation", pool}, {"modelCatalog", pool}}},
              {"pid", static_cast<std::int64_t>(getpid())},
              {"shutdownBudget",
               {{"timeoutMs", 325000},
                {"reserveMs", 10000},
                {"nativeStopBudget", false},
                {"activeWork",
                 {{"rootRequests", 0},
                  {"cronRuns", 0},
                  {"sessionMutations", 0},
                  {"terminalPersistence", 0},
                  {"lifecycleWrites", 0}}},
                {"writeCustody", Json::array()}}}};
}

Json system_presence(const GatewayFacts& facts, std::int64_t now) {
  return Json::array({Json{{"host", facts.hostname},
                           {"ip", "127.0.0.1"},
                           {"version", facts.version},
                           {"platform", facts.platform},
                           {"deviceFamily", "Linux"},
                           {"mode", "gateway"},
                           {"reason", "self"},
                           {"instanceId", facts.instance_id},
                           {"text", "Gateway: " + facts.hostname + " (127.0.0.1) \u00b7 app " + facts.version +
                                        " \u00b7 mode gateway \u00b7 reason self"},
                           {"ts", now}}});
}

Json config_get(const GatewayFacts& facts, std::uint16_t port) {
  Json channels = Json::object();
  for (const ChannelFixture& f : channel_fixtures(facts, now_ms())) channels[f.id] = f.config;
  Json config{
      {"gateway",
       {{"mode", "local"}, {"bind", "loopback"}, {"port", port}, {"auth", {{"mode", "token"}, {"token", kRedacted}}}}},
      {"discovery", {{"mdns", {{"mode", "off"}}}}},
      {"update", {{"checkOnStart", false}}}};
  if (!channels.empty()) config["channels"] = std::move(channels);
  return Json{{"path", "/home/op/.openclaw/openclaw.json"},
              {"exists", true},
              {"valid", true},
              {"hash", "sha256:" + facts.boot_id},
              {"config", std::move(config)},
              {"issues", Json::array()},
              {"warnings", Json::array()}};
}

Json channels_status(const GatewayFacts& facts, std::int64_t now, bool probe,
                     const std::optional<std::string>& channel) {
  Json order = Json::array(), labels = Json::object(), detail = Json::object(), images = Json::object();
  Json meta = Json::array(), channels = Json::object(), accounts = Json::object(), defaults = Json::object();
  bool found = !channel.has_value();
  for (const ChannelFixture& f : channel_fixtures(facts, now)) {
    if (channel && *channel != f.id) continue;
    found = true;
    order.push_back(f.id);
    labels[f.id] = f.label;
    detail[f.id] = f.detail_label;
    images[f.id] = f.system_image;
    meta.push_back(
        Json{{"id", f.id}, {"label", f.label}, {"detailLabel", f.detail_label}, {"systemImage", f.system_image}});
    Json account = f.account;
    if (probe && !f.probe.is_null()) {
      account["probe"] = f.probe;
      account["lastProbeAt"] = now;
      if (!f.audit.is_null()) account["audit"] = f.audit;
    }
    channels[f.id] = f.summary;
    accounts[f.id] = Json::array({std::move(account)});
    defaults[f.id] = "default";
  }
  if (!found) return Json();
  return Json{{"ts", now},
              {"channelOrder", std::move(order)},
              {"channelLabels", std::move(labels)},
              {"channelDetailLabels", std::move(detail)},
              {"channelSystemImages", std::move(images)},
              {"channelMeta", std::move(meta)},
              {"eventLoop", event_loop(facts, now)},
              {"channels", std::move(channels)},
              {"channelAccounts", std::move(accounts)},
              {"channelDefaultAccountId", std::move(defaults)}};
}

Json logs_tail(const GatewayFacts& facts, std::int64_t now, const Json& params) {
  std::vector<LogLine> lines{
      {facts.started_at_ms, "INFO", "gateway", "loading configuration\u2026"},
      {facts.started_at_ms + 400, "INFO", "gateway", "starting..."},
      {facts.started_at_ms + 3100, "INFO", "gateway",
       "ready (6 plugins: anthropic, browser, canvas, device-pair, "
       "memory-core, openai; 3.1s)"},
  };
  for (const ChannelFixture& f : channel_fixtures(facts, now))
    for (const LogLine& line : f.logs) lines.push_back(line);
  if (facts.spec != nullptr) {
    for (const LogLineSpec& line : facts.spec->logs)
      lines.push_back({now - line.ago_ms, line.level, line.subsystem, line.message});
    std::stable_sort(lines.begin(), lines.end(), [](const LogLine& a, const LogLine& b) { return a.at < b.at; });
  }
  std::string day = iso_time(now, true).substr(0, 10);
  Json out_lines = Json::array();
  std::int64_t size = 0;
  const std::int64_t cursor = params.is_object() && params.contains("cursor") && params["cursor"].is_number_integer()
                                  ? params["cursor"].get<std::int64_t>()
                                  : -1;
  for (const LogLine& line : lines) {
    std::string text = tslog_line(facts, line);
    const std::int64_t start = size;
    size += static_cast<std::int64_t>(text.size()) + 1;
    if (cursor < 0 || start >= cursor) out_lines.push_back(std::move(text));
  }
  const std::size_t limit = params.is_object() && params.contains("limit") && params["limit"].is_number_unsigned()
                                ? params["limit"].get<std::size_t>()
                                : 500;
  const bool truncated = out_lines.size() > limit;
  if (truncated) out_lines.erase(out_lines.begin(), out_lines.end() - static_cast<std::ptrdiff_t>(limit));
  return Json{{"file", "/tmp/openclaw/openclaw-" + day + ".log"},
              {"cursor", size},
              {"size", size},
              {"lines", std::move(out_lines)},
              {"truncated", truncated},
              {"reset", cursor > size}};
}

std::vector<std::string> failing_channels(const GatewayFacts& facts) {
  std::vector<std::string> failing;
  for (const ChannelFixture& f : channel_fixtures(facts, now_ms()))
    if (f.failing) failing.push_back(f.id);
  return failing;
}

std::string control_ui_html() {
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
         "<title>OpenClaw Control</title>\n<script type=\"module\" src=\"/assets/index-lab.js\"></script>\n"
         "</head>\n<body>\n<div id=\"app\"></div>\n</body>\n</html>\n";
}

}  // namespace clawbook::lab::payloads
