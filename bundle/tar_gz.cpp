#include "tar_gz.hpp"

// next_in is const with ZLIB_CONST, so input needs no const_cast.
#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace clawbook {
namespace {

constexpr std::size_t kBlock = 512;
// Readers that insist on whole records (the tar default of 20 blocks) accept the archive too.
constexpr std::size_t kRecord = 20 * kBlock;
constexpr std::uint64_t kOctal11Limit = std::uint64_t{1} << 33;  // 8^11: what 11 octal digits hold

// Deflates into a gzip stream as bytes arrive, so contents are never copied into an uncompressed archive first.
class GzipWriter {
 public:
  GzipWriter() : buffer_(64 * 1024) {
    if (deflateInit2(&stream_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("zlib: cannot initialise deflate");
  }
  ~GzipWriter() { deflateEnd(&stream_); }
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void write(std::string_view bytes) {
    written_ += bytes.size();
    // avail_in is 32 bits wide: a larger input goes in slices.
    while (!bytes.empty()) {
      const std::size_t slice = std::min<std::size_t>(bytes.size(), std::size_t{1} << 30);
      stream_.next_in = reinterpret_cast<const Bytef*>(bytes.data());
      stream_.avail_in = static_cast<uInt>(slice);
      while (stream_.avail_in > 0) drain(Z_NO_FLUSH);
      bytes.remove_prefix(slice);
    }
  }
  void zeros(std::size_t count) {
    static constexpr std::array<char, kBlock> kZeros{};
    while (count > 0) {
      const std::size_t n = std::min(count, kZeros.size());
      write(std::string_view(kZeros.data(), n));
      count -= n;
    }
  }
  std::size_t written() const { return written_; }

  std::string finish() {
    stream_.next_in = nullptr;
    stream_.avail_in = 0;
    while (drain(Z_FINISH) != Z_STREAM_END) {
    }
    return std::move(out_);
  }

 private:
  int drain(int flush) {
    stream_.next_out = buffer_.data();
    stream_.avail_out = static_cast<uInt>(buffer_.size());
    const int rc = deflate(&stream_, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("zlib: deflate failed");
    out_.append(reinterpret_cast<const char*>(buffer_.data()), buffer_.size() - stream_.avail_out);
    return rc;
  }

  z_stream stream_{};
  std::vector<Bytef> buffer_;
  std::string out_;
  std::size_t written_ = 0;
};

using Block = std::array<char, kBlock>;

void put_bytes(Block& block, std::size_t offset, std::string_view text) {
  std::copy(text.begin(), text.end(), block.begin() + static_cast<std::ptrdiff_t>(offset));
}

// `width - 1` zero-padded octal digits and a NUL, as ustar numeric fields are written.
void put_octal(Block& block, std::size_t offset, std::size_t width, std::uint64_t value) {
  block[offset + width - 1] = '\0';
  for (std::size_t k = width - 1; k-- > 0;) {
    block[offset + k] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
}

// The name split over the prefix (155 bytes) and name (100 bytes) fields at a '/'. The first '/' whose remainder
// fits leaves the shortest prefix, so if that prefix is too long, every other split's is too.
std::pair<std::string_view, std::string_view> split_for_ustar(std::string_view path) {
  if (path.size() <= 100) return {{}, path};
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
    if (path.size() - slash - 1 > 100) continue;
    if (slash <= 155 && slash + 1 < path.size()) return {path.substr(0, slash), path.substr(slash + 1)};
    break;
  }
  throw std::invalid_argument("archive path too long for ustar: " + std::string(path));
}

void write_header(GzipWriter& gz, std::string_view path, char type, unsigned mode, std::uint64_t size,
                  std::uint64_t mtime) {
  Block block{};
  const auto [prefix, name] = split_for_ustar(path);
  put_bytes(block, 0, name);
  put_octal(block, 100, 8, mode & 07777);
  put_octal(block, 108, 8, 0);  // uid
  put_octal(block, 116, 8, 0);  // gid
  put_octal(block, 124, 12, size);
  put_octal(block, 136, 12, mtime);
  block[156] = type;
  put_bytes(block, 257, "ustar");  // NUL-terminated by the zeroed block
  put_bytes(block, 263, "00");
  // uname and gname (265, 297) stay empty: the reader's own user owns what it extracts.
  put_octal(block, 329, 8, 0);  // devmajor
  put_octal(block, 337, 8, 0);  // devminor
  put_bytes(block, 345, prefix);
  // The checksum is computed with its own field as spaces, then stored as 6 octal digits, NUL, space.
  std::fill_n(block.begin() + 148, 8, ' ');
  unsigned sum = 0;
  for (const char c : block) sum += static_cast<unsigned char>(c);
  put_octal(block, 148, 7, sum);
  block[155] = ' ';
  gz.write(std::string_view(block.data(), block.size()));
}

// Relative, '/'-separated, no empty, "." or ".." component: nothing may land outside the top directory.
void check_relative(std::string_view path, std::string_view what) {
  const auto fail = [&](const char* why) {
    throw std::invalid_argument(std::string(what) + " " + why + ": \"" + std::string(path) + "\"");
  };
  if (path.empty()) fail("is empty");
  if (path.front() == '/') fail("is absolute");
  if (path.find('\0') != std::string_view::npos) fail("contains a NUL byte");
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string_view component = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    if (component.empty()) fail("has an empty component");
    if (component == "." || component == "..") fail("has a \".\" or \"..\" component");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

}  // namespace

std::string make_tar_gz(const std::string& root, const std::vector<ArchiveEntry>& entries, std::time_t mtime) {
  check_relative(root, "archive root");
  if (mtime < 0 || static_cast<std::uint64_t>(mtime) >= kOctal11Limit)
    throw std::invalid_argument("archive mtime out of the ustar range: " + std::to_string(mtime));
  const auto time = static_cast<std::uint64_t>(mtime);

  std::set<std::string> files;
  for (const auto& entry : entries) {
    check_relative(entry.path, "archive entry");
    if (entry.content.size() >= kOctal11Limit)
      throw std::invalid_argument("archive entry too large for ustar: " + entry.path);
    if (!files.insert(root + "/" + entry.path).second)
      throw std::invalid_argument("archive entry given twice: " + entry.path);
  }

  GzipWriter gz;
  std::set<std::string> directories;
  // Emits `dir` and each of its parents not yet emitted, outermost first.
  const auto ensure_directory = [&](std::string_view dir) {
    for (std::size_t end = 0; end != std::string_view::npos;) {
      end = dir.find('/', end + 1);
      const std::string parent(dir.substr(0, end));
      if (files.count(parent) != 0)
        throw std::invalid_argument("archive path is both a file and a directory: " + parent);
      if (!directories.insert(parent).second) continue;
      write_header(gz, parent + "/", '5', 0755, 0, time);
    }
  };
  ensure_directory(root);
  for (const auto& entry : entries) {
    const std::string path = root + "/" + entry.path;
    ensure_directory(std::string_view(path).substr(0, path.rfind('/')));
    if (directories.count(path) != 0)
      throw std::invalid_argument("archive path is both a file and a directory: " + path);
    write_header(gz, path, '0', entry.mode, entry.content.size(), time);
    gz.write(entry.content);
    gz.zeros((kBlock - entry.content.size() % kBlock) % kBlock);
  }
  // Two zero blocks end the archive; more zeros round it up to a whole record.
  gz.zeros(2 * kBlock);
  gz.zeros((kRecord - gz.written() % kRecord) % kRecord);
  return gz.finish();
}

}  // namespace clawbook
