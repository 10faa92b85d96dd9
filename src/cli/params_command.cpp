// tft params: print a model's parameter table ("name<TAB>shape" per line).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/model_flags.h"
#include "tft/model.h"
#include "tft/param_table.h"

namespace gradaudit::cli {

void add_params_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ModelFlags>();
  CLI::App* cmd = app.add_subcommand("params", "print the TFT's parameter table, one name<TAB>shape per line");
  add_model_flags(*cmd, *flags, /*with_counts=*/true);
  cmd->callback([flags, &exit_code] {
    tft::TFT model(flags->to_options());
    tft::write_parameter_table(std::cout, tft::parameter_table(*model));
    exit_code = 0;
  });
}

}  // namespace gradaudit::cli
