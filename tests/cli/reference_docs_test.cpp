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
