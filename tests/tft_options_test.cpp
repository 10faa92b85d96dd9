// Options are validated up front, each error naming the key and the expectation.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "tft/model.h"
#include "tft/options.h"

namespace gradaudit::tft {
namespace {

std::string error_of(const TFTOptions& options) {
  try {
    options.validate();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TFTOptions, ValidationNamesTheKey) {
  EXPECT_EQ(error_of(TFTOptions(12, 24)), "");
  EXPECT_EQ(error_of(TFTOptions(0, 24)), "h: expected a horizon >= 1, got 0");
  EXPECT_EQ(error_of(TFTOptions(12, 24).hidden_size(10).n_head(4)), "hidden_size: expected a multiple of n_head (4), got 10");
  EXPECT_EQ(error_of(TFTOptions(12, 24).stat_exog_size(-1)), "stat_exog_size: expected a count >= 0, got -1");
  EXPECT_EQ(error_of(TFTOptions(12, 24).dropout(1.0)), "dropout: expected a probability in [0, 1), got 1");
  EXPECT_NE(error_of(TFTOptions(12, 24).tgt_size(2)).find("tgt_size"), std::string::npos);
  EXPECT_THROW(TFT(TFTOptions(12, 24).n_rnn_layers(0)), InputError);
}

TEST(TFTOptions, NamesParseAndRejectTypos) {
  EXPECT_EQ(parse_activation("LeakyReLU"), Activation::kLeakyReLU);
  EXPECT_EQ(parse_rnn_type("GRU"), RnnType::kGru);
  try {
    parse_activation("Relu");
    FAIL() << "accepted a misspelt activation";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("grn_activation: expected one of ReLU, Softplus"), std::string::npos);
  }
  EXPECT_THROW(parse_rnn_type("rnn"), InputError);
}

TEST(TFTOptions, DerivedSizesFollowNeuralForecast) {
  const auto o = TFTOptions(12, 24).hist_exog_size(3).futr_exog_size(0);
  EXPECT_EQ(o.future_input_size(), 1);  // the repeated target
  EXPECT_EQ(o.historic_input_size(), 3 + 1 + 1);
  EXPECT_EQ(o.example_length(), 36);
  EXPECT_EQ(TFTOptions(12, 24).n_rnn_layers(3).n_static_states(), 3);
  EXPECT_EQ(TFTOptions(12, 24).n_rnn_layers(3).one_rnn_initial_state(true).n_static_states(), 1);
}

}  // namespace
}  // namespace gradaudit::tft
