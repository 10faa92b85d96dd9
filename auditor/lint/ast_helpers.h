// Small questions about clang's AST that the collector and the registration
// recogniser share: is this user code, is this a module class, which of the
// class's fields does this expression name.
#pragma once

#include <string>

namespace clang {
class CXXMethodDecl;
class CXXRecordDecl;
class Expr;
class FieldDecl;
class FunctionDecl;
class SourceLocation;
class SourceManager;
}  // namespace clang

namespace gradaudit::lint {

// LibTorch's own files are never analysed, wherever they are installed.
bool in_user_code(const clang::SourceManager& sm, clang::SourceLocation loc);

// Derives from torch::nn::Module, directly or through templates
// (Cloneable<NetImpl<T>> in a class template).
bool is_module_class(const clang::CXXRecordDecl* rd);

// "ns::Net::forward(const at::Tensor &)" (+ " const"): a method's identity across translation units.
std::string method_id(const clang::FunctionDecl* fd);

// Parentheses, implicit casts, temporaries, one-argument constructions and
// conversions to bool removed: the expression a value comes from.
const clang::Expr* strip(const clang::Expr* e);

bool is_this(const clang::Expr* e);

// A class template's instantiation, or a member of one, as written: the
// pattern the collector analysed (classes keyed by it, methods named by it).
const clang::CXXRecordDecl* as_written(const clang::CXXRecordDecl* rd);
const clang::CXXMethodDecl* as_written(const clang::CXXMethodDecl* md);

// The field a `this->member` expression names, if it is one of `cls`'s.
const clang::FieldDecl* own_field(const clang::Expr* e, const clang::CXXRecordDecl* cls);

}  // namespace gradaudit::lint
