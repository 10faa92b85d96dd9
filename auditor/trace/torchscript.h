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
// the keys that explain findings.
#pragma once

#include <string>
#include <vector>

#include "trace/audit.h"

namespace gradaudit::trace {

// Loads the model and its spec, checks the spec against forward()'s signature
// and runs one forward pass. Throws InputError naming the file (and argument)
// on any problem: the model cannot be audited as given.
AuditTarget torchscript_target(const std::string& model_path, const std::string& spec_path);

// Every entry of a manifest, each checked like torchscript_target except that
// a forward pass that throws becomes a forward-error finding for that entry.
std::vector<AuditTarget> manifest_targets(const std::string& manifest_path);

}  // namespace gradaudit::trace
