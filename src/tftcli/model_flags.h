// Command-line flags that set configuration keys: `--hidden-size 64` sets
// "hidden_size" to 64 and remembers that the flag set it, so an error names
// the flag. Flags are NeuralForecast's key names, kebab-cased. Defaults are
// not repeated here: a key no flag set keeps the model's own default.
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

// The TFT's model flags (--h, --input-size, --hidden-size, --loss, --level...).
// with_counts: also --stat-exog/--hist-exog/--futr-exog as counts (commands
// that read data take the counts from the data instead).
void add_model_flags(CLI::App& app, ConfigFlags& flags, bool with_counts);

}  // namespace gradaudit::tftcli
