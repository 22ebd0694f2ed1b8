---@meta
-- net: TCP, name resolution, TLS handshakes and certificate files (capability net; net.certificate: fs)
net = {}

-- Probes yield until their result is in, bounded by opts.timeout (seconds) and the run's deadline. Failures
-- are results with ok=false, a classified `error` and a `message`.

---@class NetTcpAttempt
---@field address string
---@field ok boolean
---@field error? string
---@field message? string
---@field latency_ms number

---@class NetTcpOptions
---@field all_addresses? boolean try every resolved address (default false: stop at the first success)
---@field timeout? number seconds (default 3)

---@class NetTcp
---@field ok boolean
---@field host string
---@field port integer
---@field address? string "127.0.0.1:443" / "[::1]:443", the address connected
---@field latency_ms? number
---@field tried NetTcpAttempt[]
---@field error? "refused"|"timeout"|"unreachable"|"dns_error"|"reset"|"address_unavailable"|string
---@field message? string

---@class NetResolveOptions
---@field family? "any"|"ipv4"|"ipv6" default "any"
---@field timeout? number seconds (default 5)

---@class NetResolve
---@field ok boolean
---@field name string
---@field addresses? string[] distinct addresses, in the resolver's order
---@field latency_ms? number
---@field error? "not_found"|"timeout"|"dns_error"|string not_found: the name does not exist
---@field message? string

---@class NetCertificate
---@field subject string RFC 2253: "CN=example.org,O=Example"
---@field issuer string
---@field sans string[] "DNS:example.org", "IP:127.0.0.1", "email:...", "URI:..."
---@field not_before string ISO 8601 UTC
---@field not_after string ISO 8601 UTC
---@field days_left? integer whole days until not_after, negative once expired
---@field expired? boolean
---@field not_yet_valid? boolean
---@field key_type? string "RSA", "EC", "ED25519", ...
---@field key_bits? integer
---@field serial? string hex
---@field sha256? string fingerprint of the DER, hex
---@field self_signed boolean
---@field is_ca boolean

---@class NetTlsOptions
---@field server_name? string SNI and the name checked (default: host; none for an address literal)
---@field ca_file? string PEM bundle to trust instead of the system store
---@field timeout? number seconds (default 5)

---@class NetTls
---@field ok boolean true when the handshake completed and the chain verified for the name
---@field host string
---@field port integer
---@field phase string "tcp" or "tls": where it stopped
---@field address? string
---@field protocol? string "TLSv1.3"
---@field cipher? string
---@field verified? boolean
---@field verify_error? string OpenSSL's reason when the chain did not verify
---@field chain? NetCertificate[] the peer's chain, leaf first
---@field latency_ms number
---@field error? "cert_verify"|"tls_handshake"|"tls_on_plain_port"|"tls_config"|"refused"|"timeout"|"dns_error"|string
---@field message? string

---@class NetCertificates
---@field ok boolean
---@field path string
---@field certificates? NetCertificate[] every certificate of the file, in order
---@field error? "parse_error"|"empty"|"too_large"|"not_found"|"permission_denied"|string
---@field message? string

--- Connects to host:port (every resolved address in turn) and closes again.
---@param host string
---@param port integer
---@param opts? NetTcpOptions
---@return NetTcp
function net.tcp(host, port, opts) end

--- Looks a name up through the system resolver (getaddrinfo: /etc/hosts, DNS, ...).
---@param name string
---@param opts? NetResolveOptions
---@return NetResolve
function net.resolve(name, opts) end

--- A TLS handshake with host:port: the protocol, the cipher, whether the chain verifies, and the chain itself.
---@param host string
---@param port integer
---@param opts? NetTlsOptions
---@return NetTls
function net.tls(host, port, opts) end

--- The certificates of a PEM file or bundle (other blocks, such as keys, are skipped) or a DER file. The path
--- must be readable under the fs path policy (declare "fs:/etc/myapp" for your own).
---@param path string
---@return NetCertificates
function net.certificate(path) end
