// Every `#include "dir/file.h"` of our libraries names a header of the
// library itself or of one it links (directly, or through their public
// links): no library compiles only because another's include root leaks in.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "test_paths.h"

namespace gradaudit::testing {
namespace {

struct Library {
  std::string folder;  // "src/tft"
  std::vector<std::string> links, public_links;
};

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::map<std::string, Library> read_map() {
  std::map<std::string, Library> libs;
  std::ifstream in(std::string(GRADAUDIT_BUILD_DIR) + "/library_map.txt");
  std::string line;
  while (std::getline(in, line)) {
    const auto fields = split(line + "|", '|');
    if (fields.size() < 2) continue;
    Library lib;
    lib.folder = fields[1];
    auto ours = [](const std::string& list) {
      std::vector<std::string> out;
      for (const auto& item : split(list, ';'))
        if (item.rfind("gradaudit::", 0) == 0) out.push_back(item.substr(11));
      return out;
    };
    if (fields.size() > 2) lib.links = ours(fields[2]);
    if (fields.size() > 3) lib.public_links = ours(fields[3]);
    libs[fields[0]] = lib;
  }
  return libs;
}

TEST(IncludeHygiene, LibrariesIncludeOnlyWhatTheyLink) {
  const auto libs = read_map();
  ASSERT_GT(libs.size(), 10u) << "no library map in the build folder";
  // The include prefix each library owns: the last part of its folder.
  std::map<std::string, std::string> owner;
  for (const auto& [name, lib] : libs) owner[std::filesystem::path(lib.folder).filename().string()] = name;
  const std::regex include("^#include \"([a-z_]+)/[^\"]+\"");
  for (const auto& [name, lib] : libs) {
    // Visible: the library, what it links, and their public links, transitively.
    std::set<std::string> visible = {name};
    std::vector<std::string> work = lib.links;
    while (!work.empty()) {
      const std::string next = work.back();
      work.pop_back();
      if (!visible.insert(next).second || !libs.count(next)) continue;
      for (const auto& p : libs.at(next).public_links) work.push_back(p);
    }
    for (const auto& entry : std::filesystem::directory_iterator(source_path(lib.folder))) {
      // An executable's main() beside the library links more than it.
      if (entry.path().filename().string().find("_main.cpp") != std::string::npos) continue;
      std::ifstream in(entry.path());
      std::string text;
      for (int n = 1; std::getline(in, text); ++n) {
        std::smatch m;
        if (!std::regex_search(text, m, include)) continue;
        const auto it = owner.find(m[1].str());
        if (it == owner.end()) continue;  // a test or third-party folder
        EXPECT_TRUE(visible.count(it->second))
            << lib.folder << "/" << entry.path().filename().string() << ":" << n << ": includes " << m[1]
            << "/... of libgradaudit_" << it->second << " without linking it";
      }
    }
  }
}

}  // namespace
}  // namespace gradaudit::testing
