// A value rebuilt from a pickle stream: Python's built-in types, tensors, and
// opaque objects for every class we do not know (Lightning callbacks,
// NeuralForecast losses...), so that reading a file never depends on which
// classes it mentions.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gradaudit::interop {

struct PickleValue;
using PickleItems = std::vector<PickleValue>;
using PickleEntries = std::vector<std::pair<PickleValue, PickleValue>>;

struct PickleValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kString, kBytes, kTuple, kList, kSet, kDict, kTensor, kStorage, kGlobal, kObject };

  Kind kind = Kind::kNone;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0.0;
  // String and bytes contents; a global's or an object's "module.Name".
  std::string text;
  // Shared, as in Python: a list or dict is mutated after it was memoized
  // (APPEND, SETITEM), and every reference must see it.
  std::shared_ptr<PickleItems> items;      // tuple, list, set; an object's appended items
  std::shared_ptr<PickleEntries> entries;  // dict; an object's set items (dict subclasses)
  std::shared_ptr<PickleValue> args;       // object: the constructor arguments
  std::shared_ptr<PickleValue> state;      // object: what BUILD gave it (its __dict__); None before
  at::Tensor tensor;                       // tensor; storage: its flat contents

  PickleValue() = default;
  PickleValue(const PickleValue&) = default;
  PickleValue(PickleValue&&) noexcept = default;
  PickleValue& operator=(const PickleValue&) = default;
  PickleValue& operator=(PickleValue&&) noexcept = default;
  // Tears nested containers down iteratively: a file may nest lists a
  // million deep, and recursive destruction would overflow the stack.
  ~PickleValue();

  static PickleValue none() { return {}; }
  static PickleValue of_bool(bool b);
  static PickleValue of_int(int64_t i);
  static PickleValue of_float(double f);
  static PickleValue of_string(std::string s);
  static PickleValue of_bytes(std::string s);
  static PickleValue of_global(std::string name);
  static PickleValue of_tensor(at::Tensor t);
  static PickleValue of_storage(at::Tensor flat);
  static PickleValue sequence(Kind kind, PickleItems items);  // tuple, list or set
  static PickleValue dict(PickleEntries entries = {});
  static PickleValue object(std::string class_name, PickleValue args);

  bool is(Kind k) const { return kind == k; }
  // A dict, or an object with set items (a dict subclass such as
  // Lightning's AttributeDict).
  bool is_mapping() const { return kind == Kind::kDict || (kind == Kind::kObject && entries && !entries->empty()); }
  // The entry under a string key, or nullptr.
  const PickleValue* find(const std::string& key) const;
  // "a dict", "a tensor", "an object of neuralforecast.losses.pytorch.MAE":
  // for error messages.
  std::string describe() const;
};

}  // namespace gradaudit::interop
