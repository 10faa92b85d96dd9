// tft check: one forward and backward pass of the TFT on the last window of
// every series of a data set; reports the loss and which parameters received
// a gradient. Exit 1 when some did not.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <torch/utils.h>

#include <iostream>
#include <memory>

#include "data/long_frame.h"
#include "data/windows.h"
#include "tft/config.h"
#include "tft/model.h"
#include "tft/param_table.h"
#include "tftcli/commands.h"
#include "tftcli/config_flags.h"

namespace gradaudit::tftcli {
namespace {

struct CheckFlags {
  ConfigFlags model;
  std::string data;
  std::string static_path;
  std::vector<std::string> futr;
  std::vector<std::string> hist;
  uint64_t seed = 1;
  bool table = false;
};

std::string shape_text(const at::Tensor& t) {
  std::string out;
  for (int64_t d = 0; d < t.dim(); ++d) out += (d ? "x" : "") + std::to_string(t.size(d));
  return out;
}

int run_check(CheckFlags& flags) {
  data::LongFrame frame = data::read_long_frame(flags.data, [&] {
    std::vector<std::string> columns = flags.hist;
    columns.insert(columns.end(), flags.futr.begin(), flags.futr.end());
    return columns;
  }());
  if (!flags.static_path.empty()) data::attach_static(frame, flags.static_path);

  config::Configuration& c = flags.model.values;
  c["stat_exog_size"] = frame.stat_columns.size();
  c["hist_exog_size"] = flags.hist.size();
  c["futr_exog_size"] = flags.futr.size();
  const tft::Loss loss = tft::loss_from_config(c, &flags.model.origins);
  const tft::TFTOptions options = tft::options_from_config(c, &flags.model.origins);

  torch::manual_seed(flags.seed);
  tft::TFT model(options);
  model->train();
  const data::WindowBatch batch =
      data::last_windows(frame, {flags.futr, flags.hist, !frame.stat_columns.empty()}, options.input_size(), options.h());

  const tft::TFTOutputs out = model->forward(batch.inputs);
  const at::Tensor value = loss(out.y_hat, batch.outsample_y, batch.outsample_mask);
  value.backward();

  const auto rows = tft::parameter_table(*model);
  int64_t values = 0;
  std::vector<std::string> missing;
  for (const auto& p : model->named_parameters()) {
    if (!p.value().grad().defined()) missing.push_back(p.key());
  }
  for (const auto& row : rows) values += row.numel;

  std::cout << fmt::format("data:     {} ({} series, {} rows), window {} + {}\n", frame.path, frame.series.size(),
                           frame.rows(), options.input_size(), options.h());
  std::cout << fmt::format("schema:   stat_exog_size={} hist_exog_size={} futr_exog_size={}\n",
                           options.stat_exog_size(), options.hist_exog_size(), options.futr_exog_size());
  std::cout << fmt::format("model:    {} parameter tensors, {} values\n", rows.size(), values);
  std::cout << fmt::format("forward:  y_hat {}, attention {}, {} loss {:.6f}\n", shape_text(out.y_hat),
                           shape_text(out.attention_weights), loss.name(), value.item<double>());
  std::cout << fmt::format("backward: {} of {} parameters received a gradient\n", rows.size() - missing.size(),
                           rows.size());
  for (const auto& name : missing) std::cout << "  no gradient: " << name << '\n';
  if (flags.table) tft::write_parameter_table(std::cout, rows);
  return missing.empty() ? 0 : 1;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CheckFlags>();
  CLI::App* cmd = app.add_subcommand("check", "forward and backward pass of the TFT on a data set's last windows");
  cmd->add_option("--data", flags->data, "long-format CSV: unique_id,ds,y[,exogenous...]")->required();
  cmd->add_option("--static", flags->static_path, "static CSV: unique_id,<static columns>");
  cmd->add_option("--futr-exog", flags->futr, "columns known over the horizon")->delimiter(',');
  cmd->add_option("--hist-exog", flags->hist, "columns observed in the past only")->delimiter(',');
  cmd->add_option("--seed", flags->seed, "random seed")->capture_default_str();
  cmd->add_flag("--table", flags->table, "also print the parameter table");
  add_model_flags(*cmd, flags->model, /*with_counts=*/false);
  cmd->get_option("--h")->required();
  cmd->get_option("--input-size")->required();
  cmd->callback([flags, &exit_code] { exit_code = run_check(*flags); });
}

}  // namespace gradaudit::tftcli
