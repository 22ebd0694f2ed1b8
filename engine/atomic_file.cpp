#include "atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace clawbook {

void write_atomically(const std::string& path, const std::string& text) {
  // In the target's directory, so the rename stays on one filesystem; the pid keeps concurrent writers apart.
  const std::string temporary = path + ".tmp" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    out << text;
    if (!out.flush()) {
      const int saved = errno;
      std::remove(temporary.c_str());
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(saved));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot write " + path + ": " + std::strerror(saved));
  }
}

bool write_file_or_report(const std::string& path, const std::string& text) {
  try {
    write_atomically(path, text);
    return true;
  } catch (const std::exception& e) {
    std::cerr << "clawbook: " << e.what() << "\n";
    return false;
  }
}

}  // namespace clawbook
