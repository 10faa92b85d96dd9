#include "lint/ast_helpers.h"

#include <clang/AST/DeclCXX.h>
#include <clang/AST/DeclTemplate.h>
#include <clang/AST/ExprCXX.h>
#include <clang/Basic/SourceManager.h>

namespace gradaudit::lint {

using namespace clang;

bool in_user_code(const SourceManager& sm, SourceLocation loc) {
  if (loc.isInvalid()) return false;
  loc = sm.getExpansionLoc(loc);
  if (sm.isInSystemHeader(loc)) return false;
  const StringRef file = sm.getFilename(loc);
  return !file.empty() && !file.contains("/torch/csrc/") && !file.contains("/ATen/") && !file.contains("/c10/") &&
         !file.contains("/caffe2/");
}

namespace {

// The class a base specifier names; for a dependent base of a class
// template (Cloneable<NetImpl<T>>), the template's pattern.
const CXXRecordDecl* base_class(QualType type) {
  if (const auto* rd = type->getAsCXXRecordDecl()) return rd;
  if (const auto* tst = type->getAs<TemplateSpecializationType>()) {
    if (const auto* td = dyn_cast_or_null<ClassTemplateDecl>(tst->getTemplateName().getAsTemplateDecl()))
      return td->getTemplatedDecl();
  }
  return nullptr;
}

bool derives_from_module(const CXXRecordDecl* rd, int depth) {
  if (!rd || depth > 16) return false;
  rd = rd->getDefinition();
  if (!rd) return false;
  if (rd->getQualifiedNameAsString() == "torch::nn::Module") return true;
  for (const auto& base : rd->bases())
    if (derives_from_module(base_class(base.getType()), depth + 1)) return true;
  return false;
}

}  // namespace

bool is_module_class(const CXXRecordDecl* rd) { return derives_from_module(rd, 0); }

std::string method_id(const FunctionDecl* fd) {
  fd = fd->getCanonicalDecl();
  std::string id = fd->getQualifiedNameAsString() + "(";
  for (unsigned i = 0; i < fd->getNumParams(); ++i)
    id += (i ? "," : "") + fd->getParamDecl(i)->getType().getCanonicalType().getAsString();
  id += ")";
  if (const auto* md = dyn_cast<CXXMethodDecl>(fd); md && md->isConst()) id += " const";
  return id;
}

const Expr* strip(const Expr* e) {
  while (e) {
    e = e->IgnoreParenImpCasts();
    if (const auto* x = dyn_cast<ExprWithCleanups>(e)) e = x->getSubExpr();
    else if (const auto* x = dyn_cast<MaterializeTemporaryExpr>(e)) e = x->getSubExpr();
    else if (const auto* x = dyn_cast<CXXBindTemporaryExpr>(e)) e = x->getSubExpr();
    else if (const auto* x = dyn_cast<CXXFunctionalCastExpr>(e)) e = x->getSubExpr();
    else if (const auto* x = dyn_cast<CXXConstructExpr>(e); x && x->getNumArgs() == 1) e = x->getArg(0);
    else if (const auto* x = dyn_cast<CXXMemberCallExpr>(e);
             x && x->getMethodDecl() && isa<CXXConversionDecl>(x->getMethodDecl()))
      e = x->getImplicitObjectArgument();  // operator bool() of a holder
    else break;
  }
  return e;
}

const CXXRecordDecl* as_written(const CXXRecordDecl* rd) {
  if (const auto* spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(rd)) {
    if (const ClassTemplateDecl* t = spec->getSpecializedTemplate(); t && t->getTemplatedDecl())
      return t->getTemplatedDecl();
  }
  return rd;
}

const CXXMethodDecl* as_written(const CXXMethodDecl* md) {
  const FunctionDecl* pattern = md->getTemplateInstantiationPattern(/*ForDefinition=*/false);
  if (const auto* method = dyn_cast_or_null<CXXMethodDecl>(pattern)) return method;
  return md;
}

bool is_this(const Expr* e) { return e && isa<CXXThisExpr>(e->IgnoreParenImpCasts()); }

const FieldDecl* own_field(const Expr* e, const CXXRecordDecl* cls) {
  const auto* me = dyn_cast_or_null<MemberExpr>(strip(e));
  if (!me || !is_this(me->getBase())) return nullptr;
  const auto* fd = dyn_cast<FieldDecl>(me->getMemberDecl());
  return fd && fd->getParent()->getCanonicalDecl() == cls->getCanonicalDecl() ? fd : nullptr;
}

}  // namespace gradaudit::lint
