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

#include <memory>
#include <mutex>
#include <optional>

#include "lint/analysis.h"
#include "lint/collector.h"
#include "lint/suppressions.h"
#include "rules/static_rule.h"

namespace gradaudit::tidy_plugin {
namespace {

using namespace clang;
using namespace clang::ast_matchers;

// Findings of every rule for the translation unit being checked, computed
// once however many of our checks are enabled, and forgotten at its end:
// clang-tidy runs several files in one process, and a new ASTContext may
// sit where the last one was, so an address is no key.
class TuFindings {
 public:
  void forget() {
    std::lock_guard<std::mutex> lock(mutex_);
    findings_.reset();
  }
  const std::vector<rules::StaticFinding>& of(ASTContext& ctx) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!findings_) {
      lint::TuFacts facts;
      lint::make_collector(facts)->HandleTranslationUnit(ctx);
      findings_ = lint::analyze(facts);
    }
    return *findings_;
  }

 private:
  std::mutex mutex_;
  std::optional<std::vector<rules::StaticFinding>> findings_;
};

SourceLocation location(const SourceManager& sm, const rules::Site& site) {
  auto file = sm.getFileManager().getFile(site.file);
  if (!file) return {};
  return sm.translateFileLineCol(*file, site.line, site.column);
}

class GradauditCheck : public clang::tidy::ClangTidyCheck {
 public:
  GradauditCheck(StringRef name, clang::tidy::ClangTidyContext* context, const rules::StaticRule* rule,
                 std::shared_ptr<TuFindings> shared)
      : ClangTidyCheck(name, context), rule_(rule), shared_(std::move(shared)) {}

  // Every check's start hook runs before any check() of the unit, its end
  // hook after the last one.
  void onStartOfTranslationUnit() override { shared_->forget(); }
  void onEndOfTranslationUnit() override { shared_->forget(); }

  void registerMatchers(MatchFinder* finder) override { finder->addMatcher(translationUnitDecl().bind("tu"), this); }

  void check(const MatchFinder::MatchResult& result) override {
    const SourceManager& sm = *result.SourceManager;
    for (const auto& f : shared_->of(*result.Context)) {
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
  std::shared_ptr<TuFindings> shared_;
};

class GradauditModule : public clang::tidy::ClangTidyModule {
 public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories& factories) override {
    // One cache for the checks of one run, shared by no other run.
    auto shared = std::make_shared<TuFindings>();
    for (const rules::StaticRule* info : rules::static_rules()) {
      factories.registerCheckFactory(std::string("gradaudit-") + info->name,
                                     [info, shared](StringRef name, clang::tidy::ClangTidyContext* context) {
                                       return std::make_unique<GradauditCheck>(name, context, info, shared);
                                     });
    }
  }
};

}  // namespace
}  // namespace gradaudit::tidy_plugin

static clang::tidy::ClangTidyModuleRegistry::Add<gradaudit::tidy_plugin::GradauditModule> kGradauditModule(
    "gradaudit-module", "gradaudit: submodules built unconditionally but used conditionally, and related checks");
