#include "lint/module_type.h"

#include <clang/AST/DeclTemplate.h>

#include <string>

#include "lint/ast_helpers.h"

namespace gradaudit::lint {

const clang::CXXRecordDecl* held_module(clang::QualType type, int depth) {
  using namespace clang;
  if (type.isNull() || depth > 8) return nullptr;
  const auto* rd = type.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!rd || !rd->hasDefinition()) return nullptr;
  const std::string name = rd->getQualifiedNameAsString();
  if (const auto* spec = dyn_cast<ClassTemplateSpecializationDecl>(rd)) {
    if ((name == "std::shared_ptr" || name == "torch::nn::ModuleHolder") && spec->getTemplateArgs().size() >= 1 &&
        spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return held_module(spec->getTemplateArgs()[0].getAsType(), depth + 1);
  }
  if (is_module_class(rd)) return rd->getDefinition();
  // A TORCH_MODULE holder derives from ModuleHolder<FooImpl>.
  for (const auto& base : rd->getDefinition()->bases())
    if (const CXXRecordDecl* held = held_module(base.getType(), depth + 1)) return held;
  return nullptr;
}

bool parameter_free_library_module(const clang::CXXRecordDecl* rd) {
  std::string name = rd->getQualifiedNameAsString();
  if (name.rfind("torch::nn::", 0) != 0) return false;
  name = name.substr(name.rfind("::") + 2);
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "Impl") == 0) name.resize(name.size() - 4);
  static const char* const kFree[] = {
      "Dropout", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout", "ReLU", "ReLU6", "RReLU",
      "LeakyReLU", "GELU", "ELU", "SELU", "CELU", "SiLU", "Mish", "Tanh", "Sigmoid", "Softmax", "Softmin",
      "LogSoftmax", "Softmax2d", "LogSigmoid", "Softplus", "Softshrink", "Hardshrink", "Hardtanh", "Tanhshrink",
      "Threshold", "GLU", "Identity", "Flatten", "Unflatten", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d",
      "AvgPool2d", "AvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "AdaptiveAvgPool1d",
      "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "LPPool1d", "LPPool2d", "FractionalMaxPool2d",
      "FractionalMaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "Upsample", "PixelShuffle",
      "PixelUnshuffle", "ZeroPad2d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d",
      "ReplicationPad2d", "ReplicationPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "Fold", "Unfold",
      "CosineSimilarity", "PairwiseDistance", "LocalResponseNorm", "CrossMapLRN2d", "Functional"};
  for (const char* free : kFree)
    if (name == free) return true;
  // Losses keep their class weights as buffers.
  return name.size() > 4 && name.compare(name.size() - 4, 4, "Loss") == 0;
}

}  // namespace gradaudit::lint
