// Conditions compared as token sequences, with what the constructor knows put
// in: a constructor's parameter `opts` becomes `@opts` (so a forward()
// argument of the same name never matches it), and a member the constructors
// set from them (`opts_(opts)`) is replaced by that value. Then `if (opts.n >
// 0)` in a constructor and `if (opts_.n > 0)` in forward() read the same.
#pragma once

#include <map>
#include <set>
#include <string>

namespace gradaudit::lint::guard_text {

// `text` with each free-standing `parameter` (not a member access) marked
// `@parameter`.
std::string mark_parameters(const std::string& text, const std::set<std::string>& parameters);

// `values`: member -> its value, already in compared form.
std::string substitute_members(const std::string& text, const std::map<std::string, std::string>& values);

}  // namespace gradaudit::lint::guard_text
