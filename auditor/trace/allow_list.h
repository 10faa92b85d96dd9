// The allow-list file of `gradaudit trace --allow`: "RULE PARAMETER-GLOB" per
// line (RULE a rule id, a rule name or *); '#' starts a comment.
#pragma once

#include <string>

#include "trace/audit.h"

namespace gradaudit::trace {

// Throws InputError "path:line: ..." for an unreadable file, a line that is
// not two fields, or an unknown rule.
AllowList read_allow_list(const std::string& path);

}  // namespace gradaudit::trace
