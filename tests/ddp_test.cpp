// DDP on c10d, ranks as threads over Gloo: gradients are averaged, an unused
// parameter fails the second iteration naming the parameter, and
// find_unused_parameters makes the same model train.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

#include "ddp/distributed.h"
#include "ddp/thread_world.h"

namespace gradaudit::ddp {
namespace {

// Two layers; `skip_second` leaves the second unused.
struct TwoLayers : torch::nn::Module {
  explicit TwoLayers(bool skip_second) : skip_second(skip_second) {
    first = register_module("first", torch::nn::Linear(4, 4));
    second = register_module("second", torch::nn::Linear(4, 1));
  }
  at::Tensor forward(const at::Tensor& x) {
    const at::Tensor h = first(x);
    return skip_second ? h.sum(1, true) : second(h);
  }
  bool skip_second;
  torch::nn::Linear first{nullptr}, second{nullptr};
};

std::vector<RankOutcome> train(bool skip_second, bool find_unused, int steps, std::vector<at::Tensor>* grads = nullptr) {
  if (grads) grads->resize(2);
  return run_threads(2, [&](int rank, c10::intrusive_ptr<c10d::ProcessGroup> group) {
    torch::manual_seed(100 + rank);  // different initial weights: the broadcast must fix them
    auto model = std::make_shared<TwoLayers>(skip_second);
    DistributedDataParallel ddp(*model, group, {find_unused});
    for (int step = 0; step < steps; ++step) {
      ddp.before_forward();
      const at::Tensor out = model->forward(at::full({2, 4}, double(rank + 1)));
      ddp.before_backward({out});
      out.sum().backward();
    }
    if (grads) (*grads)[rank] = model->first->weight.grad().clone();
  });
}

TEST(Ddp, AveragesGradientsAcrossRanks) {
  std::vector<at::Tensor> grads;
  const auto outcomes = train(false, false, 3, &grads);
  for (const auto& o : outcomes) EXPECT_TRUE(o.ok) << o.error;
  ASSERT_TRUE(grads[0].defined() && grads[1].defined());
  EXPECT_TRUE(at::allclose(grads[0], grads[1]));
}

TEST(Ddp, UnusedParameterFailsTheSecondIterationNamingIt) {
  const auto one_step = train(true, false, 1);
  for (const auto& o : one_step) EXPECT_TRUE(o.ok) << "one step proves nothing: " << o.error;
  const auto outcomes = train(true, false, 2);
  for (const auto& o : outcomes) {
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.unused_parameters, (std::vector<std::string>{"second.weight", "second.bias"})) << o.error;
    EXPECT_NE(o.error.find("second.weight"), std::string::npos) << o.error;
  }
}

TEST(Ddp, FindUnusedParametersTrainsTheSameModel) {
  for (const auto& o : train(true, true, 3)) EXPECT_TRUE(o.ok) << o.error;
}

}  // namespace
}  // namespace gradaudit::ddp
