// Command-line flags that set configuration keys: `--hidden-size 64` sets
// "hidden_size" to 64 and remembers that the flag set it, so an error names
// the flag. Flags are NeuralForecast's key names, kebab-cased. Defaults are
// not repeated here: a key no flag set keeps the model's (or trainer's) own
// default, or the run file's value.
#pragma once

#include <string>

#include "config/configuration.h"

namespace CLI {
class App;
}

namespace gradaudit::tftcli {

struct ConfigFlags {
  config::Configuration values = config::Configuration::object();
  config::Origins origins;
};

void add_integer_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                     const std::string& help);
void add_real_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                  const std::string& help);
void add_text_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                  const std::string& help);
// A flag without a value that sets the key to true.
void add_switch_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                    const std::string& help);
// A comma-separated list of names ("--hist-exog kms,PetrolPrice").
void add_list_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                  const std::string& help);

// The TFT's model flags (--h, --input-size, --hidden-size, --loss, --level...).
// with_counts: also --stat-exog/--hist-exog/--futr-exog as counts (`tft
// params`; commands that read data take column lists instead).
void add_model_flags(CLI::App& app, ConfigFlags& flags, bool with_counts);
// NeuralForecast's training keys (--max-steps, --learning-rate, ...).
// with_step_size: also --step-size (`tft cv` uses that flag for itself).
void add_training_flags(CLI::App& app, ConfigFlags& flags, bool with_step_size = true);
// --stat-exog/--hist-exog/--futr-exog as column lists.
void add_role_flags(CLI::App& app, ConfigFlags& flags);

}  // namespace gradaudit::tftcli
