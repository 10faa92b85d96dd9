// gradaudit rules [ID]: the rule list, or one rule's page.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "common/input_error.h"
#include "rules/rule.h"

namespace gradaudit::cli {

void add_rules_command(CLI::App& app, int& exit_code) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("rules", "list the rules, or print one rule's page");
  cmd->add_option("rule", *id, "a rule id (GA101) or name (no-gradient)");
  cmd->callback([id, &exit_code] {
    if (id->empty()) {
      for (const auto* r : rules::all_rules()) {
        std::cout << fmt::format("{:<6} {:<32} {:<8} {:<8} {}\n", r->id, r->name,
                                 r->kind == rules::RuleKind::kStatic ? "static" : "dynamic",
                                 rules::severity_name(r->severity), r->summary);
      }
      exit_code = 0;
      return;
    }
    const rules::Rule* r = rules::find_rule(*id);
    if (!r) throw InputError("rules: unknown rule '" + *id + "'; run 'gradaudit rules' for the list");
    std::cout << r->page();
    exit_code = 0;
  });
}

}  // namespace gradaudit::cli
