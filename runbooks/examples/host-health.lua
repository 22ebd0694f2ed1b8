-- A general playbook for a host's health: disk space and inodes of the root file system, memory, OOM kills and
-- failed systemd units. No OpenClaw in it. `clawbook run example.host-health`.
return {
  id = "example.host-health",
  version = "1.0.0",
  engine = "^1",
  title = "Check a host's health",
  summary = "Checks the root file system's space and inodes, available memory, recent OOM kills and failed "
    .. "systemd units.",
  symptoms = { "disk full", "out of memory", "oom killer", "failed units", "host health" },
  tags = { "example", "host" },
  capabilities = { "sys", "proc", "systemd" },
  findings = { "host.disk-low", "host.inodes-low", "host.memory-low", "host.oom-kills", "host.units-failed" },
  params = {
    path = { type = "string", default = "/", description = "File system to check." },
    disk_percent = {
      type = "number",
      default = 90,
      description = "Used space (or inodes) percentage that is too much.",
    },
    memory_percent = { type = "number", default = 10, description = "Available memory percentage that is too little." },
  },

  run = function(ctx, params)
    ctx:step("Disk " .. params.path, function(step)
      local disk = sys.disk(params.path)
      if not disk.ok then
        step:skip(disk.message or disk.error)
        return
      end
      step:evidence("used_percent", disk.used_percent)
      step:evidence("inodes_used_percent", disk.inodes_used_percent)
      local full = disk.used_percent >= params.disk_percent
      local inodes = disk.inodes_total > 0 and disk.inodes_used_percent >= params.disk_percent
      if not full and not inodes then
        step:pass(disk.used_percent .. "% used")
        return
      end
      step:warn(disk.used_percent .. "% used, inodes " .. disk.inodes_used_percent .. "%")
      if full then
        ctx:finding({
          id = "host.disk-low",
          severity = disk.used_percent >= 98 and "critical" or "high",
          title = params.path .. " is " .. disk.used_percent .. "% full",
          cause = "Services fail to write logs, state and temporary files when the disk fills.",
          fix = { "du -xh --max-depth=2 " .. params.path .. " | sort -h | tail", "journalctl --vacuum-size=200M" },
          confidence = 0.9,
        })
      end
      if inodes then
        ctx:finding({
          id = "host.inodes-low",
          severity = "high",
          title = params.path .. " has used " .. disk.inodes_used_percent .. "% of its inodes",
          cause = "Many small files (a cache, a mail queue, session files) exhaust inodes before space.",
          fix = { "find " .. params.path .. " -xdev -type f | cut -d/ -f2-3 | sort | uniq -c | sort -n | tail" },
          confidence = 0.8,
        })
      end
    end)

    ctx:step("Memory", function(step)
      local memory = proc.meminfo()
      if not memory.ok then
        step:skip(memory.message or memory.error)
        return
      end
      local percent = math.floor(memory.available / memory.total * 1000 + 0.5) / 10
      step:evidence("available_percent", percent)
      if percent >= params.memory_percent then
        step:pass(percent .. "% available")
        return
      end
      step:warn(percent .. "% available")
      ctx:finding({
        id = "host.memory-low",
        severity = "high",
        title = "Only " .. percent .. "% of memory is available",
        cause = "The kernel reclaims caches and then kills processes (the OOM killer) when memory runs out.",
        fix = { "ps -eo pid,comm,rss --sort=-rss | head" },
        confidence = 0.7,
      })
    end)

    ctx:step("OOM kills", function(step)
      local oom = proc.oom_kills()
      if not oom.ok then
        step:skip(oom.message or oom.error)
        return
      end
      step:evidence("kills", #oom.kills)
      if #oom.kills == 0 then
        step:pass("none since boot")
        return
      end
      local last = oom.kills[#oom.kills]
      step:warn(#oom.kills .. " kill(s), last " .. last.comm)
      ctx:finding({
        id = "host.oom-kills",
        severity = "high",
        title = "The OOM killer ended " .. #oom.kills .. " process(es)",
        cause = "The last was " .. last.comm .. " (pid " .. last.pid .. "): " .. last.message,
        fix = { "journalctl -k | grep -i 'out of memory'" },
        confidence = 0.85,
      })
    end)

    ctx:step("Failed units", function(step)
      local listed = systemd.units({ pattern = "*", timeout = 10 })
      if not listed.ok then
        step:skip(listed.message or listed.error or "systemd not available")
        return
      end
      local failed = {}
      for _, unit in ipairs(listed.units or {}) do
        if unit.active_state == "failed" then
          failed[#failed + 1] = unit.name
        end
      end
      step:evidence("failed", failed)
      if #failed == 0 then
        step:pass("no failed units")
        return
      end
      step:warn(table.concat(failed, ", "))
      ctx:finding({
        id = "host.units-failed",
        severity = "medium",
        title = #failed .. " systemd unit(s) failed",
        cause = table.concat(failed, ", "),
        fix = { "systemctl --failed", "journalctl -u " .. failed[1] .. " -n 50" },
        confidence = 0.8,
      })
    end)
  end,
}
