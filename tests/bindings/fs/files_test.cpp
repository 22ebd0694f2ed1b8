// File access support of the fs module, on real files in a temporary directory (and real /proc files).
// Tests run as root here, which bypasses file permissions: the EACCES assertions check the permission-denied
// result only when not root, and otherwise check that root indeed reads the chmod 000 file.
#include "fs/files.hpp"

#include "bindings/fs/temp_tree.hpp"

#include <catch2/catch.hpp>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

using clawbook::fs::testing::running_as_root;
using clawbook::fs::testing::TempTree;
using nlohmann::json;
namespace fs = clawbook::fs;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string numbered_lines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("fs stat describes files, directories, symlinks and missing paths", "[files][fs]") {
  TempTree tree;
  const std::string file = tree.write("config.json", "{\"a\":1}");
  REQUIRE(::chmod(file.c_str(), 0640) == 0);

  const json info = fs::stat_path(file);
  CHECK(info["ok"] == true);
  CHECK(info["exists"] == true);
  CHECK(info["type"] == "file");
  CHECK(info["mode"] == "0640");
  CHECK(info["size"] == 7);
  CHECK(info["uid"] == ::geteuid());
  CHECK(info["user"] == std::string(::getpwuid(::geteuid())->pw_name));
  CHECK(info.contains("group"));
  CHECK(std::abs(info["mtime"].get<double>() - now_seconds()) < 60);
  CHECK(info["readable"] == true);
  CHECK(info["writable"] == true);
  CHECK(info["symlink"] == false);

  const json dir = fs::stat_path(tree.root());
  CHECK(dir["type"] == "directory");
  CHECK(dir["mode"] == "0700");  // mkdtemp

  const json missing = fs::stat_path(tree.path("nope.json"));
  CHECK(missing == json{{"ok", true}, {"path", tree.path("nope.json")}, {"exists", false}});
  CHECK(fs::stat_path(file + "/below")["exists"] == false);  // ENOTDIR is "does not exist" too

  std::filesystem::create_symlink(file, tree.path("link.json"));
  const json link = fs::stat_path(tree.path("link.json"));
  CHECK(link["exists"] == true);
  CHECK(link["symlink"] == true);
  CHECK(link["link_target"] == file);
  CHECK(link["type"] == "file");  // the target's type
  CHECK(link["size"] == 7);

  std::filesystem::create_symlink(tree.path("gone"), tree.path("dangling"));
  const json dangling = fs::stat_path(tree.path("dangling"));
  CHECK(dangling["ok"] == true);
  CHECK(dangling["exists"] == false);
  CHECK(dangling["type"] == "symlink");
  CHECK(dangling["link_target"] == tree.path("gone"));

  REQUIRE(::mkfifo(tree.path("fifo").c_str(), 0600) == 0);
  CHECK(fs::stat_path(tree.path("fifo"))["type"] == "fifo");
  CHECK(fs::stat_path("/dev/null")["type"] == "char_device");
  CHECK(fs::stat_path("/tmp")["mode"] == "1777");  // sticky bit shows in the octal mode
}

TEST_CASE("fs stat reports readable/writable for the effective user", "[files][fs]") {
  TempTree tree;
  const std::string file = tree.write("secret.json", "{}");
  REQUIRE(::chmod(file.c_str(), 0000) == 0);
  const json info = fs::stat_path(file);
  CHECK(info["mode"] == "0000");
  // root reads and writes regardless of the mode bits; anyone else is refused.
  CHECK(info["readable"] == running_as_root());
  CHECK(info["writable"] == running_as_root());
}

TEST_CASE("fs read returns text up to a cap and says when it truncated", "[files][fs]") {
  TempTree tree;
  const std::string file = tree.write("log.txt", "0123456789");
  const json whole = fs::read_file(file);
  CHECK(whole["ok"] == true);
  CHECK(whole["text"] == "0123456789");
  CHECK(whole["bytes"] == 10);
  CHECK(whole["size"] == 10);
  CHECK(whole["truncated"] == false);

  const json capped = fs::read_file(file, 4);
  CHECK(capped["text"] == "0123");
  CHECK(capped["bytes"] == 4);
  CHECK(capped["size"] == 10);
  CHECK(capped["truncated"] == true);
  CHECK(fs::read_file(file, 10)["truncated"] == false);
  CHECK(fs::read_file(file, 0)["text"] == "");
  CHECK(fs::read_file(tree.write("empty", ""))["truncated"] == false);

  // A 3 MiB file against the 1 MiB default.
  const std::string big = tree.write("big.log", std::string(3 * 1024 * 1024, 'x'));
  const json big_read = fs::read_file(big);
  CHECK(big_read["bytes"] == fs::default_read_max);
  CHECK(big_read["text"].get<std::string>().size() == fs::default_read_max);
  CHECK(big_read["truncated"] == true);
}

TEST_CASE("fs read of /proc files, whose size is 0, reads to the end", "[files][fs]") {
  const json status = fs::read_file("/proc/self/status");
  REQUIRE(status["ok"] == true);
  CHECK(status["size"] == 0);
  CHECK(status["truncated"] == false);
  CHECK(status["text"].get<std::string>().starts_with("Name:"));
  CHECK(status["text"].get<std::string>().find("\nPid:\t" + std::to_string(::getpid()) + "\n") != std::string::npos);
  const json capped = fs::read_file("/proc/self/status", 5);
  CHECK(capped["text"] == "Name:");
  CHECK(capped["truncated"] == true);
}

TEST_CASE("fs read failures are classified results", "[files][fs]") {
  TempTree tree;
  const json missing = fs::read_file(tree.path("missing.json"));
  CHECK(missing["ok"] == false);
  CHECK(missing["error"] == "not_found");
  CHECK(missing["message"] == tree.path("missing.json") + ": No such file or directory");

  const json dir = fs::read_file(tree.root());
  CHECK(dir["error"] == "is_directory");

  const std::string file = tree.write("f", "x");
  CHECK(fs::read_file(file + "/below")["error"] == "not_a_directory");

  // A FIFO without a writer would block a plain open/read: refused at once instead.
  REQUIRE(::mkfifo(tree.path("fifo").c_str(), 0600) == 0);
  const auto started = std::chrono::steady_clock::now();
  const json fifo = fs::read_file(tree.path("fifo"));
  CHECK(fifo["error"] == "not_a_file");
  CHECK(fifo["message"] == tree.path("fifo") + ": is a fifo, not a regular file");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  CHECK(fs::read_file("/dev/zero")["error"] == "not_a_file");

  std::filesystem::create_symlink("loop", tree.path("loop"));
  CHECK(fs::read_file(tree.path("loop"))["error"] == "symlink_loop");

  const std::string locked = tree.write("locked.json", "{\"token\":1}");
  REQUIRE(::chmod(locked.c_str(), 0000) == 0);
  const json denied = fs::read_file(locked);
  if (running_as_root()) {
    CHECK(denied["ok"] == true);  // root bypasses the mode bits: nothing to assert about EACCES
  } else {
    CHECK(denied["ok"] == false);
    CHECK(denied["error"] == "permission_denied");
    CHECK(denied["message"] == locked + ": Permission denied");
  }
}

TEST_CASE("fs error codes map errno values", "[files][fs]") {
  CHECK(fs::error_code(ENOENT) == "not_found");
  CHECK(fs::error_code(EACCES) == "permission_denied");
  CHECK(fs::error_code(EPERM) == "permission_denied");
  CHECK(fs::error_code(EISDIR) == "is_directory");
  CHECK(fs::error_code(ENOTDIR) == "not_a_directory");
  CHECK(fs::error_code(ELOOP) == "symlink_loop");
  CHECK(fs::error_code(ENAMETOOLONG) == "name_too_long");
  CHECK(fs::error_code(EMFILE) == "too_many_open_files");
  CHECK(fs::error_code(EIO) == "io_error");
  CHECK(fs::error_code(EXDEV) == "os_error");
  CHECK(fs::read_file("/" + std::string(5000, 'a'))["error"] == "name_too_long");
}

TEST_CASE("fs glob expands patterns, sorted", "[files][fs]") {
  TempTree tree;
  tree.write("openclaw.json", "{}");
  tree.write("openclaw.json.bak", "{}");
  tree.write("openclaw.json.bak.1", "{}");
  tree.write("openclaw.json.clobbered.2026-01-01", "{}");
  tree.write("other.txt", "");

  const json backups = fs::glob_paths(tree.path("openclaw.json.*"));
  CHECK(backups["ok"] == true);
  CHECK(backups["truncated"] == false);
  CHECK(backups["matches"] == json({tree.path("openclaw.json.bak"), tree.path("openclaw.json.bak.1"),
                                    tree.path("openclaw.json.clobbered.2026-01-01")}));
  CHECK(fs::glob_paths(tree.path("{other.txt,openclaw.json}"))["matches"] ==
        json({tree.path("other.txt"), tree.path("openclaw.json")}));  // braces keep their order
  const json none = fs::glob_paths(tree.path("*.yaml"));
  CHECK(none["ok"] == true);
  CHECK(none["matches"] == json::array());
}

TEST_CASE("fs list gives sorted entries with their own type", "[files][fs]") {
  TempTree tree;
  tree.write("b.log", "12345");
  tree.mkdir("a-dir");
  std::filesystem::create_symlink(tree.path("b.log"), tree.path("c-link"));
  const json listing = fs::list_dir(tree.root());
  REQUIRE(listing["ok"] == true);
  CHECK(listing["truncated"] == false);
  const json& entries = listing["entries"];
  REQUIRE(entries.size() == 3);
  CHECK(entries[0]["name"] == "a-dir");
  CHECK(entries[0]["type"] == "directory");
  CHECK(entries[1]["name"] == "b.log");
  CHECK(entries[1]["type"] == "file");
  CHECK(entries[1]["size"] == 5);
  CHECK(std::abs(entries[1]["mtime"].get<double>() - now_seconds()) < 60);
  CHECK(entries[2]["name"] == "c-link");
  CHECK(entries[2]["type"] == "symlink");

  CHECK(fs::list_dir(tree.path("missing"))["error"] == "not_found");
  CHECK(fs::list_dir(tree.path("b.log"))["error"] == "not_a_directory");
  CHECK(fs::list_dir(tree.mkdir("empty"))["entries"] == json::array());

  const std::string locked = tree.mkdir("locked");
  tree.write("locked/inside", "");
  REQUIRE(::chmod(locked.c_str(), 0000) == 0);
  const json denied = fs::list_dir(locked);
  if (running_as_root()) {
    CHECK(denied["entries"].size() == 1);
  } else {
    CHECK(denied["error"] == "permission_denied");
  }
}

TEST_CASE("fs tail returns the last lines", "[files][fs]") {
  TempTree tree;
  const std::string log = tree.write("gateway.log", numbered_lines(5));
  const json two = fs::tail_file(log, 2);
  CHECK(two["ok"] == true);
  CHECK(two["lines"] == json({"line 4", "line 5"}));
  CHECK(two["truncated"] == false);
  CHECK(fs::tail_file(log, 5)["lines"].size() == 5);
  CHECK(fs::tail_file(log, 50)["lines"] == json({"line 1", "line 2", "line 3", "line 4", "line 5"}));
  CHECK(fs::tail_file(log, 0)["lines"] == json::array());

  CHECK(fs::tail_file(tree.write("no-final-newline", "a\nb\nc"), 2)["lines"] == json({"b", "c"}));
  CHECK(fs::tail_file(tree.write("crlf", "a\r\nb\r\nc\r\n"), 2)["lines"] == json({"b", "c"}));
  CHECK(fs::tail_file(tree.write("blank-lines", "a\n\n\nb\n"), 3)["lines"] == json({"", "", "b"}));
  CHECK(fs::tail_file(tree.write("one-empty-line", "\n"), 3)["lines"] == json({""}));
  CHECK(fs::tail_file(tree.write("empty", ""), 3)["lines"] == json::array());
  CHECK(fs::tail_file(tree.path("missing"), 3)["error"] == "not_found");
  CHECK(fs::tail_file(tree.root(), 3)["error"] == "is_directory");
}

TEST_CASE("fs tail on large files reads blocks from the end", "[files][fs]") {
  TempTree tree;
  // 400k lines (~5 MB): the last lines come back, and lines longer than a read block stay whole.
  const std::string big = tree.write("big.log", numbered_lines(400000));
  const json last = fs::tail_file(big, 3);
  CHECK(last["lines"] == json({"line 399998", "line 399999", "line 400000"}));
  const std::string long_line(200 * 1024, 'y');
  const std::string mixed = tree.write("mixed.log", "first\n" + long_line + "\nlast\n");
  CHECK(fs::tail_file(mixed, 2)["lines"] == json({long_line, "last"}));
  CHECK(fs::tail_file(mixed, 3)["lines"][0] == "first");

  // One line longer than the scan limit: nothing whole to return, and the result says so.
  const std::string huge = tree.write("huge.log", std::string(fs::tail_scan_limit + 10, 'z'));
  const json clipped = fs::tail_file(huge, 1);
  CHECK(clipped["lines"] == json::array());
  CHECK(clipped["truncated"] == true);
}

TEST_CASE("fs tail of /proc files reads forward to the end", "[files][fs]") {
  const json status = fs::tail_file("/proc/self/status", 1);
  REQUIRE(status["ok"] == true);
  REQUIRE(status["lines"].size() == 1);
  const json whole = fs::read_file("/proc/self/status");
  std::string text = whole["text"];
  text.pop_back();
  // The last line is the context-switch counter, which may tick between the two reads: compare its name.
  const std::string last = text.substr(text.rfind('\n') + 1);
  const std::string tailed = status["lines"][0];
  CHECK(tailed.substr(0, tailed.find(':')) == last.substr(0, last.find(':')));
}
