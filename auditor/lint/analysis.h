// From merged facts to findings: which methods the constructors and forward()
// reach (and under which conditions), each member's registrations and uses
// with their full guards, then every static rule.
#pragma once

#include <vector>

#include "lint/facts.h"
#include "rules/static_rule.h"

namespace gradaudit::lint {

std::vector<rules::MemberSummary> summarize(const TuFacts& facts);
// Findings of every static rule, one per (rule, location).
std::vector<rules::StaticFinding> analyze(const TuFacts& facts);

}  // namespace gradaudit::lint
