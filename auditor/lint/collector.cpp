#include "lint/collector.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/ParentMap.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Analysis/CFG.h>
#include <clang/Analysis/CFGStmtMap.h>
#include <clang/Basic/SourceManager.h>

#include <map>
#include <set>

#include "lint/ast_helpers.h"
#include "lint/conditions.h"
#include "lint/control_dependence.h"
#include "lint/guard_text.h"
#include "lint/module_access.h"
#include "lint/module_type.h"
#include "lint/registration.h"

namespace gradaudit::lint {
namespace {

using namespace clang;

rules::Site location(const SourceManager& sm, SourceLocation loc) {
  rules::Site s;
  loc = sm.getExpansionLoc(loc);
  const PresumedLoc p = sm.getPresumedLoc(loc);
  if (p.isValid()) {
    s.file = p.getFilename();
    s.line = p.getLine();
    s.column = p.getColumn();
  }
  return s;
}

// The file as the file system knows it: one header reached through two
// include paths is one file.
std::string real_path(const SourceManager& sm, SourceLocation loc) {
  loc = sm.getExpansionLoc(loc);
  if (const FileEntry* f = sm.getFileEntryForID(sm.getFileID(loc)); f && !f->tryGetRealPathName().empty())
    return f->tryGetRealPathName().str();
  return std::string(sm.getFilename(loc));
}

RegistrationFact fact_of(const Registration& reg) {
  RegistrationFact r;
  r.member = reg.member->getNameAsString();
  r.kind = reg.kind;
  r.trainable = reg.trainable;
  return r;
}

// LibTorch's own classes (torch::nn::Module itself, its layers), wherever
// their headers are: never analysed, never counted.
bool library_class(const CXXRecordDecl* rd) {
  const std::string name = rd->getQualifiedNameAsString();
  return name.rfind("torch::", 0) == 0 || name.rfind("at::", 0) == 0 || name.rfind("c10::", 0) == 0;
}

// Collects every module class and analyses each method defined in user code.
class Collector : public RecursiveASTVisitor<Collector> {
 public:
  Collector(ASTContext& ctx, TuFacts& out) : ctx_(ctx), sm_(ctx.getSourceManager()), out_(out) {}

  bool TraverseDecl(Decl* d) {
    // Stay out of LibTorch and the standard library: matching there costs seconds.
    if (d && !isa<TranslationUnitDecl>(d) && !in_user_code(sm_, d->getLocation())) return true;
    return RecursiveASTVisitor::TraverseDecl(d);
  }
  // A class template is analysed once, as written.
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitLambdaBodies() const { return false; }

  bool VisitCXXRecordDecl(CXXRecordDecl* rd) {
    if (!rd->isThisDeclarationADefinition() || rd->isLambda() || library_class(rd) || !is_module_class(rd))
      return true;
    ClassFacts& c = class_facts(rd);
    for (const auto* m : rd->methods())
      if (m->getNameAsString() == "forward") c.has_forward = true;
    for (const auto* ctor : rd->ctors())
      if (!ctor->isImplicit()) c.declares_constructor = true;
    // Fields that hold a value before any constructor body runs.
    for (const FieldDecl* f : rd->fields())
      if (f->hasInClassInitializer() || f->getType()->isRecordType()) c.default_initialized.insert(f->getNameAsString());
    for (const auto& base : rd->bases()) {
      const CXXRecordDecl* b = base.getType()->getAsCXXRecordDecl();
      if (b && b->hasDefinition() && library_class(b)) continue;
      if (b && b->hasDefinition() && is_module_class(b)) c.bases.push_back(key_of(b));
      else c.unknown_base = true;  // a dependent base, or a class that is no module
    }
    return true;
  }

  bool VisitCXXMethodDecl(CXXMethodDecl* md);

  // A class's key in TuFacts::classes: its name and where it is defined.
  std::string key_of(const CXXRecordDecl* rd) const {
    const CXXRecordDecl* def = rd->getDefinition() ? rd->getDefinition() : rd;
    return def->getQualifiedNameAsString() + "@" + real_path(sm_, def->getLocation()) + ":" +
           std::to_string(location(sm_, def->getLocation()).line);
  }

  ClassFacts& class_facts(const CXXRecordDecl* rd) {
    const CXXRecordDecl* def = rd->getDefinition() ? rd->getDefinition() : rd;
    ClassFacts& c = out_.classes[key_of(def)];
    c.name = def->getQualifiedNameAsString();
    c.at = location(sm_, def->getLocation());
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
      : ctx_(ctx), sm_(ctx.getSourceManager()), cls_(cls), fn_(fn), out_(out), collector_(collector),
        conditions_(ctx, cls) {}

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
      flow_ = std::make_unique<ControlDependence>(*cfg_);
      for (const CFGBlock* b : *cfg_) {
        if (const Stmt* t = b->getTerminatorStmt()) mark_condition(t);
      }
    }
    if (const auto* ctor = dyn_cast<CXXConstructorDecl>(fn_)) {
      out_.delegates = ctor->isDelegatingConstructor();
      for (const ParmVarDecl* p : ctor->parameters()) {
        out_.parameters.push_back(p->getNameAsString());
        ctor_params_.insert(p->getNameAsString());
      }
      constructor_initializers(ctor);
    }
    walk(body);
    find_always_used();
  }

 private:
  // Conditions are tests, not uses: remember every statement inside one. A
  // range-for's range is a use (the loop reads its elements).
  void mark_condition(const Stmt* terminator) {
    const Stmt* cond = nullptr;
    if (const auto* i = dyn_cast<IfStmt>(terminator)) cond = i->getCond();
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
    if (const auto r = registration_of(s, cls_, parents_.get())) {
      registration(*r);
    } else if (const auto* call = dyn_cast<CallExpr>(s)) {
      own_method_call(call);
      every_member_call(call);
    }
    if (const auto* me = dyn_cast<MemberExpr>(s)) member_use(me);
    if (isa<CXXThisExpr>(s)) this_use(s);
    for (const Stmt* child : s->children()) walk(child);
  }

  // A call of one of the class's own methods on `this`; in a class template
  // a dependent one is a plain call of a bound member.
  void own_method_call(const CallExpr* call) {
    const auto* bound = dyn_cast_or_null<MemberExpr>(call->getCallee() ? call->getCallee()->IgnoreParenImpCasts() : nullptr);
    if (!bound || !is_this(bound->getBase())) return;
    const auto* callee = dyn_cast<CXXMethodDecl>(bound->getMemberDecl());
    if (callee && callee->getParent()->getCanonicalDecl() == cls_->getCanonicalDecl())
      out_.calls.push_back({method_id(callee), site(call), constant_arguments(call)});
  }

  // `for (auto& m : children())`, `parameters()`, `apply(f)` on the module
  // itself: any member may run there, unnamed.
  void every_member_call(const CallExpr* call) {
    const auto* mc = dyn_cast<CXXMemberCallExpr>(call);
    const CXXMethodDecl* m = mc ? mc->getMethodDecl() : nullptr;
    if (!m || !is_this(mc->getImplicitObjectArgument()) ||
        m->getParent()->getQualifiedNameAsString() != "torch::nn::Module")
      return;
    static const std::set<std::string> kEvery = {"children", "named_children", "modules", "named_modules",
                                                 "parameters", "named_parameters", "apply"};
    if (kEvery.count(m->getNameAsString())) out_.uses.push_back({kEveryMember, site(call), {}, {}, {}, {}});
  }

  // `helper(*this, x)`: the module handed on whole, any member may run
  // there. `this->x`, `(*this).f()` name what they use.
  void this_use(const Stmt* self) {
    const Stmt* p = parents_->getParent(self);
    while (p && (isa<ImplicitCastExpr>(p) || isa<ParenExpr>(p))) p = parents_->getParent(p);
    if (const auto* deref = dyn_cast_or_null<UnaryOperator>(p); deref && deref->getOpcode() == UO_Deref) {
      p = parents_->getParent(p);
      while (p && (isa<ImplicitCastExpr>(p) || isa<ParenExpr>(p))) p = parents_->getParent(p);
    }
    if (!p || isa<MemberExpr>(p) || isa<CXXDependentScopeMemberExpr>(p) || isa<UnresolvedMemberExpr>(p)) return;
    out_.uses.push_back({kEveryMember, site(self), {}, {}, {}, {}});
  }

  void registration(const Registration& reg) {
    if (!reg.member) {
      out_.untracked_registrations.push_back(location(sm_, reg.call->getBeginLoc()));
      return;
    }
    RegistrationFact r = fact_of(reg);
    registered_module(reg, r);
    r.offset = offset_of(reg.call->getBeginLoc());
    r.at = site(reg.call);
    r.at.site.registers_existing = reg.registers_existing;
    // For a fix-it: the whole statement, when it is a plain one in a block.
    const Stmt* statement = reg.call;
    for (const Stmt* p = parents_->getParent(statement); p; p = parents_->getParent(p)) {
      if (isa<CompoundStmt>(p)) {
        const SourceLocation begin = statement->getBeginLoc(), end = statement->getEndLoc();
        if (begin.isFileID() && end.isFileID()) {
          r.at.site.statement_begin = sm_.getFileOffset(begin);
          r.at.site.statement_end = sm_.getFileOffset(end);
          r.at.site.statement_line = sm_.getSpellingLineNumber(begin);
          r.at.site.statement_column = sm_.getSpellingColumnNumber(begin);
          r.at.site.can_wrap = true;
        }
        break;
      }
      if (!isa<Expr>(p)) break;
      statement = p;
    }
    out_.registrations.push_back(std::move(r));
  }

  // Which module a submodule registration holds: the member's type says,
  // else the call's (a std::vector of holders).
  void registered_module(const Registration& reg, RegistrationFact& r) {
    if (reg.kind != rules::MemberKind::kSubmodule) return;
    const CXXRecordDecl* held = reg.member ? held_module(reg.member->getType()) : nullptr;
    if (!held) held = held_module(reg.call->getType());
    if (!held) return;
    if (library_class(held)) r.library_parameter_free = parameter_free_library_module(held);
    else if (as_written(held) == held) r.module_class = collector_.key_of(held);
    // An instantiation's parameters depend on its arguments: not judged.
  }

  // `M() : fc(register_module("fc", Linear(4, 4)))`: the same recogniser as
  // in the body, told which member the initialiser initialises. Initialisers
  // run unconditionally.
  void constructor_initializers(const CXXConstructorDecl* ctor) {
    for (const CXXCtorInitializer* init : ctor->inits()) {
      const FieldDecl* field = init->getMember();
      if (!field || !init->isWritten() || !init->getInit()) continue;
      MemberWrite w;
      w.member = field->getNameAsString();
      w.value = guard_text::mark_parameters(conditions_.text(strip(init->getInit())), ctor_params_);
      w.initializer = w.unguarded = true;
      w.offset = offset_of(init->getSourceLocation());
      out_.writes.push_back(std::move(w));
      std::vector<const Stmt*> stack = {init->getInit()};
      while (!stack.empty()) {
        const Stmt* s = stack.back();
        stack.pop_back();
        if (!s) continue;
        if (const auto r = registration_of(s, cls_, nullptr, field)) {
          RegistrationFact fact = fact_of(*r);
          registered_module(*r, fact);
          fact.offset = offset_of(r->call->getBeginLoc());
          fact.at.site = location(sm_, r->call->getBeginLoc());
          out_.registrations.push_back(std::move(fact));
          continue;
        }
        for (const Stmt* c : s->children()) stack.push_back(c);
      }
    }
  }

  void member_use(const MemberExpr* me) {
    const FieldDecl* field = own_field(me, cls_);
    if (!field) return;
    if (in_condition_.count(me)) return;  // a test, not a use
    // A write (`member = ...`) is not a use either; it is remembered, for
    // what the member holds in conditions.
    const Stmt* parent = parents_->getParent(me);
    while (parent && isa<ImplicitCastExpr>(parent)) parent = parents_->getParent(parent);
    if (const auto* bo = dyn_cast_or_null<BinaryOperator>(parent); bo && bo->isAssignmentOp() && strip(bo->getLHS()) == me)
      return member_write(field, bo, bo->getOpcode() == BO_Assign ? bo->getRHS() : nullptr);
    if (const auto* op = dyn_cast_or_null<CXXOperatorCallExpr>(parent);
        op && op->getOperator() == OO_Equal && strip(op->getArg(0)) == me && op->getNumArgs() == 2)
      return member_write(field, op, op->getArg(1));
    // Reading what a submodule is (options, size, a null test) is not running it.
    ModuleAccess access;
    if (holds_module_or_container(field)) access = module_access(me, *parents_);
    if (!access.runs) return;
    UseFact use{field->getNameAsString(), site(me), {}, {}, {}, {}};
    if (access.method || access.field) entry(access, use);
    use_stmts_[out_.uses.size()] = me;
    out_.uses.push_back(std::move(use));
  }

  // A named method of the member's module class: which, and the arguments
  // that are constants (a default argument is one).
  void entry(const ModuleAccess& access, UseFact& use) {
    if (access.field) {
      use.entry_member = access.field->getNameAsString();
      use.entry_class = collector_.key_of(as_written(cast<CXXRecordDecl>(access.field->getParent())));
      return;
    }
    const CXXMethodDecl* method = as_written(access.method);
    use.entry_method = method_id(method);
    use.entry_class = collector_.key_of(method->getParent());
    use.entry_arguments = constant_arguments(access.call);
  }

  std::vector<std::optional<long long>> constant_arguments(const CallExpr* call) const {
    std::vector<std::optional<long long>> out;
    for (const Expr* arg : call->arguments()) {
      std::optional<long long> value;
      Expr::EvalResult r;
      if (!arg->isValueDependent() && !arg->isTypeDependent() && arg->EvaluateAsInt(r, ctx_))
        value = r.Val.getInt().getExtValue();
      out.push_back(value);
    }
    return out;
  }

  // `value` null: not a plain assignment (`+=`), its value unknown.
  void member_write(const FieldDecl* field, const Stmt* assignment, const Expr* value) {
    MemberWrite w;
    w.member = field->getNameAsString();
    if (value) w.value = guard_text::mark_parameters(conditions_.text(strip(value)), ctor_params_);
    w.unguarded = guards_of(assignment).empty();
    w.offset = offset_of(assignment->getBeginLoc());
    out_.writes.push_back(std::move(w));
  }

  // `depth > 1`, `2 <= depth`, `flag`, `!flag` on a parameter of this
  // method, for the side taken.
  std::optional<ParameterTest> parameter_test(const ControlDependence::Dependence& dep) const {
    const Stmt* terminator = dep.branch->getTerminatorStmt();
    const Expr* cond = Conditions::condition_of(dep.branch);
    if (!cond || isa_and_nonnull<SwitchStmt>(terminator) || isa_and_nonnull<CXXForRangeStmt>(terminator))
      return std::nullopt;
    bool taken = dep.on_true_side();
    cond = cond->IgnoreParenImpCasts();
    while (const auto* u = dyn_cast<UnaryOperator>(cond)) {
      if (u->getOpcode() != UO_LNot) return std::nullopt;
      taken = !taken;
      cond = u->getSubExpr()->IgnoreParenImpCasts();
    }
    auto parameter = [&](const Expr* e) -> std::optional<unsigned> {
      const auto* ref = dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts());
      const auto* p = ref ? dyn_cast<ParmVarDecl>(ref->getDecl()) : nullptr;
      if (!p || p->getDeclContext() != fn_) return std::nullopt;
      return p->getFunctionScopeIndex();
    };
    auto constant = [&](const Expr* e) -> std::optional<long long> {
      Expr::EvalResult r;
      if (e->isValueDependent() || e->isTypeDependent() || !e->EvaluateAsInt(r, ctx_)) return std::nullopt;
      return r.Val.getInt().getExtValue();
    };
    ParameterTest test;
    if (const auto index = parameter(cond)) {
      test = {*index, "!=", 0};
    } else if (const auto* b = dyn_cast<BinaryOperator>(cond); b && b->isComparisonOp()) {
      static const std::map<std::string, std::string> kFlipped = {{"<", ">"}, {">", "<"}, {"<=", ">="},
                                                                  {">=", "<="}, {"==", "=="}, {"!=", "!="}};
      const std::string op = BinaryOperator::getOpcodeStr(b->getOpcode()).str();
      if (!kFlipped.count(op)) return std::nullopt;  // <=>
      const auto lhs = parameter(b->getLHS()), rhs = parameter(b->getRHS());
      const auto lc = constant(b->getLHS()), rc = constant(b->getRHS());
      if (lhs && rc) test = {*lhs, op, *rc};
      else if (rhs && lc) test = {*rhs, kFlipped.at(op), *lc};
      else return std::nullopt;
    } else {
      return std::nullopt;
    }
    if (!taken) {
      static const std::map<std::string, std::string> kNegated = {{"<", ">="}, {">=", "<"}, {">", "<="},
                                                                  {"<=", ">"}, {"==", "!="}, {"!=", "=="}};
      test.op = kNegated.at(test.op);
    }
    return test;
  }

  unsigned offset_of(SourceLocation loc) const { return sm_.getFileOffset(sm_.getExpansionLoc(loc)); }

  void lambda_body(const LambdaExpr* lambda) {
    const CXXMethodDecl* op = lambda->getCallOperator();
    const PresumedLoc p = sm_.getPresumedLoc(sm_.getExpansionLoc(lambda->getBeginLoc()));
    const std::string id = out_.id + "::lambda@" + std::to_string(p.isValid() ? p.getLine() : 0) + ":" +
                           std::to_string(p.isValid() ? p.getColumn() : 0);
    out_.calls.push_back({id, site(lambda), {}});
    ClassFacts& c = collector_.class_facts(cls_);
    MethodFacts& m = c.methods[id];
    m.id = id;
    m.name = "lambda";
    MethodAnalyzer(ctx_, cls_, op, m, collector_).run();
  }

  SiteFact site(const Stmt* s) {
    SiteFact f;
    f.site = location(sm_, s->getBeginLoc());
    f.guards = guards_of(s);
    return f;
  }

  void find_always_used() {
    if (!cfg_ || !stmt_map_) return;
    std::map<std::string, std::set<const CFGBlock*>> blocks;
    std::map<std::string, const UseFact*> first;
    for (const auto& [index, stmt] : use_stmts_) {
      const CFGBlock* b = stmt_map_->getBlock(const_cast<Stmt*>(stmt));
      if (!b) continue;
      const UseFact& use = out_.uses[index];
      blocks[use.member].insert(b);
      first.emplace(use.member, &use);
    }
    for (const auto& [member, set] : blocks) {
      if (!flow_->on_every_path(set)) continue;
      SiteFact at = first[member]->at;
      at.guards.clear();
      out_.always_used.emplace(member, std::move(at));
    }
  }

  std::vector<GuardFact> guards_of(const Stmt* s) {
    std::vector<GuardFact> out;
    if (!stmt_map_ || !flow_) return out;
    const CFGBlock* block = stmt_map_->getBlock(const_cast<Stmt*>(s));
    if (!block || flow_->fails(block)) return out;
    for (const auto& dep : flow_->transitive(block)) {
      if (!conditions_.is_guard(dep.branch)) continue;
      GuardFact g = conditions_.guard(dep);
      g.compared = guard_text::mark_parameters(g.guard.normalized, ctor_params_);
      g.parameter_test = parameter_test(dep);
      out.push_back(std::move(g));
    }
    // Assertions that dominate the site and read a member act as its null
    // check (TORCH_CHECK(lin_c, ...) before lin_c(x)).
    for (const CFGBlock* b : *cfg_) {
      if (b->succ_size() != 2 || flow_->fails(b) || flow_->successors(b).size() != 1) continue;
      if (!flow_->dominates(b, block) || !Conditions::condition_of(b)) continue;
      // The side that does not fail is the one taken.
      const std::vector<const CFGBlock*> normal = flow_->successors(b);
      const std::vector<const CFGBlock*> both = {b->succ_begin()->getReachableBlock(),
                                                 (b->succ_begin() + 1)->getReachableBlock()};
      GuardFact g = conditions_.guard({b, normal, &both});
      if (g.members.empty()) continue;
      g.assertion = true;
      g.compared = guard_text::mark_parameters(g.guard.normalized, ctor_params_);
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
  Conditions conditions_;
  std::unique_ptr<CFG> cfg_;
  std::unique_ptr<ParentMap> parents_;
  std::unique_ptr<CFGStmtMap> stmt_map_;
  std::unique_ptr<ControlDependence> flow_;
  std::set<const Stmt*> in_condition_;
  std::set<std::string> ctor_params_;  // a constructor's parameters' names
  std::map<size_t, const Stmt*> use_stmts_;  // index in out_.uses -> the expression
};

bool Collector::VisitCXXMethodDecl(CXXMethodDecl* md) {
  if (!md->doesThisDeclarationHaveABody()) return true;
  const CXXRecordDecl* cls = md->getParent();
  if (cls->isLambda() || library_class(cls) || !is_module_class(cls)) return true;
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
  void Initialize(ASTContext& ctx) override { sm_ = &ctx.getSourceManager(); }
  void HandleTranslationUnit(ASTContext& ctx) override {
    if (ctx.getDiagnostics().hasErrorOccurred()) return;
    Collector(ctx, out_).TraverseDecl(ctx.getTranslationUnitDecl());
  }
  // The Collector never enters LibTorch or the standard library, so their
  // function bodies need not be parsed (with skip_library_function_bodies).
  bool shouldSkipFunctionBody(Decl* d) override { return sm_ && !in_user_code(*sm_, d->getLocation()); }

 private:
  TuFacts& out_;
  const SourceManager* sm_ = nullptr;
};

}  // namespace

std::unique_ptr<clang::ASTConsumer> make_collector(TuFacts& out) { return std::make_unique<CollectorConsumer>(out); }

void TuFacts::merge(const TuFacts& other) {
  for (const auto& [key, c] : other.classes) {
    ClassFacts& mine = classes[key];
    mine.name = c.name;
    mine.at = c.at;
    mine.has_forward = mine.has_forward || c.has_forward;
    mine.declares_constructor = mine.declares_constructor || c.declares_constructor;
    if (mine.bases.empty()) mine.bases = c.bases;
    mine.default_initialized.insert(c.default_initialized.begin(), c.default_initialized.end());
    mine.unknown_base = mine.unknown_base || c.unknown_base;
    for (const auto& [id, m] : c.methods) mine.methods.emplace(id, m);
  }
}

}  // namespace gradaudit::lint
