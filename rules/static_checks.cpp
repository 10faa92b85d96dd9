// The logic the static rules share; each rule's file binds it to its id.
#include <algorithm>

#include "rules/static_rule.h"

namespace gradaudit::rules {

std::vector<const Guard*> Site::conditions() const {
  std::vector<const Guard*> out;
  for (const auto& g : guards)
    if (!g.mentions_member) out.push_back(&g);
  return out;
}

std::string describe(const Guard& guard) {
  return guard.normalized.empty() || guard.normalized == guard.text ? "'" + guard.text + "'"
                                                                     : "'" + guard.text + "' (" + guard.normalized + ")";
}

const char* noun(MemberKind kind) {
  switch (kind) {
    case MemberKind::kSubmodule: return "submodule";
    case MemberKind::kParameter: return "parameter";
    case MemberKind::kBuffer: return "buffer";
  }
  return "member";
}

namespace {

bool unguarded(const Site& s) { return s.conditions().empty(); }

const char* no_gradient(MemberKind kind) {
  return kind == MemberKind::kSubmodule ? "its parameters get no gradient" : "it gets no gradient";
}

std::string conjunction(const std::vector<const Guard*>& guards, bool normalized) {
  std::string out;
  for (const auto* g : guards) {
    const std::string& t = normalized && !g->normalized.empty() ? g->normalized : g->text;
    out += (out.empty() ? "" : " && ") + (guards.size() > 1 ? "(" + t + ")" : t);
  }
  return out;
}

}  // namespace

std::optional<StaticFinding> check_unconditional(const MemberSummary& m, const StaticRule& rule) {
  if (m.uses.empty() || m.registrations.empty() || m.parameter_free) return std::nullopt;
  if (m.kind == MemberKind::kParameter && !m.trainable) return std::nullopt;
  const auto reg = std::find_if(m.registrations.begin(), m.registrations.end(), unguarded);
  if (reg == m.registrations.end()) return std::nullopt;
  if (std::any_of(m.uses.begin(), m.uses.end(), unguarded)) return std::nullopt;
  const Site& use = m.uses.front();
  const auto conditions = use.conditions();
  StaticFinding f;
  f.rule = &rule;
  f.at = *reg;
  f.message = std::string(noun(m.kind)) + " '" + m.member + "' is registered unconditionally but used only when " +
              describe(*conditions.front()) + "; otherwise " + no_gradient(m.kind) +
              ", which fails DistributedDataParallel";
  f.note_at = use;
  std::string when;
  for (const auto* g : conditions) when += (when.empty() ? "" : " and ") + describe(*g);
  f.note = "used here, only when " + when;
  // Safe to wrap only when the constructor can test the same condition,
  // with every member it reads already holding its final value there (a
  // member set two lines later would be read at its default).
  const auto ready = [&](const std::string& member) {
    return std::find(reg->ready_members.begin(), reg->ready_members.end(), member) != reg->ready_members.end();
  };
  const bool testable = std::all_of(conditions.begin(), conditions.end(), [&](const Guard* g) {
    return g->constructor_testable && std::all_of(g->reads.begin(), g->reads.end(), ready);
  });
  if (reg->can_wrap && testable) {
    FixIt fix;
    fix.file = reg->file;
    fix.offset = reg->statement_begin;
    fix.length = 0;
    fix.line = reg->statement_line;
    fix.column = reg->statement_column;
    fix.replacement = "if (" + conjunction(conditions, true) + ") ";
    f.fix = fix;
  }
  return f;
}

std::optional<StaticFinding> check_unused(const MemberSummary& m, const StaticRule& rule) {
  if (!m.class_has_forward || !m.uses.empty() || m.registrations.empty() || m.parameter_free) return std::nullopt;
  if (m.kind == MemberKind::kParameter && !m.trainable) return std::nullopt;
  StaticFinding f;
  f.rule = &rule;
  f.at = m.registrations.front();
  if (m.entered_at) {
    f.message = std::string(noun(m.kind)) + " '" + m.member + "' is never used when '" + m.entered_by +
                "' runs this module: its forward() enters it only through " + m.entered_through + "; " +
                no_gradient(m.kind) + " in that model, which fails DistributedDataParallel";
    f.note_at = *m.entered_at;
    f.note = "'" + m.entered_by + "' enters '" + m.entered_member + "' here, through " + m.entered_through;
    return f;
  }
  f.message = std::string(noun(m.kind)) + " '" + m.member +
              "' is registered but never used by forward() or what it calls; " + no_gradient(m.kind) +
              " in any iteration, which fails DistributedDataParallel";
  return f;
}

std::optional<StaticFinding> check_unguarded_conditional(const MemberSummary& m, const StaticRule& rule) {
  if (m.registrations.empty() || m.uses.empty()) return std::nullopt;
  if (std::any_of(m.registrations.begin(), m.registrations.end(), unguarded)) return std::nullopt;
  const Site& reg = m.registrations.front();
  std::vector<std::string> required;
  // Compared with what the constructors set put in: opts_.n > 0 in forward()
  // is opts.n > 0 in a constructor that did opts_(opts).
  for (const auto* g : reg.conditions()) required.push_back(g->compared.empty() ? g->normalized : g->compared);
  for (const Site& use : m.uses) {
    if (use.guards.size() != use.conditions().size()) continue;  // tested the member itself: safe
    std::vector<std::string> held;
    for (const auto* g : use.conditions()) held.push_back(g->compared.empty() ? g->normalized : g->compared);
    const bool covered = std::all_of(required.begin(), required.end(), [&](const std::string& r) {
      return std::find(held.begin(), held.end(), r) != held.end();
    });
    if (covered) continue;
    StaticFinding f;
    f.rule = &rule;
    f.at = reg;
    f.message = std::string(noun(m.kind)) + " '" + m.member + "' is registered only when " +
                describe(*reg.conditions().front()) + " but used " +
                (use.conditions().empty() ? "unconditionally"
                                          : "under a different condition, " + describe(*use.conditions().front())) +
                "; in the other configurations it is " +
                (reg.registers_existing ? std::string("built but not registered: not trained, not synchronised by DDP")
                 : m.kind == MemberKind::kSubmodule ? "an empty holder"
                                                    : "an undefined tensor");
    f.note_at = use;
    f.note = "used here without testing '" + m.member + "' first";
    return f;
  }
  return std::nullopt;
}

}  // namespace gradaudit::rules
