// From merged facts to findings: which methods the constructors and forward()
// reach (and under which conditions), each member's registrations and uses
// with their full guards, then every static rule.
#pragma once

#include <string>
#include <vector>

#include "lint/facts.h"
#include "rules/static_rule.h"

namespace gradaudit::lint {

std::vector<rules::MemberSummary> summarize(const TuFacts& facts);

// What was analysed, so that a report without findings can be trusted: each
// module class, its registrations tied to a member, and the register_* calls
// whose member could not be told (those members are not checked).
struct ClassCensus {
  std::string name;
  rules::Site at;
  size_t registrations = 0;
  std::vector<rules::Site> untracked;
  // Declares a constructor whose body was in none of the analysed files.
  bool constructor_unseen = false;
};
std::vector<ClassCensus> census(const TuFacts& facts);

// Findings of every static rule, one per (rule, location).
std::vector<rules::StaticFinding> analyze(const TuFacts& facts);

}  // namespace gradaudit::lint
