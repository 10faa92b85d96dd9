// Helpers shared by the test suites.
#pragma once

#include <string>

#include "tft/batch.h"
#include "test_paths.h"
#include "tft/options.h"

namespace gradaudit::testing {

// One data schema: which exogenous inputs exist and how many.
struct Schema {
  int64_t stat, hist, futr;
  std::string name() const {
    return "stat" + std::to_string(stat) + "_hist" + std::to_string(hist) + "_futr" + std::to_string(futr);
  }
};

// The small configuration of the reference table (h=12, input_size=24,
// hidden_size=16, n_head=4).
inline tft::TFTOptions small_options(const Schema& s, int64_t output_size = 1) {
  return tft::TFTOptions(12, 24)
      .stat_exog_size(s.stat)
      .hist_exog_size(s.hist)
      .futr_exog_size(s.futr)
      .hidden_size(16)
      .n_head(4)
      .output_size(output_size);
}

// Random inputs of the right shapes for `options`.
tft::TFTInputs random_inputs(const tft::TFTOptions& options, int64_t batch);

}  // namespace gradaudit::testing
