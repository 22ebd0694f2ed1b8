-- Calls every read-only binding function once on the machine the test runs on (and every action as a dry run),
-- so that `clawbook run --record` writes what the bindings really return. result_shapes_test.py then holds
-- each recorded result to the shape runbooks/types/ promises. Where a peer is missing (no gateway on the port,
-- no docker, no systemd) the failure result is recorded: its shape is promised too.
return {
  id = "test.record-all",
  version = "1.0.0",
  engine = "^1",
  title = "Call every binding once",
  summary = "Records one result of each binding function for the result-shape test.",
  capabilities = { "env", "fs", "proc", "net", "systemd", "docker", "action", "fs:/tmp", "sys", "exec:sh", "exec:node" },
  params = {
    dir = { type = "string", description = "A scratch directory under /tmp with a file named a.json5." },
    port = { type = "number", default = 1, description = "A TCP port nothing listens on." },
  },

  run = function(ctx, params)
    ctx:step("env, time, log", function()
      env.get("HOME")
      env.fingerprint("HOME")
      time.now()
      time.monotonic()
      time.sleep(0)
      time.stop_requested()
      log.parse_line("2026-11-22T07:14:18.000Z [ws] handshake timeout conn=1")
      log.scan({ "07:14:18 [ws] handshake timeout conn=1", "noise" }, "handshake")
      log.follow("/etc/hostname", { offset = 0 })
    end)

    ctx:step("fs", function()
      local file = params.dir .. "/a.json5"
      fs.stat(file)
      fs.stat(params.dir .. "/missing")
      fs.read(file)
      fs.glob(params.dir .. "/*")
      fs.list(params.dir)
      fs.tail(file, 2)
      fs.json5({ path = file })
      fs.json('{"a": 1}')
      fs.yaml({ text = "a: 1\n---\nb: [1, 2]\n" })
      fs.toml({ text = "a = 1\n[t]\nb = [1, 2]\n" })
    end)

    ctx:step("proc", function()
      local self = proc.list({ cmdline = "test.record-all" })
      local pid = self[1] and self[1].pid or 1
      proc.get(pid)
      proc.alive(pid)
      proc.children(1)
      proc.env_fingerprints(pid, { "HOME" })
      proc.listeners({})
      proc.connections({})
      proc.meminfo()
      proc.uptime()
      proc.cgroup()
      proc.oom_kills()
      proc.is_openclaw_gateway({ comm = "node", argv = { "node" } })
      proc.gateway_processes()
    end)

    ctx:step("openclaw", function()
      openclaw.paths()
      openclaw.config()
      openclaw.token_sources()
      openclaw.client_token()
      openclaw.server_token()
      openclaw.node_version()
      openclaw.locks()
      openclaw.gateways()
      openclaw.version()
      openclaw.config_schema()
      openclaw.validate_config()
      json.validate({ port = "80" }, { type = "object", properties = { port = { type = "integer" } } })
    end)

    ctx:step("gateway (nothing listening)", function()
      local url = "127.0.0.1:" .. math.floor(params.port)
      gateway.tcp("127.0.0.1", math.floor(params.port), { timeout = 2 })
      gateway.http("http://" .. url .. "/", { timeout = 2 })
      gateway.health("http://" .. url, { timeout = 2 })
      gateway.http_token_check("http://" .. url, "fake-token-for-shapes", { timeout = 2 })
      gateway.ws_upgrade("ws://" .. url, { timeout = 2 })
      gateway.connect("ws://" .. url, { timeout = 2 })
    end)

    ctx:step("systemd and docker (present or not)", function()
      systemd.available({ timeout = 5 })
      systemd.unit("clawbook-no-such.service", { timeout = 5 })
      systemd.units({ pattern = "clawbook-no-such*", timeout = 5 })
      systemd.journal("clawbook-no-such.service", { lines = 1, timeout = 5 })
      docker.available({ timeout = 5 })
      docker.containers({ all = true, timeout = 5 })
      docker.inspect("clawbook-no-such-container", { timeout = 5 })
      docker.logs("clawbook-no-such-container", { tail = 1, timeout = 5 })
      docker.top("clawbook-no-such-container", { timeout = 5 })
    end)

    ctx:step("exec, sys, net, http", function()
      exec.run({ "sh", "-c", "echo out; echo err >&2" }, { timeout = 5 })
      exec.run({ "sh", "-c", "exit 2" }, { timeout = 5 })
      exec.run({ "sh", "-c", "sleep 5" }, { timeout = 0.2 })
      sys.disk(params.dir)
      sys.disk(params.dir .. "/missing")
      sys.mounts()
      sys.os()
      sys.sysctl("kernel.ostype")
      sys.sysctl("kernel.clawbook_none")
      sys.user("root")
      sys.user("clawbook-no-such-user")
      sys.group("root")
      sys.package("dpkg")
      sys.package("clawbook-no-such-package")
      net.tcp("127.0.0.1", math.floor(params.port), { timeout = 2 })
      net.resolve("localhost", { timeout = 5 })
      net.resolve("clawbook-no-such-host.invalid", { timeout = 5 })
      net.tls("127.0.0.1", math.floor(params.port), { timeout = 2 })
      net.certificate(params.dir .. "/a.json5")
      http.request({ url = "http://127.0.0.1:" .. math.floor(params.port) .. "/", timeout = 2 })
    end)

    ctx:step("actions (dry run)", function()
      action.snapshot({ paths = { params.dir .. "/a.json5" }, label = "shapes" })
      action.set_config({ path = params.dir .. "/a.json5", key = "gateway.mode", value = "local" })
    end)
  end,
}
