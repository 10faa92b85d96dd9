// Window cutting: shapes per input kind, scaling, and too-short series.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "data/long_frame.h"
#include "data/windows.h"
#include "test_paths.h"

namespace gradaudit::testing {
namespace {

TEST(Windows, LastWindowOfEverySeriesWithEveryInputKind) {
  auto frame = data::read_long_frame(source_path("fixtures/data/seatbelts_panel.csv"), {"kms", "PetrolPrice", "law"});
  data::attach_static(frame, source_path("fixtures/data/seatbelts_static.csv"));
  const auto batch = data::last_windows(frame, {{"law"}, {"kms", "PetrolPrice"}, true}, 24, 12);
  EXPECT_EQ(batch.inputs.insample_y.sizes().vec(), (std::vector<int64_t>{3, 24, 1}));
  EXPECT_EQ(batch.inputs.futr_exog->sizes().vec(), (std::vector<int64_t>{3, 36, 1}));
  EXPECT_EQ(batch.inputs.hist_exog->sizes().vec(), (std::vector<int64_t>{3, 24, 2}));
  EXPECT_EQ(batch.inputs.stat_exog->sizes().vec(), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(batch.outsample_y.sizes().vec(), (std::vector<int64_t>{3, 12}));
  EXPECT_EQ(batch.ids, (std::vector<std::string>{"drivers", "front", "rear"}));
  // The observed part is standardised per window.
  const at::Tensor y = batch.inputs.insample_y.squeeze(-1);
  EXPECT_TRUE(at::allclose(y.mean(1), at::zeros({3}), 1e-5, 1e-5));
  EXPECT_TRUE(at::allclose(y.std(1, /*unbiased=*/false), at::ones({3}), 1e-4, 1e-4));
  // The law is in force over the whole 1984 horizon: one value, above the mean.
  const at::Tensor law = batch.inputs.futr_exog->select(2, 0).slice(1, 24);
  EXPECT_TRUE(at::all(law == law[0][0]).item<bool>());
  EXPECT_GT(law[0][0].item<float>(), 0.0f);
}

TEST(Windows, SeriesShorterThanTheWindowIsAnInputError) {
  const auto frame = data::read_long_frame(source_path("fixtures/data/uk_lung_deaths.csv"), {});
  EXPECT_THROW(data::last_windows(frame, {}, 61, 12), InputError);
  EXPECT_NO_THROW(data::last_windows(frame, {}, 60, 12));
}

}  // namespace
}  // namespace gradaudit::testing
