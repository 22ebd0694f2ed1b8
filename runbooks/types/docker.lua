---@meta
-- docker: the Docker Engine API over its Unix socket: containers, inspect, logs, top; restart/start (capability docker)
docker = {}

-- DOCKER_HOST is honoured (unix://PATH or tcp://127.0.0.1:PORT); the docker CLI is never run. Every function
-- yields while the request runs, under the call's deadline, and returns {ok=true, ...} or
-- {ok=false, error=CLASS, message}. Secrets never appear: environment values and credential flags in command
-- lines show as fingerprints.

---@alias DockerError
---| "socket_missing"
---| "permission_denied"
---| "api_too_old"
---| "daemon_not_answering"
---| "container_not_found"
---| "malformed_response"
---| "unsupported_host"
---| "api_error"

---Options every function accepts.
---@class DockerOptions
---@field host? string instead of DOCKER_HOST: unix://PATH or tcp://127.0.0.1:PORT
---@field timeout? number seconds

---@class DockerAvailability
---@field ok boolean
---@field available boolean
---@field endpoint? string
---@field api_version? string the version requests use
---@field server_api_version? string what the daemon speaks
---@field engine_version? string
---@field min_api_version? string
---@field os? string
---@field arch? string
---@field kernel_version? string
---@field server? string the Server header of /_ping
---@field error? DockerError
---@field message? string

---@class DockerPort
---@field container_port integer|string
---@field protocol string "tcp", "udp"
---@field host_port? integer|string
---@field host_ip? string

---@class DockerContainerSummary
---@field id string
---@field short_id string
---@field name? string the first name
---@field names string[]
---@field image string
---@field image_id string
---@field command string credential flags redacted
---@field created? number epoch seconds
---@field state string running, exited, restarting, ...
---@field status string e.g. "Up 3 hours (healthy)"
---@field labels table<string, string>
---@field compose_project? string
---@field compose_service? string
---@field network_mode? string
---@field ports DockerPort[]

---@class DockerContainersQuery: DockerOptions
---@field all? boolean include stopped containers
---@field name? string name filter (substring)
---@field image? string ancestor filter
---@field label? string|string[] "key" or "key=value"
---@field project? string compose project

---@class DockerContainersResult
---@field ok boolean
---@field api_version? string
---@field containers? DockerContainerSummary[]
---@field error? DockerError
---@field message? string

---@class DockerHealth
---@field status string
---@field failing_streak? integer
---@field last? {exit_code?: integer, output: string}

---@class DockerState
---@field status string
---@field running boolean
---@field paused boolean
---@field restarting boolean
---@field oom_killed boolean
---@field dead boolean
---@field pid? integer
---@field exit_code? integer
---@field error? string
---@field started_at? any
---@field health? DockerHealth

---@class DockerMount
---@field type string "volume", "bind", "tmpfs", ...
---@field destination string
---@field source string
---@field name? string volume name
---@field driver? string
---@field rw boolean

---@class DockerInspectResult
---@field ok boolean
---@field api_version? string
---@field id? string
---@field short_id? string
---@field name? string
---@field image? string
---@field image_id? string
---@field created? any
---@field state? DockerState
---@field restart_count? integer
---@field restart_policy? {name: string, maximum_retry_count: integer}
---@field network_mode? string
---@field host_network? boolean
---@field tty? boolean
---@field ports? {declared: DockerPort[], published: DockerPort[], unpublished: DockerPort[], exposed: string[]}
---@field mounts? DockerMount[]
---@field persisted? table<string, {persisted: boolean, mount?: DockerMount}> by path asked for in opts.paths
---@field env? {name: string, fingerprint?: string}[] names and fingerprints only
---@field command? {path: string, args: string[], argv: string[], entrypoint: string[], cmd: string[]}
---@field bind? string the gateway's --bind, when its command line has one
---@field labels? table<string, string>
---@field compose_project? string
---@field compose_service? string
---@field error? DockerError
---@field container? string the id or name asked for (container_not_found)
---@field status? integer HTTP status of an API error
---@field message? string

---@class DockerLogLine
---@field stream "stdout"|"stderr"
---@field text string
---@field time? string RFC 3339, with opts.timestamps

---@class DockerLogsResult
---@field ok boolean
---@field id? string
---@field tty? boolean
---@field api_version? string
---@field lines? DockerLogLine[]
---@field truncated? boolean
---@field malformed? boolean
---@field error? DockerError
---@field message? string

---@class DockerTopResult
---@field ok boolean
---@field id? string
---@field api_version? string
---@field titles? string[] e.g. {"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"}
---@field processes? table<string, string>[] one table per process, keyed by title
---@field error? DockerError
---@field message? string

---@class DockerActionResult
---@field ok boolean
---@field id? string
---@field action? "restart"|"start"
---@field api_version? string
---@field already? boolean start of a running container
---@field error? DockerError
---@field message? string

---Tells whether a Docker daemon answers, with its engine and API versions.
---@param opts? DockerOptions
---@return DockerAvailability
function docker.available(opts) end

---Lists containers, filtered by name, image, labels or compose project.
---@param query? DockerContainersQuery
---@return DockerContainersResult
function docker.containers(query) end

---Inspects a container: state, restarts, ports, mounts, persistence of given paths, env names, command.
---@param id string container id or name
---@param opts? {paths?: string[], host?: string, timeout?: number} paths: absolute container paths
---@return DockerInspectResult
function docker.inspect(id, opts) end

---Reads a container's log lines (default the last 200), split into stdout and stderr.
---@param id string container id or name
---@param opts? {tail?: integer, since?: number, timestamps?: boolean, host?: string, timeout?: number}
---@return DockerLogsResult
function docker.logs(id, opts) end

---Lists the processes running in a container.
---@param id string container id or name
---@param opts? DockerOptions
---@return DockerTopResult
function docker.top(id, opts) end

-- Restarting or starting a container changes the machine: see action.restart_container and
-- action.start_container (dry run unless --apply, confirmed, audited).
