// Control dependence on the normal flow (auditor/lint/control_dependence.h),
// on small functions parsed by clang: which branches guard each `use(N)`.
#include <clang/AST/ASTContext.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Analysis/CFG.h>
#include <clang/Analysis/CFGStmtMap.h>
#include <clang/AST/ParentMap.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Tooling/Tooling.h>
#include <gtest/gtest.h>

#include <map>

#include "lint/control_dependence.h"

namespace gradaudit::testing {
namespace {

using namespace clang;

// The function `f` of `code`, its CFG, and the block of each `use(N)` call.
class Parsed {
 public:
  explicit Parsed(const std::string& code) {
    ast_ = tooling::buildASTFromCodeWithArgs("void use(int);\n[[noreturn]] void die();\n" + code, {"-std=c++17"});
    Finder finder;
    finder.TraverseDecl(ast_->getASTContext().getTranslationUnitDecl());
    fn_ = finder.fn;
    CFG::BuildOptions options;
    options.setAllAlwaysAdd();
    cfg_ = CFG::buildCFG(fn_, fn_->getBody(), &ast_->getASTContext(), options);
    parents_ = std::make_unique<ParentMap>(fn_->getBody());
    map_.reset(CFGStmtMap::Build(cfg_.get(), parents_.get()));
    flow_ = std::make_unique<lint::ControlDependence>(*cfg_);
    for (const CallExpr* call : finder.uses) {
      const auto* arg = dyn_cast<IntegerLiteral>(call->getArg(0)->IgnoreParenImpCasts());
      uses_[static_cast<int>(arg->getValue().getZExtValue())] = map_->getBlock(const_cast<CallExpr*>(call));
    }
  }

  const lint::ControlDependence& flow() const { return *flow_; }
  const CFGBlock* block(int use) const { return uses_.at(use); }
  std::vector<lint::ControlDependence::Dependence> guards(int use) const { return flow_->transitive(block(use)); }

 private:
  struct Finder : RecursiveASTVisitor<Finder> {
    bool VisitFunctionDecl(FunctionDecl* d) {
      if (d->getName() == "f" && d->hasBody()) fn = d;
      return true;
    }
    bool VisitCallExpr(CallExpr* c) {
      if (const auto* callee = c->getDirectCallee(); callee && callee->getName() == "use") uses.push_back(c);
      return true;
    }
    FunctionDecl* fn = nullptr;
    std::vector<const CallExpr*> uses;
  };

  std::unique_ptr<ASTUnit> ast_;
  FunctionDecl* fn_ = nullptr;
  std::unique_ptr<CFG> cfg_;
  std::unique_ptr<ParentMap> parents_;
  std::unique_ptr<CFGStmtMap> map_;
  std::unique_ptr<lint::ControlDependence> flow_;
  std::map<int, const CFGBlock*> uses_;
};

TEST(LintControlDependence, AnIfGuardsItsBranchesOnTheirSide) {
  Parsed p("void f(bool a) { if (a) use(1); else use(2); use(3); }");
  ASSERT_EQ(p.guards(1).size(), 1u);
  EXPECT_TRUE(p.guards(1)[0].on_true_side());
  ASSERT_EQ(p.guards(2).size(), 1u);
  EXPECT_FALSE(p.guards(2)[0].on_true_side());
  EXPECT_TRUE(p.guards(3).empty());
}

TEST(LintControlDependence, NestedBranchesOutermostFirst) {
  Parsed p("void f(bool a, bool b) { if (a) { use(0); if (b) use(1); } }");
  const auto g = p.guards(1);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].branch, p.guards(0)[0].branch) << "the outer if first";
}

TEST(LintControlDependence, FailingBranchesAreNoCondition) {
  Parsed p("void f(bool a, bool b) { if (!a) throw 1; if (b) die(); use(1); }");
  EXPECT_TRUE(p.guards(1).empty());
}

TEST(LintControlDependence, EarlyReturnGuardsWhatFollows) {
  Parsed p("void f(bool a) { if (a) return; use(1); }");
  ASSERT_EQ(p.guards(1).size(), 1u);
  EXPECT_FALSE(p.guards(1)[0].on_true_side());
}

TEST(LintControlDependence, SwitchCasesAreReachedThroughTheirLabels) {
  Parsed p(
      "void f(int m) { switch (m) { case 0: use(1); break; case 1: case 2: use(2); break; default: use(3); } "
      "use(4); }");
  ASSERT_EQ(p.guards(1).size(), 1u);
  EXPECT_EQ(p.guards(1)[0].via.size(), 1u);
  ASSERT_EQ(p.guards(2).size(), 1u);
  EXPECT_EQ(p.guards(2)[0].via.size(), 2u) << "case 1 falls through to case 2";
  ASSERT_EQ(p.guards(3).size(), 1u);
  EXPECT_TRUE(p.guards(4).empty());
}

TEST(LintControlDependence, LoopBodiesDependOnTheLoop) {
  Parsed p("void f(int n) { for (int i = 0; i < n; ++i) use(1); use(2); }");
  EXPECT_EQ(p.guards(1).size(), 1u);
  EXPECT_TRUE(p.guards(2).empty());
}

TEST(LintControlDependence, OnEveryPath) {
  Parsed p("void f(bool a) { if (a) use(1); else use(2); }");
  EXPECT_TRUE(p.flow().on_every_path({p.block(1), p.block(2)}));
  EXPECT_FALSE(p.flow().on_every_path({p.block(1)}));
}

}  // namespace
}  // namespace gradaudit::testing
