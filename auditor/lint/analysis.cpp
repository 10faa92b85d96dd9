#include "lint/analysis.h"

#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "lint/constructor_values.h"
#include "lint/entry_points.h"
#include "lint/guard_text.h"
#include "lint/parameter_free.h"

namespace gradaudit::lint {
namespace {

using Guards = std::vector<GuardFact>;

// The least-guarded path from `roots` to every method they reach: a method
// reached through an unconditional call chain has no path guards at all.
std::map<std::string, Guards> reach(const ClassFacts& c, bool from_constructors) {
  std::map<std::string, Guards> best;
  std::vector<std::string> work;
  for (const auto& [id, m] : c.methods) {
    if (from_constructors ? m.is_constructor : m.name == "forward") {
      best[id] = {};
      work.push_back(id);
    }
  }
  while (!work.empty()) {
    const std::string id = work.back();
    work.pop_back();
    const auto it = c.methods.find(id);
    if (it == c.methods.end()) continue;  // defined in a TU not analysed
    for (const CallFact& call : it->second.calls) {
      Guards path = best[id];
      path.insert(path.end(), call.at.guards.begin(), call.at.guards.end());
      const auto known = best.find(call.callee);
      if (known != best.end() && known->second.size() <= path.size()) continue;
      best[call.callee] = std::move(path);
      work.push_back(call.callee);
    }
  }
  return best;
}

// Every call to each method from the methods reached.
std::map<std::string, std::vector<const CallFact*>> callers(const ClassFacts& c, const std::map<std::string, Guards>& reached) {
  std::map<std::string, std::vector<const CallFact*>> out;
  for (const auto& [id, path] : reached) {
    const auto m = c.methods.find(id);
    if (m == c.methods.end()) continue;
    for (const CallFact& call : m->second.calls) out[call.callee].push_back(&call);
  }
  return out;
}

// A guard on the method's own parameter (`if (depth > 2)`), decided by the
// constant arguments of the calls to it in the class (`features(x)` with
// `depth = 3` by default): kept when some call may go either way, dropped
// when one call makes it hold; the site is dead (null) when every call
// makes it fail. Entry points (no caller here) keep their guards.
std::optional<SiteFact> decided(const SiteFact& at, const std::vector<const CallFact*>* calls) {
  if (!calls || calls->empty()) return at;
  SiteFact out = at;
  out.guards.clear();
  for (const GuardFact& g : at.guards) {
    if (!g.parameter_test) {
      out.guards.push_back(g);
      continue;
    }
    bool holds_somewhere = false, fails_everywhere = true;
    for (const CallFact* call : *calls) {
      const unsigned i = g.parameter_test->parameter;
      const bool known = i < call->arguments.size() && call->arguments[i];
      if (known && g.parameter_test->holds(*call->arguments[i])) holds_somewhere = true;
      if (!known || g.parameter_test->holds(*call->arguments[i])) fails_everywhere = false;
    }
    if (fails_everywhere) return std::nullopt;
    if (!holds_somewhere) out.guards.push_back(g);
  }
  return out;
}

// The site with every guard of the path leading to it; conditions compared
// with the members in `values` replaced by what the constructors set.
rules::Site resolve(const SiteFact& at, const Guards& path, const std::string& member,
                    const std::map<std::string, std::string>& values) {
  rules::Site s = at.site;
  auto add = [&](const GuardFact& g) {
    rules::Guard guard = g.guard;
    guard.mentions_member = g.members.count(member) > 0;
    if (g.assertion && !guard.mentions_member) return;  // asserts something else: no condition
    guard.compared = guard_text::substitute_members(g.compared.empty() ? g.guard.normalized : g.compared, values);
    guard.reads.assign(g.members.begin(), g.members.end());
    s.guards.push_back(std::move(guard));
  };
  for (const auto& g : path) add(g);
  for (const auto& g : at.guards) add(g);
  return s;
}

}  // namespace

std::vector<rules::MemberSummary> summarize(const TuFacts& facts) {
  std::vector<rules::MemberSummary> out;
  ParameterFreedom freedom(facts);
  std::map<std::string, std::map<std::string, rules::MemberSummary>> by_class;
  for (const auto& [key, c] : facts.classes) {
    const std::string& name = c.name;
    const ConstructorValues constructed(c);
    const auto built = reach(c, /*from_constructors=*/true);
    const auto used = reach(c, /*from_constructors=*/false);
    std::map<std::string, rules::MemberSummary>& members = by_class[key];
    const auto build_calls = callers(c, built), use_calls = callers(c, used);
    // An entry point (a constructor, forward()) is called from outside too:
    // its own calls in the class decide nothing.
    auto calls_of = [&](const auto& all, const std::string& id, bool entry_point) {
      const auto it = all.find(id);
      return it == all.end() || entry_point ? nullptr : &it->second;
    };
    for (const auto& [id, path] : built) {
      const auto m = c.methods.find(id);
      if (m == c.methods.end()) continue;
      for (const RegistrationFact& r : m->second.registrations) {
        const auto at_site = decided(r.at, calls_of(build_calls, id, m->second.is_constructor));
        if (!at_site) continue;  // no call from a constructor reaches it
        const bool first = !members.count(r.member);
        rules::MemberSummary& s = members[r.member];
        s.parameter_free = (first || s.parameter_free) && freedom.registration(r);
        s.class_name = name;
        s.member = r.member;
        s.kind = r.kind;
        s.trainable = s.trainable && r.trainable;
        s.class_has_forward = c.has_forward;
        rules::Site at = resolve(*at_site, path, r.member, constructed.before(m->second, r.offset));
        at.ready_members = constructed.ready(m->second, r.offset);
        s.registrations.push_back(std::move(at));
      }
    }
    for (const auto& [id, path] : used) {
      const auto m = c.methods.find(id);
      if (m == c.methods.end()) continue;
      for (const UseFact& u : m->second.uses) {
        const auto at = decided(u.at, calls_of(use_calls, id, m->second.name == "forward"));
        if (!at) continue;
        if (u.member == kEveryMember) {
          for (auto& [member, s] : members) s.uses.push_back(resolve(*at, path, member, constructed.everywhere()));
          continue;
        }
        const auto s = members.find(u.member);
        if (s != members.end()) s->second.uses.push_back(resolve(*at, path, u.member, constructed.everywhere()));
      }
      // Used on every path of the method: as unconditional as the call to it.
      for (const auto& [member, at] : m->second.always_used) {
        const auto s = members.find(member);
        if (s != members.end()) s->second.uses.push_back(resolve(at, path, member, constructed.everywhere()));
      }
    }
    for (const auto& [member, s] : members) out.push_back(s);
  }
  // A module entered by a composite model only through named methods: its
  // members those methods never use, as unused in that model.
  for (const CompositeEntry& e : composite_entries(facts)) {
    for (const auto& [member, s] : by_class[e.inner]) {
      if (e.used.count(member) || e.used.count(kEveryMember) || s.kind == rules::MemberKind::kBuffer || s.registrations.empty()) continue;
      rules::MemberSummary unused = s;
      unused.uses.clear();
      unused.class_has_forward = true;
      unused.entered_by = e.outer;
      unused.entered_through = e.through;
      unused.entered_member = e.member;
      unused.entered_at = e.at;
      out.push_back(std::move(unused));
    }
  }
  return out;
}

std::vector<ClassCensus> census(const TuFacts& facts) {
  std::vector<ClassCensus> out;
  for (const auto& [key, c] : facts.classes) {
    ClassCensus k{c.name, c.at, 0, {}, c.declares_constructor};
    for (const auto& [id, m] : c.methods) {
      if (m.is_constructor) k.constructor_unseen = false;
      k.registrations += m.registrations.size();
      k.untracked.insert(k.untracked.end(), m.untracked_registrations.begin(), m.untracked_registrations.end());
    }
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<rules::StaticFinding> analyze(const TuFacts& facts) {
  std::vector<rules::StaticFinding> out;
  std::set<std::tuple<std::string, std::string, unsigned, unsigned>> seen;
  for (const auto& member : summarize(facts)) {
    for (const rules::StaticRule* rule : rules::static_rules()) {
      auto f = rule->check(member);
      if (!f) continue;
      if (!seen.emplace(f->rule->id, f->at.file, f->at.line, f->at.column).second) continue;
      f->class_name = member.class_name;
      f->member = member.member;
      out.push_back(std::move(*f));
    }
  }
  return out;
}

}  // namespace gradaudit::lint
