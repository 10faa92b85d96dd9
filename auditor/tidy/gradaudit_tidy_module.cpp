// The gradaudit rules as a clang-tidy plugin, for projects that already run
// clang-tidy in CI:
//   clang-tidy-14 --load=libgradaudit-tidy.so -checks='-*,gradaudit-*' file.cpp -- ...
// NOLINT, --warnings-as-errors and --export-fixes then come from clang-tidy.
// Each translation unit is analysed on its own (a model whose constructor and
// forward() live in different files needs `gradaudit lint`).
#include <clang-tidy/ClangTidyCheck.h>
#include <clang-tidy/ClangTidyModule.h>
#include <clang-tidy/ClangTidyModuleRegistry.h>
#include <clang/AST/ASTConsumer.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/Basic/SourceManager.h>

#include <map>
#include <memory>

#include "lint/analysis.h"
#include "lint/collector.h"
#include "lint/suppressions.h"
#include "rules/static_rule.h"

namespace gradaudit::tidy_plugin {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

// Findings of every rule for one AST, computed once however many of our
// checks are enabled (clang-tidy runs one translation unit at a time).
const std::vector<rules::StaticFinding>& findings_for(ASTContext& ctx) {
  static const ASTContext* cached_for = nullptr;
  static std::vector<rules::StaticFinding> cached;
  if (cached_for != &ctx) {
    lint::TuFacts facts;
    lint::make_collector(facts)->HandleTranslationUnit(ctx);
    cached = lint::analyze(facts);
    cached_for = &ctx;
  }
  return cached;
}

SourceLocation location(const SourceManager& sm, const rules::Site& site) {
  auto file = sm.getFileManager().getFile(site.file);
  if (!file) return {};
  return sm.translateFileLineCol(*file, site.line, site.column);
}

class GradauditCheck : public clang::tidy::ClangTidyCheck {
 public:
  GradauditCheck(StringRef name, clang::tidy::ClangTidyContext* context, const rules::StaticRule* rule)
      : ClangTidyCheck(name, context), rule_(rule) {}

  void registerMatchers(MatchFinder* finder) override { finder->addMatcher(translationUnitDecl().bind("tu"), this); }

  void check(const MatchFinder::MatchResult& result) override {
    const SourceManager& sm = *result.SourceManager;
    for (const auto& f : findings_for(*result.Context)) {
      // clang-tidy applies NOLINT itself; this adds "// gradaudit: ignore GA00x".
      if (f.rule != rule_ || lint::suppressed_by_comment(f)) continue;
      const SourceLocation at = location(sm, f.at);
      if (at.isInvalid()) continue;
      {
        // One diagnostic in flight at a time: this one is emitted at the brace.
        auto d = diag(at, "%0") << f.message;
        if (f.fix) {
          const SourceLocation insert = sm.getComposedLoc(sm.getFileID(at), f.fix->offset);
          d << FixItHint::CreateInsertion(insert, f.fix->replacement);
        }
      }
      if (f.note_at) {
        const SourceLocation note = location(sm, *f.note_at);
        if (note.isValid()) diag(note, "%0", DiagnosticIDs::Note) << f.note;
      }
    }
  }

 private:
  const rules::StaticRule* rule_;
};

class GradauditModule : public clang::tidy::ClangTidyModule {
 public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories& factories) override {
    for (const rules::StaticRule* info : rules::static_rules()) {
      factories.registerCheckFactory(std::string("gradaudit-") + info->name,
                                     [info](StringRef name, clang::tidy::ClangTidyContext* context) {
                                       return std::make_unique<GradauditCheck>(name, context, info);
                                     });
    }
  }
};

}  // namespace
}  // namespace gradaudit::tidy_plugin

static clang::tidy::ClangTidyModuleRegistry::Add<gradaudit::tidy_plugin::GradauditModule> kGradauditModule(
    "gradaudit-module", "gradaudit: submodules built unconditionally but used conditionally, and related checks");
