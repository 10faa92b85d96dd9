#include "trace/torchscript.h"

#include <ATen/ATen.h>
#include <caffe2/serialize/versions.h>
#include <fmt/format.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/script.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "common/archive_version.h"
#include "common/input_error.h"
#include "common/text.h"
#include "trace/error_summary.h"
#include "trace/input_spec.h"
#include "trace/manifest.h"
#include "trace/random_ops.h"
#include "trace/unusable_input.h"

namespace gradaudit::trace {
namespace {

void flatten(const c10::IValue& v, std::vector<at::Tensor>& out) {
  if (v.isTensor()) {
    out.push_back(v.toTensor());
  } else if (v.isTuple()) {
    for (const auto& e : v.toTupleRef().elements()) flatten(e, out);
  } else if (v.isList()) {
    for (const auto& e : v.toListRef()) flatten(e, out);
  } else if (v.isGenericDict()) {
    for (const auto& e : v.toGenericDict()) flatten(e.value(), out);
  }
}

ForwardResult run_forward(torch::jit::Module& module, const InputSpec& spec, uint64_t seed) {
  // A dry run needs none of the profiling and optimising executor's work on
  // the first calls (it was 3/4 of the time); the setting is per thread.
  torch::jit::GraphOptimizerEnabledGuard no_optimization(false);
  ForwardResult r;
  flatten(module.forward(make_inputs(spec, seed)), r.outputs);
  at::Tensor loss = at::zeros({});
  bool any = false;
  for (size_t i = 0; i < r.outputs.size(); ++i) {
    const bool chosen = spec.loss_outputs.empty()
                            ? true
                            : std::find(spec.loss_outputs.begin(), spec.loss_outputs.end(), i) != spec.loss_outputs.end();
    const at::Tensor& out = r.outputs[i];
    if (!chosen || !out.defined() || !at::isFloatingType(out.scalar_type()) || out.numel() == 0) continue;
    loss = loss + out.to(at::kFloat).mean();
    any = true;
  }
  TORCH_CHECK(any || spec.loss_outputs.empty(), "loss_outputs selects no floating-point output of ",
              r.outputs.size());
  r.loss = loss;
  return r;
}

using Bytes = std::shared_ptr<const std::string>;

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open TorchScript file for reading");
  return std::make_shared<const std::string>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Each subject is loaded afresh from the file's bytes: a copy of a loaded
// module must keep every alias of a parameter consistent (a scripted LSTM
// also holds its weights in `_flat_weights`), and a fresh load does so by
// construction. Separate loads also share no compilation unit, so threads
// never race on one.
torch::jit::Module load_from_bytes(const std::string& bytes, const std::string& path) {
  check_archive_format_version(bytes, path, caffe2::serialize::kMinSupportedFileFormatVersion,
                               caffe2::serialize::kMaxSupportedFileFormatVersion);
  try {
    std::istringstream in(bytes);
    torch::jit::Module module = torch::jit::load(in);
    if (!module.find_method("forward")) throw InputError(path + ": the TorchScript module has no forward() method");
    return module;
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("{}: cannot load as TorchScript: {}", path, first_line(e.what_without_backtrace())));
  }
}

// Where a subject's bytes come from: kept in memory for one model; read per
// build for a manifest, so only the models being probed are in memory.
using BytesSource = std::function<Bytes()>;

SubjectFactory script_factory(BytesSource bytes, const std::string& model_path, InputSpec spec,
                              const std::string& spec_path) {
  return [bytes = std::move(bytes), model_path, spec = std::move(spec), spec_path](const config::Configuration&) {
    std::shared_ptr<torch::jit::Module> module;
    try {
      module = std::make_shared<torch::jit::Module>(load_from_bytes(*bytes(), model_path));
      check_signature(*module, spec, spec_path);
    } catch (const InputError& e) {
      throw UnusableInput(e.what());
    }
    module->train(true);
    AuditSubject s;
    for (const auto& p : module->named_parameters(/*recurse=*/true)) s.parameters.emplace_back(p.name, p.value);
    for (const auto& b : module->buffers(/*recurse=*/true)) s.buffers.push_back(b);
    s.forward = [module, spec](uint64_t seed) { return run_forward(*module, spec, seed); };
    s.draws_random_numbers = forward_draws_random_numbers(*module);
    s.owner = module;
    return s;
  };
}

AuditTarget script_target(const std::string& label, config::Configuration config, SubjectFactory factory) {
  AuditTarget t;
  t.label = label;
  t.config = std::move(config);
  t.probe_key = label;
  t.model_config = config::Configuration::object();
  t.make_subject = std::move(factory);
  t.seeded_build = false;  // the weights come from the file
  return t;
}

}  // namespace

AuditTarget torchscript_target(const std::string& model_path, const std::string& spec_path) {
  const Bytes bytes = read_bytes(model_path);
  InputSpec spec = parse_spec(spec_path);
  // Not loaded here: the probe's load reports a bad file or a spec that does
  // not fit (UnusableInput, exit 2) and a second load would cost as much.
  return script_target(model_path, config::Configuration::object(),
                       script_factory([bytes] { return bytes; }, model_path, std::move(spec), spec_path));
}

void require_forward_runs(const AuditResult& result, const std::string& model_path, const std::string& spec_path) {
  for (const auto& p : result.probes)
    if (!p.ok)
      throw InputError(fmt::format("{}: forward() fails on inputs shaped as {} says: {}", model_path, spec_path, p.error));
}

std::vector<AuditTarget> manifest_targets(const std::string& manifest_path) {
  std::vector<AuditTarget> targets;
  for (ManifestEntry& entry : read_manifest(manifest_path)) {
    const std::string model_path = entry.model_path;
    // Entries are streamed: each probe reads and loads its model, and drops it
    // when done, so memory holds only the models being probed.
    targets.push_back(script_target(entry.name, std::move(entry.config),
                                    script_factory([model_path] { return read_bytes(model_path); }, model_path,
                                                   std::move(entry.spec), entry.spec_path)));
  }
  return targets;
}

}  // namespace gradaudit::trace
