#include "reader_harness.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <typeinfo>

#include "common/input_error.h"

namespace gradaudit::fuzz {

const std::string& scratch_dir() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/gradaudit-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    return pattern;
  }();
  return dir;
}

void write_file(const std::string& path, const uint8_t* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) std::abort();
}

int check_reader(const uint8_t* data, size_t size, const std::string& name, void (*read)(const std::string& path)) {
  const std::string path = scratch_dir() + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  write_file(path, data, size);
  try {
    read(path);
  } catch (const InputError& e) {
    const std::string message = e.what();
    // The CLI prints this as the one line on stderr: it must say something
    // and stay on one line.
    if (message.empty() || message.find('\n') != std::string::npos) {
      std::fprintf(stderr, "fuzz: InputError message is not one line: [%s]\n", message.c_str());
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: escaped as %s, not InputError: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
  return 0;
}

}  // namespace gradaudit::fuzz
