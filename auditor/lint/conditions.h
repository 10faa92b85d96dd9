// How a branch of clang's CFG reads as a guard: the condition as written,
// for the side taken, and normalised (const locals and const getters of the
// class replaced by what they compute), with the fields it reads and whether
// a constructor could test it too.
#pragma once

#include <set>
#include <string>

#include "lint/control_dependence.h"
#include "lint/facts.h"

namespace clang {
class ASTContext;
class CFGBlock;
class CXXRecordDecl;
class Expr;
class Stmt;
}  // namespace clang

namespace gradaudit::lint {

class Conditions {
 public:
  Conditions(clang::ASTContext& ctx, const clang::CXXRecordDecl* cls) : ctx_(ctx), cls_(cls) {}

  // The source text of `s`, macros expanded to their use.
  std::string text(const clang::Stmt* s) const;

  // The condition a branch block tests (a range-for: its range); null for
  // branches that are no condition.
  static const clang::Expr* condition_of(const clang::CFGBlock* branch);

  // Whether the branch is a real guard: a counted loop (`for (i = 0; i < n; ++i)`)
  // is not, unless its bound reads a member (a number of layers, say): a
  // constant bound, a sequence length or a tensor's size runs the body.
  bool is_guard(const clang::CFGBlock* branch) const;

  // The guard a dependence on `dep.branch` means, for the side taken.
  GuardFact guard(const ControlDependence::Dependence& dep) const;

 private:
  std::string normalize(const clang::Expr* e, std::set<std::string>& fields, bool& testable, int depth = 0) const;
  void scan(const clang::Stmt* s, std::set<std::string>& fields, bool& testable) const;
  std::string case_labels(const clang::Expr* cond, const ControlDependence::Dependence& dep) const;

  clang::ASTContext& ctx_;
  const clang::CXXRecordDecl* cls_;
};

}  // namespace gradaudit::lint
