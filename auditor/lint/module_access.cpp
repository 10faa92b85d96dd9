#include "lint/module_access.h"

#include <clang/AST/ExprCXX.h>

#include <string>

#include "lint/ast_helpers.h"

namespace gradaudit::lint {

namespace {

using namespace clang;

// LibTorch's and the standard library's classes: their members are known.
bool library_method_owner(const CXXRecordDecl* rd) {
  const std::string owner = rd->getQualifiedNameAsString();
  for (const char* prefix : {"torch::", "at::", "c10::", "std::"})
    if (owner.rfind(prefix, 0) == 0) return true;
  return false;
}

bool library_method(const CXXMethodDecl* m) { return library_method_owner(m->getParent()); }

// Calls that only reach the module (or its children): the use is decided by
// what is done with their result.
bool passes_through(const std::string& name) {
  return name == "ptr" || name == "get" || name == "as" || name == "at" || name == "operator->" ||
         name == "operator*" || name == "operator[]" || name == "children" || name == "modules" ||
         name == "named_children" || name == "named_modules";
}

// Library methods that read what a module is, never its parameters' values
// in a way that makes a gradient.
bool metadata(const std::string& name) {
  return name == "size" || name == "is_empty" || name == "empty" || name == "name" || name == "is_training" ||
         name == "pretty_print" || name == "is_serializable" || name == "train" || name == "eval" ||
         name == "to" || name == "zero_grad" || name == "use_count" || name == "unique" || name == "options" ||
         name == "contains" || name == "keys" || name == "buffers" || name == "named_buffers";
}

// A field of a module read through the member: options and plain numbers
// are what the module is; anything else (weight, bias, a child) may run.
bool metadata_field(const FieldDecl* f) {
  const QualType t = f->getType().getNonReferenceType();
  return f->getName() == "options" || t->isArithmeticType() || t->isEnumeralType();
}

const Stmt* parent_of(const Stmt* s, const ParentMap& parents) {
  const Stmt* p = parents.getParent(s);
  while (p && (isa<ImplicitCastExpr>(p) || isa<ParenExpr>(p) || isa<MaterializeTemporaryExpr>(p) ||
               isa<CXXBindTemporaryExpr>(p) || isa<ExprWithCleanups>(p)))
    p = parents.getParent(p);
  return p;
}

}  // namespace

ModuleAccess module_access(const clang::MemberExpr* field_ref, const clang::ParentMap& parents) {
  using namespace clang;
  const Expr* e = field_ref;
  for (int depth = 0; depth < 8; ++depth) {
    const Stmt* p = parent_of(e, parents);
    if (!p) return {};
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(p)) {
      const OverloadedOperatorKind k = op->getOperator();
      if ((k == OO_Arrow || k == OO_Star || k == OO_Subscript) && op->getNumArgs() >= 1 && strip(op->getArg(0)) == strip(e)) {
        e = op;  // the module itself, or an element: what follows decides
        continue;
      }
      if (k == OO_EqualEqual || k == OO_ExclaimEqual || k == OO_Exclaim) return {false};
      return {};  // (*m)(x), m(x): operator() runs it
    }
    if (const auto* u = dyn_cast<UnaryOperator>(p)) {
      if (u->getOpcode() == UO_Deref) {
        e = u;
        continue;
      }
      return {u->getOpcode() != UO_LNot};
    }
    if (const auto* b = dyn_cast<BinaryOperator>(p)) return {!b->isEqualityOp()};
    if (const auto* me = dyn_cast<MemberExpr>(p)) {
      if (const auto* f = dyn_cast<FieldDecl>(me->getMemberDecl())) {
        if (metadata_field(f)) return {false};
        const auto* owner = dyn_cast<CXXRecordDecl>(f->getParent());
        if (owner && is_module_class(owner) && !library_method_owner(owner)) return {true, nullptr, nullptr, f};
        return {};
      }
      const auto* m = dyn_cast<CXXMethodDecl>(me->getMemberDecl());
      const auto* call = dyn_cast_or_null<CallExpr>(parent_of(me, parents));
      if (!m || !call) return {};
      if (isa<CXXConversionDecl>(m)) return {false};  // operator bool: a null test
      const std::string name = m->getNameAsString();
      if (library_method(m)) {
        if (passes_through(name)) {
          e = call;
          continue;
        }
        return {!metadata(name)};
      }
      // A user module's own method: a run; a named entry other than forward
      // is remembered for the composite model.
      if (name == "forward" || m->isOverloadedOperator()) return {};
      return {true, m, call, nullptr};
    }
    return {};  // passed on, returned, stored, iterated: a run, as far as we can tell
  }
  return {};
}

bool holds_module_or_container(const clang::FieldDecl* f) {
  const std::string type = f->getType().getCanonicalType().getAsString();
  return type.find("at::Tensor") == std::string::npos;
}

}  // namespace gradaudit::lint
