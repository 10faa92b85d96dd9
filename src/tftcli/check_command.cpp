// tft check: one forward and backward pass of the TFT on the last window of
// every series of a data set, cut and scaled as the trainer does; reports the
// loss and which parameters received a gradient. Exit 1 when some did not.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <torch/utils.h>

#include <iostream>
#include <memory>

#include "common/input_error.h"
#include "data/dataset.h"
#include "tft/config.h"
#include "tft/model.h"
#include "tft/param_table.h"
#include "tftcli/commands.h"
#include "tftcli/config_flags.h"
#include "train/windows.h"

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

// The last window of every series (the baselines' holdout convention), with
// the targets standardised per window over the observed part.
tft::TrainingBatch last_windows(const data::Dataset& dataset, const train::WindowShape& shape) {
  const train::SeriesTensors tensors(dataset);
  std::vector<int64_t> series, cutoffs, visible;
  for (size_t s = 0; s < tensors.size(); ++s) {
    const int64_t length = tensors.length(s);
    if (length < shape.length())
      throw InputError(fmt::format("{}: series '{}' has {} rows, fewer than input_size + h = {}", dataset.path,
                                   dataset.series[s].id, length, shape.length()));
    series.push_back(static_cast<int64_t>(s));
    cutoffs.push_back(length - shape.h);
    visible.push_back(length);
  }
  const train::Windows windows = train::windows_at(tensors, series, cutoffs, visible, shape);
  return train::scale_windows(windows, shape, tensors, train::ScalerType::kStandard).batch;
}

int run_check(CheckFlags& flags) {
  data::DatasetSpec spec;
  spec.data = flags.data;
  spec.static_data = flags.static_path;
  spec.roles.hist = flags.hist;
  spec.roles.futr = flags.futr;
  const data::Dataset dataset = data::load_dataset(spec);

  config::Configuration& c = flags.model.values;
  c["stat_exog_size"] = dataset.roles.stat.size();
  c["hist_exog_size"] = flags.hist.size();
  c["futr_exog_size"] = flags.futr.size();
  const tft::Loss loss = tft::loss_from_config(c, &flags.model.origins);
  const tft::TFTOptions options = tft::options_from_config(c, &flags.model.origins);

  torch::manual_seed(flags.seed);
  tft::TFT model(options);
  model->train();
  const tft::TrainingBatch batch = last_windows(dataset, {options.input_size(), options.h()});

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

  int64_t data_rows = 0;
  for (const auto& s : dataset.series) data_rows += static_cast<int64_t>(s.length());
  std::cout << fmt::format("data:     {} ({} series, {} rows), window {} + {}\n", dataset.path, dataset.series.size(),
                           data_rows, options.input_size(), options.h());
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
