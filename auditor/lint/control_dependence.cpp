#include "lint/control_dependence.h"

#include <clang/AST/ExprCXX.h>
#include <clang/Analysis/CFG.h>

#include <algorithm>
#include <deque>

namespace gradaudit::lint {

using namespace clang;

namespace {

bool only_fails(const CFGBlock* b, int depth) {
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

}  // namespace

bool only_fails(const CFGBlock* b) { return only_fails(b, 0); }

bool ControlDependence::Dependence::on_true_side() const {
  return successors && !successors->empty() && std::find(via.begin(), via.end(), successors->front()) != via.end();
}

unsigned ControlDependence::id(const CFGBlock* b) { return b->getBlockID(); }

ControlDependence::ControlDependence(const CFG& cfg)
    : cfg_(cfg), n_(cfg.getNumBlockIDs()), blocks_(n_, nullptr), succ_(n_), fails_(n_, false) {
  for (const CFGBlock* b : cfg) {
    blocks_[id(b)] = b;
    fails_[id(b)] = only_fails(b);
  }
  std::vector<std::vector<unsigned>> succ_ids(n_), pred_ids(n_);
  for (const CFGBlock* b : cfg) {
    if (fails(b)) continue;
    for (const auto& s : b->succs()) {
      const CFGBlock* t = s.getReachableBlock();
      if (!t || fails(t)) continue;
      auto& out = succ_[id(b)];
      if (std::find(out.begin(), out.end(), t) != out.end()) continue;
      out.push_back(t);
      succ_ids[id(b)].push_back(id(t));
      pred_ids[id(t)].push_back(id(b));
    }
  }
  pdom_ = solve(id(&cfg.getExit()), succ_ids);
  dom_ = solve(id(&cfg.getEntry()), pred_ids);
}

// Iterative (post-)dominator sets over `edges` (successors for
// post-dominators, predecessors for dominators), rooted at `root`.
std::vector<std::vector<bool>> ControlDependence::solve(unsigned root,
                                                        const std::vector<std::vector<unsigned>>& edges) const {
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

std::vector<ControlDependence::Dependence> ControlDependence::direct(const CFGBlock* b) const {
  std::vector<Dependence> out;
  for (const CFGBlock* d : blocks_) {
    if (!d || fails(d)) continue;
    const auto& succs = successors(d);
    if (succs.size() < 2 || (post_dominates(b, d) && b != d)) continue;
    Dependence dep{d, {}, &succs};
    for (const CFGBlock* s : succs)
      if (post_dominates(b, s)) dep.via.push_back(s);
    if (!dep.via.empty() && dep.via.size() < succs.size()) out.push_back(std::move(dep));
  }
  return out;
}

std::vector<ControlDependence::Dependence> ControlDependence::transitive(const CFGBlock* b) const {
  std::vector<Dependence> chain;
  std::vector<bool> seen(n_, false);
  seen[id(b)] = true;
  std::deque<const CFGBlock*> todo = {b};
  while (!todo.empty()) {
    const CFGBlock* next = todo.front();
    todo.pop_front();
    for (auto& dep : direct(next)) {
      if (seen[id(dep.branch)]) continue;
      seen[id(dep.branch)] = true;
      todo.push_back(dep.branch);
      chain.push_back(std::move(dep));
    }
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

bool ControlDependence::on_every_path(const std::set<const CFGBlock*>& blocks) const {
  std::vector<const CFGBlock*> stack = {&cfg_.getEntry()};
  std::vector<bool> seen(n_, false);
  while (!stack.empty()) {
    const CFGBlock* b = stack.back();
    stack.pop_back();
    if (seen[id(b)] || blocks.count(b)) continue;
    seen[id(b)] = true;
    if (b == &cfg_.getExit()) return false;
    for (const CFGBlock* s : successors(b)) stack.push_back(s);
  }
  return true;
}

}  // namespace gradaudit::lint
