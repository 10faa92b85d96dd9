// Recognises a registration, in every form LibTorch code writes it:
//   x = register_module("x", Linear(4, 4));          // assignment
//   M() : x(register_module("x", Linear(4, 4))) {}   // member initialiser
//   register_module("x", x);                          // bare statement, holder built before
//   this->register_module("x", x);                    // also in class templates (a dependent call)
//   layers.push_back(register_module("l0", ...));     // into a container member
// and register_parameter / register_buffer the same ways, with
// register_parameter's requires_grad argument.
#pragma once

#include <optional>

#include "rules/static_rule.h"

namespace clang {
class CXXRecordDecl;
class Expr;
class FieldDecl;
class ParentMap;
class Stmt;
}  // namespace clang

namespace gradaudit::lint {

struct Registration {
  const clang::Expr* call = nullptr;
  rules::MemberKind kind = rules::MemberKind::kSubmodule;
  bool trainable = true;                    // requires_grad=false literally given: not
  const clang::FieldDecl* member = nullptr; // where it is stored; null when that is unknown
  bool registers_existing = false;          // register_*("x", x): the member is built elsewhere
};

// `s` is a call of this module's register_module / _parameter / _buffer:
// which kind, and which member it registers. `parents` maps the enclosing
// function body (null inside a member initialiser); `initialised` is the
// member an initialiser initialises.
std::optional<Registration> registration_of(const clang::Stmt* s, const clang::CXXRecordDecl* cls,
                                            const clang::ParentMap* parents,
                                            const clang::FieldDecl* initialised = nullptr);

}  // namespace gradaudit::lint
