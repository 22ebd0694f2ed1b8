-- How users word a problem, as data for `clawbook suggest` (cli/suggest_rank.cpp reads this file; no runbook
-- requires it). Exact error lines go through the signature table (lib/signatures.lua); this file covers the rest:
-- the noise OpenClaw and log writers put before every error, the old product names, Chinese terms, and symptom
-- phrases. Data only. tests/runbooks/lib/suggest_vocab_test.lua checks its ids; tests/cli/suggest_test.cpp checks
-- what suggest makes of it.
--
-- prefixes: text at the start of a line that says nothing about the cause (compared case-insensitively, removed
--   again and again, after the timestamp, level and subsystem the log parser strips).
-- ignore: words that appear in every error and never decide a match.
-- synonyms: a word (or the head of a word before `_`, `-` or `.`: CLAWDBOT_GATEWAY_TOKEN) replaced by another; a
--   Chinese term found anywhere in a run of CJK text adds the English words. The original word is kept too.
-- phrases: symptom wording. Every word of one of `says` (after the synonyms; CJK as bigrams) must appear in the
--   text; the phrase then points at `finding` (the runbooks that raise it, per their `findings` lists) or at
--   `runbook`, with `weight` (0..1, below a signature's). `source`: where the wording comes from ("real-cases
--   P<n>" rows of ../shared/openclaw/real-cases.md, "seed" articles, "users": common support-forum wording).
-- generalists: runbooks that raise many ids as fallbacks of a wider check; a runbook that raises the same id for
--   its own reasons is suggested before them.
-- stylua: ignore start
return {
  generalists = { "openclaw.triage", "openclaw.watch", "openclaw.preflight", "openclaw.recovery" },
  prefixes = {
    "gateway connect failed:", "gateway client error:", "gatewayclientrequesterror:", "error:", "err:",
    "uncaught", "fatal:", "warning:", "warn:", "info:", "[openclaw]", "openclaw:", "[gateway]", "gateway:",
    "[ws]", "[error]", "[warn]", "(error)", "ws:", "unhandled:",
  },
  ignore = {
    "the", "a", "an", "is", "to", "of", "and", "or", "in", "on", "for", "with", "it",
    "error", "errors", "err", "warn", "warning", "info", "debug", "exception", "typeerror", "uncaught", "please",
    "help", "issue", "problem", "get", "got", "getting", "my", "i", "we", "but", "this",
    "that", "there", "be", "was", "are", "has", "have", "from", "at", "by", "as", "so", "still", "again", "every",
    "all", "any", "some", "openclaw",
  },
  synonyms = {
    clawdbot = "openclaw", moltbot = "openclaw", clawd = "openclaw", openclaw_gateway = "gateway",
    ["won't"] = "not", wont = "not", ["doesn't"] = "not", doesnt = "not", ["isn't"] = "not", ["can't"] = "not",
    cannot = "not", ["didn't"] = "not", never = "not", no = "not", unable = "not",
    upgrade = "update", upgraded = "update", upgrading = "update", updated = "update", updating = "update",
    restarts = "restart", restarting = "restart", restarted = "restart", reboot = "restart",
    responding = "respond", responds = "respond", reply = "respond", replies = "respond", replying = "respond",
    answer = "respond", answers = "respond", answering = "respond",
    loading = "load", loads = "load", opening = "load", open = "load", blank = "load",
    starting = "start", starts = "start", started = "start", startup = "start", launch = "start",
    crashes = "crash", crashed = "crash", crashing = "crash", dies = "crash", died = "crash", killed = "crash",
    bot = "channel", telegram = "channel", discord = "channel", slack = "channel", whatsapp = "channel",
    feishu = "channel", wechat = "channel", dingtalk = "channel", dm = "channel", dms = "channel",
    webui = "dashboard", ui = "dashboard", ["control-ui"] = "dashboard", controlui = "dashboard",
    disconnects = "disconnect", disconnected = "disconnect", disconnecting = "disconnect",
    ["网关"] = "gateway", ["启动"] = "start", ["无法启动"] = "not start", ["启动失败"] = "not start",
    ["起不来"] = "not start", ["端口"] = "port", ["被占用"] = "in use", ["占用"] = "in use",
    ["离线"] = "offline", ["掉线"] = "disconnect", ["断开"] = "disconnect", ["连接"] = "connect",
    ["连不上"] = "not connect", ["无法连接"] = "not connect", ["拒绝"] = "refused", ["超时"] = "timeout",
    ["令牌"] = "token", ["密钥"] = "token", ["不匹配"] = "mismatch", ["配对"] = "pairing", ["未授权"] = "unauthorized",
    ["权限"] = "permission", ["升级"] = "update", ["更新"] = "update", ["重启"] = "restart", ["一直重启"] = "restart loop",
    ["崩溃"] = "crash", ["内存"] = "memory", ["内存不足"] = "out of memory", ["配置"] = "config",
    ["无效"] = "invalid", ["机器人"] = "channel", ["不回复"] = "not respond", ["没反应"] = "not respond",
    ["没有回复"] = "not respond", ["控制台"] = "dashboard", ["面板"] = "dashboard", ["打不开"] = "not load",
    ["无法访问"] = "not load", ["白屏"] = "dashboard not load", ["模型"] = "model", ["代理"] = "proxy",
    ["反向代理"] = "proxy", ["容器"] = "docker", ["服务"] = "service", ["日志"] = "log", ["设备"] = "device",
    ["来源"] = "origin", ["不允许"] = "not allowed", ["跨域"] = "origin",
  },
  phrases = {
    -- The gateway does not start or is not there.
    { says = { "not start", "fails to start", "failed to start", "start fails", "silently fails", "offline",
        "gateway down", "gateway not running", "网关 无法启动" },
      runbook = "openclaw.gateway.start", weight = 0.8, source = "users; real-cases P2" },
    { says = { "port in use", "port already in use", "port taken", "port occupied", "端口被占用" },
      finding = "gateway.port-conflict", weight = 0.9, source = "users" },
    { says = { "port is still free", "waiting for gateway port", "not ready yet" }, finding = "gateway.starting",
      weight = 0.7,
      source = "real-cases P3" },
    { says = { "env var", "environment variable", "missing env", "variable not set", "openclaw_gateway_token not set",
        "openclaw_gateway_token missing" },
      finding = "config.unresolved-env", weight = 0.75, source = "real-cases P9" },
    { says = { "clawdbot", "moltbot", ".clawdbot", "old install" }, finding = "gateway.legacy-install", weight = 0.5,
      source = "real-cases P9; the renames clawdbot -> moltbot -> openclaw" },
    { says = { "out of memory", "oom", "oomd" }, finding = "gateway.crashed", weight = 0.85,
      source = "real-cases P53, P54" },
    { says = { "not connect", "connection refused", "not reachable", "unreachable" },
      runbook = "openclaw.gateway.connect", weight = 0.6, source = "users" },
    -- Restarts and services.
    { says = { "keeps restart", "restart loop", "restart again", "auto restart", "crash loop" },
      runbook = "openclaw.systemd", weight = 0.7, source = "users; real-cases P6, P39" },
    { says = { "ssh session closes", "ssh closes", "log out", "logout", "logged out", "ssh disconnect" },
      finding = "systemd.linger-disabled", weight = 0.9, source = "real-cases P35; seed" },
    { says = { "systemctl not available", "user services are required", "dbus", "d-bus",
        "failed to connect to bus" },
      finding = "service.user-bus-unavailable", weight = 0.9, source = "real-cases P37" },
    { says = { "is-enabled", "service check failed", "service not installed", "unit not found" },
      finding = "service.not-installed", weight = 0.9, source = "real-cases P36" },
    { says = { "system unit", "user unit", "two services", "ghost" }, finding = "systemd.duplicate-units",
      weight = 0.75, source = "real-cases P33" },
    { says = { "restart every", "cpu 100", "100 cpu" }, finding = "gateway.orphan-process", weight = 0.6,
      source = "real-cases P32" },
    -- Versions.
    { says = { "after update", "since update", "update broke", "new version", "regression", "downgrade",
        "升级 后" },
      finding = "version.known-regression", weight = 0.65, source = "users; real-cases P11, P47" },
    { says = { "reports app", "old version", "still runs old", "after reinstall", "version mismatch" },
      finding = "version.running-not-installed", weight = 0.85, source = "real-cases P42" },
    { says = { "sqlite", "node version", "node.js version", "unsupported engine" },
      finding = "runtime.node-incompatible", weight = 0.85, source = "real-cases P2" },
    -- The dashboard and clients.
    { says = { "dashboard not load", "dashboard load", "control dashboard", "dashboard 白屏" },
      runbook = "openclaw.triage", weight = 0.6, source = "users" },
    { says = { "copied openclaw", "from another machine", "migrated" }, finding = "auth.device-token-mismatch",
      weight = 0.7, source = "real-cases P16" },
    { says = { "token mismatch", "令牌 不匹配" }, finding = "auth.token-mismatch", weight = 0.85,
      source = "users" },
    { says = { "remote.token" }, finding = "auth.token-drift", weight = 0.9, source = "real-cases P10" },
    { says = { "1006" }, finding = "ws.abnormal-close", weight = 0.7, source = "real-cases P25, P28" },
    { says = { "trustedproxies", "proxy_attribution_required", "x-forwarded-for" },
      finding = "proxy.untrusted-forwarded-headers", weight = 0.9, source = "real-cases P26" },
    { says = { "allowedorigins", "origin" }, finding = "auth.origin-not-allowed", weight = 0.6,
      source = "real-cases P19, P27, P30" },
    { says = { "websocket upgrade", "through the proxy", "behind nginx", "behind caddy", "reverse proxy", "代理" },
      runbook = "openclaw.proxy", weight = 0.7, source = "real-cases P26, P27, P28; seed" },
    -- Channels and models.
    { says = { "channel not respond", "channel ignores", "not respond", "messages never arrive", "no answer",
        "机器人 不回复" },
      runbook = "openclaw.channels", weight = 0.75, source = "users; real-cases P43, P45" },
    { says = { "group messages", "requiremention", "privacy mode", "groupallowfrom" },
      finding = "channel.filtered-by-policy", weight = 0.85, source = "real-cases P43" },
    { says = { "dmpolicy", "pairing approve", "new dms", "new senders" }, finding = "channel.sender-pairing-pending",
      weight = 0.85, source = "real-cases P45" },
    { says = { "model", "provider", "api key", "ollama", "404 page not found", "模型" },
      runbook = "openclaw.models", weight = 0.55, source = "real-cases P50, P51, P52" },
    { says = { "404 page not found", "fetch failed", "unknown model" }, finding = "model.backend-unreachable",
      weight = 0.8, source = "real-cases P51, P52" },
  },
}
-- stylua: ignore end
