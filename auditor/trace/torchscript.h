// TorchScript models saved from Python (torch.jit.script / torch.jit.trace),
// audited with an input spec, alone or as a manifest of several.
//
// Input spec (JSON): the positional arguments of forward(), each
//   {"shape": [2, 24, 1], "dtype": "float32"}   a tensor (random values)
//   null                                        None, for an Optional argument
//   {"dict": {"key": <tensor or null>, ...}}    a Dict[str, Optional[Tensor]]
// given as a list, or as {"inputs": [...], "loss_outputs": [0]} to say which
// flattened outputs the loss sums (default: all floating ones).
//
// Manifest (JSON): {"entries": [{"name": "...", "model": "a.pt",
//   "inputs": "a.json", "config": {"stat_exog_size": 0}}, ...]}, paths relative
// to the manifest's folder; `name` labels the configuration, `config` holds
// the keys that explain findings (any JSON values: numbers, strings, lists,
// null, objects).
#pragma once

#include <string>
#include <vector>

#include "trace/audit.h"

namespace gradaudit::trace {

// Reads the model's bytes and its spec (InputError naming the file and key).
// The bytes stay in memory; every subject is loaded afresh from them, and a
// file that does not load or a spec that does not fit forward()'s signature
// stops the audit with an InputError when the first one is.
AuditTarget torchscript_target(const std::string& model_path, const std::string& spec_path);

// For a single model a forward pass that throws means the spec and model do
// not fit: an InputError carrying the error's cause, not a finding.
void require_forward_runs(const AuditResult& result, const std::string& model_path, const std::string& spec_path);

// Every entry of a manifest. Specs are checked now; each model is read and
// loaded only when it is probed (and dropped after), and a bad model or a
// spec that does not fit it is an InputError then. A forward pass that throws
// becomes a forward-error finding for that entry.
std::vector<AuditTarget> manifest_targets(const std::string& manifest_path);

}  // namespace gradaudit::trace
