// CheckedFile: a file pinned at its check, changed only if it is still that file (action/checked_file.hpp).
#include "action/checked_file.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using clawbook::action::CheckedFile;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char pattern[] = "/tmp/clawbook-checked-XXXXXX";
    path = mkdtemp(pattern);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("CheckedFile: reads, replaces keeping the mode, refuses what changed", "[action]") {
  TempDir dir;
  const fs::path file = dir.path / "config.json";
  std::ofstream(file) << "before";
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);

  SECTION("unchanged: replaced in place of the same name, mode kept, no temporary left") {
    const auto checked = CheckedFile::open(file.string());
    REQUIRE_FALSE(checked.problem());
    CHECK(checked.exists());
    CHECK(checked.content() == "before");
    CHECK_FALSE(checked.changed_since_check());
    CHECK_FALSE(checked.replace("after", 0600));
    CHECK(slurp(file) == "after");
    CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
  }
  SECTION("edited, replaced, turned into a link, removed: each is named") {
    {
      const auto checked = CheckedFile::open(file.string());
      std::ofstream(file, std::ios::app) << "!";
      REQUIRE(checked.changed_since_check());
      CHECK(checked.changed_since_check()->find("edited") != std::string::npos);
    }
    {
      const auto checked = CheckedFile::open(file.string());
      std::ofstream(dir.path / "other") << slurp(file);
      fs::rename(dir.path / "other", file);
      REQUIRE(checked.changed_since_check());
      CHECK(checked.changed_since_check()->find("another file") != std::string::npos);
    }
    {
      const auto checked = CheckedFile::open(file.string());
      fs::remove(file);
      fs::create_symlink(dir.path / "elsewhere", file);
      REQUIRE(checked.changed_since_check());
      CHECK(checked.changed_since_check()->find("symbolic link") != std::string::npos);
    }
  }
  SECTION("a link is a problem at the check already") {
    fs::create_symlink(file, dir.path / "link.json");
    const auto checked = CheckedFile::open((dir.path / "link.json").string());
    REQUIRE(checked.problem());
    CHECK(checked.problem()->find("symbolic link") != std::string::npos);
  }
  SECTION("a new file is created, and never over one that appeared meanwhile") {
    const fs::path fresh = dir.path / ".env";
    const auto checked = CheckedFile::open(fresh.string());
    REQUIRE_FALSE(checked.problem());
    CHECK_FALSE(checked.exists());
    CHECK_FALSE(checked.replace("A=1\n", 0600));
    CHECK(slurp(fresh) == "A=1\n");
    CHECK((fs::status(fresh).permissions() & fs::perms::others_all) == fs::perms::none);
    const auto late = CheckedFile::open((dir.path / ".env2").string());
    std::ofstream(dir.path / ".env2") << "theirs";
    CHECK(late.changed_since_check());
    CHECK(late.replace("mine", 0600));  // RENAME_NOREPLACE
    CHECK(slurp(dir.path / ".env2") == "theirs");
  }
  SECTION("remove unlinks the entry in the pinned directory, even after the directory moved") {
    const auto checked = CheckedFile::open(file.string());
    fs::rename(dir.path, dir.path.string() + ".moved");
    fs::create_directory(dir.path);
    std::ofstream(file) << "a new file at the old path";
    CHECK_FALSE(checked.remove());
    CHECK(fs::exists(file));
    CHECK_FALSE(fs::exists(dir.path.string() + ".moved/config.json"));
    fs::remove_all(dir.path.string() + ".moved");
  }
}
