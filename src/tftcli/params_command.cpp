// tft params: print a model's parameter table ("name<TAB>shape" per line).
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "tft/config.h"
#include "tft/model.h"
#include "tft/param_table.h"
#include "tftcli/commands.h"
#include "tftcli/config_flags.h"

namespace gradaudit::tftcli {

void add_params_command(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ConfigFlags>();
  CLI::App* cmd = app.add_subcommand("params", "print the TFT's parameter table, one name<TAB>shape per line");
  add_model_flags(*cmd, *flags, /*with_counts=*/true);
  cmd->get_option("--h")->required();
  cmd->get_option("--input-size")->required();
  cmd->callback([flags, &exit_code] {
    tft::TFT model(tft::options_from_config(flags->values, &flags->origins));
    tft::write_parameter_table(std::cout, tft::parameter_table(*model));
    exit_code = 0;
  });
}

}  // namespace gradaudit::tftcli
