// The archive `clawbook bundle` writes: a gzip-compressed POSIX ustar built in memory, so the bundle can be
// written atomically, opens with any `tar`, and is byte-identical for identical input (no clock, no owner).
#pragma once

#include <ctime>
#include <string>
#include <vector>

namespace clawbook {

struct ArchiveEntry {
  std::string path;  // relative to the archive's top directory, '/'-separated
  std::string content;
  unsigned mode = 0644;  // permission bits only (& 07777)
};

// A POSIX ustar archive of `entries` under the top directory `root` ("clawbook-bundle-20261123-0512"), gzip
// compressed (zlib deflate, windowBits 15+16, level 6), as bytes. Regular files only, in the order given; every
// entry's mtime is `mtime`; uid/gid 0 with empty user and group names. A directory entry (mode 0755) for `root`
// and for every intermediate directory comes before the first file inside it. Paths longer than 100 bytes use
// the ustar prefix field.
// Throws std::invalid_argument for a path that still does not fit (prefix 155 bytes, name 100), an absolute
// path, an empty path or component, a "." or ".." component, a NUL byte, a path given twice or used both as a
// file and as a directory, a file of 8 GiB or more, or an mtime outside [0, 8^11).
std::string make_tar_gz(const std::string& root, const std::vector<ArchiveEntry>& entries, std::time_t mtime);

}  // namespace clawbook
