// Small readers for /proc and /sys files: a bounded read through openat, so a process table scan can open
// each /proc/<pid> directory once and read its files relative to it.
#pragma once

#include <fcntl.h>

#include <exception>
#include <iterator>
#include <optional>
#include <system_error>
#include <thread>
#include <string>
#include <string_view>
#include <vector>

namespace clawbook::proc {

// Root of the proc filesystem; tests never change it (they use real processes), but keeping one constant
// makes every path in this module easy to find.
inline constexpr const char* kProcRoot = "/proc";
// Scans of every process split over two threads from this many processes on (below, a thread costs more).
inline constexpr size_t kParallelScanMinimum = 128;

// Runs scan(begin, end) over [0, count): the upper half on a second thread when `count` is large enough and the
// machine has two cores, else all on this one. Results are appended lower half first, so order is kept. A
// thread that cannot be created (a box at its task limit) means one thread, and an exception in the worker
// reaches the caller, as it would without threads.
template <typename Result, typename Scan>
std::vector<Result> scan_in_halves(size_t count, Scan scan) {
  if (count < kParallelScanMinimum || std::thread::hardware_concurrency() < 2) return scan(0, count);
  const size_t middle = count / 2;
  std::vector<Result> upper;
  std::exception_ptr failure;
  std::thread worker;
  try {
    worker = std::thread([&] {
      try {
        upper = scan(middle, count);
      } catch (...) {
        failure = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    return scan(0, count);  // no second thread today
  }
  std::vector<Result> lower;
  try {
    lower = scan(0, middle);
  } catch (...) {
    worker.join();
    throw;
  }
  worker.join();
  if (failure) std::rethrow_exception(failure);
  lower.insert(lower.end(), std::make_move_iterator(upper.begin()), std::make_move_iterator(upper.end()));
  return lower;
}

// Reads at most `cap` bytes of `path` relative to `dirfd` (AT_FDCWD for absolute paths). On failure returns
// nullopt and sets `error` to the errno value when given.
std::optional<std::string> read_file_at(int dirfd, const char* path, size_t cap, int* error = nullptr);
inline std::optional<std::string> read_file(const std::string& path, size_t cap, int* error = nullptr) {
  return read_file_at(AT_FDCWD, path.c_str(), cap, error);
}

// readlink relative to `dirfd`; nullopt on failure.
std::optional<std::string> read_link_at(int dirfd, const char* path, int* error = nullptr);

// Numeric entries of /proc (the pids), in directory order.
std::vector<int> list_pids();

// Clock ticks per second (sysconf(_SC_CLK_TCK)) and boot time in epoch seconds ("btime" of /proc/stat).
long clock_ticks();
double boot_time();

// Classified errno for results: "permission_denied", "not_found", or "io_error".
std::string classify_errno(int error);

// Splits a NUL-separated buffer (/proc/<pid>/cmdline, environ) into its strings.
std::vector<std::string> split_nul(std::string_view data);

}  // namespace clawbook::proc
