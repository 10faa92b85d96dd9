#include "ddp/world.h"

#include <ATen/ATen.h>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

#include "common/text.h"
#include "ddp/errors.h"

namespace gradaudit::ddp {
namespace {

c10d::ReduceOp to_c10d(Reduce op) {
  switch (op) {
    case Reduce::kSum: return c10d::ReduceOp::SUM;
    case Reduce::kMin: return c10d::ReduceOp::MIN;
    case Reduce::kMax: return c10d::ReduceOp::MAX;
  }
  return c10d::ReduceOp::SUM;
}

// A collective's failure (Gloo's "Connection closed by peer", a timeout)
// as one line that says which rank saw it.
[[noreturn]] void rethrow_collective(const char* what, int rank, const std::exception& e) {
  throw CollectiveError("rank " + std::to_string(rank) + ": " + what + " failed: " + first_line(e.what()));
}

}  // namespace

World::World() = default;

World::World(int rank, int size, int local_rank, c10::intrusive_ptr<c10d::ProcessGroup> group, std::string device)
    : rank_(rank), size_(size), local_rank_(local_rank), group_(std::move(group)), device_(std::move(device)) {}

World::~World() = default;
World::World(World&&) noexcept = default;
World& World::operator=(World&&) noexcept = default;

std::vector<double> World::all_reduce(std::vector<double> values, Reduce op) const {
  if (!group_ || values.empty()) return values;
  try {
    std::vector<at::Tensor> tensors = {
        at::tensor(values, at::TensorOptions().dtype(at::kDouble)).to(at::Device(device_))};
    // NCCL reduces doubles too; one tensor keeps it a single collective.
    c10d::AllreduceOptions options;
    options.reduceOp = to_c10d(op);
    group_->allreduce(tensors, options)->wait();
    const at::Tensor result = tensors.front().cpu();
    const double* data = result.data_ptr<double>();
    values.assign(data, data + result.numel());
  } catch (const std::exception& e) {
    rethrow_collective("all-reduce", rank_, e);
  }
  return values;
}

void World::barrier() const {
  if (!group_) return;
  try {
    group_->barrier()->wait();
  } catch (const std::exception& e) {
    rethrow_collective("barrier", rank_, e);
  }
}

}  // namespace gradaudit::ddp
