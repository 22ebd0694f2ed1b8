// proc_bench: time of proc.list{} and proc.listeners{port=} with 300 extra processes running (issue 5 target:
// under 5 ms each). Starts 300 `sleep` children and one loopback listener, times each call (including the
// conversion to the plain data the Lua module returns) and prints medians, then kills the children it started,
// by PID. Usage: proc_bench [children=300] [runs=51]
#include "proc/gateway_process.hpp"
#include "proc/process.hpp"
#include "proc/procfs.hpp"
#include "proc/sockets.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace proc = clawbook::proc;

namespace {

struct Timing {
  double median_ms;
  double p90_ms;
  double median_cpu_ms;
  size_t result_size;
};

double thread_cpu_ms() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// Wall time is what a runbook waits; CPU time shows the cost without the other load on a shared machine.
Timing measure(int runs, const std::function<size_t()>& call) {
  std::vector<double> wall;
  std::vector<double> cpu;
  size_t size = 0;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_ms();
    size = call();
    cpu.push_back(thread_cpu_ms() - cpu_start);
    wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], wall[wall.size() * 9 / 10], cpu[cpu.size() / 2], size};
}

// The least any /proc-based process table can cost: open, read and close /proc/<pid>/stat for every pid.
size_t read_every_stat() {
  char buffer[1024];
  size_t count = 0;
  for (int pid : clawbook::proc::list_pids()) {
    const std::string path = "/proc/" + std::to_string(pid) + "/stat";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    if (::read(fd, buffer, sizeof buffer) > 0) ++count;
    ::close(fd);
  }
  return count;
}

int open_listener(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd, 4) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return -1;
  port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  const int children = argc > 1 ? std::atoi(argv[1]) : 300;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 51;

  std::vector<pid_t> started;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = ::fork();
    if (pid < 0) break;
    if (pid == 0) {
      ::execlp("sleep", "sleep", "600", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    started.push_back(pid);
  }
  int port = 0;
  const int listener = open_listener(port);
  // Let every child finish exec so the table holds 300 sleeps, not forked copies of this program.
  ::usleep(300 * 1000);

  const auto total = proc::list();
  std::printf("proc_bench: %zu processes in the table (%zu started), %d runs each, listener on 127.0.0.1:%d\n",
              total.size(), started.size(), runs, port);
  double load[3] = {0, 0, 0};
  ::getloadavg(load, 3);
  std::printf("load average %.2f (2 cores shared with other work: wall times include waiting for a core)\n", load[0]);
  std::printf("%-38s %10s %10s %10s %8s\n", "call", "median ms", "p90 ms", "cpu ms", "results");

  const auto report = [](const char* name, const Timing& timing) {
    std::printf("%-38s %10.3f %10.3f %10.3f %8zu\n", name, timing.median_ms, timing.p90_ms, timing.median_cpu_ms,
                timing.result_size);
  };
  report("floor: read /proc/<pid>/stat of all", measure(runs, read_every_stat));
  report("proc.list{}", measure(runs, [] {
           nlohmann::json out = nlohmann::json::array();
           for (const auto& process : proc::list()) out.push_back(proc::to_json(process));
           return out.size();
         }));
  report("proc.list{name='sleep'}", measure(runs, [] {
           proc::ListFilter filter;
           filter.name = "sleep";
           return proc::list(filter).size();
         }));
  report("proc.listeners{port=N}", measure(runs, [port] {
           proc::SocketQuery query;
           query.port = port;
           nlohmann::json out = nlohmann::json::array();
           for (const auto& socket : proc::tcp_sockets(query)) out.push_back(proc::to_json(socket));
           return out.size();
         }));
  report("proc.listeners{} (all ports)", measure(runs, [] {
           return proc::tcp_sockets(proc::SocketQuery{}).size();
         }));
  report("listeners{port=N} via /proc/net/tcp", measure(runs, [port] {
           proc::SocketQuery query;
           query.port = port;
           query.source = proc::SocketSource::procfs;
           return proc::tcp_sockets(query).size();
         }));
  report("proc.listeners{port=unused}", measure(runs, [] {
           proc::SocketQuery query;
           query.port = 1;
           return proc::tcp_sockets(query).size();
         }));
  report("proc.gateway_processes()", measure(runs, [] { return proc::gateway_processes().size(); }));

  if (listener >= 0) ::close(listener);
  for (pid_t pid : started) ::kill(pid, SIGKILL);
  for (pid_t pid : started) ::waitpid(pid, nullptr, 0);
  return 0;
}
