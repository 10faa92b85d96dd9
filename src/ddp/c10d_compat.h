// The c10d calls whose signatures differ between the LibTorch versions we
// build against (1.13 on Debian 12, 2.6 on Debian 13, the 2.x of a pip
// torch), in one place. The rest of ddp/ uses c10d's stable surface: a
// ProcessGroup's collectives, the Reducer's hooks, the stores.
//
// What changed:
//   - 2.0: a Gloo or NCCL group is a c10d::Backend; a c10d::ProcessGroup is
//     built around the store and given the backend for its device type.
//   - 2.5: ProcessGroup's constructor lost its Options argument.
//   - 2.4: TCPStore's server defaults to libuv, which not every LibTorch is
//     built with (Debian's 2.6 is not: "use_libuv was requested but PyTorch
//     was build without libuv support").
//   - 2.7 onwards: the Reducer lost per_bucket_size_limits and gained flags
//     (skip_all_reduce_unused_params, use_python_reducer), later a per-bucket
//     cap list.
// Each is chosen by what the headers declare (std::is_constructible /
// std::is_base_of), not by version numbers, so minor releases in between
// pick the right form without a table to maintain.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/util/intrusive_ptr.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace c10d {
class ProcessGroup;
class Reducer;
class Store;
struct TCPStoreOptions;
}  // namespace c10d

namespace gradaudit::ddp::compat {

struct GlooSettings {
  std::chrono::milliseconds timeout{};
  // The address whose interface Gloo binds ("127.0.0.1" for loopback);
  // empty: the interface the hostname resolves to.
  std::string interface_address;
  int threads = 2;
};

// A process group whose collectives run over Gloo (CPU tensors).
c10::intrusive_ptr<c10d::ProcessGroup> gloo_process_group(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                                          int size, const GlooSettings& settings);

#ifdef GRADAUDIT_WITH_NCCL
// A process group whose collectives run over NCCL (CUDA tensors).
c10::intrusive_ptr<c10d::ProcessGroup> nccl_process_group(const c10::intrusive_ptr<c10d::Store>& store, int rank,
                                                          int size, std::chrono::milliseconds timeout);
#endif

// Asks for the TCPStore server every LibTorch has (the classic one, not
// libuv's); a no-op where the option does not exist.
void use_classic_store_server(c10d::TCPStoreOptions& options);

struct ReducerSettings {
  int64_t bucket_bytes_cap = 0;
  int64_t first_bucket_bytes_cap = 0;
  bool find_unused_parameters = false;
};

// c10d's Reducer over `params` in the buckets given (indices into params),
// with `names` (index -> parameter name) for its error messages.
std::unique_ptr<c10d::Reducer> make_reducer(std::vector<at::Tensor> params, std::vector<std::vector<size_t>> buckets,
                                            std::vector<size_t> per_bucket_limits,
                                            c10::intrusive_ptr<c10d::ProcessGroup> group,
                                            std::unordered_map<size_t, std::string> names,
                                            const ReducerSettings& settings);

}  // namespace gradaudit::ddp::compat
