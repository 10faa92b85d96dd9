#include "interop/pickle_value.h"

namespace gradaudit::interop {

namespace {

// Moves the children only this value holds into `pending`, leaving it flat.
void detach_children(PickleValue& v, std::vector<PickleValue>& pending) {
  if (v.items && v.items.use_count() == 1) {
    for (auto& child : *v.items) pending.push_back(std::move(child));
    v.items->clear();
  }
  if (v.entries && v.entries.use_count() == 1) {
    for (auto& [key, value] : *v.entries) {
      pending.push_back(std::move(key));
      pending.push_back(std::move(value));
    }
    v.entries->clear();
  }
  if (v.args && v.args.use_count() == 1) pending.push_back(std::move(*v.args));
  if (v.state && v.state.use_count() == 1) pending.push_back(std::move(*v.state));
}

}  // namespace

PickleValue::~PickleValue() {
  if (!items && !entries && !args && !state) return;
  std::vector<PickleValue> pending;
  detach_children(*this, pending);
  while (!pending.empty()) {
    PickleValue next = std::move(pending.back());
    pending.pop_back();
    detach_children(next, pending);
  }  // `next` is flat when destroyed: no recursion
}

PickleValue PickleValue::of_bool(bool b) {
  PickleValue v;
  v.kind = Kind::kBool;
  v.boolean = b;
  return v;
}

PickleValue PickleValue::of_int(int64_t i) {
  PickleValue v;
  v.kind = Kind::kInt;
  v.integer = i;
  return v;
}

PickleValue PickleValue::of_float(double f) {
  PickleValue v;
  v.kind = Kind::kFloat;
  v.real = f;
  return v;
}

PickleValue PickleValue::of_string(std::string s) {
  PickleValue v;
  v.kind = Kind::kString;
  v.text = std::move(s);
  return v;
}

PickleValue PickleValue::of_bytes(std::string s) {
  PickleValue v = of_string(std::move(s));
  v.kind = Kind::kBytes;
  return v;
}

PickleValue PickleValue::of_global(std::string name) {
  PickleValue v = of_string(std::move(name));
  v.kind = Kind::kGlobal;
  return v;
}

PickleValue PickleValue::of_tensor(at::Tensor t) {
  PickleValue v;
  v.kind = Kind::kTensor;
  v.tensor = std::move(t);
  return v;
}

PickleValue PickleValue::of_storage(at::Tensor flat) {
  PickleValue v = of_tensor(std::move(flat));
  v.kind = Kind::kStorage;
  return v;
}

PickleValue PickleValue::sequence(Kind kind, PickleItems items) {
  PickleValue v;
  v.kind = kind;
  v.items = std::make_shared<PickleItems>(std::move(items));
  return v;
}

PickleValue PickleValue::dict(PickleEntries entries) {
  PickleValue v;
  v.kind = Kind::kDict;
  v.entries = std::make_shared<PickleEntries>(std::move(entries));
  return v;
}

PickleValue PickleValue::object(std::string class_name, PickleValue args) {
  PickleValue v;
  v.kind = Kind::kObject;
  v.text = std::move(class_name);
  v.args = std::make_shared<PickleValue>(std::move(args));
  v.items = std::make_shared<PickleItems>();
  v.entries = std::make_shared<PickleEntries>();
  v.state = std::make_shared<PickleValue>();
  return v;
}

const PickleValue* PickleValue::find(const std::string& key) const {
  if (!entries) return nullptr;
  for (const auto& [k, value] : *entries)
    if (k.kind == Kind::kString && k.text == key) return &value;
  return nullptr;
}

std::string PickleValue::describe() const {
  switch (kind) {
    case Kind::kNone: return "None";
    case Kind::kBool: return "a bool";
    case Kind::kInt: return "an int";
    case Kind::kFloat: return "a float";
    case Kind::kString: return "a string";
    case Kind::kBytes: return "bytes";
    case Kind::kTuple: return "a tuple";
    case Kind::kList: return "a list";
    case Kind::kSet: return "a set";
    case Kind::kDict: return "a dict";
    case Kind::kTensor: return "a tensor";
    case Kind::kStorage: return "a storage";
    case Kind::kGlobal: return "the global " + text;
    case Kind::kObject: return "an object of " + text;
  }
  return "a value";
}

}  // namespace gradaudit::interop
