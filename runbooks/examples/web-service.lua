-- A general playbook for a team's own web service behind TLS: the process, its port, an HTTP health check, the
-- certificate's expiry, the config that names the certificate, and the error log. No OpenClaw in it: defaults
-- fit nginx; pass params for anything else. `clawbook run example.web-service -p url=https://localhost/healthz`.
return {
  id = "example.web-service",
  version = "1.0.0",
  engine = "^1",
  title = "Check a web service behind TLS",
  summary = "Checks that the service's process runs, its port accepts connections, its health URL answers, its "
    .. "certificate is not about to expire, its config names that certificate and its log shows no new errors.",
  symptoms = { "site down", "certificate expired", "502 bad gateway", "web service" },
  tags = { "example", "web", "tls" },
  capabilities = { "proc", "net", "fs", "fs:/etc/ssl", "fs:/var/log/nginx" },
  findings = {
    "web.process-down",
    "web.port-closed",
    "web.http-failing",
    "web.cert-expired",
    "web.cert-expiring",
    "web.cert-unreadable",
    "web.config-cert-mismatch",
    "web.log-errors",
  },
  params = {
    process = { type = "string", default = "nginx", description = "Process name (comm or argv[0] basename)." },
    host = { type = "string", default = "127.0.0.1", description = "Address the service listens on." },
    port = { type = "number", default = 443, description = "TLS port." },
    url = { type = "string", default = "https://localhost/", description = "URL that must answer 2xx/3xx." },
    certificate = {
      type = "string",
      default = "/etc/ssl/certs/service.pem",
      description = "Certificate file the service presents.",
    },
    config = {
      type = "string",
      default = "/etc/nginx/sites-enabled/default",
      description = "Config file that names the certificate.",
    },
    log = { type = "string", default = "/var/log/nginx/error.log", description = "Error log to scan." },
    expiry_days = { type = "number", default = 21, description = "Warn when fewer days than this are left." },
  },

  run = function(ctx, params)
    local running = ctx:step("Service process", function(step)
      local processes = proc.list({ name = params.process })
      step:evidence("pids", #processes)
      if #processes == 0 then
        step:fail("no process named " .. params.process)
        return false
      end
      step:pass(#processes .. " process(es)")
      return true
    end)
    if not running then
      ctx:finding({
        id = "web.process-down",
        severity = "critical",
        title = params.process .. " is not running",
        cause = "No process of that name exists, so nothing serves the site.",
        fix = { "systemctl status " .. params.process, "systemctl start " .. params.process },
        confidence = 0.9,
      })
    end

    local port_open = ctx:step("Port " .. math.floor(params.port), function(step)
      local tcp = net.tcp(params.host, math.floor(params.port), { timeout = 3 })
      step:evidence("tcp", tcp)
      if not tcp.ok then
        step:fail(tcp.error or "no connection")
        return false
      end
      step:pass("accepts connections in " .. math.floor(tcp.latency_ms + 0.5) .. " ms")
      return true
    end)
    if not port_open and running then
      ctx:finding({
        id = "web.port-closed",
        severity = "high",
        title = "Nothing accepts connections on port " .. math.floor(params.port),
        cause = "The process runs but does not listen where clients connect (a failed reload, another bind "
          .. "address, or a firewall).",
        fix = {
          "ss -ltnp 'sport = :" .. math.floor(params.port) .. "'",
          "journalctl -u " .. params.process .. " -n 50",
        },
        confidence = 0.8,
      })
    end

    ctx:step("Health URL", function(step)
      local response = http.request({ url = params.url, timeout = 5, max_body = 4096 })
      step:evidence("status", response.status)
      step:evidence("error", response.error)
      if response.ok and response.status < 400 then
        step:pass("HTTP " .. response.status .. " in " .. math.floor(response.latency_ms + 0.5) .. " ms")
        return
      end
      step:fail(response.ok and ("HTTP " .. response.status) or response.error)
      if port_open then
        ctx:finding({
          id = "web.http-failing",
          severity = "high",
          title = params.url .. " does not answer successfully",
          cause = response.ok and ("The service answers HTTP " .. response.status .. ".")
            or ("The request failed: " .. (response.message or response.error or "unknown")),
          evidence = { status = response.status, error = response.error },
          fix = { "curl -sv " .. params.url, "tail -n 50 " .. params.log },
          confidence = 0.8,
        })
      end
    end)

    local presented = ctx:step("Certificate", function(step)
      local file = net.certificate(params.certificate)
      if not file.ok then
        step:fail(file.message or file.error)
        ctx:finding({
          id = "web.cert-unreadable",
          severity = "high",
          title = "The certificate file cannot be read",
          cause = file.message or (params.certificate .. ": " .. file.error),
          fix = { "ls -l " .. params.certificate },
          confidence = 0.7,
        })
        return nil
      end
      local leaf = file.certificates[1]
      step:evidence("subject", leaf.subject)
      step:evidence("not_after", leaf.not_after)
      step:evidence("days_left", leaf.days_left)
      if leaf.expired then
        step:fail("expired on " .. leaf.not_after)
        ctx:finding({
          id = "web.cert-expired",
          severity = "critical",
          title = "The certificate has expired",
          cause = leaf.subject .. " expired on " .. leaf.not_after .. "; clients refuse the connection.",
          fix = { "certbot renew   # or your CA's renewal", "systemctl reload " .. params.process },
          confidence = 0.95,
        })
      elseif leaf.days_left < params.expiry_days then
        step:warn(leaf.days_left .. " days left")
        ctx:finding({
          id = "web.cert-expiring",
          severity = leaf.days_left < 7 and "high" or "medium",
          title = "The certificate expires in " .. leaf.days_left .. " days",
          cause = leaf.subject .. " is valid until " .. leaf.not_after .. ".",
          fix = { "certbot renew   # or your CA's renewal", "systemctl reload " .. params.process },
          confidence = 0.9,
        })
      else
        step:pass(leaf.days_left .. " days left")
      end
      return leaf
    end)

    ctx:step("Config names the certificate", function(step)
      local config = fs.read(params.config)
      if not config.ok then
        step:skip(config.message or config.error)
        return
      end
      local named = config.text:match("ssl_certificate%s+([^;%s]+)%s*;")
      step:evidence("ssl_certificate", named)
      if named == nil then
        step:skip("no ssl_certificate directive")
      elseif named ~= params.certificate then
        step:warn("the config serves " .. named)
        ctx:finding({
          id = "web.config-cert-mismatch",
          severity = "medium",
          title = "The config serves another certificate than the one checked",
          cause = params.config
            .. " names "
            .. named
            .. ", not "
            .. params.certificate
            .. (presented and "" or " (which could not be read)")
            .. ".",
          fix = { "clawbook run example.web-service -p certificate=" .. named },
          confidence = 0.6,
        })
      else
        step:pass("ssl_certificate " .. named)
      end
    end)

    ctx:step("Error log", function(step)
      local tail = fs.tail(params.log, 200)
      if not tail.ok then
        step:skip(tail.message or tail.error)
        return
      end
      local errors = {}
      for _, line in ipairs(tail.lines) do
        if line:find("%[emerg%]") or line:find("%[crit%]") or line:find("%[alert%]") then
          errors[#errors + 1] = line
        end
      end
      step:evidence("errors", #errors)
      if #errors == 0 then
        step:pass("no emerg/alert/crit lines in the last " .. #tail.lines)
        return
      end
      step:warn(#errors .. " serious lines")
      ctx:finding({
        id = "web.log-errors",
        severity = "medium",
        title = #errors .. " serious errors in " .. params.log,
        cause = errors[#errors],
        evidence = { last = errors[#errors], count = #errors },
        fix = { "tail -n 200 " .. params.log },
        confidence = 0.6,
      })
    end)
  end,
}
