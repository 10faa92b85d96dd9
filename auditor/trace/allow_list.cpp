#include "trace/allow_list.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "common/input_error.h"
#include "rules/rule.h"

namespace gradaudit::trace {

AllowList read_allow_list(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open allow-list for reading");
  AllowList allow;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = line.substr(0, line.find('#'));
    std::istringstream fields(line);
    std::string rule, glob, extra;
    if (!(fields >> rule)) continue;
    if (!(fields >> glob) || (fields >> extra))
      throw InputError(fmt::format("{}:{}: expected 'RULE PARAMETER-GLOB' (RULE an id, a name or *)", path, n));
    if (rule != "*" && !rules::find_rule(rule))
      throw InputError(fmt::format("{}:{}: unknown rule '{}'", path, n, rule));
    allow.emplace_back(rule, glob);
  }
  return allow;
}

}  // namespace gradaudit::trace
