---@meta
-- env: environment variables of the clawbook process; credentials come back marked secret (capability env)
env = {}

---@class EnvFingerprint
---@field name string the variable asked for
---@field set boolean whether the variable is set
---@field fingerprint? string "sha256:1a2b3c4d" of the value, when set

---Reads a variable of clawbook's environment; credential-like names (TOKEN, PASSWORD, SECRET, ...) are secret.
---A secret value is usable in the runbook but every output (report, log, recording) shows only its fingerprint.
---@param name string variable name
---@param opts? {secret?: boolean} secret=true registers the value as a secret whatever its name
---@return string|nil value nil when the variable is unset
function env.get(name, opts) end

---Reports whether a variable is set and the fingerprint of its value, for drift checks that never need the value.
---@param name string variable name
---@return EnvFingerprint
function env.fingerprint(name) end
