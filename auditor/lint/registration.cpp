#include "lint/registration.h"

#include <clang/AST/DeclCXX.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/ParentMap.h>

#include "lint/ast_helpers.h"

namespace gradaudit::lint {
namespace {

using namespace clang;

std::optional<rules::MemberKind> kind_named(StringRef name) {
  if (name == "register_module") return rules::MemberKind::kSubmodule;
  if (name == "register_parameter") return rules::MemberKind::kParameter;
  if (name == "register_buffer") return rules::MemberKind::kBuffer;
  return std::nullopt;
}

// The kind of register_* call `s` is, on this module only (a child's
// register_module registers into the child).
std::optional<rules::MemberKind> register_kind(const Stmt* s) {
  if (const auto* call = dyn_cast<CXXMemberCallExpr>(s)) {
    const CXXMethodDecl* m = call->getMethodDecl();
    if (!m || m->getParent()->getQualifiedNameAsString() != "torch::nn::Module") return std::nullopt;
    if (!is_this(call->getImplicitObjectArgument())) return std::nullopt;
    return kind_named(m->getName());
  }
  // In a class template deriving from a dependent base, `this->register_module(...)`
  // stays a dependent call until instantiation.
  const auto* call = dyn_cast<CallExpr>(s);
  if (!call || !call->getCallee()) return std::nullopt;
  const Expr* callee = call->getCallee()->IgnoreParenImpCasts();
  if (const auto* dep = dyn_cast<CXXDependentScopeMemberExpr>(callee)) {
    if (!dep->isImplicitAccess() && !is_this(dep->getBase())) return std::nullopt;
    return kind_named(dep->getMember().getAsString());
  }
  if (const auto* unresolved = dyn_cast<UnresolvedMemberExpr>(callee)) {
    if (!unresolved->isImplicitAccess() && !is_this(unresolved->getBase())) return std::nullopt;
    return kind_named(unresolved->getMemberName().getAsString());
  }
  return std::nullopt;
}

bool requires_grad_false(const CallExpr* call) {
  if (call->getNumArgs() < 3) return false;
  const auto* b = dyn_cast<CXXBoolLiteralExpr>(call->getArg(2)->IgnoreParenImpCasts());
  return b && !b->getValue();
}

// `layers.push_back(...)`, `layers->push_back(...)`: the container member.
const FieldDecl* container_member(const Stmt* s, const CXXRecordDecl* cls) {
  const auto* call = dyn_cast<CXXMemberCallExpr>(s);
  if (!call || !call->getMethodDecl()) return nullptr;
  const StringRef name = call->getMethodDecl()->getName();
  if (name != "push_back" && name != "emplace_back" && name != "insert") return nullptr;
  const Expr* object = call->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (const auto* arrow = dyn_cast<CXXOperatorCallExpr>(object); arrow && arrow->getOperator() == OO_Arrow)
    object = arrow->getArg(0);
  return own_field(object, cls);
}

// Where the value of the call ends up: the member assigned, or the container
// it is added to. Walks up through the expression holding the call.
const FieldDecl* stored_into(const Stmt* call, const CXXRecordDecl* cls, const ParentMap& parents) {
  for (const Stmt* p = parents.getParent(call); p && isa<Expr>(p); p = parents.getParent(p)) {
    if (const auto* bo = dyn_cast<BinaryOperator>(p); bo && bo->isAssignmentOp()) return own_field(bo->getLHS(), cls);
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(p); op && op->getOperator() == OO_Equal && op->getNumArgs() == 2)
      return own_field(op->getArg(0), cls);
    if (const FieldDecl* container = container_member(p, cls)) return container;
    if (isa<CallExpr>(p) && !isa<CXXOperatorCallExpr>(p)) return nullptr;  // passed on to something else
  }
  return nullptr;
}

}  // namespace

std::optional<Registration> registration_of(const Stmt* s, const CXXRecordDecl* cls, const ParentMap* parents,
                                            const FieldDecl* initialised) {
  const auto kind = register_kind(s);
  if (!kind) return std::nullopt;
  const auto* call = cast<CallExpr>(s);
  Registration r;
  r.call = call;
  r.kind = *kind;
  r.trainable = !(r.kind == rules::MemberKind::kParameter && requires_grad_false(call));
  r.member = initialised;
  if (!r.member && parents) r.member = stored_into(call, cls, *parents);
  // The bare statement: register_module("x", x) with the holder built before.
  if (!r.member && call->getNumArgs() >= 2) {
    r.member = own_field(call->getArg(1), cls);
    r.registers_existing = r.member != nullptr;
  }
  return r;
}

}  // namespace gradaudit::lint
