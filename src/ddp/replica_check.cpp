#include "ddp/replica_check.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

namespace gradaudit::ddp {

void check_replicas_agree(const World& world, const NamedTensors& parameters, int64_t step) {
  if (!world.distributed()) return;
  std::vector<double> checksums;
  checksums.reserve(2 * parameters.size());
  {
    at::NoGradGuard no_grad;
    for (const auto& [name, tensor] : parameters) {
      const at::Tensor values = tensor.detach().to(at::kDouble);
      checksums.push_back(values.sum().item<double>());
      checksums.push_back(values.pow(2).sum().item<double>());
    }
  }
  const std::vector<double> low = world.all_reduce(checksums, Reduce::kMin);
  const std::vector<double> high = world.all_reduce(checksums, Reduce::kMax);
  size_t differing = 0;
  std::string first;
  for (size_t i = 0; i < parameters.size(); ++i) {
    if (low[2 * i] == high[2 * i] && low[2 * i + 1] == high[2 * i + 1]) continue;
    if (differing++ == 0) first = parameters[i].first;
  }
  if (differing == 0) return;
  throw ReplicaDivergenceError(fmt::format(
      "rank {}: replicas diverged at step {}: {} parameter(s) differ across ranks, first '{}' (the ranks did not "
      "apply the same updates)",
      world.rank(), step, differing, first));
}

}  // namespace gradaudit::ddp
