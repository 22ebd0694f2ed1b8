-- A general playbook for a PostgreSQL database: its port, its own readiness client (pg_isready, run through
-- `exec` without a shell), and the disk under its data directory. No OpenClaw in it.
-- `clawbook run example.database -p host=db.internal -p data_dir=/var/lib/postgresql`.
return {
  id = "example.database",
  version = "1.0.0",
  engine = "^1",
  title = "Check a PostgreSQL database",
  summary = "Checks that the database port accepts connections, that pg_isready reports the server accepting "
    .. "them, and that the disk under the data directory has room.",
  symptoms = { "database down", "connection refused", "disk full", "postgres" },
  tags = { "example", "database", "postgres" },
  capabilities = { "net", "sys", "exec:pg_isready" },
  findings = { "db.port-closed", "db.not-ready", "db.client-missing", "db.disk-low" },
  params = {
    host = { type = "string", default = "127.0.0.1", description = "Database host." },
    port = { type = "number", default = 5432, description = "Database port." },
    data_dir = { type = "string", default = "/var/lib/postgresql", description = "Data directory." },
    disk_percent = { type = "number", default = 90, description = "Used-space percentage that is too much." },
  },

  run = function(ctx, params)
    local port = math.floor(params.port)
    local reachable = ctx:step("Port " .. port, function(step)
      local tcp = net.tcp(params.host, port, { timeout = 3 })
      step:evidence("tcp", tcp)
      if tcp.ok then
        step:pass("accepts connections")
        return true
      end
      step:fail(tcp.error or "no connection")
      ctx:finding({
        id = "db.port-closed",
        severity = "critical",
        title = "Nothing accepts connections on " .. params.host .. ":" .. port,
        cause = "The database is down or listens elsewhere (" .. (tcp.message or tcp.error or "unknown") .. ").",
        fix = { "systemctl status postgresql", "ss -ltnp 'sport = :" .. port .. "'" },
        confidence = 0.9,
      })
      return false
    end)

    ctx:step("pg_isready", function(step)
      local ready = exec.run({ "pg_isready", "-h", params.host, "-p", tostring(port), "-t", "3" }, { timeout = 5 })
      step:evidence("status", ready.status)
      step:evidence("output", ready.stdout)
      if ready.error == "not_found" then
        step:skip("pg_isready is not installed here")
        ctx:finding({
          id = "db.client-missing",
          severity = "low",
          title = "pg_isready is not installed",
          cause = "The readiness check needs PostgreSQL's client tools.",
          fix = { "apt-get install postgresql-client" },
          confidence = 0.9,
        })
        return
      end
      if ready.ok then
        step:pass(ready.stdout)
        return
      end
      -- pg_isready: 1 = rejecting connections (starting up, shutting down), 2 = no response, 3 = bad call.
      step:fail(ready.stdout ~= "" and ready.stdout or (ready.message or "not ready"))
      if reachable then
        ctx:finding({
          id = "db.not-ready",
          severity = "high",
          title = "The database accepts TCP but is not ready",
          cause = "pg_isready exited " .. tostring(ready.status) .. ": " .. (ready.stdout or ""),
          fix = { "journalctl -u postgresql -n 50" },
          confidence = 0.8,
        })
      end
    end)

    ctx:step("Disk under the data directory", function(step)
      local disk = sys.disk(params.data_dir)
      if not disk.ok then
        step:skip(disk.message or disk.error)
        return
      end
      step:evidence("used_percent", disk.used_percent)
      step:evidence("avail_bytes", disk.avail_bytes)
      if disk.used_percent < params.disk_percent then
        step:pass(disk.used_percent .. "% used")
        return
      end
      step:warn(disk.used_percent .. "% used")
      ctx:finding({
        id = "db.disk-low",
        severity = disk.used_percent >= 98 and "critical" or "high",
        title = "The data directory's disk is " .. disk.used_percent .. "% full",
        cause = "PostgreSQL stops accepting writes when it cannot extend its files or write WAL.",
        evidence = { used_percent = disk.used_percent, avail_bytes = disk.avail_bytes },
        fix = { "du -sh " .. params.data_dir .. "/*", "df -h " .. params.data_dir },
        confidence = 0.85,
      })
    end)
  end,
}
