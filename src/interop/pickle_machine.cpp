#include "interop/pickle_machine.h"

#include <fmt/format.h>

#include <cstring>
#include <unordered_map>

#include "common/input_error.h"

namespace gradaudit::interop {
namespace {

using Kind = PickleValue::Kind;

class Machine {
 public:
  Machine(const std::string& bytes, const std::string& source, const PickleHooks& hooks)
      : bytes_(bytes), source_(source), hooks_(hooks) {}

  PickleValue run() {
    while (true) {
      opcode_at_ = pos_;
      const uint8_t op = read_u8();
      if (op == '.') {  // STOP
        if (stack_.empty()) fail("STOP with an empty stack");
        return pop();
      }
      step(op);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(fmt::format("{}: pickle at byte {}: {}", source_, opcode_at_, what));
  }

  // --- reading operands -----------------------------------------------------
  void need(uint64_t n) const {
    if (n > bytes_.size() - pos_) fail("truncated (the file ends inside an opcode)");
  }
  uint8_t read_u8() {
    need(1);
    return static_cast<uint8_t>(bytes_[pos_++]);
  }
  // Little-endian unsigned integer of `n` bytes (n <= 8).
  uint64_t read_le(int n) {
    need(n);
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(bytes_[pos_ + i])) << (8 * i);
    pos_ += n;
    return v;
  }
  std::string read_bytes(uint64_t n) {
    need(n);
    std::string s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string read_line() {
    const size_t end = bytes_.find('\n', pos_);
    if (end == std::string::npos) fail("truncated (a GLOBAL name without its newline)");
    std::string s = bytes_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return s;
  }
  // LONG1/LONG4: two's complement, little-endian. Wider than 64 bits cannot
  // be a size or count we use; it stays an opaque value.
  PickleValue read_long(uint64_t n) {
    const std::string raw = read_bytes(n);
    if (n == 0) return PickleValue::of_int(0);
    if (n > 8) return PickleValue::object("builtins.int (wider than 64 bits)", PickleValue::none());
    uint64_t v = 0;
    for (uint64_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(raw[i])) << (8 * i);
    if (n < 8 && (static_cast<uint8_t>(raw[n - 1]) & 0x80)) v |= ~uint64_t{0} << (8 * n);  // sign-extend
    return PickleValue::of_int(static_cast<int64_t>(v));
  }

  // --- the stack --------------------------------------------------------------
  PickleValue pop() {
    if (stack_.size() <= mark_floor()) fail("an opcode needs a value but the stack is empty");
    PickleValue v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  PickleValue& top() {
    if (stack_.size() <= mark_floor()) fail("an opcode needs a value but the stack is empty");
    return stack_.back();
  }
  size_t mark_floor() const { return marks_.empty() ? 0 : marks_.back(); }
  // Everything above the last MARK, removing the mark.
  PickleItems pop_to_mark() {
    if (marks_.empty()) fail("an opcode needs a MARK but there is none");
    const size_t mark = marks_.back();
    marks_.pop_back();
    PickleItems items(std::make_move_iterator(stack_.begin() + static_cast<std::ptrdiff_t>(mark)),
                      std::make_move_iterator(stack_.end()));
    stack_.resize(mark);
    return items;
  }
  void push(PickleValue v) { stack_.push_back(std::move(v)); }

  // --- containers -------------------------------------------------------------
  void set_items(PickleValue& target, PickleItems& flat) {
    if (flat.size() % 2 != 0) fail("SETITEMS with an odd number of values");
    if (target.kind != Kind::kDict && target.kind != Kind::kObject)
      fail("SETITEM(S) into " + target.describe() + ", expected a dict");
    for (size_t i = 0; i < flat.size(); i += 2) {
      auto& entries = *target.entries;
      bool replaced = false;  // a dict keeps one value per key (string keys)
      if (flat[i].kind == Kind::kString)
        for (auto& [k, v] : entries)
          if (k.kind == Kind::kString && k.text == flat[i].text) {
            v = std::move(flat[i + 1]);
            replaced = true;
            break;
          }
      if (!replaced) entries.emplace_back(std::move(flat[i]), std::move(flat[i + 1]));
    }
  }
  void append_items(PickleValue& target, PickleItems& values, const char* op) {
    if (target.kind != Kind::kList && target.kind != Kind::kObject && target.kind != Kind::kSet)
      fail(std::string(op) + " into " + target.describe() + ", expected a list");
    for (auto& v : values) target.items->push_back(std::move(v));
  }

  // The code points of a UTF-8 string, each one byte (all are < 256 here).
  static std::string latin1_bytes(const std::string& utf8) {
    std::string out;
    for (size_t i = 0; i < utf8.size(); ++i) {
      const auto c = static_cast<uint8_t>(utf8[i]);
      if (c >= 0xc0 && i + 1 < utf8.size()) {
        out.push_back(static_cast<char>(((c & 0x1f) << 6) | (static_cast<uint8_t>(utf8[++i]) & 0x3f)));
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    return out;
  }

  // A class or function reference: GLOBAL "module\nname\n" or STACK_GLOBAL.
  static std::string qualified(const std::string& module, const std::string& name) {
    // Python 2 spellings that protocol 2 writes for builtins.
    if (module == "__builtin__") return "builtins." + name;
    if (module == "copy_reg") return "copyreg." + name;
    return module + "." + name;
  }

  // REDUCE and NEWOBJ: dicts and sets are rebuilt; torch's rebuilds go to the
  // hook; anything else becomes an object of that class, kept opaque.
  PickleValue call(const PickleValue& callable, PickleValue args) {
    if (callable.kind != Kind::kGlobal) return PickleValue::object("<call of " + callable.describe() + ">", std::move(args));
    const std::string& name = callable.text;
    if (args.kind != Kind::kTuple) fail("REDUCE of " + name + " with " + args.describe() + ", expected a tuple of arguments");
    const PickleItems& a = *args.items;
    if (hooks_.call) {
      if (auto result = hooks_.call(name, args)) return std::move(*result);
    }
    if (name == "collections.OrderedDict" || name == "builtins.dict") {
      PickleValue d = PickleValue::dict();
      if (!a.empty() && (a[0].kind == Kind::kList || a[0].kind == Kind::kTuple)) {
        for (const auto& pair : *a[0].items) {
          if ((pair.kind != Kind::kTuple && pair.kind != Kind::kList) || pair.items->size() != 2)
            fail(name + " from " + pair.describe() + ", expected (key, value) pairs");
          PickleItems flat = {(*pair.items)[0], (*pair.items)[1]};
          set_items(d, flat);
        }
      }
      return d;
    }
    if (name == "builtins.set" || name == "builtins.frozenset") {
      PickleItems items;
      if (!a.empty() && a[0].items) items = *a[0].items;
      return PickleValue::sequence(Kind::kSet, std::move(items));
    }
    // Python 3 bytes at protocol 2: _codecs.encode(text, 'latin1').
    if (name == "_codecs.encode" && a.size() == 2 && a[0].kind == Kind::kString)
      return PickleValue::of_bytes(latin1_bytes(a[0].text));
    // LibTorch's pickle_save wraps containers with their TorchScript type.
    if (name == "torch.jit._pickle.restore_type_tag" && !a.empty()) return a[0];
    if (name == "copyreg._reconstructor" && !a.empty() && a[0].kind == Kind::kGlobal) {
      const std::string& cls = a[0].text;
      if (cls == "collections.OrderedDict" || cls == "builtins.dict") return PickleValue::dict();
      return PickleValue::object(cls, std::move(args));
    }
    return PickleValue::object(name, std::move(args));
  }

  void step(uint8_t op) {
    switch (op) {
      case 0x80: read_u8(); return;      // PROTO
      case 0x95: read_le(8); return;     // FRAME: a length hint only
      case '(': marks_.push_back(stack_.size()); return;  // MARK
      case '0': pop(); return;           // POP
      case '1': pop_to_mark(); return;   // POP_MARK
      case '2': push(top()); return;     // DUP
      case 'N': push(PickleValue::none()); return;
      case 0x88: push(PickleValue::of_bool(true)); return;   // NEWTRUE
      case 0x89: push(PickleValue::of_bool(false)); return;  // NEWFALSE
      case 'J': push(PickleValue::of_int(static_cast<int32_t>(read_le(4)))); return;  // BININT
      case 'K': push(PickleValue::of_int(static_cast<int64_t>(read_le(1)))); return;  // BININT1
      case 'M': push(PickleValue::of_int(static_cast<int64_t>(read_le(2)))); return;  // BININT2
      case 0x8a: push(read_long(read_le(1))); return;  // LONG1
      case 0x8b: push(read_long(read_le(4))); return;  // LONG4
      case 'G': {  // BINFLOAT: big-endian IEEE double
        need(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<uint8_t>(bytes_[pos_ + i]);
        pos_ += 8;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        push(PickleValue::of_float(d));
        return;
      }
      case 'X': push(PickleValue::of_string(read_bytes(read_le(4)))); return;   // BINUNICODE
      case 0x8c: push(PickleValue::of_string(read_bytes(read_le(1)))); return;  // SHORT_BINUNICODE
      case 0x8d: push(PickleValue::of_string(read_bytes(read_le(8)))); return;  // BINUNICODE8
      case 'T': push(PickleValue::of_string(read_bytes(read_le(4)))); return;   // BINSTRING
      case 'U': push(PickleValue::of_string(read_bytes(read_le(1)))); return;   // SHORT_BINSTRING
      case 'B': push(PickleValue::of_bytes(read_bytes(read_le(4)))); return;    // BINBYTES
      case 'C': push(PickleValue::of_bytes(read_bytes(read_le(1)))); return;    // SHORT_BINBYTES
      case 0x8e: push(PickleValue::of_bytes(read_bytes(read_le(8)))); return;   // BINBYTES8
      case 0x96: push(PickleValue::of_bytes(read_bytes(read_le(8)))); return;   // BYTEARRAY8
      case '}': push(PickleValue::dict()); return;                                // EMPTY_DICT
      case ']': push(PickleValue::sequence(Kind::kList, {})); return;             // EMPTY_LIST
      case ')': push(PickleValue::sequence(Kind::kTuple, {})); return;            // EMPTY_TUPLE
      case 0x8f: push(PickleValue::sequence(Kind::kSet, {})); return;             // EMPTY_SET
      case 't': push(PickleValue::sequence(Kind::kTuple, pop_to_mark())); return;  // TUPLE
      case 'l': push(PickleValue::sequence(Kind::kList, pop_to_mark())); return;   // LIST
      case 0x91: push(PickleValue::sequence(Kind::kSet, pop_to_mark())); return;   // FROZENSET
      case 0x85: case 0x86: case 0x87: {  // TUPLE1..3
        PickleItems items(op - 0x84);
        for (auto it = items.rbegin(); it != items.rend(); ++it) *it = pop();
        push(PickleValue::sequence(Kind::kTuple, std::move(items)));
        return;
      }
      case 'd': {  // DICT
        PickleItems flat = pop_to_mark();
        PickleValue d = PickleValue::dict();
        set_items(d, flat);
        push(std::move(d));
        return;
      }
      case 's': {  // SETITEM
        PickleItems flat(2);
        flat[1] = pop();
        flat[0] = pop();
        set_items(top(), flat);
        return;
      }
      case 'u': {  // SETITEMS
        PickleItems flat = pop_to_mark();
        set_items(top(), flat);
        return;
      }
      case 'a': {  // APPEND
        PickleItems one;
        one.push_back(pop());
        append_items(top(), one, "APPEND");
        return;
      }
      case 'e': {  // APPENDS
        PickleItems values = pop_to_mark();
        append_items(top(), values, "APPENDS");
        return;
      }
      case 0x90: {  // ADDITEMS
        PickleItems values = pop_to_mark();
        append_items(top(), values, "ADDITEMS");
        return;
      }
      case 'q': memo_[read_le(1)] = top(); return;     // BINPUT
      case 'r': memo_[read_le(4)] = top(); return;     // LONG_BINPUT
      case 0x94: memo_[memo_.size()] = top(); return;  // MEMOIZE
      case 'h': push(memo_get(read_le(1))); return;    // BINGET
      case 'j': push(memo_get(read_le(4))); return;    // LONG_BINGET
      case 'c': {  // GLOBAL
        const std::string module = read_line();
        const std::string name = read_line();
        push(PickleValue::of_global(qualified(module, name)));
        return;
      }
      case 0x93: {  // STACK_GLOBAL
        const PickleValue name = pop();
        const PickleValue module = pop();
        if (name.kind != Kind::kString || module.kind != Kind::kString) fail("STACK_GLOBAL expects two strings");
        push(PickleValue::of_global(qualified(module.text, name.text)));
        return;
      }
      case 'R': {  // REDUCE
        PickleValue args = pop();
        const PickleValue callable = pop();
        push(call(callable, std::move(args)));
        return;
      }
      case 0x81: {  // NEWOBJ: cls.__new__(cls, *args)
        PickleValue args = pop();
        const PickleValue cls = pop();
        push(new_object(cls, std::move(args)));
        return;
      }
      case 0x92: {  // NEWOBJ_EX: also keyword arguments, which we keep out
        pop();
        PickleValue args = pop();
        const PickleValue cls = pop();
        push(new_object(cls, std::move(args)));
        return;
      }
      case 'b': {  // BUILD: an object's state (its __dict__); dicts and tensors ignore it
        PickleValue state = pop();
        PickleValue& target = top();
        // Through the shared pointer: the memo's copies of the object see it.
        if (target.kind == Kind::kObject) *target.state = std::move(state);
        return;
      }
      case 'Q': {  // BINPERSID
        const PickleValue id = pop();
        if (!hooks_.persistent_load) fail("a persistent id (BINPERSID) where none is expected");
        push(hooks_.persistent_load(id));
        return;
      }
      default:
        fail(fmt::format("unknown opcode 0x{:02x} (not one torch.save writes)", op));
    }
  }

  PickleValue new_object(const PickleValue& cls, PickleValue args) {
    if (cls.kind != Kind::kGlobal) fail("NEWOBJ of " + cls.describe() + ", expected a class");
    if (cls.text == "collections.OrderedDict" || cls.text == "builtins.dict") return PickleValue::dict();
    if (cls.text == "builtins.set") return PickleValue::sequence(Kind::kSet, {});
    if (cls.text == "builtins.list") return PickleValue::sequence(Kind::kList, {});
    return PickleValue::object(cls.text, std::move(args));
  }

  const PickleValue& memo_get(uint64_t index) const {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail(fmt::format("memo entry {} read before it was written", index));
    return it->second;
  }

  const std::string& bytes_;
  const std::string& source_;
  const PickleHooks& hooks_;
  size_t pos_ = 0;
  size_t opcode_at_ = 0;
  std::vector<PickleValue> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, PickleValue> memo_;
};

}  // namespace

PickleValue unpickle(const std::string& bytes, const std::string& source, const PickleHooks& hooks) {
  return Machine(bytes, source, hooks).run();
}

}  // namespace gradaudit::interop
