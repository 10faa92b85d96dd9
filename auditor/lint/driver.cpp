#include "lint/driver.h"

#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Frontend/TextDiagnosticPrinter.h>
#include <clang/Tooling/ArgumentsAdjusters.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/VirtualFileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/input_error.h"
#include "lint/collector.h"

namespace gradaudit::lint {
namespace {

using namespace clang;

class CollectAction : public ASTFrontendAction {
 public:
  explicit CollectAction(TuFacts& out) : out_(out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance& ci, StringRef) override {
    // Clang asks the consumer which bodies to skip (not constexpr ones, nor
    // those whose return type is deduced); ours skips the libraries'.
    ci.getFrontendOpts().SkipFunctionBodies = true;
    return make_collector(out_);
  }

 private:
  TuFacts& out_;
};

class CollectFactory : public tooling::FrontendActionFactory {
 public:
  explicit CollectFactory(TuFacts& out) : out_(out) {}
  std::unique_ptr<FrontendAction> create() override { return std::make_unique<CollectAction>(out_); }

 private:
  TuFacts& out_;
};

bool has_prefix(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// Clang as the compile database's compiler would not run it: builtin headers
// from our resource directory, C++17 (clang 14 cannot parse LibTorch's
// headers as C++20), no warnings of its own, only a syntax check.
tooling::ArgumentsAdjuster adjuster(const std::string& resource_dir) {
  return [resource_dir](const tooling::CommandLineArguments& args, StringRef) {
    tooling::CommandLineArguments out;
    bool has_resource_dir = false;
    for (size_t i = 0; i < args.size(); ++i) {
      std::string a = args[i];
      if (has_prefix(a, "-resource-dir")) has_resource_dir = true;
      if (a == "-std=c++20" || a == "-std=c++2a" || a == "-std=gnu++20" || a == "-std=gnu++2a") a = "-std=c++17";
      // GCC-only flags clang rejects, and GCC's precompiled header.
      if (a == "-fno-semantic-interposition" || a == "-Winvalid-pch" || has_prefix(a, "-fconcepts")) continue;
      if (a == "-include" && i + 1 < args.size() && args[i + 1].find("cmake_pch") != std::string::npos) {
        ++i;
        continue;
      }
      out.push_back(a);
    }
    auto at = out.empty() ? out.end() : out.begin() + 1;
    if (!has_resource_dir && !resource_dir.empty()) at = out.insert(at, "-resource-dir=" + resource_dir) + 1;
    out.insert(at, {"-w", "-fno-color-diagnostics"});
    return out;
  };
}

}  // namespace

std::string default_resource_dir() {
  if (const char* env = std::getenv("GRADAUDIT_CLANG_RESOURCE_DIR")) return env;
  return GRADAUDIT_CLANG_RESOURCE_DIR;
}

DriverResult run_driver(const DriverOptions& options) {
  std::unique_ptr<tooling::CompilationDatabase> db;
  std::string error;
  if (!options.build_dir.empty()) {
    db = tooling::CompilationDatabase::autoDetectFromDirectory(options.build_dir, error);
    if (!db) throw InputError(options.build_dir + ": no compile_commands.json (" + error + ")");
  } else {
    db = std::make_unique<tooling::FixedCompilationDatabase>(".", options.extra_args);
  }
  const std::string resource_dir = options.resource_dir.empty() ? default_resource_dir() : options.resource_dir;
  if (!resource_dir.empty() && !std::filesystem::exists(resource_dir + "/include/stddef.h"))
    throw InputError(resource_dir + ": not a clang resource directory (no include/stddef.h); set --resource-dir");
  for (const auto& f : options.files)
    if (!std::filesystem::exists(f)) throw InputError(f + ": no such file");

  DriverResult result;
  result.units.resize(options.files.size());
  std::vector<TuFacts> per_file(options.files.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < options.files.size(); i = next++) {
      const auto start = std::chrono::steady_clock::now();
      TuOutcome& unit = result.units[i];
      unit.file = options.files[i];
      // Each tool gets its own view of the real file system, with its own
      // working directory: ClangTool moves into each compile command's
      // directory, and on the shared real file system that is the process's
      // own, which other workers (and a relative -o) depend on.
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> own_fs(llvm::vfs::createPhysicalFileSystem().release());
      tooling::ClangTool tool(*db, {options.files[i]}, std::make_shared<PCHContainerOperations>(), own_fs);
      tool.appendArgumentsAdjuster(adjuster(resource_dir));
      if (!options.build_dir.empty() && !options.extra_args.empty())
        tool.appendArgumentsAdjuster(
            tooling::getInsertArgumentAdjuster(options.extra_args, tooling::ArgumentInsertPosition::END));
      std::string diagnostics;
      llvm::raw_string_ostream stream(diagnostics);
      // Reference-counted: the printer owns it.
      TextDiagnosticPrinter printer(stream, new DiagnosticOptions());
      tool.setDiagnosticConsumer(&printer);
      CollectFactory factory(per_file[i]);
      const int rc = tool.run(&factory);
      stream.flush();
      unit.ok = rc == 0;
      if (!unit.ok) unit.diagnostics = diagnostics;
      unit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
  };
  const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int j = 1; j < std::min<int>(jobs, static_cast<int>(options.files.size())); ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (size_t i = 0; i < per_file.size(); ++i)
    if (result.units[i].ok) result.facts.merge(per_file[i]);
  return result;
}

}  // namespace gradaudit::lint
