// The TFT's options as command-line flags, shared by the tft subcommands.
#pragma once

#include <string>
#include <vector>

#include "tft/loss.h"
#include "tft/options.h"

namespace CLI {
class App;
}

namespace gradaudit::cli {

struct ModelFlags {
  int64_t h = 0;
  int64_t input_size = 0;
  int64_t tgt_size = 1;
  int64_t stat_exog = 0;
  int64_t hist_exog = 0;
  int64_t futr_exog = 0;
  int64_t hidden_size = 128;
  int64_t n_head = 4;
  double dropout = 0.1;
  double attn_dropout = 0.0;
  std::string grn_activation = "ELU";
  std::string rnn_type = "lstm";
  int64_t n_rnn_layers = 1;
  bool one_rnn_initial_state = false;
  std::string loss = "mae";
  std::vector<double> level;

  // Validated options; throws std::invalid_argument naming the flag's key.
  tft::TFTOptions to_options() const;
  tft::Loss to_loss() const;
};

// with_counts: also add --stat-exog/--hist-exog/--futr-exog (commands that read
// data take the counts from the data instead).
void add_model_flags(CLI::App& app, ModelFlags& flags, bool with_counts);

}  // namespace gradaudit::cli
