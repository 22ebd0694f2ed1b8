#include "exec/program.hpp"

#include <catch2/catch.hpp>

using namespace clawbook::exec;

TEST_CASE("declared programs match by name, by path, and by the path a name resolves to", "[exec]") {
  const std::string path = "/nonexistent-dir::relative:/bin:/usr/bin";
  const auto sh = find_on_path("sh", path);
  REQUIRE(sh);
  CHECK(sh->front() == '/');
  CHECK_FALSE(find_on_path("clawbook-no-such-program", path));
  CHECK_FALSE(find_on_path("bin/sh", path));  // names only

  const std::vector<std::string> declared = {"net", "exec:sh", "exec:/bin/echo", "exec:bin/odd", "exec:ghost"};
  auto by_name = match_program("sh", declared, path);
  REQUIRE(by_name);
  CHECK(by_name->capability == "exec:sh");
  CHECK(by_name->executable == *sh);
  auto by_resolved = match_program(*sh, declared, path);
  REQUIRE(by_resolved);
  CHECK(by_resolved->capability == "exec:sh");
  auto by_path = match_program("/bin/echo", declared, path);
  REQUIRE(by_path);
  CHECK(by_path->executable == "/bin/echo");
  CHECK_FALSE(match_program("echo", declared, path));  // declared by path only
  CHECK_FALSE(match_program("ls", declared, path));
  CHECK_FALSE(match_program("bin/odd", declared, path));
  auto ghost = match_program("ghost", declared, path);
  REQUIRE(ghost);
  CHECK(ghost->executable.empty());  // declared, absent: a not_found result, not a raise
}

TEST_CASE("the clean environment holds PATH, LC_ALL and the declared variables only", "[exec]") {
  const auto env = clean_environment({{"PGHOST", "db"}, {"LC_ALL", "C.UTF-8"}});
  CHECK(env == std::vector<std::string>{std::string("PATH=") + kCleanPath, "LC_ALL=C.UTF-8", "PGHOST=db"});
}
