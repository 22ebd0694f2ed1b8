-- A connected channel account that hears nothing for far longer than its own traffic suggests: it still sends
-- (an outbound after its last inbound), or has heard nothing since it connected while it sends. openclaw.channels
-- raises it (channel.inbound-silent); openclaw.triage counts it as channel trouble on a gateway that answers, so
-- the channel runbooks (and the known regressions of the release) run for it.
--
--   local silence = require("lib.channel_silence")
--   local quiet = silence.of(account, time.now(), silence.DEFAULT_HOURS * 3600)
--   -- nil, or {seconds (of silence), inbound? (seconds since the last inbound), outbound (since the last outbound)}
local deploy = require("lib.deployments")

local M = { DEFAULT_HOURS = 6 }

-- Seconds since `at` (epoch milliseconds, as account snapshots and queue entries give it, or an ISO time).
function M.age_of(at, now)
  if type(at) == "number" then
    return now - at / 1000
  end
  return deploy.age_seconds(at, now)
end

function M.of(account, now, threshold)
  if type(account) ~= "table" or (account.connected ~= true and account.running ~= true) then
    return nil
  end
  local inbound, outbound = M.age_of(account.lastInboundAt, now), M.age_of(account.lastOutboundAt, now)
  local quiet = inbound or M.age_of(account.lastConnectedAt or account.lastStartAt, now)
  if not quiet or not outbound or quiet < threshold or (inbound and outbound >= inbound) then
    return nil
  end
  return { seconds = quiet, inbound = inbound, outbound = outbound }
end

return M
