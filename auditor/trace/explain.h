// Explains a set of failing configurations by the simplest condition on the
// configuration keys that holds on exactly those: "stat_exog_size == 0",
// "hidden_size >= 128", "len(stat_exog_list) == 0",
// "stat_exog_size == 0 or futr_exog_size == 0".
//
// Explanations should read as causes. Equality tests come first; a threshold
// only beats two equality terms when its key is shown to matter by a matched
// pair (two configurations that differ in that key alone, one failing). When
// conditions on other keys separate the sample too, they are reported, with
// a configuration that would tell the first two apart.
#pragma once

#include <string>
#include <vector>

#include "config/configuration.h"

namespace gradaudit::trace {

struct Explanation {
  std::string condition;                  // "" when no condition of one or two terms separates them
  std::vector<std::string> alternatives;  // conditions on other keys that fit the sample equally
  std::string deciding_configuration;     // "stat_exog_size=2, hist_exog_size=0": tells condition from alternatives[0]
};

// `failing[i]` says whether configs[i] failed. Only `keys` are considered.
// Values are compared as canonical JSON text (any JSON: lists, null, objects).
Explanation explain(const std::vector<config::Configuration>& configs, const std::vector<bool>& failing,
                    const std::vector<std::string>& keys);

// explain(...).condition.
std::string explain_failures(const std::vector<config::Configuration>& configs, const std::vector<bool>& failing,
                             const std::vector<std::string>& keys);

// "A (also consistent with B; C; a configuration with k=v would tell them apart)"; "" for none.
std::string explanation_text(const Explanation& e);

}  // namespace gradaudit::trace
