// `clawbook bundle`: one archive for a support ticket. It runs a collector runbook (the one tagged "bundle", or
// --runbook), then packs its report (JSON and Markdown) and every file it attached (ctx:attach) into a tar.gz
// with a manifest saying why each file is there.
//
// Nothing secret leaves: every file goes through the run's Redactor (each secret a binding or param registered
// becomes its fingerprint, the same placeholder in every file) and then through the credential patterns of
// secret_patterns.hpp, whose finds are also replaced in every other file. With --mask-hosts, addresses and host
// names become stable placeholders; the mapping is kept outside the archive (--host-map).
#pragma once

#include "report.hpp"

#include <map>
#include <string>
#include <vector>

namespace clawbook {

struct BundleOptions {
  std::string output;    // FILE.tar.gz; default clawbook-bundle-<host>-<UTC time>.tar.gz in the current directory
  std::string runbook;   // default: the runbook on the search path tagged "bundle"
  OrderedJson params = OrderedJson::object();  // passed to the runbook
  int lines = 200;       // passed as param `lines` when the runbook declares it
  bool mask_hosts = false;
  std::string host_map;  // where the placeholder mapping is kept (default: beside the state dir)
  double timeout = 120;
  std::vector<std::string> search_path;
};

// Exit codes: 0 archive written, 2 the collector could not run or the archive could not be written, 64 usage.
int command_bundle(const BundleOptions& options);

}  // namespace clawbook
