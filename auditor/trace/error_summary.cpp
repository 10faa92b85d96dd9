#include "trace/error_summary.h"

#include <regex>
#include <sstream>
#include <vector>

#include "common/text.h"

namespace gradaudit::trace {
namespace {

const char kInterpreterHeader[] = "The following operation failed in the TorchScript interpreter.";

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// Frames of the serialized code ("code/__torch__/...") are the compiler's
// rendering, and frames in torch's own package are library code: the user's
// model source is the deepest frame that is neither.
bool user_frame(const std::string& file) {
  if (starts_with(file, "code/") || starts_with(file, "<")) return false;  // "<string>": defined from C++
  return file.find("/torch/nn/") == std::string::npos && file.find("/torch/functional.py") == std::string::npos &&
         file.find("/torch/_jit_internal.py") == std::string::npos;
}

}  // namespace

std::string error_summary(const std::string& what) {
  if (!starts_with(what, kInterpreterHeader)) return first_line(what);
  static const std::regex kFrame(R"re(^\s*File "([^"]+)", line (\d+), in (\S+))re");
  std::istringstream lines(what);
  std::string line, cause, location;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::smatch m;
    if (std::regex_search(line, m, kFrame)) {
      if (user_frame(m[1])) location = m[1].str() + ":" + m[2].str() + ", in " + m[3].str();
      continue;
    }
    // The cause is the last line that is not indented (traceback lines are).
    if (line[0] != ' ') cause = line;
  }
  if (cause.empty() || cause == kInterpreterHeader) return first_line(what);
  return location.empty() ? cause : cause + " (at " + location + ")";
}

}  // namespace gradaudit::trace
