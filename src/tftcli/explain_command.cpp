// tft explain: variable-selection weights and attention of a trained run.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "tftcli/commands.h"
#include "train/forecast.h"

namespace gradaudit::tftcli {
namespace {

struct ExplainFlags {
  std::string run_dir, data, static_path, output;
  bool no_plots = false;
};

int run_explain(const ExplainFlags& f, const forecasters::ModelRegistry& registry) {
  const train::LoadedRun run = train::load_run(registry, f.run_dir);
  data::DatasetSpec spec = run.checkpoint.spec.data;
  if (!f.data.empty()) spec.data = f.data;
  if (!f.static_path.empty()) spec.static_data = f.static_path;
  train::explain(run, data::load_dataset(spec), f.output, !f.no_plots);
  std::cout << "tft explain: wrote " << f.output << "/variable_importance.csv and " << f.output << "/attention.csv"
            << (f.no_plots ? "" : ", with importance_<kind>.png and attention.png") << "\n";
  return 0;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<ExplainFlags>();
  CLI::App* cmd = app.add_subcommand("explain", "variable importance and attention of a trained run");
  cmd->add_option("--model", f->run_dir, "run folder written by tft train")->required();
  cmd->add_option("--data", f->data, "long-format CSV (default: the run's)");
  cmd->add_option("--static", f->static_path, "static CSV (default: the run's)");
  cmd->add_option("-o,--output", f->output, "folder for variable_importance.csv and attention.csv")->required();
  cmd->add_flag("--no-plots", f->no_plots, "write the CSV files only");
  cmd->callback([f, &exit_code, &registry] { exit_code = run_explain(*f, registry); });
}

}  // namespace gradaudit::tftcli
