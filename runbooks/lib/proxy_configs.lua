-- Reverse proxy configs (nginx, Apache, Caddy) read for the routes that forward to the gateway's port, with what
-- a WebSocket needs from each: the upgrade, an idle timeout longer than the gateway's tick, and the forwarded
-- headers the gateway will see. Used by openclaw.proxy. Capability fs (the default policy allows /etc/nginx,
-- /etc/apache2, /etc/httpd and /etc/caddy).
--
--   local proxy_configs = require("lib.proxy_configs")
--   local found = proxy_configs.read(18789)   -- {routes={...}, files={...}, errors={...}}
--   proxy_configs.parse_nginx(text, "/etc/nginx/nginx.conf", 18789, read_files)  -- pure, for tests
--
-- A route: {server="nginx"|"apache"|"caddy", file, line, site (location path or site address), upstream,
-- upstream_scheme, upstream_host, tls (the proxy serves HTTPS), server_names, websocket_ok, websocket_missing
-- (what is missing), read_timeout (seconds; nil = none), timeout_directive (where it comes from, or "default"),
-- forwarded_headers (names the proxy adds)}.
local M = {}

local MAX_INCLUDE_DEPTH = 8
local NGINX_DEFAULT_TIMEOUT = 60 -- proxy_read_timeout
local APACHE_DEFAULT_TIMEOUT = 60 -- Timeout
local FORWARDED = { "x-forwarded-for", "x-real-ip", "forwarded", "x-forwarded-proto", "x-forwarded-host" }

-- Seconds in an nginx time ("90", "60s", "1m30s", "500ms") or a Go/Caddy duration ("1h", "30s"); nil if none.
function M.seconds(text)
  if type(text) ~= "string" then
    return nil
  end
  local units = { ms = 0.001, s = 1, m = 60, h = 3600, d = 86400, w = 604800 }
  local total, any = 0, false
  for number, unit in text:gmatch("(%d+%.?%d*)(%a*)") do
    local scale = units[unit == "" and "s" or unit]
    if not scale then
      return nil
    end
    total, any = total + tonumber(number) * scale, true
  end
  return any and total or nil
end

-- {scheme, host, port} of "http://127.0.0.1:18789/x", "localhost:18789", "ws://[::1]:18789"; port defaults by scheme.
function M.split_url(text, default_scheme)
  if type(text) ~= "string" then
    return nil
  end
  local scheme, rest = text:match("^(%a[%w+.-]*)://(.*)$")
  scheme = (scheme or default_scheme or "http"):lower()
  rest = rest or text
  local authority = rest:match("^([^/?#]*)")
  local host, port = authority:match("^%[([^%]]+)%]:?(%d*)$")
  if not host then
    host, port = authority:match("^([^:]*):?(%d*)$")
  end
  if not host then
    return nil
  end
  local tls = scheme == "https" or scheme == "wss"
  return { scheme = scheme, host = host, port = tonumber(port) or (tls and 443 or 80) }
end

local function contains(list, wanted)
  for _, item in ipairs(list) do
    if item == wanted then
      return true
    end
  end
  return false
end

-- nginx -------------------------------------------------------------------------------------------------------

-- Words, quoted strings and the punctuation { } ; with line numbers; comments dropped.
local function nginx_tokens(text)
  local tokens, line, i, n = {}, 1, 1, #text
  while i <= n do
    local ch = text:sub(i, i)
    if ch == "\n" then
      line, i = line + 1, i + 1
    elseif ch:match("%s") then
      i = i + 1
    elseif ch == "#" then
      i = text:find("\n", i, true) or n + 1
    elseif ch == "{" or ch == "}" or ch == ";" then
      tokens[#tokens + 1] = { value = ch, line = line, punct = true }
      i = i + 1
    elseif ch == '"' or ch == "'" then
      local j, start_line = i + 1, line
      while j <= n and text:sub(j, j) ~= ch do
        if text:sub(j, j) == "\\" then
          j = j + 1
        elseif text:sub(j, j) == "\n" then
          line = line + 1
        end
        j = j + 1
      end
      tokens[#tokens + 1] = { value = text:sub(i + 1, j - 1), line = start_line }
      i = j + 1
    else
      local j = text:find("[%s;{}]", i) or n + 1
      tokens[#tokens + 1] = { value = text:sub(i, j - 1), line = line }
      i = j
    end
  end
  return tokens
end

-- Directives as a tree: {name, args, line, file, children?}. `include` is replaced by the included files'
-- directives (read_files(pattern) -> {{path, text}}), so snippets and proxy_params count where they are used.
local function nginx_tree(text, file, read_files, depth)
  local root = { children = {} }
  local stack, words = { root }, {}
  for _, token in ipairs(nginx_tokens(text)) do
    local top = stack[#stack]
    if token.punct and token.value == ";" then
      if #words > 0 then
        local directive = { name = words[1].value:lower(), args = {}, line = words[1].line, file = file }
        for k = 2, #words do
          directive.args[#directive.args + 1] = words[k].value
        end
        if directive.name == "include" and read_files and depth < MAX_INCLUDE_DEPTH and directive.args[1] then
          local pattern = directive.args[1]
          if pattern:sub(1, 1) ~= "/" then
            pattern = "/etc/nginx/" .. pattern
          end
          for _, included in ipairs(read_files(pattern)) do
            for _, child in ipairs(nginx_tree(included.text, included.path, read_files, depth + 1).children) do
              top.children[#top.children + 1] = child
            end
          end
        else
          top.children[#top.children + 1] = directive
        end
      end
      words = {}
    elseif token.punct and token.value == "{" then
      local block = { name = words[1] and words[1].value:lower() or "", args = {}, line = token.line, file = file }
      for k = 2, #words do
        block.args[#block.args + 1] = words[k].value
      end
      block.children = {}
      top.children[#top.children + 1] = block
      stack[#stack + 1] = block
      words = {}
    elseif token.punct and token.value == "}" then
      if #stack > 1 then
        stack[#stack] = nil
      end
      words = {}
    else
      words[#words + 1] = token
    end
  end
  return root
end

-- The innermost value of a single-valued directive along `chain` (innermost block first).
local function nginx_lookup(chain, name)
  for _, block in ipairs(chain) do
    for _, child in ipairs(block.children) do
      if child.name == name and not child.children then
        return child
      end
    end
  end
  return nil
end

-- proxy_set_header is inherited only by levels that define none of their own: the innermost level with any wins.
local function nginx_headers(chain)
  for _, block in ipairs(chain) do
    local headers, any = {}, false
    for _, child in ipairs(block.children) do
      if child.name == "proxy_set_header" and child.args[1] then
        headers[child.args[1]:lower()] = child.args[2] or ""
        any = true
      end
    end
    if any then
      return headers
    end
  end
  return {}
end

local function nginx_upstreams(root)
  local upstreams = {}
  local function walk(block)
    for _, child in ipairs(block.children or {}) do
      if child.name == "upstream" and child.children and child.args[1] then
        local servers = {}
        for _, entry in ipairs(child.children) do
          if entry.name == "server" and entry.args[1] then
            servers[#servers + 1] = entry.args[1]
          end
        end
        upstreams[child.args[1]] = servers
      elseif child.children then
        walk(child)
      end
    end
  end
  walk(root)
  return upstreams
end

local function nginx_server_facts(server)
  local tls, names = false, {}
  for _, child in ipairs(server.children) do
    if child.name == "listen" then
      for _, arg in ipairs(child.args) do
        if arg == "ssl" or arg == "quic" or arg:match(":443$") or arg == "443" then
          tls = true
        end
      end
    elseif child.name == "server_name" then
      for _, name in ipairs(child.args) do
        names[#names + 1] = name
      end
    elseif child.name == "ssl" and child.args[1] == "on" then
      tls = true
    end
  end
  return tls, names
end

-- The route of one proxy_pass that reaches `port`, judged with the directives in effect along `chain`.
local function nginx_route(proxy_pass, target, chain, location, server, file)
  local tls, names = nginx_server_facts(server)
  local version = nginx_lookup(chain, "proxy_http_version")
  local headers = nginx_headers(chain)
  local missing = {}
  if not version or version.args[1] ~= "1.1" then
    missing[#missing + 1] = "proxy_http_version 1.1"
  end
  if not headers["upgrade"] then
    missing[#missing + 1] = "proxy_set_header Upgrade $http_upgrade"
  end
  if not (headers["connection"] or ""):lower():find("upgrade", 1, true) then
    missing[#missing + 1] = 'proxy_set_header Connection "upgrade"'
  end
  local read = nginx_lookup(chain, "proxy_read_timeout")
  local forwarded = {}
  for _, name in ipairs(FORWARDED) do
    if headers[name] then
      forwarded[#forwarded + 1] = name
    end
  end
  return {
    server = "nginx",
    file = proxy_pass.file or file,
    line = proxy_pass.line,
    site = "location " .. table.concat(location.args, " "),
    upstream = proxy_pass.args[1],
    upstream_scheme = target.scheme,
    upstream_host = target.host,
    tls = tls,
    server_names = names,
    websocket_ok = #missing == 0,
    websocket_missing = missing,
    read_timeout = read and M.seconds(read.args[1]) or NGINX_DEFAULT_TIMEOUT,
    timeout_directive = read and ("proxy_read_timeout " .. tostring(read.args[1])) or "default (60s)",
    forwarded_headers = forwarded,
  }
end

-- Routes of an nginx config (text of nginx.conf or a site file) that proxy to `port`.
function M.parse_nginx(text, file, port, read_files)
  local root = nginx_tree(text, file, read_files, 0)
  local upstreams = nginx_upstreams(root)
  local routes = {}
  -- chain: innermost block first, so lookups find the nearest definition.
  local function walk(block, chain, server)
    for _, child in ipairs(block.children or {}) do
      if child.children then
        local inner = { child }
        for _, outer in ipairs(chain) do
          inner[#inner + 1] = outer
        end
        walk(child, inner, child.name == "server" and child or server)
      elseif child.name == "proxy_pass" and child.args[1] and server then
        local target = M.split_url(child.args[1])
        local servers = target and upstreams[target.host]
        if servers then
          for _, address in ipairs(servers) do
            local upstream = M.split_url(address, target.scheme)
            if upstream and upstream.port == port then
              target = { scheme = target.scheme, host = upstream.host, port = upstream.port }
              break
            end
          end
        end
        if target and target.port == port then
          routes[#routes + 1] = nginx_route(child, target, chain, block, server, file)
        end
      end
    end
  end
  walk(root, { root }, nil)
  return routes
end

-- Apache ------------------------------------------------------------------------------------------------------

-- Logical lines (continuations joined), each {words, line}; comments dropped. Quoted words keep their content.
local function apache_lines(text)
  local lines, pending, pending_line, number = {}, nil, nil, 0
  for raw in (text .. "\n"):gmatch("(.-)\r?\n") do
    number = number + 1
    local continued = raw:match("\\%s*$") ~= nil
    local content = continued and raw:gsub("\\%s*$", "") or raw
    pending = pending and (pending .. " " .. content) or content
    pending_line = pending_line or number
    if not continued then
      local stripped = pending:match("^%s*(.-)%s*$")
      if stripped ~= "" and stripped:sub(1, 1) ~= "#" then
        local words, i = {}, 1
        while i <= #stripped do
          local s, e = stripped:find("^%s+", i)
          if s then
            i = e + 1
          elseif stripped:sub(i, i) == '"' then
            local close = stripped:find('"', i + 1, true) or (#stripped + 1)
            words[#words + 1] = stripped:sub(i + 1, close - 1)
            i = close + 1
          else
            local stop = stripped:find("%s", i) or (#stripped + 1)
            words[#words + 1] = stripped:sub(i, stop - 1)
            i = stop
          end
        end
        lines[#lines + 1] = { words = words, line = pending_line }
      end
      pending, pending_line = nil, nil
    end
  end
  return lines
end

-- Whether RewriteRule flags ("[P,L]", "[L,P,NC]") include P (proxy); PT is passthrough, not a proxy.
local function proxy_flag(flags)
  local list = "," .. (flags or ""):upper():gsub("[%[%]%s]", "") .. ","
  return list:find(",P,", 1, true) ~= nil
end

-- Parses one Apache file: {globals={timeout, proxy_timeout, add_headers, wstunnel}, vhosts={...}} where a vhost
-- is {address, line, tls, names, timeout, proxy_timeout, add_headers, headers, rewrites_upgrade, targets}.
function M.parse_apache(text, file)
  local parsed = { globals = {}, vhosts = {} }
  local vhost, location
  for _, entry in ipairs(apache_lines(text)) do
    local words = entry.words
    local name = words[1]:lower()
    local scope = vhost or parsed.globals
    if name:match("^<virtualhost") then
      local address = (words[2] or ""):gsub(">$", "")
      vhost = {
        address = address,
        line = entry.line,
        file = file,
        tls = address:match(":443$") ~= nil,
        names = {},
        headers = {},
        targets = {},
      }
      parsed.vhosts[#parsed.vhosts + 1] = vhost
    elseif name == "</virtualhost>" then
      vhost = nil
    elseif name:match("^<location") then
      location = (words[2] or "/"):gsub(">$", "")
    elseif name == "</location>" then
      location = nil
    elseif name == "loadmodule" and (words[2] or ""):lower() == "proxy_wstunnel_module" then
      parsed.globals.wstunnel = true
    elseif name == "timeout" then
      scope.timeout = tonumber(words[2])
    elseif name == "proxytimeout" then
      scope.proxy_timeout = tonumber(words[2])
    elseif name == "proxyaddheaders" then
      scope.add_headers = (words[2] or ""):lower() ~= "off"
    elseif vhost and name == "sslengine" then
      vhost.tls = vhost.tls or (words[2] or ""):lower() == "on"
    elseif vhost and (name == "servername" or name == "serveralias") then
      for k = 2, #words do
        vhost.names[#vhost.names + 1] = words[k]
      end
    elseif vhost and name == "requestheader" and words[3] then
      vhost.headers[#vhost.headers + 1] = words[3]:lower()
    elseif vhost and name == "rewritecond" and (words[2] or ""):lower():find("upgrade", 1, true) then
      vhost.rewrites_upgrade = true
    elseif vhost and (name == "proxypass" or name == "proxypassmatch") then
      -- "ProxyPass /path url [key=value]" or, inside <Location>, "ProxyPass url [key=value]".
      local path, url, first_param = words[2], words[3], 4
      if location then
        path, url, first_param = location, words[2], 3
      end
      local params = {}
      for k = first_param, #words do
        local key, value = words[k]:match("^([%w_]+)=(.*)$")
        if key then
          params[key:lower()] = value
        end
      end
      vhost.targets[#vhost.targets + 1] = { path = path, url = url, line = entry.line, params = params, kind = name }
    elseif vhost and name == "rewriterule" and words[3] and proxy_flag(words[4]) then
      vhost.targets[#vhost.targets + 1] =
        { path = words[2], url = words[3], line = entry.line, params = {}, kind = "rewriterule" }
    end
  end
  return parsed
end

-- Routes of parsed Apache files (M.parse_apache results) that proxy to `port`. `wstunnel`: whether
-- mod_proxy_wstunnel is enabled (a LoadModule line or mods-enabled/proxy_wstunnel.load).
function M.apache_routes(parsed_files, port, wstunnel)
  local globals = {}
  for _, parsed in ipairs(parsed_files) do
    for key, value in pairs(parsed.globals) do
      globals[key] = value
    end
  end
  wstunnel = wstunnel or globals.wstunnel == true
  local routes = {}
  for _, parsed in ipairs(parsed_files) do
    for _, vhost in ipairs(parsed.vhosts) do
      -- The vhost upgrades when any of its routes to the gateway does: a ws:// rule beside an http:// one.
      local ws_route, upgrade_param = false, false
      for _, target in ipairs(vhost.targets) do
        local url = M.split_url(target.url)
        if url and url.port == port then
          ws_route = ws_route or url.scheme == "ws" or url.scheme == "wss"
          upgrade_param = upgrade_param or (target.params.upgrade or ""):lower() == "websocket"
        end
      end
      for _, target in ipairs(vhost.targets) do
        local url = M.split_url(target.url)
        if url and url.port == port then
          local missing = {}
          if not ws_route and not upgrade_param then
            missing[#missing + 1] = "a ws:// ProxyPass or RewriteRule (or upgrade=websocket on ProxyPass)"
          elseif ws_route and not upgrade_param and not wstunnel then
            missing[#missing + 1] = "mod_proxy_wstunnel (a2enmod proxy_wstunnel)"
          end
          local timeout = tonumber(target.params.timeout)
          local directive = timeout and ("ProxyPass timeout=" .. timeout)
          if not timeout then
            timeout = vhost.proxy_timeout or globals.proxy_timeout or vhost.timeout or globals.timeout
            directive = (vhost.proxy_timeout or globals.proxy_timeout) and ("ProxyTimeout " .. timeout)
              or (timeout and ("Timeout " .. timeout))
          end
          local forwarded = {}
          local adds = vhost.add_headers
          if adds == nil then
            adds = globals.add_headers ~= false
          end
          if adds then
            forwarded = { "x-forwarded-for", "x-forwarded-host" }
          end
          for _, header in ipairs(vhost.headers) do
            if contains(FORWARDED, header) and not contains(forwarded, header) then
              forwarded[#forwarded + 1] = header
            end
          end
          routes[#routes + 1] = {
            server = "apache",
            file = vhost.file,
            line = target.line,
            site = "VirtualHost " .. vhost.address .. " " .. tostring(target.path),
            upstream = target.url,
            upstream_scheme = url.scheme,
            upstream_host = url.host,
            tls = vhost.tls,
            server_names = vhost.names,
            websocket_ok = #missing == 0,
            websocket_missing = missing,
            read_timeout = timeout or APACHE_DEFAULT_TIMEOUT,
            timeout_directive = directive or "default (Timeout 60)",
            forwarded_headers = forwarded,
          }
        end
      end
    end
  end
  return routes
end

-- Caddy -------------------------------------------------------------------------------------------------------

-- Lines of tokens with nesting: {words={...}, line, block={...}?}. Snippets "(name) {...}" are kept by name and
-- spliced where "import name" appears; "import <file glob>" reads files through read_files.
local function caddy_tokens(text)
  local tokens, line, i, n = {}, 1, 1, #text
  while i <= n do
    local ch = text:sub(i, i)
    if ch == "\n" then
      tokens[#tokens + 1] = { newline = true, line = line }
      line, i = line + 1, i + 1
    elseif ch:match("%s") then
      i = i + 1
    elseif ch == "#" and (i == 1 or text:sub(i - 1, i - 1):match("%s")) then
      i = text:find("\n", i, true) or n + 1
    elseif ch == '"' or ch == "`" then
      local close = text:find(ch, i + 1, true) or n + 1
      tokens[#tokens + 1] = { value = text:sub(i + 1, close - 1), line = line }
      i = close + 1
    else
      local j = text:find("%s", i) or n + 1
      tokens[#tokens + 1] = { value = text:sub(i, j - 1), line = line }
      i = j
    end
  end
  return tokens
end

local function caddy_parse(tokens, start)
  local directives, words, i = {}, {}, start
  while i <= #tokens do
    local token = tokens[i]
    if token.newline then
      if #words > 0 then
        directives[#directives + 1] = { words = words, line = words[1].line }
        words = {}
      end
    elseif token.value == "{" then
      local block
      block, i = caddy_parse(tokens, i + 1)
      directives[#directives + 1] = { words = words, line = words[1] and words[1].line or token.line, block = block }
      words = {}
    elseif token.value == "}" then
      if #words > 0 then
        directives[#directives + 1] = { words = words, line = words[1].line }
      end
      return directives, i
    else
      words[#words + 1] = token
    end
    i = i + 1
  end
  if #words > 0 then
    directives[#directives + 1] = { words = words, line = words[1].line }
  end
  return directives, i
end

local function word(directive, k)
  return directive.words[k] and directive.words[k].value or nil
end

local function find_directive(block, name)
  for _, directive in ipairs(block or {}) do
    if word(directive, 1) == name then
      return directive
    end
  end
  return nil
end

-- A reverse_proxy directive's route facts, for upstreams on `port`.
local function caddy_route(directive, site, file, port)
  local upstream
  for k = 2, #directive.words do
    local text = word(directive, k)
    if not text:match("^[@/*]") then -- skip matchers
      local url = M.split_url(text:match("://") and text or ("http://" .. text))
      if url and url.port == port then
        upstream = { text = text, url = url }
        break
      end
    end
  end
  if not upstream then
    return nil
  end
  local missing, timeout, directive_text = {}, nil, "none (Caddy keeps streams open)"
  local stream = find_directive(directive.block, "stream_timeout")
  if stream then
    timeout, directive_text = M.seconds(word(stream, 2)), "stream_timeout " .. tostring(word(stream, 2))
  end
  local transport = find_directive(directive.block, "transport")
  local read = transport and find_directive(transport.block, "read_timeout")
  local read_seconds = read and M.seconds(word(read, 2))
  if read_seconds and (not timeout or read_seconds < timeout) then
    timeout, directive_text = read_seconds, "transport http read_timeout " .. tostring(word(read, 2))
  end
  local versions = transport and find_directive(transport.block, "versions")
  if versions then
    local has_http1 = false
    for k = 2, #versions.words do
      has_http1 = has_http1 or word(versions, k) == "1.1"
    end
    if not has_http1 then
      missing[#missing + 1] = "HTTP/1.1 to the upstream (transport http versions 1.1): WebSocket upgrades need it"
    end
  end
  local scheme = upstream.url.scheme
  if transport and find_directive(transport.block, "tls") then
    scheme = "https"
  end
  local address = site.address or ""
  return {
    server = "caddy",
    file = file,
    line = directive.line,
    site = address,
    upstream = upstream.text,
    upstream_scheme = scheme,
    upstream_host = upstream.url.host,
    -- A site address without http:// or :80 gets automatic HTTPS.
    tls = not (address:match("^http://") or address:match(":80$")),
    server_names = site.names,
    websocket_ok = #missing == 0,
    websocket_missing = missing,
    read_timeout = timeout,
    timeout_directive = directive_text,
    -- Caddy always sets X-Forwarded-For, -Proto and -Host.
    forwarded_headers = { "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host" },
  }
end

-- Routes of a Caddyfile that proxy to `port`. read_files(pattern) -> {{path, text}} serves "import <file>".
function M.parse_caddy(text, file, port, read_files)
  local snippets = {}
  local function expand(directives, depth)
    local out = {}
    for _, directive in ipairs(directives) do
      local name = word(directive, 1) or ""
      local snippet = name:match("^%((.+)%)$")
      if snippet and directive.block then
        snippets[snippet] = directive.block
      elseif name == "import" and word(directive, 2) and depth < MAX_INCLUDE_DEPTH then
        local target = word(directive, 2)
        if snippets[target] then
          for _, inner in ipairs(expand(snippets[target], depth + 1)) do
            out[#out + 1] = inner
          end
        elseif read_files then
          local pattern = target:sub(1, 1) == "/" and target or ("/etc/caddy/" .. target)
          for _, included in ipairs(read_files(pattern)) do
            for _, inner in ipairs(expand((caddy_parse(caddy_tokens(included.text), 1)), depth + 1)) do
              out[#out + 1] = inner
            end
          end
        end
      else
        if directive.block then
          directive.block = expand(directive.block, depth + 1)
        end
        out[#out + 1] = directive
      end
    end
    return out
  end
  local top = expand((caddy_parse(caddy_tokens(text), 1)), 0)
  local routes = {}
  local function walk(block, site)
    for _, directive in ipairs(block) do
      if word(directive, 1) == "reverse_proxy" then
        routes[#routes + 1] = caddy_route(directive, site, file, port)
      elseif directive.block then
        walk(directive.block, site)
      end
    end
  end
  -- A Caddyfile with one site may omit the braces: its first line is the address, the rest its directives.
  local has_blocks = false
  for _, directive in ipairs(top) do
    has_blocks = has_blocks or directive.block ~= nil
  end
  if not has_blocks and top[1] then
    local site = { address = word(top[1], 1), names = { word(top[1], 1) } }
    walk({ table.unpack(top, 2) }, site)
    return routes
  end
  for _, directive in ipairs(top) do
    if directive.block and #directive.words > 0 then
      local names = {}
      for k = 1, #directive.words do
        for name in word(directive, k):gmatch("[^,]+") do
          names[#names + 1] = name
        end
      end
      walk(directive.block, { address = names[1], names = names })
    end
  end
  return routes
end

-- Reading the machine ---------------------------------------------------------------------------------------

-- {{path, text}} of the files matching `pattern` that the fs policy lets us read; problems go to `errors`.
local function reader(errors, files)
  return function(pattern)
    local out = {}
    local ok, listing = pcall(fs.glob, pattern)
    if not ok or type(listing) ~= "table" or listing.ok == false then
      return out
    end
    for _, path in ipairs(type(listing.matches) == "table" and listing.matches or {}) do
      local read_ok, read = pcall(fs.read, path, { max = 262144 })
      if read_ok and type(read) == "table" and read.ok ~= false and type(read.text) == "string" then
        out[#out + 1] = { path = path, text = read.text }
        files[#files + 1] = path
      elseif read_ok and type(read) == "table" and read.error ~= "is_directory" then
        errors[#errors + 1] = path .. ": " .. tostring(read.message or read.error)
      elseif not read_ok then
        errors[#errors + 1] = path .. ": " .. tostring(read)
      end
    end
    return out
  end
end

-- Every route to `port` in the proxy configs on this machine: {routes, files, errors}.
function M.read(port)
  local errors, files = {}, {}
  local read_files = reader(errors, files)
  local routes = {}
  local function add(found)
    for _, route in ipairs(found) do
      routes[#routes + 1] = route
    end
  end

  -- nginx: the main file with its includes; without it, the usual site directories.
  local main = read_files("/etc/nginx/nginx.conf")
  local nginx_files = #main > 0 and main or read_files("/etc/nginx/{conf.d/*.conf,sites-enabled/*}")
  for _, entry in ipairs(nginx_files) do
    add(M.parse_nginx(entry.text, entry.path, port, read_files))
  end

  -- Apache (Debian layout, then Red Hat's): each file on its own, globals merged.
  local parsed = {}
  for _, entry in ipairs(read_files("/etc/apache2/{apache2.conf,sites-enabled/*,conf-enabled/*.conf}")) do
    parsed[#parsed + 1] = M.parse_apache(entry.text, entry.path)
  end
  for _, entry in ipairs(read_files("/etc/httpd/{conf/httpd.conf,conf.d/*.conf,conf.modules.d/*.conf}")) do
    parsed[#parsed + 1] = M.parse_apache(entry.text, entry.path)
  end
  local ok, module = pcall(fs.stat, "/etc/apache2/mods-enabled/proxy_wstunnel.load")
  local wstunnel = ok and type(module) == "table" and module.exists == true
  add(M.apache_routes(parsed, port, wstunnel))

  for _, entry in ipairs(read_files("/etc/caddy/Caddyfile")) do
    add(M.parse_caddy(entry.text, entry.path, port, read_files))
  end
  return { routes = routes, files = files, errors = errors }
end

return M
