// The ranks one training run spans, and the few collectives the trainer
// needs outside gradient synchronisation (a step's target count, validation
// sums, agreement to stop, replica checksums). A world of one has no process
// group and its collectives return their input.
#pragma once

#include <c10/util/intrusive_ptr.h>

#include <string>
#include <vector>

namespace c10d {
class ProcessGroup;
}

namespace gradaudit::ddp {

enum class Reduce { kSum, kMin, kMax };

class World {
 public:
  // One process.
  World();
  // `group` spans `size` ranks; collectives move their values through
  // tensors on `device` ("cpu" for Gloo, "cuda:N" for NCCL).
  World(int rank, int size, int local_rank, c10::intrusive_ptr<c10d::ProcessGroup> group, std::string device);
  ~World();
  World(World&&) noexcept;
  World& operator=(World&&) noexcept;

  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_rank() const { return local_rank_; }
  bool root() const { return rank_ == 0; }
  bool distributed() const { return size_ > 1; }
  const c10::intrusive_ptr<c10d::ProcessGroup>& group() const { return group_; }

  // Element-wise over every rank, in double precision. Throws
  // CollectiveError when a rank is gone or the collective timed out.
  std::vector<double> all_reduce(std::vector<double> values, Reduce op) const;
  double sum(double value) const { return all_reduce({value}, Reduce::kSum).front(); }
  void barrier() const;

 private:
  int rank_ = 0, size_ = 1, local_rank_ = 0;
  c10::intrusive_ptr<c10d::ProcessGroup> group_;
  std::string device_ = "cpu";
};

}  // namespace gradaudit::ddp
