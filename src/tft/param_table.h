// A module's parameter table: one row per trainable parameter, in
// registration order, as `named_parameters()` walks it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace gradaudit::tft {

struct ParameterRow {
  std::string name;   // dotted, e.g. "static_encoder.vsn.joint_grn.lin_a.weight"
  std::string shape;  // "16x32"; a vector is "16"
  int64_t numel = 0;
};

std::vector<ParameterRow> parameter_table(const torch::nn::Module& module);
// Writes "name<TAB>shape" lines.
void write_parameter_table(std::ostream& out, const std::vector<ParameterRow>& rows);

}  // namespace gradaudit::tft
