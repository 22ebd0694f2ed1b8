---@meta
-- http: a general HTTP(S) client: redirects off by default, the response body capped (capability net)
http = {}

---@class HttpTlsOptions
---@field ca_file? string PEM bundle to trust instead of the system store
---@field server_name? string SNI and the name checked in the certificate (default: the URL's host)
---@field insecure? boolean skip certificate verification (default false)

---@class HttpRequest
---@field url string http:// or https://; spaces and control characters (CR, LF) raise
---@field method? string default "GET"
---@field headers? table<string, string> request headers; Authorization, Cookie and X-Api-Key values are secrets
---@field body? string
---@field timeout? number seconds for the whole exchange (default 10)
---@field max_body? integer bytes of the response body kept (default 1048576, at most 64 MiB)
---@field redirects? integer redirects to follow (default 0: a 3xx is the result)
---@field tls? HttpTlsOptions

---@class HttpTimings
---@field connect_ms? number
---@field tls_ms? number
---@field ttfb_ms? number
---@field total_ms? number

---@class HttpRedirect
---@field status integer
---@field url string the URL that answered with the redirect

---@class HttpTlsSession
---@field version string
---@field cipher? string
---@field verified boolean
---@field peer_subject? string

---@class HttpResponse
---@field ok boolean true when an HTTP response arrived, whatever its status
---@field url string
---@field status? integer
---@field reason? string
---@field headers? table<string, string> lowercased names
---@field body? string at most max_body bytes
---@field truncated? boolean the body went over max_body
---@field latency_ms? number the whole exchange
---@field address? string
---@field tls? HttpTlsSession
---@field timings? HttpTimings
---@field tried? table[]
---@field redirects? HttpRedirect[] the hops followed, when `redirects` allowed some
---@field phase? string where a failure happened: url, tcp, tls, request, response
---@field error? "bad_url"|"refused"|"timeout"|"dns_error"|"tls_handshake"|"cert_verify"|"tls_on_plain_port"|"plain_on_tls_port"|"closed"|"bad_http_response"|string
---@field message? string

--- One HTTP request. A 3xx is returned as is unless `redirects` allows following it.
---@param request HttpRequest
---@return HttpResponse
function http.request(request) end
