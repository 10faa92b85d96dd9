// Configurations and TFTOptions, both ways: the one translation that spaces,
// run files, flags and checkpoints share.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "tft/config.h"

namespace gradaudit::tft {
namespace {

std::string error_of(const config::Configuration& c, const config::Origins* origins = nullptr) {
  try {
    options_from_config(c, origins);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TftConfig, DefaultsComeFromTheOptionsThemselves) {
  const TFTOptions o = options_from_config({{"h", 6}, {"input_size", 18}});
  const TFTOptions defaults(6, 18);
  EXPECT_EQ(o.hidden_size(), defaults.hidden_size());
  EXPECT_EQ(o.n_head(), defaults.n_head());
  EXPECT_EQ(o.dropout(), defaults.dropout());
  EXPECT_EQ(o.rnn_type(), defaults.rnn_type());
  EXPECT_EQ(o.output_size(), 1);
}

TEST(TftConfig, RoundTripsEveryStructuralKey) {
  const Loss loss = Loss::multi_quantile({80, 95});
  const TFTOptions o = TFTOptions(12, 36)
                           .stat_exog_size(2)
                           .hist_exog_size(3)
                           .futr_exog_size(1)
                           .hidden_size(32)
                           .n_head(8)
                           .dropout(0.2)
                           .attn_dropout(0.05)
                           .grn_activation(Activation::kGELU)
                           .rnn_type(RnnType::kGru)
                           .n_rnn_layers(2)
                           .one_rnn_initial_state(true)
                           .output_size(loss.output_size());
  const config::Configuration c = to_config(o, loss);
  const TFTOptions back = options_from_config(c);
  EXPECT_EQ(to_config(back, loss_from_config(c)), c);
  EXPECT_EQ(back.output_size(), 5);
  EXPECT_EQ(loss_from_config(c).levels(), (std::vector<double>{80, 95}));
  // Survives a trip through JSON text, as checkpoints store it.
  EXPECT_EQ(to_config(options_from_config(config::Configuration::parse(c.dump())), loss), c);
}

TEST(TftConfig, AutoTftMultiplierSetsTheWindow) {
  EXPECT_EQ(options_from_config({{"h", 12}, {"input_size_multiplier", 3}}).input_size(), 36);
}

TEST(TftConfig, ErrorsNameTheKeyAndWhereItWasSet) {
  EXPECT_EQ(error_of({{"input_size", 24}}), "h: missing (the forecast horizon)");
  EXPECT_EQ(error_of({{"h", 12}, {"input_size", 24}, {"hidden_size", "big"}}),
            "hidden_size: expected a whole number, got \"big\"");
  const config::Origins origins = {{"hidden_size", "run.yaml:4:14"}, {"n_head", "--n-head"}};
  EXPECT_EQ(error_of({{"h", 12}, {"input_size", 24}, {"hidden_size", 10}, {"n_head", 4}}, &origins),
            "run.yaml:4:14: hidden_size: expected a multiple of n_head (4), got 10");
  EXPECT_EQ(error_of({{"h", 12}, {"input_size", 24}, {"n_head", 0}}, &origins),
            "--n-head: n_head: expected at least one head, got 0");
  EXPECT_EQ(error_of({{"h", 12}, {"input_size", 24}, {"loss", "mq"}, {"level", "wide"}}),
            "level: expected a number or a list of numbers, got \"wide\"");
}

TEST(TftConfig, ReaderAcceptsListsAndCommaSeparatedNames) {
  const config::Configuration c = {{"a", "x,y"}, {"b", {"p", "q"}}, {"c", ""}, {"n", 64.0}};
  const config::Reader read(c);
  EXPECT_EQ(read.texts("a", {}), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(read.texts("b", {}), (std::vector<std::string>{"p", "q"}));
  EXPECT_TRUE(read.texts("c", {"default"}).empty());
  EXPECT_EQ(read.texts("missing", {"default"}), std::vector<std::string>{"default"});
  EXPECT_EQ(read.integer("n", 0), 64);
}

}  // namespace
}  // namespace gradaudit::tft
