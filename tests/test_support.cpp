#include "test_support.h"

#include <ATen/ATen.h>

namespace gradaudit::testing {

tft::TFTInputs random_inputs(const tft::TFTOptions& o, int64_t batch) {
  tft::TFTInputs in;
  in.insample_y = at::randn({batch, o.input_size(), o.tgt_size()});
  if (o.futr_exog_size() > 0) in.futr_exog = at::randn({batch, o.example_length(), o.futr_exog_size()});
  if (o.hist_exog_size() > 0) in.hist_exog = at::randn({batch, o.input_size(), o.hist_exog_size()});
  if (o.stat_exog_size() > 0) in.stat_exog = at::randn({batch, o.stat_exog_size()});
  return in;
}

}  // namespace gradaudit::testing
