// A pickle interpreter for what torch.save writes (protocol 2, plus the
// protocol 4 opcodes newer Pythons use for the same values). LibTorch's own
// unpickler only knows TorchScript's subset: it fails on SETITEM and turns
// collections.OrderedDict into None, so it cannot read a state dict.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "interop/pickle_value.h"

namespace gradaudit::interop {

struct PickleHooks {
  // BINPERSID: what a persistent id stands for (torch: a storage record).
  std::function<PickleValue(const PickleValue& persistent_id)> persistent_load;
  // REDUCE of a callable the caller knows how to run (torch's tensor
  // rebuilds); nullopt leaves it to the interpreter, which rebuilds dicts and
  // sets and makes any other call an opaque object.
  std::function<std::optional<PickleValue>(const std::string& callable, const PickleValue& args)> call;
};

// Runs the pickle in `bytes` to its STOP. `source` names it in errors
// ("model.pt (data.pkl)"). Throws InputError on a truncated stream, an
// unknown opcode or operands of the wrong kind, naming the byte offset.
PickleValue unpickle(const std::string& bytes, const std::string& source, const PickleHooks& hooks);

}  // namespace gradaudit::interop
