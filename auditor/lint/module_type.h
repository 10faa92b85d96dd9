// Which module class a member holds, so that its parameters can be judged:
// `Foo` (TORCH_MODULE: a ModuleHolder<FooImpl>) and `std::shared_ptr<FooImpl>`
// hold FooImpl; a module class is itself.
#pragma once

#include <clang/AST/DeclCXX.h>
#include <clang/AST/Type.h>

namespace gradaudit::lint {

// The module class a member of type `type` holds; null for anything else.
const clang::CXXRecordDecl* held_module(clang::QualType type, int depth = 0);

// LibTorch's modules without parameters: dropout, activations, identity,
// reshaping, pooling, padding, resampling, distances, losses and a
// Functional (a function wrapped as a module). A `FooImpl` of torch::nn
// named here has none, whatever its options.
bool parameter_free_library_module(const clang::CXXRecordDecl* rd);

}  // namespace gradaudit::lint
