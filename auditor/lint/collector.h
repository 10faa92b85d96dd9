// The LibTooling pass over one translation unit: finds the module classes of
// user code (classes deriving from torch::nn::Module, Cloneable<...> or
// TORCH_MODULE's ...Impl) and records, per method, registrations
// (register_module/_parameter/_buffer assigned to a member), member uses and
// calls, each guarded by the conditions clang's CFG says it depends on
// (control dependence: if, ?:, early return, loops that may run zero times,
// short-circuit operators).
#pragma once

#include <memory>

#include "lint/facts.h"

namespace clang {
class ASTConsumer;
}

namespace gradaudit::lint {

std::unique_ptr<clang::ASTConsumer> make_collector(TuFacts& out);

}  // namespace gradaudit::lint
