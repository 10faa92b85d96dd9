// tft import-nf and tft forward: NeuralForecast's weights as a run folder,
// and a run's raw forward pass on a batch saved from Python.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common/input_error.h"
#include "tftcli/commands.h"
#include "tftcli/config_flags.h"
#include "train/neuralforecast_import.h"

namespace gradaudit::tftcli {
namespace {

struct ImportFlags {
  ConfigFlags config;
  std::string weights, output, model = "tft", data, static_path, freq;
};

int run_import(const ImportFlags& f, const forecasters::ModelRegistry& registry) {
  train::RunSpec spec;
  spec.model = f.model;
  spec.config = f.config.values;
  spec.origins = f.config.origins;
  spec.data.data = f.data;
  spec.data.static_data = f.static_path;
  spec.data.freq = f.freq;
  spec.data.roles = train::roles_from_config(spec.config, &spec.origins);
  for (const auto& note : train::import_neuralforecast(registry, f.weights, spec, f.output))
    std::cerr << "tft import-nf: note: " << note << "\n";
  std::cerr << fmt::format("tft import-nf: wrote {} (use it with tft predict --model / tft forward --model)\n",
                           f.output);
  return 0;
}

struct ForwardFlags {
  std::string run_dir, batch, output;
};

}  // namespace

void add_import_nf_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<ImportFlags>();
  CLI::App* cmd = app.add_subcommand("import-nf", "NeuralForecast TFT weights (state dict, .ckpt, safetensors) as a run folder");
  cmd->add_option("weights", f->weights, "torch.save(model.state_dict()), a NeuralForecast/Lightning .ckpt, or .safetensors")
      ->required();
  add_role_flags(*cmd, f->config);
  add_model_flags(*cmd, f->config, /*with_counts=*/false);
  cmd->add_option("--data", f->data, "the data the run will forecast by default (optional)");
  cmd->add_option("--static", f->static_path, "its static table (optional)");
  cmd->add_option("--freq", f->freq, "its frequency (optional; inferred from the data)");
  cmd->add_option("-o,--output", f->output, "run folder to write")->required();
  cmd->callback([f, &exit_code, &registry] { exit_code = run_import(*f, registry); });
}

void add_forward_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<ForwardFlags>();
  CLI::App* cmd = app.add_subcommand("forward", "the model's raw forward pass on a batch saved from Python");
  cmd->add_option("--model", f->run_dir, "run folder (tft train or tft import-nf)")->required();
  cmd->add_option("--batch", f->batch, "torch.save'd dict: insample_y [B,L,1], futr_exog, hist_exog, stat_exog")
      ->required();
  cmd->add_option("-o,--output", f->output, "dict of y_hat and the interpretability outputs, for torch.load")
      ->required();
  cmd->callback([f, &exit_code, &registry] {
    train::forward_batch(train::load_run(registry, f->run_dir), f->batch, f->output);
    exit_code = 0;
  });
}

}  // namespace gradaudit::tftcli
