#include "tft/param_table.h"

#include <torch/nn/module.h>

#include <ostream>

namespace gradaudit::tft {

std::vector<ParameterRow> parameter_table(const torch::nn::Module& module) {
  std::vector<ParameterRow> rows;
  for (const auto& item : module.named_parameters(/*recurse=*/true)) {
    ParameterRow row;
    row.name = item.key();
    for (int64_t d = 0; d < item.value().dim(); ++d) row.shape += (d ? "x" : "") + std::to_string(item.value().size(d));
    row.numel = item.value().numel();
    rows.push_back(std::move(row));
  }
  return rows;
}

void write_parameter_table(std::ostream& out, const std::vector<ParameterRow>& rows) {
  for (const auto& row : rows) out << row.name << '\t' << row.shape << '\n';
}

}  // namespace gradaudit::tft
