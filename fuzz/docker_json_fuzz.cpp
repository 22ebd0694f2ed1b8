// Fuzzes the shaping of Docker Engine API answers (bindings/docker/docker_client.cpp) as the docker binding
// does it: the body through parse_untrusted_json, then GET /containers/json (an array: every object through
// shape_container_summary) or GET /containers/{id}/json (an object: shape_inspect, with persistence paths),
// and the API versions of GET /version through compare_versions. Checks:
//   - every shaped result serialises (the docker.* results promise JSON-safe text);
//   - short_id is a prefix of id; environment entries carry only a name and a fingerprint;
//   - persisted has exactly the asked paths, and the mount that decides one covers it (same path, its
//     nearest parent, or "/");
//   - compare_versions is antisymmetric and reflexive.
#include "clawbook/untrusted_json.hpp"
#include "docker/docker_client.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace docker = clawbook::docker;
using clawbook::fuzz::no_throw;
using clawbook::fuzz::require;
using clawbook::fuzz::serialises;
using Json = nlohmann::json;

// The state directories runbooks ask about (lib/deployments.lua STATE_PATHS), a nested path and the root.
const std::vector<std::string> kPaths = {"/home/node/.openclaw", "/root/.openclaw", "/app/data",
                                         "/home/node/.openclaw/workspace/x", "/"};

void require_serialises(const Json& value, const char* what) {
  if (!serialises(value)) require(false, what, value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void check_ids(const Json& shaped) {
  const std::string& id = shaped.at("id").get_ref<const std::string&>();
  const std::string& short_id = shaped.at("short_id").get_ref<const std::string&>();
  require(short_id.size() <= 12 && id.rfind(short_id, 0) == 0, "short_id is a prefix of id");
}

bool covers(std::string destination, const std::string& path) {
  while (destination.size() > 1 && destination.back() == '/') destination.pop_back();
  return destination == "/" || path == destination ||
         (path.size() > destination.size() && path.compare(0, destination.size(), destination) == 0 &&
          path[destination.size()] == '/');
}

void check_inspect(const Json& shaped) {
  require_serialises(shaped, "an inspected container serialises");
  check_ids(shaped);
  for (const Json& entry : shaped.at("env")) {
    for (const auto& [key, value] : entry.items()) {
      require(key == "name" || key == "fingerprint", "an environment entry shows no value", key);
      if (key == "fingerprint") require(value.get<std::string>().rfind("sha256:", 0) == 0, "a fingerprint, not a value");
    }
  }
  const Json& persisted = shaped.at("persisted");
  require(persisted.size() <= kPaths.size(), "persisted names only the asked paths");
  for (const std::string& path : kPaths) {
    require(persisted.contains(path), "persisted answers every asked path", path);
    const Json& verdict = persisted.at(path);
    require(verdict.at("persisted").is_boolean(), "persisted is a boolean");
    if (verdict.contains("mount")) {
      const std::string destination = verdict.at("mount").at("destination").get<std::string>();
      require(covers(destination, path), "the deciding mount covers the path", path);
    } else {
      require(verdict.at("persisted") == false, "nothing persists without a mount");
    }
  }
}

void check_version_order(const std::string& a, const std::string& b) {
  const int forward = docker::compare_versions(a, b);
  require(forward >= -1 && forward <= 1, "compare_versions answers -1, 0 or 1");
  require(forward == -docker::compare_versions(b, a), "compare_versions is antisymmetric", a + " vs " + b);
  require(docker::compare_versions(a, a) == 0, "compare_versions is reflexive", a);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const Json parsed = clawbook::parse_untrusted_json(body);
  if (parsed.is_array()) {
    for (const Json& raw : parsed) {
      if (!raw.is_object()) continue;
      Json shaped;
      no_throw("shape_container_summary threw", [&] { shaped = docker::shape_container_summary(raw); });
      require_serialises(shaped, "a container summary serialises");
      check_ids(shaped);
    }
  } else if (parsed.is_object()) {
    Json shaped;
    no_throw("shape_inspect threw", [&] { shaped = docker::shape_inspect(parsed, kPaths); });
    check_inspect(shaped);
    no_throw("shape_container_summary threw", [&] { shaped = docker::shape_container_summary(parsed); });
    require_serialises(shaped, "a container summary serialises");
    // GET /version: {"ApiVersion": "1.47", "MinAPIVersion": "1.24", ...}
    const auto text = [&](const char* key) {
      return parsed.contains(key) && parsed[key].is_string() ? parsed[key].get<std::string>() : std::string();
    };
    const std::string api = text("ApiVersion");
    const std::string min = text("MinAPIVersion");
    check_version_order(api, docker::kMinApiVersion);
    check_version_order(api, docker::kMaxApiVersion);
    check_version_order(api, min);
  }
  return 0;
}
