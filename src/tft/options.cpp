#include "tft/options.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include "common/input_error.h"

namespace gradaudit::tft {

RnnType parse_rnn_type(const std::string& name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "lstm") return RnnType::kLstm;
  if (lower == "gru") return RnnType::kGru;
  throw InputError(fmt::format("rnn_type: expected 'lstm' or 'gru', got '{}'", name));
}

const char* rnn_type_name(RnnType type) { return type == RnnType::kLstm ? "lstm" : "gru"; }

namespace {
void require(bool ok, const char* key, const std::string& expectation, int64_t value) {
  if (!ok) throw InputError(fmt::format("{}: expected {}, got {}", key, expectation, value));
}
}  // namespace

void TFTOptions::validate() const {
  require(h_ >= 1, "h", "a horizon >= 1", h_);
  require(input_size_ >= 1, "input_size", "a window length >= 1", input_size_);
  require(tgt_size_ >= 1, "tgt_size", "at least one target", tgt_size_);
  require(stat_exog_size_ >= 0, "stat_exog_size", "a count >= 0", stat_exog_size_);
  require(hist_exog_size_ >= 0, "hist_exog_size", "a count >= 0", hist_exog_size_);
  require(futr_exog_size_ >= 0, "futr_exog_size", "a count >= 0", futr_exog_size_);
  require(hidden_size_ >= 1, "hidden_size", "a width >= 1", hidden_size_);
  require(n_head_ >= 1, "n_head", "at least one head", n_head_);
  require(hidden_size_ % n_head_ == 0, "hidden_size",
          fmt::format("a multiple of n_head ({})", n_head_), hidden_size_);
  require(n_rnn_layers_ >= 1, "n_rnn_layers", "at least one layer", n_rnn_layers_);
  require(output_size_ >= 1, "output_size", "at least one output", output_size_);
  // The repeated-target future input has one column, so it cannot stand in
  // for several targets; NeuralForecast fails later with a shape error.
  require(futr_exog_size_ > 0 || tgt_size_ == 1, "tgt_size",
          "1 when futr_exog_size is 0 (the repeated target is the only future input)", tgt_size_);
  if (!(dropout_ >= 0.0 && dropout_ < 1.0))
    throw InputError(fmt::format("dropout: expected a probability in [0, 1), got {}", dropout_));
  if (!(attn_dropout_ >= 0.0 && attn_dropout_ < 1.0))
    throw InputError(
        fmt::format("attn_dropout: expected a probability in [0, 1), got {}", attn_dropout_));
}

}  // namespace gradaudit::tft
