// What an expression does with a submodule member: run it (forward,
// operator(), a method that may touch its parameters, iteration, passing it
// on), or only read what it is (options, size, is_empty, name, a null test).
// Only a run is a use: `linear->options.out_features()` outside a condition
// does not make `linear` used unconditionally. When unsure, it is a run.
#pragma once

#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ParentMap.h>

namespace gradaudit::lint {

struct ModuleAccess {
  bool runs = true;
  // A named method of a user module class called on the member (not
  // forward or operator()): how the member is entered, for a composite model.
  const clang::CXXMethodDecl* method = nullptr;
  const clang::CallExpr* call = nullptr;
  // A field of a user module class read through the member
  // (`backbone->features->forward(x)`): only that part of it is entered.
  const clang::FieldDecl* field = nullptr;
};

// `field_ref` is `this->member` (written or implicit) of a submodule member.
ModuleAccess module_access(const clang::MemberExpr* field_ref, const clang::ParentMap& parents);

// Whether a field holds a module (a holder, a shared_ptr, a container),
// rather than a tensor: only modules are run; a tensor member's every
// mention stays a use.
bool holds_module_or_container(const clang::FieldDecl* f);

}  // namespace gradaudit::lint
