#include "ddp/c10d_compat.h"

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#ifdef GRADAUDIT_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <type_traits>
#include <utility>

namespace gradaudit::ddp::compat {
namespace {

using GroupPtr = c10::intrusive_ptr<c10d::ProcessGroup>;
using StorePtr = c10::intrusive_ptr<c10d::Store>;

// c10d::ProcessGroup, spelled so that it depends on a template parameter:
// members that exist only in some versions are then looked up when the
// branch that uses them is chosen, not when it is parsed.
template <typename Dependent>
using ProcessGroupOf = std::conditional_t<sizeof(Dependent) != 0, c10d::ProcessGroup, void>;

// 1.13: a Gloo/NCCL group is the ProcessGroup. 2.x: it is a Backend that a
// ProcessGroup holds for one device type.
template <typename Backend, typename BackendKind>
GroupPtr as_process_group(c10::intrusive_ptr<Backend> backend, const StorePtr& store, int rank, int size,
                          c10::DeviceType device, BackendKind kind, std::chrono::milliseconds timeout) {
  if constexpr (std::is_base_of_v<c10d::ProcessGroup, Backend>) {
    return backend;
  } else {
    using Group = ProcessGroupOf<Backend>;
    c10::intrusive_ptr<Group> group;
    if constexpr (std::is_constructible_v<Group, StorePtr, int, int>) {
      group = c10::make_intrusive<Group>(store, rank, size);  // 2.5 onwards
    } else {
      auto options = c10::make_intrusive<typename Group::Options>(backend->getBackendName(), timeout);
      group = c10::make_intrusive<Group>(store, rank, size, options);  // 2.0 - 2.4
    }
    group->setBackend(device, kind, backend);
    group->setDefaultBackend(kind);
    return group;
  }
}

template <typename T>
struct TypeTag {
  using type = T;
};

// The BackendType a 2.x ProcessGroup files the backend under, picked by
// `kind` from the ProcessGroup type; unused (0) with 1.13.
template <typename Backend, typename PickKind>
auto backend_kind(PickKind kind) {
  if constexpr (std::is_base_of_v<c10d::ProcessGroup, Backend>) {
    return 0;
  } else {
    return kind(TypeTag<ProcessGroupOf<Backend>>{});
  }
}

template <typename Options, typename = void>
struct HasLibUvChoice : std::false_type {};
template <typename Options>
struct HasLibUvChoice<Options, std::void_t<decltype(std::declval<Options&>().useLibUV)>> : std::true_type {};

template <typename Options>
void classic_server(Options& options) {
  if constexpr (HasLibUvChoice<Options>::value) options.useLibUV = false;
}

using Params = std::vector<at::Tensor>;
using Buckets = std::vector<std::vector<size_t>>;
using Names = std::unordered_map<size_t, std::string>;

template <typename Reducer = c10d::Reducer>
std::unique_ptr<Reducer> construct_reducer(Params params, Buckets buckets, std::vector<size_t> limits, GroupPtr group,
                                           Names names, const ReducerSettings& s) {
  const size_t count = params.size();
  std::vector<bool> sparse(count, false);
  constexpr bool kAsBucketView = false;
  if constexpr (std::is_constructible_v<Reducer, Params, Buckets, const std::vector<size_t>&, GroupPtr,
                                        std::vector<bool>, int64_t, bool, bool, Names, int64_t>) {
    // 1.13 - 2.6
    return std::make_unique<Reducer>(std::move(params), std::move(buckets), limits, std::move(group),
                                     std::move(sparse), s.bucket_bytes_cap, s.find_unused_parameters, kAsBucketView,
                                     std::move(names), s.first_bucket_bytes_cap);
  } else if constexpr (std::is_constructible_v<Reducer, Params, Buckets, GroupPtr, std::vector<bool>, int64_t, bool,
                                               bool, Names, int64_t, bool, bool>) {
    // 2.7 onwards: the limits are recomputed from the caps.
    return std::make_unique<Reducer>(std::move(params), std::move(buckets), std::move(group), std::move(sparse),
                                     s.bucket_bytes_cap, s.find_unused_parameters, kAsBucketView, std::move(names),
                                     s.first_bucket_bytes_cap, /*skip_all_reduce_unused_params=*/false,
                                     /*use_python_reducer=*/false);
  } else {
    // Later 2.x: a per-bucket cap list, empty for one cap for all buckets.
    return std::make_unique<Reducer>(std::move(params), std::move(buckets), std::move(group), std::move(sparse),
                                     s.bucket_bytes_cap, s.find_unused_parameters, kAsBucketView, std::move(names),
                                     s.first_bucket_bytes_cap, /*skip_all_reduce_unused_params=*/false,
                                     /*use_python_reducer=*/false, std::vector<int64_t>{});
  }
}

}  // namespace

GroupPtr gloo_process_group(const StorePtr& store, int rank, int size, const GlooSettings& settings) {
  using Gloo = c10d::ProcessGroupGloo;
  auto options = Gloo::Options::create(settings.timeout);
  options->devices.push_back(settings.interface_address.empty()
                                 ? Gloo::createDefaultDevice()
                                 : Gloo::createDeviceForHostname(settings.interface_address));
  options->threads = settings.threads;
  auto gloo = c10::make_intrusive<Gloo>(store, rank, size, options);
  const auto kind = backend_kind<Gloo>([](auto group) { return decltype(group)::type::BackendType::GLOO; });
  return as_process_group(std::move(gloo), store, rank, size, c10::DeviceType::CPU, kind, settings.timeout);
}

#ifdef GRADAUDIT_WITH_NCCL
GroupPtr nccl_process_group(const StorePtr& store, int rank, int size, std::chrono::milliseconds timeout) {
  using Nccl = c10d::ProcessGroupNCCL;
  auto options = Nccl::Options::create();
  options->timeout = timeout;
  auto nccl = c10::make_intrusive<Nccl>(store, rank, size, options);
  const auto kind = backend_kind<Nccl>([](auto group) { return decltype(group)::type::BackendType::NCCL; });
  return as_process_group(std::move(nccl), store, rank, size, c10::DeviceType::CUDA, kind, timeout);
}
#endif

void use_classic_store_server(c10d::TCPStoreOptions& options) { classic_server(options); }

std::unique_ptr<c10d::Reducer> make_reducer(Params params, Buckets buckets, std::vector<size_t> per_bucket_limits,
                                            GroupPtr group, Names names, const ReducerSettings& settings) {
  return construct_reducer(std::move(params), std::move(buckets), std::move(per_bucket_limits), std::move(group),
                           std::move(names), settings);
}

}  // namespace gradaudit::ddp::compat
