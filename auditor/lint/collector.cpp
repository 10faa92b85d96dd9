#include "lint/collector.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/ParentMap.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Analysis/CFG.h>
#include <clang/Analysis/CFGStmtMap.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>

#include <deque>
#include <map>
#include <set>

namespace gradaudit::lint {
namespace {

using namespace clang;

// LibTorch's own files are never analysed, wherever they are installed.
bool in_user_code(const SourceManager& sm, SourceLocation loc) {
  if (loc.isInvalid()) return false;
  loc = sm.getExpansionLoc(loc);
  if (sm.isInSystemHeader(loc)) return false;
  const StringRef file = sm.getFilename(loc);
  return !file.empty() && !file.contains("/torch/csrc/") && !file.contains("/ATen/") && !file.contains("/c10/") &&
         !file.contains("/caffe2/");
}

bool is_module_class(const CXXRecordDecl* rd, int depth = 0) {
  if (!rd || depth > 16) return false;
  rd = rd->getDefinition();
  if (!rd) return false;
  if (rd->getQualifiedNameAsString() == "torch::nn::Module") return true;
  for (const auto& base : rd->bases())
    if (is_module_class(base.getType()->getAsCXXRecordDecl(), depth + 1)) return true;
  return false;
}

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

bool is_this(const Expr* e) { return e && isa<CXXThisExpr>(e->IgnoreParenImpCasts()); }

// The field a `this->member` expression names, if it is one of `cls`'s.
const FieldDecl* own_field(const Expr* e, const CXXRecordDecl* cls) {
  const auto* me = dyn_cast_or_null<MemberExpr>(strip(e));
  if (!me || !is_this(me->getBase())) return nullptr;
  const auto* fd = dyn_cast<FieldDecl>(me->getMemberDecl());
  return fd && fd->getParent()->getCanonicalDecl() == cls->getCanonicalDecl() ? fd : nullptr;
}

class MethodAnalyzer;

// A block from which every path ends in a throw or a [[noreturn]] call
// (TORCH_CHECK's failure branch): following it is not a normal path.
bool only_fails(const CFGBlock* b, int depth = 0) {
  if (!b || depth > 8) return false;
  if (b->hasNoReturnElement()) return true;
  for (const CFGElement& e : *b) {
    if (const auto s = e.getAs<CFGStmt>(); s && isa<CXXThrowExpr>(s->getStmt())) return true;
  }
  if (const Stmt* t = b->getTerminatorStmt(); t && isa<CXXThrowExpr>(t)) return true;
  if (b->succ_size() == 0) return false;
  for (const auto& succ : b->succs())
    if (succ.getReachableBlock() && !only_fails(succ.getReachableBlock(), depth + 1)) return false;
  return true;
}

// The CFG as it runs when nothing fails: blocks that can only end in a throw
// or a [[noreturn]] call (TORCH_CHECK's failure branch) are cut out, and
// dominators and post-dominators are computed on what remains. On that
// graph an assertion is not a branch, so it guards nothing.
class NormalFlow {
 public:
  explicit NormalFlow(const CFG& cfg) : n_(cfg.getNumBlockIDs()), succ_(n_), pred_(n_), fails_(n_, false) {
    for (const CFGBlock* b : cfg) fails_[b->getBlockID()] = only_fails(b);
    for (const CFGBlock* b : cfg) {
      if (fails_[b->getBlockID()]) continue;
      for (const auto& s : b->succs()) {
        const CFGBlock* t = s.getReachableBlock();
        if (!t || fails_[t->getBlockID()]) continue;
        if (std::find(succ_[b->getBlockID()].begin(), succ_[b->getBlockID()].end(), t->getBlockID()) !=
            succ_[b->getBlockID()].end())
          continue;
        succ_[b->getBlockID()].push_back(t->getBlockID());
        pred_[t->getBlockID()].push_back(b->getBlockID());
      }
    }
    const unsigned entry = cfg.getEntry().getBlockID(), exit = cfg.getExit().getBlockID();
    pdom_ = solve(exit, succ_);
    dom_ = solve(entry, pred_);
  }

  bool fails(const CFGBlock* b) const { return fails_[b->getBlockID()]; }
  bool post_dominates(unsigned a, unsigned b) const { return pdom_[b][a]; }
  bool dominates(unsigned a, unsigned b) const { return dom_[b][a]; }
  const std::vector<unsigned>& successors(unsigned b) const { return succ_[b]; }

  // The blocks `b` is directly control dependent on, with the branch taken
  // (true: the first successor's side).
  std::vector<std::pair<unsigned, bool>> dependences(unsigned b) const {
    std::vector<std::pair<unsigned, bool>> out;
    for (unsigned d = 0; d < n_; ++d) {
      if (succ_[d].size() != 2 || (post_dominates(b, d) && b != d)) continue;
      const bool via_first = post_dominates(b, succ_[d][0]);
      const bool via_second = post_dominates(b, succ_[d][1]);
      if (via_first != via_second) out.emplace_back(d, via_first);
    }
    return out;
  }

 private:
  // Iterative (post-)dominator sets over `edges` (successors for
  // post-dominators, predecessors for dominators), rooted at `root`.
  std::vector<std::vector<bool>> solve(unsigned root, const std::vector<std::vector<unsigned>>& edges) const {
    std::vector<std::vector<bool>> sets(n_, std::vector<bool>(n_, true));
    sets[root].assign(n_, false);
    sets[root][root] = true;
    for (bool changed = true; changed;) {
      changed = false;
      for (unsigned b = 0; b < n_; ++b) {
        if (b == root || edges[b].empty()) continue;
        std::vector<bool> next(n_, true);
        for (unsigned e : edges[b])
          for (unsigned i = 0; i < n_; ++i) next[i] = next[i] && sets[e][i];
        next[b] = true;
        if (next != sets[b]) {
          sets[b] = std::move(next);
          changed = true;
        }
      }
    }
    return sets;
  }

  unsigned n_;
  std::vector<std::vector<unsigned>> succ_, pred_;
  std::vector<bool> fails_;
  std::vector<std::vector<bool>> pdom_, dom_;
};


// Collects every module class and analyses each method defined in user code.
class Collector : public RecursiveASTVisitor<Collector> {
 public:
  Collector(ASTContext& ctx, TuFacts& out) : ctx_(ctx), sm_(ctx.getSourceManager()), out_(out) {}

  bool TraverseDecl(Decl* d) {
    // Stay out of LibTorch and the standard library: matching there costs seconds.
    if (d && !isa<TranslationUnitDecl>(d) && !in_user_code(sm_, d->getLocation())) return true;
    return RecursiveASTVisitor::TraverseDecl(d);
  }
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitLambdaBodies() const { return false; }

  bool VisitCXXRecordDecl(CXXRecordDecl* rd) {
    if (!rd->isThisDeclarationADefinition() || !is_module_class(rd)) return true;
    ClassFacts& c = class_facts(rd);
    for (const auto* m : rd->methods())
      if (m->getNameAsString() == "forward") c.has_forward = true;
    return true;
  }

  bool VisitCXXMethodDecl(CXXMethodDecl* md);

  ClassFacts& class_facts(const CXXRecordDecl* rd) {
    const std::string name = rd->getQualifiedNameAsString();
    ClassFacts& c = out_.classes[name];
    c.name = name;
    return c;
  }

  ASTContext& ctx() { return ctx_; }

 private:
  ASTContext& ctx_;
  const SourceManager& sm_;
  TuFacts& out_;
};

// One function body: its CFG, control dependences and the facts in it.
class MethodAnalyzer {
 public:
  MethodAnalyzer(ASTContext& ctx, const CXXRecordDecl* cls, const FunctionDecl* fn, MethodFacts& out,
                 Collector& collector)
      : ctx_(ctx), sm_(ctx.getSourceManager()), cls_(cls), fn_(fn), out_(out), collector_(collector) {}

  void run() {
    Stmt* body = fn_->getBody();
    if (!body) return;
    CFG::BuildOptions options;
    options.setAllAlwaysAdd();
    options.AddImplicitDtors = false;
    options.AddTemporaryDtors = false;
    options.AddCXXDefaultInitExprInCtors = false;
    cfg_ = CFG::buildCFG(fn_, body, &ctx_, options);
    parents_ = std::make_unique<ParentMap>(body);
    if (cfg_) {
      stmt_map_.reset(CFGStmtMap::Build(cfg_.get(), parents_.get()));
      flow_ = std::make_unique<NormalFlow>(*cfg_);
      for (const CFGBlock* b : *cfg_) {
        if (const Stmt* t = b->getTerminatorStmt()) mark_condition(t);
      }
    }
    if (const auto* ctor = dyn_cast<CXXConstructorDecl>(fn_)) constructor_initializers(ctor);
    walk(body);
    find_always_used();
  }

 private:
  // Conditions are tests, not uses: remember every statement inside one.
  void mark_condition(const Stmt* terminator) {
    const Stmt* cond = nullptr;
    if (const auto* fr = dyn_cast<CXXForRangeStmt>(terminator)) cond = fr->getRangeInit();
    else if (const auto* i = dyn_cast<IfStmt>(terminator)) cond = i->getCond();
    else if (const auto* w = dyn_cast<WhileStmt>(terminator)) cond = w->getCond();
    else if (const auto* f = dyn_cast<ForStmt>(terminator)) cond = f->getCond();
    else if (const auto* d = dyn_cast<DoStmt>(terminator)) cond = d->getCond();
    else if (const auto* c = dyn_cast<AbstractConditionalOperator>(terminator)) cond = c->getCond();
    else if (const auto* bo = dyn_cast<BinaryOperator>(terminator)) cond = bo->getLHS();
    else if (const auto* s = dyn_cast<SwitchStmt>(terminator)) cond = s->getCond();
    if (!cond) return;
    std::vector<const Stmt*> stack = {cond};
    while (!stack.empty()) {
      const Stmt* s = stack.back();
      stack.pop_back();
      if (!s || !in_condition_.insert(s).second) continue;
      for (const Stmt* child : s->children()) stack.push_back(child);
    }
  }

  void walk(const Stmt* s) {
    if (!s) return;
    if (const auto* lambda = dyn_cast<LambdaExpr>(s)) {
      lambda_body(lambda);
      return;  // the body is another function
    }
    if (const auto* call = dyn_cast<CXXMemberCallExpr>(s)) member_call(call);
    if (const auto* me = dyn_cast<MemberExpr>(s)) member_use(me);
    for (const Stmt* child : s->children()) walk(child);
  }

  void member_call(const CXXMemberCallExpr* call) {
    const CXXMethodDecl* callee = call->getMethodDecl();
    if (!callee) return;
    const std::string name = callee->getNameAsString();
    const bool is_register = name == "register_module" || name == "register_parameter" || name == "register_buffer";
    if (is_register && callee->getParent()->getQualifiedNameAsString() == "torch::nn::Module") {
      registration(call, name);
      return;
    }
    if (is_this(call->getImplicitObjectArgument()) &&
        callee->getParent()->getCanonicalDecl() == cls_->getCanonicalDecl()) {
      out_.calls.push_back({method_id(callee), site(call)});
    }
  }

  void registration(const CXXMemberCallExpr* call, const std::string& name) {
    // Walk up to the assignment `member = register_...(...)`.
    const Stmt* parent = parents_->getParent(call);
    while (parent && isa<Expr>(parent) && !isa<BinaryOperator>(parent) && !isa<CXXOperatorCallExpr>(parent))
      parent = parents_->getParent(parent);
    const Expr* target = nullptr;
    if (const auto* bo = dyn_cast_or_null<BinaryOperator>(parent); bo && bo->isAssignmentOp()) target = bo->getLHS();
    if (const auto* op = dyn_cast_or_null<CXXOperatorCallExpr>(parent);
        op && op->getOperator() == OO_Equal && op->getNumArgs() == 2)
      target = op->getArg(0);
    const FieldDecl* field = own_field(target, cls_);
    if (!field) return;  // registered without a member: its uses cannot be followed
    RegistrationFact r;
    r.member = field->getNameAsString();
    r.kind = name == "register_module"      ? rules::MemberKind::kSubmodule
             : name == "register_parameter" ? rules::MemberKind::kParameter
                                            : rules::MemberKind::kBuffer;
    if (r.kind == rules::MemberKind::kParameter && call->getNumArgs() >= 3) {
      if (const auto* b = dyn_cast<CXXBoolLiteralExpr>(call->getArg(2)->IgnoreParenImpCasts())) r.trainable = b->getValue();
    }
    r.at = site(call);
    // For a fix-it: the whole statement, when it is a plain one in a block.
    const Stmt* statement = call;
    for (const Stmt* p = parents_->getParent(statement); p; p = parents_->getParent(p)) {
      if (isa<CompoundStmt>(p)) {
        const SourceLocation begin = statement->getBeginLoc(), end = statement->getEndLoc();
        if (begin.isFileID() && end.isFileID()) {
          r.at.site.statement_begin = sm_.getFileOffset(begin);
          r.at.site.statement_end = sm_.getFileOffset(end);
          r.at.site.can_wrap = true;
        }
        break;
      }
      if (!isa<Expr>(p)) break;
      statement = p;
    }
    out_.registrations.push_back(std::move(r));
  }

  void constructor_initializers(const CXXConstructorDecl* ctor) {
    for (const CXXCtorInitializer* init : ctor->inits()) {
      const FieldDecl* field = init->getMember();
      if (!field || !init->isWritten() || !init->getInit()) continue;
      std::vector<const Stmt*> stack = {init->getInit()};
      while (!stack.empty()) {
        const Stmt* s = stack.back();
        stack.pop_back();
        if (!s) continue;
        if (const auto* call = dyn_cast<CXXMemberCallExpr>(s); call && call->getMethodDecl()) {
          const std::string name = call->getMethodDecl()->getNameAsString();
          if (name == "register_module" || name == "register_parameter" || name == "register_buffer") {
            RegistrationFact r;
            r.member = field->getNameAsString();
            r.kind = name == "register_module"      ? rules::MemberKind::kSubmodule
                     : name == "register_parameter" ? rules::MemberKind::kParameter
                                                    : rules::MemberKind::kBuffer;
            r.at.site = location(init->getSourceLocation());
            out_.registrations.push_back(std::move(r));
            break;
          }
        }
        for (const Stmt* c : s->children()) stack.push_back(c);
      }
    }
  }

  void member_use(const MemberExpr* me) {
    const FieldDecl* field = own_field(me, cls_);
    if (!field) return;
    if (in_condition_.count(me)) return;  // a test, not a use
    // A write (`member = ...`) is not a use either.
    const Stmt* parent = parents_->getParent(me);
    while (parent && isa<ImplicitCastExpr>(parent)) parent = parents_->getParent(parent);
    if (const auto* bo = dyn_cast_or_null<BinaryOperator>(parent); bo && bo->isAssignmentOp() && strip(bo->getLHS()) == me)
      return;
    if (const auto* op = dyn_cast_or_null<CXXOperatorCallExpr>(parent);
        op && op->getOperator() == OO_Equal && strip(op->getArg(0)) == me)
      return;
    use_stmts_[out_.uses.size()] = me;
    out_.uses.push_back({field->getNameAsString(), site(me)});
  }

  void lambda_body(const LambdaExpr* lambda) {
    const CXXMethodDecl* op = lambda->getCallOperator();
    const PresumedLoc p = sm_.getPresumedLoc(sm_.getExpansionLoc(lambda->getBeginLoc()));
    const std::string id = out_.id + "::lambda@" + std::to_string(p.isValid() ? p.getLine() : 0) + ":" +
                           std::to_string(p.isValid() ? p.getColumn() : 0);
    out_.calls.push_back({id, site(lambda)});
    ClassFacts& c = collector_.class_facts(cls_);
    MethodFacts& m = c.methods[id];
    m.id = id;
    m.name = "lambda";
    MethodAnalyzer(ctx_, cls_, op, m, collector_).run();
  }

  rules::Site location(SourceLocation loc) const {
    rules::Site s;
    loc = sm_.getExpansionLoc(loc);
    const PresumedLoc p = sm_.getPresumedLoc(loc);
    if (p.isValid()) {
      s.file = p.getFilename();
      s.line = p.getLine();
      s.column = p.getColumn();
    }
    return s;
  }

  SiteFact site(const Stmt* s) {
    SiteFact f;
    f.site = location(s->getBeginLoc());
    f.guards = guards_of(s);
    return f;
  }

  std::string text(const Stmt* s) const {
    const CharSourceRange range = CharSourceRange::getTokenRange(sm_.getExpansionRange(s->getSourceRange()).getAsRange());
    return Lexer::getSourceText(range, sm_, ctx_.getLangOpts()).str();
  }

  // The condition as what it computes: locals and const getters of the class
  // replaced by their definitions; records the fields it reads and whether
  // it depends on anything a constructor does not have.
  std::string normalize(const Expr* e, std::set<std::string>& fields, bool& testable, int depth = 0) const {
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

  void scan(const Stmt* s, std::set<std::string>& fields, bool& testable) const {
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

  // Whether every normal path from entry to exit passes through one of
  // `blocks` (paths that only fail do not count).
  bool on_every_path(const std::set<const CFGBlock*>& blocks) const {
    const CFGBlock* entry = &cfg_->getEntry();
    const CFGBlock* exit = &cfg_->getExit();
    std::vector<const CFGBlock*> stack = {entry};
    std::set<const CFGBlock*> seen;
    while (!stack.empty()) {
      const CFGBlock* b = stack.back();
      stack.pop_back();
      if (!b || !seen.insert(b).second || blocks.count(b)) continue;
      if (b == exit) return false;
      if (flow_->fails(b)) continue;
      for (const auto& succ : b->succs()) stack.push_back(succ.getReachableBlock());
    }
    return true;
  }

  void find_always_used() {
    if (!cfg_ || !stmt_map_) return;
    std::map<std::string, std::set<const CFGBlock*>> blocks;
    std::map<std::string, const UseFact*> first;
    for (const auto& use : out_.uses) {
      if (!use_stmts_.count(&use - out_.uses.data())) continue;
      const CFGBlock* b = stmt_map_->getBlock(const_cast<Stmt*>(use_stmts_.at(&use - out_.uses.data())));
      if (!b) continue;
      blocks[use.member].insert(b);
      first.emplace(use.member, &use);
    }
    for (const auto& [member, set] : blocks) {
      if (!on_every_path(set)) continue;
      SiteFact at = first[member]->at;
      at.guards.clear();
      out_.always_used.emplace(member, std::move(at));
    }
  }

  // The condition a branch block tests (the range of a range-for).
  static const Expr* condition_of(const CFGBlock* d, bool* range_for) {
    const Stmt* terminator = d->getTerminatorStmt();
    *range_for = terminator && isa<CXXForRangeStmt>(terminator);
    if (*range_for) return cast<CXXForRangeStmt>(terminator)->getRangeInit();
    return dyn_cast_or_null<Expr>(const_cast<CFGBlock*>(d)->getTerminatorCondition(/*StripParens=*/false));
  }

  GuardFact guard_for(const CFGBlock* d, bool taken) const {
    bool range_for = false;
    const Expr* cond = condition_of(d, &range_for);
    GuardFact g;
    bool testable = true;
    const std::string written = text(cond);
    std::string normalized = normalize(cond, g.members, testable);
    if (range_for) {
      g.guard.text = written + " is non-empty";
      normalized = g.guard.text;
    } else if (isa_and_nonnull<SwitchStmt>(d->getTerminatorStmt())) {
      g.guard.text = "switch (" + written + ")";
      normalized = g.guard.text;
    } else if (!taken) {
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

  std::vector<GuardFact> guards_of(const Stmt* s) {
    std::vector<GuardFact> out;
    if (!stmt_map_ || !flow_) return out;
    const CFGBlock* block = stmt_map_->getBlock(const_cast<Stmt*>(s));
    if (!block || flow_->fails(block)) return out;
    // Every branch the block depends on, transitively, outermost first.
    std::vector<std::pair<unsigned, bool>> chain;
    std::set<unsigned> seen = {block->getBlockID()};
    std::deque<unsigned> todo = {block->getBlockID()};
    while (!todo.empty()) {
      const unsigned b = todo.front();
      todo.pop_front();
      for (const auto& [d, taken] : flow_->dependences(b)) {
        if (seen.insert(d).second) {
          chain.emplace_back(d, taken);
          todo.push_back(d);
        }
      }
    }
    std::reverse(chain.begin(), chain.end());
    std::map<unsigned, const CFGBlock*> by_id;
    for (const CFGBlock* b : *cfg_) by_id[b->getBlockID()] = b;
    for (const auto& [d, taken] : chain) {
      bool range_for = false;
      if (!condition_of(by_id[d], &range_for)) continue;
      out.push_back(guard_for(by_id[d], taken));
    }
    // Assertions that dominate the site and read a member act as its null
    // check (TORCH_CHECK(lin_c, ...) before lin_c(x)).
    for (const CFGBlock* b : *cfg_) {
      if (b->succ_size() != 2 || flow_->fails(b) || flow_->successors(b->getBlockID()).size() != 1) continue;
      if (!flow_->dominates(b->getBlockID(), block->getBlockID())) continue;
      bool range_for = false;
      if (!condition_of(b, &range_for)) continue;
      GuardFact g = guard_for(b, /*taken=*/!only_fails(*b->succ_begin()));
      if (g.members.empty()) continue;
      g.assertion = true;
      out.push_back(std::move(g));
    }
    return out;
  }

  ASTContext& ctx_;
  const SourceManager& sm_;
  const CXXRecordDecl* cls_;
  const FunctionDecl* fn_;
  MethodFacts& out_;
  Collector& collector_;
  std::unique_ptr<CFG> cfg_;
  std::unique_ptr<ParentMap> parents_;
  std::unique_ptr<CFGStmtMap> stmt_map_;
  std::unique_ptr<NormalFlow> flow_;
  std::set<const Stmt*> in_condition_;
  std::map<long, const Stmt*> use_stmts_;  // index in out_.uses -> the expression
};

bool Collector::VisitCXXMethodDecl(CXXMethodDecl* md) {
  if (!md->doesThisDeclarationHaveABody()) return true;
  const CXXRecordDecl* cls = md->getParent();
  if (cls->isLambda() || !is_module_class(cls)) return true;
  ClassFacts& c = class_facts(cls);
  const std::string id = method_id(md);
  if (c.methods.count(id)) return true;  // seen (a header included twice)
  MethodFacts& m = c.methods[id];
  m.id = id;
  m.name = md->getNameAsString();
  m.is_constructor = isa<CXXConstructorDecl>(md);
  MethodAnalyzer(ctx_, cls, md, m, *this).run();
  return true;
}

class CollectorConsumer : public ASTConsumer {
 public:
  explicit CollectorConsumer(TuFacts& out) : out_(out) {}
  void HandleTranslationUnit(ASTContext& ctx) override {
    if (ctx.getDiagnostics().hasErrorOccurred()) return;
    Collector(ctx, out_).TraverseDecl(ctx.getTranslationUnitDecl());
  }

 private:
  TuFacts& out_;
};

}  // namespace

std::unique_ptr<clang::ASTConsumer> make_collector(TuFacts& out) { return std::make_unique<CollectorConsumer>(out); }

void TuFacts::merge(const TuFacts& other) {
  for (const auto& [name, c] : other.classes) {
    ClassFacts& mine = classes[name];
    mine.name = name;
    mine.has_forward = mine.has_forward || c.has_forward;
    for (const auto& [id, m] : c.methods) mine.methods.emplace(id, m);
  }
}

}  // namespace gradaudit::lint
