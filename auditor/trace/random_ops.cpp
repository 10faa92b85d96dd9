#include "trace/random_ops.h"

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/ir/ir.h>

#include <unordered_set>

namespace gradaudit::trace {
namespace {

using torch::jit::Block;
using torch::jit::Graph;
using torch::jit::Node;

class RandomOpFinder {
 public:
  bool graph_draws(const std::shared_ptr<Graph>& graph) {
    if (!seen_.insert(graph.get()).second) return false;
    return block_draws(graph->block());
  }

 private:
  bool block_draws(const Block* block) {
    for (const Node* node : block->nodes()) {
      if (node->isNondeterministic()) return true;
      for (const Block* inner : node->blocks())
        if (block_draws(inner)) return true;
      if (node->kind() == c10::prim::CallMethod) {
        auto cls = node->input(0)->type()->cast<c10::ClassType>();
        torch::jit::Function* method = cls ? cls->findMethod(node->s(c10::attr::name)) : nullptr;
        if (!method || graph_draws(torch::jit::toGraphFunction(*method).graph())) return true;
      } else if (node->kind() == c10::prim::CallFunction) {
        auto fn = node->input(0)->type()->cast<c10::FunctionType>();
        if (!fn || graph_draws(torch::jit::toGraphFunction(*fn->function()).graph())) return true;
      }
    }
    return false;
  }

  std::unordered_set<const Graph*> seen_;
};

}  // namespace

bool forward_draws_random_numbers(const torch::jit::Module& module) {
  try {
    return RandomOpFinder().graph_draws(torch::jit::toGraphFunction(module.get_method("forward").function()).graph());
  } catch (const c10::Error&) {
    return true;  // not a graph function (a builtin): assume it draws
  }
}

}  // namespace gradaudit::trace
