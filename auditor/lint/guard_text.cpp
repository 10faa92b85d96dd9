#include "lint/guard_text.h"

#include <cctype>
#include <vector>

namespace gradaudit::lint::guard_text {
namespace {

std::vector<std::string> tokens(const std::string& text) {
  static const char* const kPairs[] = {"->", "::", "&&", "||", "==", "!=", "<=", ">=", "<<", ">>"};
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    if (std::isalnum(c) || c == '_' || c == '@') {
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_' ||
                                 (std::isdigit(c) && (text[j] == '.' || text[j] == '\''))))
        ++j;
    } else {
      for (const char* pair : kPairs)
        if (text.compare(i, 2, pair) == 0) j = i + 2;
    }
    out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

bool identifier(const std::string& t) {
  return !t.empty() && (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_');
}

// The identifier at `i` names something on its own, not a member of
// something else (`x.opts`, `ns::opts`); `this->` before it is dropped.
bool free_standing(std::vector<std::string>& t, size_t& i) {
  if (i == 0) return true;
  if (t[i - 1] == "." || t[i - 1] == "::") return false;
  if (t[i - 1] != "->") return true;
  if (i >= 2 && t[i - 2] == "this") {
    t.erase(t.begin() + static_cast<long>(i) - 2, t.begin() + static_cast<long>(i));
    i -= 2;
    return true;
  }
  return false;
}

// Parentheses around the whole are no part of what is compared.
void strip_outer_parens(std::vector<std::string>& t) {
  while (t.size() >= 2 && t.front() == "(" && t.back() == ")") {
    int depth = 0;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
      depth += t[i] == "(" ? 1 : t[i] == ")" ? -1 : 0;
      if (depth == 0) return;  // the first parenthesis closes before the end
    }
    t.erase(t.end() - 1);
    t.erase(t.begin());
  }
}

std::string join(std::vector<std::string> t) {
  strip_outer_parens(t);
  std::string out;
  for (const auto& s : t) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

std::string mark_parameters(const std::string& text, const std::set<std::string>& parameters) {
  std::vector<std::string> t = tokens(text);
  for (size_t i = 0; i < t.size(); ++i)
    if (identifier(t[i]) && parameters.count(t[i]) && free_standing(t, i)) t[i] = "@" + t[i];
  return join(t);
}

std::string substitute_members(const std::string& text, const std::map<std::string, std::string>& values) {
  std::vector<std::string> t = tokens(text), out;
  for (size_t i = 0; i < t.size(); ++i) {
    const auto v = identifier(t[i]) ? values.find(t[i]) : values.end();
    if (v == values.end() || !free_standing(t, i)) {
      if (i < t.size()) out.push_back(t[i]);
      continue;
    }
    // free_standing may have dropped `this ->` already copied to `out`.
    if (out.size() >= 2 && out[out.size() - 1] == "->" && out[out.size() - 2] == "this") out.resize(out.size() - 2);
    const std::vector<std::string> value = tokens(v->second);
    if (value.size() > 1) out.push_back("(");
    out.insert(out.end(), value.begin(), value.end());
    if (value.size() > 1) out.push_back(")");
  }
  return join(out);
}

}  // namespace gradaudit::lint::guard_text
