// Control dependence on a function's *normal* flow: clang's CFG with the
// blocks that can only throw or call a [[noreturn]] function (TORCH_CHECK's
// failure branch) cut out, then dominators and post-dominators. A statement
// is guarded by the branches it is control dependent on; an assertion is not
// a branch on this graph, so it guards nothing.
#pragma once

#include <set>
#include <vector>

namespace clang {
class CFG;
class CFGBlock;
}  // namespace clang

namespace gradaudit::lint {

// Every path from `b` ends in a throw or a [[noreturn]] call.
bool only_fails(const clang::CFGBlock* b);

class ControlDependence {
 public:
  explicit ControlDependence(const clang::CFG& cfg);

  // A branch `b` depends on, and the successors of that branch from which `b`
  // is reached (one for an if; the matching cases for a switch).
  struct Dependence {
    const clang::CFGBlock* branch;
    std::vector<const clang::CFGBlock*> via;
    // For a two-way branch: whether `b` lies on the first successor's side
    // (the condition true).
    bool on_true_side() const;
    const std::vector<const clang::CFGBlock*>* successors = nullptr;
  };

  bool fails(const clang::CFGBlock* b) const { return fails_[id(b)]; }
  bool dominates(const clang::CFGBlock* a, const clang::CFGBlock* b) const { return dom_[id(b)][id(a)]; }
  bool post_dominates(const clang::CFGBlock* a, const clang::CFGBlock* b) const { return pdom_[id(b)][id(a)]; }
  // Successors on the normal flow, in the CFG's order, duplicates removed.
  const std::vector<const clang::CFGBlock*>& successors(const clang::CFGBlock* b) const { return succ_[id(b)]; }

  // The branches `b` is directly control dependent on.
  std::vector<Dependence> direct(const clang::CFGBlock* b) const;
  // Every branch `b` depends on, transitively, outermost first.
  std::vector<Dependence> transitive(const clang::CFGBlock* b) const;
  // Whether every normal path from entry to exit passes through one of `blocks`.
  bool on_every_path(const std::set<const clang::CFGBlock*>& blocks) const;

 private:
  static unsigned id(const clang::CFGBlock* b);
  std::vector<std::vector<bool>> solve(unsigned root, const std::vector<std::vector<unsigned>>& edges) const;

  const clang::CFG& cfg_;
  unsigned n_;
  std::vector<const clang::CFGBlock*> blocks_;  // by id
  std::vector<std::vector<const clang::CFGBlock*>> succ_;
  std::vector<bool> fails_;
  std::vector<std::vector<bool>> pdom_, dom_;  // [b][a]: a (post-)dominates b
};

}  // namespace gradaudit::lint
