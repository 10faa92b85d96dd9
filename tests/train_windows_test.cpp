// Windows and scalers as NeuralForecast makes them.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <random>

#include "common/input_error.h"
#include "data/dataset.h"
#include "temp_dir.h"
#include "train/scaler.h"
#include "train/windows.h"

namespace gradaudit::testing {
namespace {

using namespace train;

// Two series of 20 and 12 steps, y = 100 * series + step, one historic column.
data::Dataset two_series(TempDir& dir) {
  std::string csv = "unique_id,ds,y,x\n";
  for (int s = 0; s < 2; ++s)
    for (int t = 0; t < (s ? 12 : 20); ++t) csv += "s" + std::to_string(s) + "," + std::to_string(t) + "," +
                                                  std::to_string(100 * s + t) + "," + std::to_string(-t) + "\n";
  data::DatasetSpec spec;
  spec.data = dir.write("d.csv", csv);
  spec.roles.hist = {"x"};
  return data::load_dataset(spec);
}

TEST(Windows, CutWindowMasksWhatLiesOutsideTheVisiblePart) {
  TempDir dir;
  const auto d = two_series(dir);
  const SeriesTensors tensors(d);
  EXPECT_EQ(tensors.channels(), 3);  // y, x, mask
  // Input steps 2..5 of series 1, horizon 6..8, only 7 steps visible.
  const at::Tensor w = cut_window(tensors, 1, 6, 7, {4, 3});
  EXPECT_EQ(w.select(1, 0)[0].item<float>(), 102);
  EXPECT_EQ(w.select(1, 2).sum().item<float>(), 5) << "4 inputs + 1 visible target";
  EXPECT_EQ(w[6][0].item<float>(), 0) << "beyond the visible part: zero";
  // Before the series starts: padding.
  const at::Tensor padded = cut_window(tensors, 0, 2, 20, {4, 3});
  EXPECT_EQ(padded.select(1, 2).narrow(0, 0, 2).sum().item<float>(), 0);
}

TEST(Windows, TrainingWindowsFollowStepSizeAndHoldOutValidation) {
  TempDir dir;
  const auto d = two_series(dir);
  const SeriesTensors tensors(d);
  TrainingOptions o;
  o.batch_size = 2;
  o.windows_batch_size = 1000;  // more than exist: drawn with replacement
  o.val_size = 3;
  o.step_size = 2;
  const WindowSampler sampler(tensors, d, {4, 3}, o);
  std::mt19937_64 rng(1);
  const Windows w = sampler.training_batch(rng);
  EXPECT_EQ(w.size(), 1000);
  for (int64_t i = 0; i < w.size(); ++i) {
    const int64_t train_part = tensors.length(static_cast<size_t>(w.series[i])) - o.val_size;
    EXPECT_GE(w.cutoff[i], 4);
    EXPECT_LT(w.cutoff[i], train_part) << "a target must be observed in the training part";
    EXPECT_EQ((w.cutoff[i] - 4) % 2, 0) << "windows every step_size";
    // Nothing from the validation part leaks into a training window.
    const at::Tensor mask = w.temporal[i].select(1, 2);
    EXPECT_EQ(mask.narrow(0, 4, 3).sum().item<float>(), static_cast<float>(std::min<int64_t>(3, train_part - w.cutoff[i])));
  }
  // Validation: one window per step of the last val_size, per series.
  const Windows v = sampler.validation();
  EXPECT_EQ(v.size(), 6);
  EXPECT_EQ(v.cutoff[0], 17);
}

TEST(Windows, TooShortSeriesIsNamedUnlessPadding) {
  TempDir dir;
  const auto d = two_series(dir);
  const SeriesTensors tensors(d);
  TrainingOptions o;
  o.val_size = 4;
  try {
    WindowSampler(tensors, d, {8, 3}, o);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("series 's1' is too short: 12 rows, 8 of them for training"), std::string::npos)
        << e.what();
  }
  o.start_padding_enabled = true;
  EXPECT_NO_THROW(WindowSampler(tensors, d, {8, 3}, o));
}

TEST(Windows, SamplingWithoutReplacementWhenEnoughWindows) {
  TempDir dir;
  const auto d = two_series(dir);
  const SeriesTensors tensors(d);
  TrainingOptions o;
  o.windows_batch_size = 5;
  const WindowSampler sampler(tensors, d, {4, 3}, o);
  std::mt19937_64 rng(7);
  const Windows w = sampler.training_batch(rng);
  std::set<std::pair<int64_t, int64_t>> distinct;
  for (int64_t i = 0; i < w.size(); ++i) distinct.emplace(w.series[i], w.cutoff[i]);
  EXPECT_EQ(distinct.size(), 5u);
}

class Scalers : public ::testing::TestWithParam<const char*> {};

TEST_P(Scalers, RoundTripAndIgnoreTheHorizon) {
  const ScalerType type = parse_scaler(GetParam());
  at::manual_seed(3);
  const at::Tensor x = at::randn({4, 10, 2}) * 50 + 7;
  at::Tensor mask = at::ones({4, 10, 1});
  mask.narrow(1, 7, 3).zero_();
  const ScaleStats s = fit_scaler(type, x, mask);
  EXPECT_TRUE(at::allclose(invert_scaler(s, apply_scaler(s, x)), x, 1e-4, 1e-3));
  // Changing the masked horizon does not change the statistics.
  at::Tensor changed = x.clone();
  changed.narrow(1, 7, 3).fill_(1e6);
  const ScaleStats t = fit_scaler(type, changed, mask);
  EXPECT_TRUE(at::equal(s.shift, t.shift));
  EXPECT_TRUE(at::equal(s.scale, t.scale));
}

INSTANTIATE_TEST_SUITE_P(Each, Scalers, ::testing::Values("identity", "standard", "robust", "minmax", "minmax1"));

TEST(Scalers, ValuesMatchTheirDefinitions) {
  const at::Tensor x = at::tensor({1.0f, 2.0f, 4.0f, 10.0f, 100.0f}).view({1, 5, 1});
  at::Tensor mask = at::ones({1, 5, 1});
  mask[0][4][0] = 0;  // the horizon
  const auto robust = fit_scaler(ScalerType::kRobust, x, mask);
  EXPECT_FLOAT_EQ(robust.shift.item<float>(), 3.0f);               // median of 1, 2, 4, 10
  EXPECT_NEAR(robust.scale.item<float>(), 1.5f + 1e-6f, 1e-6);     // median of |x - 3| = 2, 1, 1, 7
  const auto minmax = fit_scaler(ScalerType::kMinMax, x, mask);
  EXPECT_NEAR(apply_scaler(minmax, x)[0][3][0].item<float>(), 1.0f, 1e-6);
  const auto minmax1 = fit_scaler(ScalerType::kMinMax1, x, mask);
  EXPECT_NEAR(apply_scaler(minmax1, x)[0][0][0].item<float>(), -1.0f, 1e-6);
  const auto standard = fit_scaler(ScalerType::kStandard, x, mask);
  EXPECT_FLOAT_EQ(standard.shift.item<float>(), 4.25f);
  // A constant input keeps a scale of 1 (+eps) instead of dividing by zero.
  const auto constant = fit_scaler(ScalerType::kRobust, at::ones({1, 5, 1}), mask);
  EXPECT_NEAR(constant.scale.item<float>(), 1.0f, 1e-5);
  EXPECT_THROW(parse_scaler("zscore"), InputError);
}

}  // namespace
}  // namespace gradaudit::testing
