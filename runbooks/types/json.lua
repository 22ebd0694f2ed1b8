---@meta
-- json: JSON Schema (draft-07) validation of plain data, with valijson (no capability: pure computation)
json = {}

---@class JsonViolation
---@field path string dotted path of the offending value, "" for the root ("models.providers.x.models.0")
---@field pointer string the same as a JSON pointer ("/models/providers/x/models/0")
---@field message string what is wrong ("expected object, received string", "unrecognized key \"aliases\"")
---@field keyword? string the schema keyword that failed: type, additionalProperties, enum, const, required, pattern, ...

---@class JsonValidation
---@field ok boolean false when the schema could not be compiled or the value is too deep
---@field valid? boolean whether the value satisfies the schema
---@field count? integer violations found (all of them)
---@field truncated? boolean more violations than max_violations
---@field unchecked? integer schema parts not checked (regexes std::regex lacks, $refs that resolve nowhere)
---@field violations? JsonViolation[] one per cause, at most max_violations
---@field error? string invalid_schema | invalid_json | remote_ref | too_large | too_deep | unsupported
---@field message? string

---Validates a plain value against a JSON Schema (draft-07). An empty table converts as an object (Lua cannot tell
---{} from []). The schema may only `$ref` inside itself; at most 16 MiB and 64 levels deep. A schema that cannot
---be compiled returns ok=false; a schema that is not a table raises.
---@param value any plain data (nil, boolean, number, string or table)
---@param schema table the schema
---@param opts? {max_violations?: integer}
---@return JsonValidation
function json.validate(value, schema, opts) end
