// `clawbook bundle`'s archive, checked with the system's tar and gzip: what they list and extract is what went in.
#include "tar_gz.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

using clawbook::ArchiveEntry;
using clawbook::make_tar_gz;

namespace {

namespace fs = std::filesystem;

constexpr std::time_t kMtime = 1732338720;  // 2024-11-23 05:12:00 UTC: in the past, so tar does not warn
const std::string kRoot = "clawbook-bundle-20241123-0512";

struct TempDir {
  fs::path path;
  TempDir() {
    char pattern[] = "/tmp/clawbook-tar-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

struct Ran {
  int code = -1;
  std::string out;  // stdout and stderr
};

Ran run(const std::string& command) {
  Ran ran;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return ran;
  char chunk[4096];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;) ran.out.append(chunk, n);
  const int status = ::pclose(pipe);
  ran.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return ran;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_bytes(const fs::path& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string random_bytes(size_t size) {
  std::mt19937 generator(20241123);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(byte(generator));
  return bytes;
}

// A component of 64 'd's, a file name of 80 bytes: 150 bytes, so the full path needs the ustar prefix field.
const std::string kLongPath = "deep/" + std::string(64, 'd') + "/" + std::string(76, 'f') + ".log";
// "données", "résumé-日本.txt" in UTF-8 (octal escapes: a hex escape would swallow the letters after it).
const std::string kUtf8Dir = "donn\303\251es";
const std::string kUtf8File = "r\303\251sum\303\251-\346\227\245\346\234\254.txt";
// With the root and its '/', exactly 100 bytes: the name field full, no NUL after it.
const std::string kHundredPath = std::string(66, 'h') + ".txt";

std::vector<ArchiveEntry> sample_entries() {
  return {
      {"report.json", "{\"verdict\":\"ok\"}\n", 0644},
      {"empty.txt", "", 0644},
      {"logs/random.bin", random_bytes(1024 * 1024), 0644},
      {"logs/exact-1024.txt", std::string(1024, 'x'), 0644},
      {kLongPath, "long path\n", 0644},
      {kUtf8Dir + "/" + kUtf8File, "unicode \342\234\223\n", 0644},
      {"bin/collect.sh", "#!/bin/sh\necho hi\n", 0755},
      {kHundredPath, "a hundred\n", 0600},
  };
}

}  // namespace

TEST_CASE("tar_gz: the system tar lists and extracts exactly what went in, and gzip -t passes", "[tar_gz]") {
  REQUIRE(kLongPath.size() == 150);
  REQUIRE(kRoot.size() + 1 + kHundredPath.size() == 100);
  const auto entries = sample_entries();
  TempDir dir;
  const fs::path archive = dir.path / "bundle.tar.gz";
  write_bytes(archive, make_tar_gz(kRoot, entries, kMtime));

  const Ran gzip_test = run("gzip -t '" + archive.string() + "'");
  CHECK(gzip_test.code == 0);
  CHECK(gzip_test.out.empty());

  // Directories first, each before what it holds; the files in the order given.
  const std::string r = kRoot + "/";
  const std::string long_dir = r + "deep/" + std::string(64, 'd') + "/";
  const std::vector<std::string> expected = {
      r,
      r + "report.json",
      r + "empty.txt",
      r + "logs/",
      r + "logs/random.bin",
      r + "logs/exact-1024.txt",
      r + "deep/",
      long_dir,
      r + kLongPath,
      r + kUtf8Dir + "/",
      r + kUtf8Dir + "/" + kUtf8File,
      r + "bin/",
      r + "bin/collect.sh",
      r + kHundredPath,
  };
  CHECK(long_dir.size() == 100);  // a directory name that fills the name field exactly
  const Ran listing = run("tar --quoting-style=literal -tzf '" + archive.string() + "'");
  CHECK(listing.code == 0);
  CHECK(lines_of(listing.out) == expected);

  const fs::path out = dir.path / "out";
  fs::create_directories(out);
  const Ran extract = run("tar -xzf '" + archive.string() + "' -C '" + out.string() + "'");
  CHECK(extract.code == 0);
  CHECK(extract.out.empty());  // no warning about checksums, headers, time stamps or trailing garbage
  for (const auto& entry : entries) {
    INFO(entry.path);
    const fs::path file = out / kRoot / entry.path;
    REQUIRE(fs::is_regular_file(file));
    CHECK(fs::file_size(file) == entry.content.size());
    CHECK(read_bytes(file) == entry.content);
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    CHECK(info.st_mtime == kMtime);
    CHECK(((info.st_mode & S_IXUSR) != 0) == ((entry.mode & 0100) != 0));
  }
  CHECK(fs::is_directory(out / kRoot / "deep" / std::string(64, 'd')));
}

TEST_CASE("tar_gz: headers are ustar, owned by 0/0 with no names, the archive whole records", "[tar_gz]") {
  TempDir dir;
  const fs::path archive = dir.path / "bundle.tar.gz";
  const std::string bytes = make_tar_gz(kRoot, {{"a.txt", "hello\n", 0644}}, kMtime);
  REQUIRE(bytes.size() > 2);
  CHECK(bytes.substr(0, 2) == "\x1f\x8b");
  write_bytes(archive, bytes);

  const Ran verbose = run("TZ=UTC tar --quoting-style=literal -tvzf '" + archive.string() + "'");
  CHECK(verbose.code == 0);
  const auto lines = lines_of(verbose.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("drwxr-xr-x 0/0 ", 0) == 0);
  CHECK(lines[1].rfind("-rw-r--r-- 0/0 ", 0) == 0);
  CHECK(lines[1].find(" 2024-11-23 05:12 ") != std::string::npos);

  REQUIRE(run("gzip -dc '" + archive.string() + "' > '" + (dir.path / "bundle.tar").string() + "'").code == 0);
  const std::string tar = read_bytes(dir.path / "bundle.tar");
  CHECK(tar.size() % 10240 == 0);
  REQUIRE(tar.size() >= 3 * 512);
  CHECK(tar.substr(0, kRoot.size() + 2) == kRoot + "/" + std::string(1, '\0'));
  CHECK(tar[156] == '5');
  CHECK(tar.substr(257, 8) == std::string("ustar") + '\0' + "00");
  CHECK(tar.substr(265, 64) == std::string(64, '\0'));  // uname and gname
  CHECK(tar.substr(512 + 124, 12) == std::string("00000000006\0", 12));
  CHECK(tar.substr(1024, 6) == "hello\n");
  // Everything after the file's block is zeros: the two end blocks and the record's padding.
  CHECK(tar.find_first_not_of('\0', 1536) == std::string::npos);
}

TEST_CASE("tar_gz: the same input gives the same bytes", "[tar_gz]") {
  const auto entries = sample_entries();
  CHECK(make_tar_gz(kRoot, entries, kMtime) == make_tar_gz(kRoot, entries, kMtime));
  CHECK(make_tar_gz(kRoot, entries, kMtime) != make_tar_gz(kRoot, entries, kMtime + 1));
}

TEST_CASE("tar_gz: paths that escape, collide or do not fit are refused", "[tar_gz]") {
  const auto refused = [](const std::string& path) {
    INFO(path);
    CHECK_THROWS_AS(make_tar_gz(kRoot, {{path, "x", 0644}}, kMtime), std::invalid_argument);
  };
  refused("");
  refused("/etc/passwd");
  refused("../outside");
  refused("logs/../../outside");
  refused("logs/..");
  refused("./report.json");
  refused("logs//a.txt");
  refused("logs/");
  refused(std::string("nul\0byte", 8));
  refused("logs/" + std::string(101, 'n'));                             // a name over 100 bytes cannot split
  refused(std::string(100, 'a') + "/" + std::string(100, 'b') + "/c");  // the prefix would pass 155 bytes

  // Dots inside a name are not a parent reference.
  CHECK_NOTHROW(make_tar_gz(kRoot, {{"notes..txt", "x", 0644}, {"..hidden", "y", 0644}}, kMtime));

  CHECK_THROWS_AS(make_tar_gz(kRoot, {{"a.txt", "1", 0644}, {"a.txt", "2", 0644}}, kMtime), std::invalid_argument);
  CHECK_THROWS_AS(make_tar_gz(kRoot, {{"a", "1", 0644}, {"a/b", "2", 0644}}, kMtime), std::invalid_argument);
  CHECK_THROWS_AS(make_tar_gz(kRoot, {{"a/b", "1", 0644}, {"a", "2", 0644}}, kMtime), std::invalid_argument);
  for (const std::string root : {"", "/tmp/bundle", "..", "a/../b"}) {
    INFO(root);
    CHECK_THROWS_AS(make_tar_gz(root, {{"a.txt", "x", 0644}}, kMtime), std::invalid_argument);
  }
  CHECK_THROWS_AS(make_tar_gz(kRoot, {{"a.txt", "x", 0644}}, -1), std::invalid_argument);
}

TEST_CASE("tar_gz: an archive of no files is the top directory alone", "[tar_gz]") {
  TempDir dir;
  const fs::path archive = dir.path / "empty.tar.gz";
  write_bytes(archive, make_tar_gz(kRoot, {}, kMtime));
  const Ran listing = run("tar -tzf '" + archive.string() + "'");
  CHECK(listing.code == 0);
  CHECK(lines_of(listing.out) == std::vector<std::string>{kRoot + "/"});
}
