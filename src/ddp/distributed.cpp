#include "ddp/distributed.h"

#ifdef GRADAUDIT_HAVE_GLOG
#include <glog/logging.h>
#endif

#include "common/log.h"
#include "ddp/c10d_compat.h"
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#include <fmt/format.h>
#include <torch/utils.h>

#include <algorithm>
#include <mutex>
#include <regex>
#include <sstream>
#include <unordered_map>

namespace gradaudit::ddp {
namespace {

// "Parameter indices which did not receive grad for rank 0: 3 4 5" -- the
// reducer's own wording, the same from 1.13 to 2.6; the DDP tests that name
// unused parameters fail if a LibTorch changes it.
std::vector<std::string> unused_names(const std::string& message, const std::vector<std::string>& names) {
  static const std::regex pattern("did not receive grad for rank [0-9]+: ([0-9 ]+)");
  std::smatch match;
  std::vector<std::string> out;
  if (!std::regex_search(message, match, pattern)) return out;
  std::istringstream indices(match[1].str());
  size_t index = 0;
  while (indices >> index) out.push_back(index < names.size() ? names[index] : "#" + std::to_string(index));
  return out;
}

}  // namespace

#ifdef GRADAUDIT_HAVE_GLOG
// Forwards glog records to our logger; glog itself prints nothing.
class GlogToLogger : public google::LogSink {
 public:
  void send(google::LogSeverity severity, const char*, const char* base_filename, int line,
            const google::LogMessageTime&, const char* message, size_t length) override {
    const auto level = severity >= google::GLOG_ERROR     ? spdlog::level::err
                       : severity == google::GLOG_WARNING ? spdlog::level::warn
                                                          : spdlog::level::debug;
    log().log(level, "libtorch {}:{}: {}", base_filename, line, std::string(message, length));
  }
};
#endif

void quiet_native_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
#ifdef GRADAUDIT_HAVE_GLOG
    if (!google::IsGoogleLoggingInitialized()) google::InitGoogleLogging("gradaudit");
    FLAGS_logtostderr = false;
    FLAGS_stderrthreshold = google::GLOG_FATAL;  // only fatal records print on their own
    FLAGS_minloglevel = google::GLOG_INFO;       // every record reaches the sink
    static GlogToLogger sink;
    google::AddLogSink(&sink);
#endif
  });
}

NamedTensors named_parameters_of(const torch::nn::Module& module) {
  NamedTensors out;
  for (const auto& item : module.named_parameters()) out.emplace_back(item.key(), item.value());
  return out;
}

DistributedDataParallel::DistributedDataParallel(const torch::nn::Module& module,
                                                 c10::intrusive_ptr<c10d::ProcessGroup> process_group,
                                                 DdpOptions options)
    : DistributedDataParallel(named_parameters_of(module), module.buffers(), std::move(process_group), options) {}

DistributedDataParallel::DistributedDataParallel(const NamedTensors& parameters, const std::vector<at::Tensor>& buffers,
                                                 c10::intrusive_ptr<c10d::ProcessGroup> process_group,
                                                 DdpOptions options)
    : process_group_(std::move(process_group)), options_(options) {
  quiet_native_logging();
  std::vector<at::Tensor> params;
  std::unordered_map<size_t, std::string> param_names;
  for (const auto& [name, tensor] : parameters) {
    if (!tensor.requires_grad()) continue;
    param_names.emplace(params.size(), name);
    names_.push_back(name);
    params.push_back(tensor);
  }
  if (options_.broadcast_parameters && !params.empty()) {
    // Outside autograd: the copy must not be recorded on leaf tensors.
    torch::NoGradGuard no_grad;
    std::vector<at::Tensor> state = params;
    state.insert(state.end(), buffers.begin(), buffers.end());
    c10d::broadcast_coalesced(process_group_, state, /*buffer_size=*/256 * 1024 * 1024);
  }
  // Buckets in reverse order, as Python's DDP does: gradients arrive roughly
  // from the last layer to the first.
  const size_t cap = static_cast<size_t>(options_.bucket_cap_mb) * 1024 * 1024;
  std::vector<int64_t> order(params.size());
  for (size_t i = 0; i < params.size(); ++i) order[i] = static_cast<int64_t>(params.size() - 1 - i);
  std::vector<at::Tensor> reversed(params.rbegin(), params.rend());
  auto [buckets, limits] = c10d::compute_bucket_assignment_by_size(reversed, {cap}, {}, order);
  reducer_ = compat::make_reducer(params, std::move(buckets), std::move(limits), process_group_, std::move(param_names),
                                  {static_cast<int64_t>(cap), /*first_bucket_bytes_cap=*/1024 * 1024,
                                   options_.find_unused_parameters});
}

DistributedDataParallel::~DistributedDataParallel() = default;

void DistributedDataParallel::before_forward() {
  try {
    reducer_->rebuild_buckets();
    reducer_->prepare_for_forward();
  } catch (const c10::Error& e) {
    const std::string message = e.what_without_backtrace();
    auto unused = unused_names(message, names_);
    if (unused.empty()) throw;
    // The full list travels in the exception; the message names a few.
    std::string list;
    const size_t shown = std::min<size_t>(unused.size(), 4);
    for (size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + unused[i];
    if (unused.size() > shown) list += fmt::format(" and {} more", unused.size() - shown);
    const std::string text = fmt::format("DDP: the previous iteration left {} parameter(s) without gradient: {}",
                                         unused.size(), list);
    throw UnusedParametersError(text, std::move(unused));
  }
}

void DistributedDataParallel::before_backward(const std::vector<at::Tensor>& outputs) {
  reducer_->prepare_for_backward(options_.find_unused_parameters ? outputs : std::vector<at::Tensor>{});
}

}  // namespace gradaudit::ddp
