// The pickle interpreter on hand-written streams: what it builds, and that
// every malformed stream is an InputError naming the source and the byte.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "interop/pickle_machine.h"

namespace gradaudit::testing {
namespace {

using interop::PickleValue;
using Kind = PickleValue::Kind;

PickleValue run(const std::string& bytes) { return interop::unpickle(bytes, "test.pkl", {}); }

std::string error_of(const std::string& bytes) {
  try {
    run(bytes);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// Bytes by value: hex escapes in string literals would swallow the letters
// that follow them ("\x01a" is one byte).
std::string b(std::initializer_list<int> codes) {
  std::string s;
  for (int c : codes) s.push_back(static_cast<char>(c));
  return s;
}

TEST(InteropPickle, BuildsDictsListsAndScalars) {
  // {'a': [1, -2, 300, 3.5], 'b': (True, None)} in protocol 2, with memo use.
  const std::string bytes = b({0x80, 2, '}', 'q', 0, '(', 'X', 1, 0, 0, 0, 'a', 'q', 1, ']', 'q', 2, '(', 'K', 1,
                               'J', 0xfe, 0xff, 0xff, 0xff, 'M', 0x2c, 1, 'G', 0x40, 0x0c, 0, 0, 0, 0, 0, 0, 'e',
                               'X', 1, 0, 0, 0, 'b', 0x88, 'N', 0x86, 'u', '.'});
  const PickleValue v = run(bytes);
  ASSERT_EQ(v.kind, Kind::kDict);
  const PickleValue* a = v.find("a");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->kind, Kind::kList);
  ASSERT_EQ(a->items->size(), 4u);
  EXPECT_EQ((*a->items)[0].integer, 1);
  EXPECT_EQ((*a->items)[1].integer, -2);
  EXPECT_EQ((*a->items)[2].integer, 300);
  EXPECT_EQ((*a->items)[3].real, 3.5);
  const PickleValue* bt = v.find("b");
  ASSERT_TRUE(bt);
  EXPECT_EQ(bt->kind, Kind::kTuple);
  EXPECT_TRUE((*bt->items)[0].boolean);
  EXPECT_EQ((*bt->items)[1].kind, Kind::kNone);
}

TEST(InteropPickle, ReadsProtocolFourOpcodes) {
  // FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL, EMPTY_TUPLE, REDUCE:
  // collections.OrderedDict() then SETITEM 'k' -> LONG1 -5.
  std::string bytes = b({0x80, 4, 0x95, 0, 0, 0, 0, 0, 0, 0, 0});
  bytes += b({0x8c, 11}) + "collections" + b({0x94, 0x8c, 11}) + "OrderedDict" + b({0x94, 0x93, 0x94, ')', 'R'});
  bytes += b({0x8c, 1, 'k', 0x8a, 1, 0xfb, 's', '.'});
  const PickleValue v = run(bytes);
  ASSERT_EQ(v.kind, Kind::kDict);
  ASSERT_TRUE(v.find("k"));
  EXPECT_EQ(v.find("k")->integer, -5);
}

TEST(InteropPickle, UnknownClassesBecomeOpaqueObjects) {
  // GLOBAL 'lightning Thing', EMPTY_TUPLE, NEWOBJ, EMPTY_DICT with x=1, BUILD.
  const std::string bytes = b({0x80, 2}) + "clightning\nThing\n" + b({')', 0x81, '}', 'X', 1, 0, 0, 0, 'x', 'K', 1, 's', 'b', '.'});
  const PickleValue v = run(bytes);
  ASSERT_EQ(v.kind, Kind::kObject);
  EXPECT_EQ(v.text, "lightning.Thing");
  ASSERT_TRUE(v.state);
  EXPECT_EQ(v.state->find("x")->integer, 1);
}

TEST(InteropPickle, DeepNestingIsNoStackOverflow) {
  // A million lists, each appended into the one before: [[[[...]]]].
  const int depth = 1000000;
  std::string bytes = std::string(depth, ']') + std::string(depth - 1, 'a') + ".";
  const PickleValue v = run(bytes);
  EXPECT_EQ(v.kind, Kind::kList);
  EXPECT_EQ(v.items->size(), 1u);
}

TEST(InteropPickle, MalformedStreamsAreInputErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "truncated"},
      {b({0x80, 2}), "truncated"},
      {b({0x80, 2, 'X', 0xff, 0xff, 0xff, 0x7f}), "truncated"},
      {b({0x80, 2, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), "truncated"},
      {".", "STOP with an empty stack"},
      {"s.", "stack is empty"},
      {"t.", "needs a MARK"},
      {b({'h', 5, '.'}), "memo entry 5 read before it was written"},
      {b({']', 'K', 1, 'K', 2, 's', '.'}), "SETITEM(S) into a list"},
      {b({'}', 'K', 1, 'a', '.'}), "APPEND into a dict"},
      {b({'(', 'K', 1, 'K', 2, 'K', 3, 'd', '.'}), "odd number"},
      {"cmodule_without_newline", "GLOBAL name"},
      {b({'K', 1, 'Q', '.'}), "persistent id"},
      {"I12\n.", "unknown opcode 0x49"},
  };
  for (const auto& [bytes, expected] : cases) {
    const std::string message = error_of(bytes);
    EXPECT_NE(message.find("test.pkl: pickle at byte"), std::string::npos) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << "expected '" << expected << "' in: " << message;
  }
}

}  // namespace
}  // namespace gradaudit::testing
