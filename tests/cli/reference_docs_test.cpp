// `clawbook docs` generates the reference from what the engine loads; the committed copy in docs/reference/
// must be what it generates today (regenerate with: clawbook docs --output docs/reference).
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include "test_paths.hpp"

using clawbook::test::run_clawbook;
using clawbook::test::slurp;

TEST_CASE("docs generates the runbook and binding reference, and the committed copy is current", "[docs]") {
  namespace fs = std::filesystem;
  char pattern[] = "/tmp/clawbook-docs-XXXXXX";
  const fs::path out = mkdtemp(pattern);
  auto generated = run_clawbook({"docs", "--output", out.string()}, {"CLAWBOOK_PATH="});
  REQUIRE(generated.code == 0);
  const std::string runbooks = slurp((out / "runbooks.md").string());
  const std::string bindings = slurp((out / "bindings.md").string());
  CHECK(runbooks.find("## example.hello") != std::string::npos);
  CHECK(runbooks.find("Findings it can raise: `example.home-unset`") != std::string::npos);
  CHECK(bindings.find("## env") != std::string::npos);
  CHECK(bindings.find("`env.get(") != std::string::npos);

  const fs::path committed = fs::path(CLAWBOOK_SOURCE_DIR) / "docs" / "reference";
  INFO("docs/reference is stale: run `clawbook docs --output docs/reference` and commit the result");
  CHECK(slurp((committed / "runbooks.md").string()) == runbooks);
  CHECK(slurp((committed / "bindings.md").string()) == bindings);
  fs::remove_all(out);
}

TEST_CASE("the bindings reference shows every function's arguments and result shape in full", "[docs]") {
  namespace fs = std::filesystem;
  char pattern[] = "/tmp/clawbook-docs-XXXXXX";
  const fs::path out = mkdtemp(pattern);
  REQUIRE(run_clawbook({"docs", "--output", out.string()}, {"CLAWBOOK_PATH="}).code == 0);
  const std::string bindings = slurp((out / "bindings.md").string());
  // A description of two lines used to stop at the first ("... gateway start|stop|restart,").
  CHECK(bindings.find("gateway start|stop|restart, or gateway run [--port N] with detach=true") != std::string::npos);
  // Each argument with its type, and the result's fields with the classes they refer to.
  CHECK(bindings.find("### net.tcp\n\n`net.tcp(host, port, opts) -> NetTcp` (needs `net`)") != std::string::npos);
  CHECK(bindings.find("| `opts?` | `NetTcpOptions` |  |") != std::string::npos);
  CHECK(bindings.find("| `timeout?` | `number` | seconds (default 3) |") != std::string::npos);
  CHECK(bindings.find("| `tried` | `NetTcpAttempt[]` |  |") != std::string::npos);
  CHECK(bindings.find("`NetTcpAttempt`\n") != std::string::npos);
  // An options class that extends another shows the parent's fields too.
  CHECK(bindings.find("`GatewayHttpOptions` (and the fields of `GatewayTlsOptions`)") != std::string::npos);
  fs::remove_all(out);
}

TEST_CASE("docs --runbook-path DIR documents only the runbooks under DIR", "[docs]") {
  namespace fs = std::filesystem;
  char pattern[] = "/tmp/clawbook-docs-XXXXXX";
  const fs::path dir = mkdtemp(pattern);
  REQUIRE(run_clawbook({"new", "acme.check", "--dir", (dir / "playbooks").string()}).code == 0);
  REQUIRE(run_clawbook({"docs", "--runbook-path", (dir / "playbooks").string(), "--output", (dir / "only").string()},
                       {"CLAWBOOK_PATH="})
              .code == 0);
  const std::string only = slurp((dir / "only" / "runbooks.md").string());
  CHECK(only.find("## acme.check") != std::string::npos);
  CHECK(only.find("example.hello") == std::string::npos);
  CHECK(only.find("openclaw.triage") == std::string::npos);
  // --all: the rest of the search path as well.
  REQUIRE(run_clawbook(
              {"docs", "--runbook-path", (dir / "playbooks").string(), "--all", "--output", (dir / "all").string()},
              {"CLAWBOOK_PATH="})
              .code == 0);
  const std::string all = slurp((dir / "all" / "runbooks.md").string());
  CHECK(all.find("## acme.check") != std::string::npos);
  CHECK(all.find("## example.hello") != std::string::npos);
  fs::remove_all(dir);
}
