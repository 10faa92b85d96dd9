// One training step across ranks, with ranks as threads over Gloo: N ranks
// with K micro-batches each make exactly the update one process makes on
// all N*K micro-batches at once (gradient accumulation without all-reduce
// until the last micro-batch, each batch weighted by its observed targets);
// and the replica checksum notices a rank whose parameters differ.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/nn/module.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include "ddp/errors.h"
#include "ddp/replica_check.h"
#include "ddp/thread_world.h"
#include "registered_models.h"
#include "tft/config.h"
#include "train/training_step.h"

namespace gradaudit::train {
namespace {

tft::TFTOptions small_options() {
  config::Configuration c = config::Configuration::object();
  c["h"] = 4;
  c["input_size"] = 8;
  c["hidden_size"] = 8;
  c["n_head"] = 2;
  c["hist_exog_size"] = 1;
  c["futr_exog_size"] = 1;
  c["stat_exog_size"] = 2;
  c["dropout"] = 0.0;  // ranks cannot draw one process's dropout masks
  c["attn_dropout"] = 0.0;
  return tft::options_from_config(c);
}

// Four micro-batches with different sizes and different numbers of observed
// targets, so that plain averaging of the ranks' losses would be wrong.
std::vector<tft::TrainingBatch> micro_batches(const tft::TFTOptions& options) {
  std::vector<tft::TrainingBatch> batches;
  for (int i = 0; i < 4; ++i) {
    tft::TrainingBatch b = forecasters::synthetic_batch(options, 10 + i, 3 + i);
    b.outsample_mask.narrow(1, 0, i).zero_();  // the first i forecast steps unobserved
    batches.push_back(b);
  }
  return batches;
}

at::Tensor cat_optional(const std::vector<tft::TrainingBatch>& bs,
                        c10::optional<at::Tensor> tft::TFTInputs::*field) {
  std::vector<at::Tensor> parts;
  for (const auto& b : bs) parts.push_back(*(b.inputs.*field));
  return at::cat(parts);
}

tft::TrainingBatch concatenated(const std::vector<tft::TrainingBatch>& bs) {
  tft::TrainingBatch all;
  std::vector<at::Tensor> y, outsample, mask;
  for (const auto& b : bs) {
    y.push_back(b.inputs.insample_y);
    outsample.push_back(b.outsample_y);
    mask.push_back(b.outsample_mask);
  }
  all.inputs.insample_y = at::cat(y);
  all.inputs.hist_exog = cat_optional(bs, &tft::TFTInputs::hist_exog);
  all.inputs.futr_exog = cat_optional(bs, &tft::TFTInputs::futr_exog);
  all.inputs.stat_exog = cat_optional(bs, &tft::TFTInputs::stat_exog);
  all.outsample_y = at::cat(outsample);
  all.outsample_mask = at::cat(mask);
  return all;
}

forecasters::ForecastModel seeded_model(const tft::TFTOptions& options) {
  torch::manual_seed(3);
  forecasters::ForecastModel model = testing::registered_models().require("tft", "test").build(options);
  model.module->train();
  return model;
}

TEST(TrainingStep, TwoRanksWithTwoMicroBatchesEachMatchOneProcessOnAllFour) {
  const tft::TFTOptions options = small_options();
  const std::vector<tft::TrainingBatch> batches = micro_batches(options);

  forecasters::ForecastModel reference = seeded_model(options);
  {
    torch::optim::Adam adam(reference.module->parameters(), torch::optim::AdamOptions(0.01));
    GradientSync none;
    const ddp::World one;
    TrainingStep step(reference, tft::Loss::mae(), adam, none, one);
    step.run(concatenated(batches));
  }

  std::vector<std::vector<at::Tensor>> after(2);
  std::vector<double> shares(2);
  // Built here: the threads would share the one global generator.
  std::vector<forecasters::ForecastModel> replicas = {seeded_model(options), seeded_model(options)};
  const auto outcomes = ddp::run_threads(2, [&](int rank, c10::intrusive_ptr<c10d::ProcessGroup> group) {
    forecasters::ForecastModel& model = replicas[rank];
    torch::optim::Adam adam(model.module->parameters(), torch::optim::AdamOptions(0.01));
    GradientSync sync(*model.module, group);
    const ddp::World world(rank, 2, rank, group, "cpu");
    TrainingStep step(model, tft::Loss::mae(), adam, sync, world);
    shares[rank] = step.run({batches[2 * rank], batches[2 * rank + 1]});
    for (const auto& p : model.module->parameters()) after[rank].push_back(p.detach().clone());
  });
  for (const auto& o : outcomes) ASSERT_TRUE(o.ok) << o.error;

  const std::vector<at::Tensor> expected = reference.module->parameters();
  ASSERT_EQ(after[0].size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(at::allclose(after[0][i], expected[i], 1e-4, 1e-6)) << "parameter " << i;
    EXPECT_TRUE(at::equal(after[0][i], after[1][i])) << "the replicas differ at parameter " << i;
  }
  // The ranks' shares add up to the loss of the whole batch.
  forecasters::ForecastModel fresh = seeded_model(options);
  const tft::TrainingBatch all = concatenated(batches);
  const double whole =
      tft::Loss::mae()(fresh.forward(all.inputs).y_hat, all.outsample_y, all.outsample_mask).item<double>();
  EXPECT_NEAR(shares[0] + shares[1], whole, 1e-5 * whole);
}

TEST(TrainingStep, ReplicaChecksumNamesAParameterThatDiffers) {
  const auto agree = ddp::run_threads(2, [](int rank, c10::intrusive_ptr<c10d::ProcessGroup> group) {
    const ddp::World world(rank, 2, rank, group, "cpu");
    ddp::check_replicas_agree(world, {{"w", at::ones({3})}, {"b", at::zeros({2})}}, 5);
  });
  for (const auto& o : agree) EXPECT_TRUE(o.ok) << o.error;

  const auto differ = ddp::run_threads(2, [](int rank, c10::intrusive_ptr<c10d::ProcessGroup> group) {
    const ddp::World world(rank, 2, rank, group, "cpu");
    at::Tensor b = at::zeros({2});
    if (rank == 1) b[0] = 1e-7;
    ddp::check_replicas_agree(world, {{"w", at::ones({3})}, {"b", b}}, 5);
  });
  for (const auto& o : differ) {
    EXPECT_FALSE(o.ok);
    EXPECT_NE(o.error.find("replicas diverged at step 5: 1 parameter(s) differ across ranks, first 'b'"),
              std::string::npos)
        << o.error;
  }
}

}  // namespace
}  // namespace gradaudit::train
