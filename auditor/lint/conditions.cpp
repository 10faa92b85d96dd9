#include "lint/conditions.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Analysis/CFG.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>

#include "lint/ast_helpers.h"

namespace gradaudit::lint {

using namespace clang;

std::string Conditions::text(const Stmt* s) const {
  const SourceManager& sm = ctx_.getSourceManager();
  const CharSourceRange range = CharSourceRange::getTokenRange(sm.getExpansionRange(s->getSourceRange()).getAsRange());
  return Lexer::getSourceText(range, sm, ctx_.getLangOpts()).str();
}

const Expr* Conditions::condition_of(const CFGBlock* branch) {
  const Stmt* terminator = branch->getTerminatorStmt();
  if (const auto* range_for = dyn_cast_or_null<CXXForRangeStmt>(terminator)) return range_for->getRangeInit();
  const auto* cond = dyn_cast_or_null<Expr>(const_cast<CFGBlock*>(branch)->getTerminatorCondition(/*StripParens=*/false));
  // `if (a && b)`: clang gives the whole condition to the block that tests
  // `b` (earlier blocks test `a`); that block branches on `b` alone.
  while (cond) {
    const auto* logical = dyn_cast<BinaryOperator>(cond->IgnoreParenImpCasts());
    if (!logical || !logical->isLogicalOp()) break;
    cond = logical->getRHS();
  }
  return cond;
}

bool Conditions::is_guard(const CFGBlock* branch) const {
  if (!condition_of(branch)) return false;
  const auto* loop = dyn_cast_or_null<ForStmt>(branch->getTerminatorStmt());
  if (!loop || !loop->getCond()) return true;
  const auto* cmp = dyn_cast<BinaryOperator>(loop->getCond()->IgnoreParenImpCasts());
  if (!cmp || (cmp->getOpcode() != BO_LT && cmp->getOpcode() != BO_LE && cmp->getOpcode() != BO_NE)) return true;
  if (!isa<DeclRefExpr>(cmp->getLHS()->IgnoreParenImpCasts())) return true;
  std::set<std::string> fields;
  bool testable = true;
  normalize(cmp->getRHS(), fields, testable);
  return !fields.empty();
}

void Conditions::scan(const Stmt* s, std::set<std::string>& fields, bool& testable) const {
  if (!s) return;
  if (const auto* me = dyn_cast<MemberExpr>(s)) {
    if (const FieldDecl* f = own_field(me, cls_)) fields.insert(f->getNameAsString());
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(s)) {
    if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()); var && (var->hasLocalStorage() || isa<ParmVarDecl>(var)))
      testable = false;
  }
  for (const Stmt* c : s->children()) scan(c, fields, testable);
}

std::string Conditions::normalize(const Expr* e, std::set<std::string>& fields, bool& testable, int depth) const {
  const Expr* x = e->IgnoreParenImpCasts();
  if (depth < 4) {
    if (const auto* u = dyn_cast<UnaryOperator>(x); u && u->getOpcode() == UO_LNot)
      return "!(" + normalize(u->getSubExpr(), fields, testable, depth + 1) + ")";
    if (const auto* ref = dyn_cast<DeclRefExpr>(x)) {
      if (const auto* var = dyn_cast<VarDecl>(ref->getDecl());
          var && var->hasLocalStorage() && !isa<ParmVarDecl>(var) && var->getInit() &&
          var->getType().isConstQualified())
        return normalize(var->getInit(), fields, testable, depth + 1);
    }
    if (const auto* call = dyn_cast<CXXMemberCallExpr>(x); call && is_this(call->getImplicitObjectArgument())) {
      const CXXMethodDecl* m = call->getMethodDecl();
      const FunctionDecl* def = nullptr;
      if (m && m->isConst() && call->getNumArgs() == 0 && m->hasBody(def)) {
        if (const auto* body = dyn_cast<CompoundStmt>(def->getBody()); body && body->size() == 1) {
          if (const auto* ret = dyn_cast<ReturnStmt>(body->body_front()); ret && ret->getRetValue())
            return normalize(ret->getRetValue(), fields, testable, depth + 1);
        }
      }
    }
  }
  scan(x, fields, testable);
  return text(x);
}

// "mode_ == Mode::kA || mode_ == Mode::kB" for the cases leading to `dep.via`;
// "default" when the default label does.
std::string Conditions::case_labels(const Expr* cond, const ControlDependence::Dependence& dep) const {
  std::string out;
  for (const CFGBlock* via : dep.via) {
    const Stmt* label = via->getLabel();
    std::string one;
    if (const auto* c = dyn_cast_or_null<CaseStmt>(label)) one = text(cond) + " == " + text(c->getLHS());
    else one = "switch (" + text(cond) + ") default";
    out += (out.empty() ? "" : " || ") + one;
  }
  return out;
}

GuardFact Conditions::guard(const ControlDependence::Dependence& dep) const {
  const Expr* cond = condition_of(dep.branch);
  const Stmt* terminator = dep.branch->getTerminatorStmt();
  GuardFact g;
  bool testable = true;
  const std::string written = text(cond);
  std::string normalized = normalize(cond, g.members, testable);
  if (isa_and_nonnull<CXXForRangeStmt>(terminator)) {
    g.guard.text = written + " is non-empty";
    normalized = g.guard.text;
  } else if (isa_and_nonnull<SwitchStmt>(terminator)) {
    // The cases taken, each compared as written: the same labels in the
    // constructor and in forward() read the same.
    g.guard.text = case_labels(cond, dep);
    normalized = g.guard.text;
  } else if (!dep.on_true_side()) {
    const auto* negated = dyn_cast<UnaryOperator>(cond->IgnoreParenImpCasts());
    if (negated && negated->getOpcode() == UO_LNot) {
      g.members.clear();
      testable = true;
      g.guard.text = text(negated->getSubExpr()->IgnoreParens());
      normalized = normalize(negated->getSubExpr(), g.members, testable);
    } else {
      g.guard.text = "!(" + written + ")";
      normalized = "!(" + normalized + ")";
    }
  } else {
    g.guard.text = written;
  }
  g.guard.normalized = normalized;
  g.guard.constructor_testable = testable;
  return g;
}

}  // namespace gradaudit::lint
