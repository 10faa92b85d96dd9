#include "interop/torch_file.h"

#include <ATen/ATen.h>
#include <caffe2/serialize/inline_container.h>
#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <map>

#include "common/input_error.h"
#include "interop/pickle_machine.h"

namespace gradaudit::interop {
namespace {

using Kind = PickleValue::Kind;

// What the first bytes say the file is.
enum class Container { kZip, kLegacy, kUnknown };

Container sniff(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the file");
  char head[3] = {0, 0, 0};
  in.read(head, 3);
  if (in.gcount() >= 2 && head[0] == 'P' && head[1] == 'K') return Container::kZip;
  // The legacy format starts with a pickled magic number: PROTO 2, LONG1.
  if (in.gcount() == 3 && static_cast<uint8_t>(head[0]) == 0x80 && static_cast<uint8_t>(head[2]) == 0x8a)
    return Container::kLegacy;
  return Container::kUnknown;
}

// The storage classes torch.save names in persistent ids.
c10::optional<at::ScalarType> storage_dtype(const std::string& storage_class) {
  static const std::map<std::string, at::ScalarType> dtypes = {
      {"torch.FloatStorage", at::kFloat},   {"torch.DoubleStorage", at::kDouble},
      {"torch.HalfStorage", at::kHalf},     {"torch.BFloat16Storage", at::kBFloat16},
      {"torch.LongStorage", at::kLong},     {"torch.IntStorage", at::kInt},
      {"torch.ShortStorage", at::kShort},   {"torch.CharStorage", at::kChar},
      {"torch.ByteStorage", at::kByte},     {"torch.BoolStorage", at::kBool},
      {"torch.ComplexFloatStorage", at::kComplexFloat}, {"torch.ComplexDoubleStorage", at::kComplexDouble},
      {"torch.UntypedStorage", at::kByte},
  };
  auto it = dtypes.find(storage_class);
  if (it == dtypes.end()) return c10::nullopt;
  return it->second;
}

class ArchiveLoader {
 public:
  ArchiveLoader(const std::string& path) : path_(path), reader_(path) {}

  PickleValue load() {
    if (reader_.hasRecord("byteorder")) {
      const auto [data, size] = reader_.getRecord("byteorder");
      const std::string order(static_cast<const char*>(data.get()), size);
      if (order != "little") fail("byteorder", "written on a " + order + "-endian machine; only little-endian is read");
    }
    if (!reader_.hasRecord("data.pkl")) fail("data.pkl", "missing: not an archive written by torch.save");
    const auto [data, size] = reader_.getRecord("data.pkl");
    const std::string pickle(static_cast<const char*>(data.get()), size);
    PickleHooks hooks;
    hooks.persistent_load = [this](const PickleValue& id) { return load_storage(id); };
    hooks.call = [this](const std::string& callable, const PickleValue& args) { return rebuild(callable, args); };
    return unpickle(pickle, path_ + " (data.pkl)", hooks);
  }

 private:
  [[noreturn]] void fail(const std::string& record, const std::string& what) const {
    throw InputError(fmt::format("{}: {}: {}", path_, record, what));
  }

  // ('storage', torch.FloatStorage, key, location, numel) -> the flat
  // contents of record data/<key>, read once however many tensors view it.
  PickleValue load_storage(const PickleValue& id) {
    if (id.kind != Kind::kTuple || id.items->size() < 5 || (*id.items)[0].text != "storage")
      fail("data.pkl", "persistent id is " + id.describe() + ", expected ('storage', type, key, location, numel)");
    const PickleItems& f = *id.items;
    if (f[1].kind != Kind::kGlobal || f[2].kind != Kind::kString || f[4].kind != Kind::kInt)
      fail("data.pkl", "malformed storage id, expected ('storage', torch.<Type>Storage, 'key', 'cpu', numel)");
    const auto dtype = storage_dtype(f[1].text);
    if (!dtype) fail("data.pkl", "storage type " + f[1].text + " is not supported");
    const std::string record = "data/" + f[2].text;
    auto cached = storages_.find(record);
    if (cached != storages_.end()) return PickleValue::of_storage(cached->second);

    if (!reader_.hasRecord(record)) fail(record, "missing (the archive is incomplete)");
    const auto [data, size] = reader_.getRecord(record);
    const int64_t numel = f[4].integer;
    const size_t element = c10::elementSize(*dtype);
    if (numel < 0 || static_cast<uint64_t>(numel) > size / element)
      fail(record, fmt::format("holds {} bytes, expected {} elements of {} bytes", size, numel, element));
    at::Tensor flat = at::empty({numel}, at::TensorOptions().dtype(*dtype));
    if (numel > 0) std::memcpy(flat.data_ptr(), data.get(), static_cast<size_t>(numel) * element);
    storages_.emplace(record, flat);
    return PickleValue::of_storage(flat);
  }

  static std::vector<int64_t> int_list(const PickleValue& v) {
    std::vector<int64_t> out;
    if (v.kind != Kind::kTuple && v.kind != Kind::kList) return {-1};  // invalid marker
    for (const auto& item : *v.items) out.push_back(item.kind == Kind::kInt ? item.integer : -1);
    return out;
  }

  // torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...): a
  // view of the storage, copied so it owns exactly its elements.
  std::optional<PickleValue> rebuild(const std::string& callable, const PickleValue& args) {
    const PickleItems& a = *args.items;
    if (callable == "torch._utils._rebuild_parameter" || callable == "torch._utils._rebuild_parameter_with_state") {
      if (a.empty() || a[0].kind != Kind::kTensor) fail("data.pkl", callable + " without a tensor");
      return PickleValue::of_tensor(a[0].tensor);
    }
    // A tensor with Python attributes (or a subclass): the rebuild to run and
    // its arguments, then the attributes, which we drop.
    if (callable == "torch._tensor._rebuild_from_type_v2") {
      if (a.size() < 3 || a[0].kind != Kind::kGlobal || a[2].kind != Kind::kTuple)
        fail("data.pkl", callable + ": expected (function, type, arguments, state)");
      return rebuild(a[0].text, a[2]);
    }
    if (callable != "torch._utils._rebuild_tensor_v2" && callable != "torch._utils._rebuild_tensor") return std::nullopt;
    if (a.size() < 4 || a[0].kind != Kind::kStorage || a[1].kind != Kind::kInt)
      fail("data.pkl", callable + ": expected (storage, offset, size, stride, ...)");
    const at::Tensor& storage = a[0].tensor;
    const int64_t offset = a[1].integer;
    const std::vector<int64_t> sizes = int_list(a[2]);
    const std::vector<int64_t> strides = int_list(a[3]);
    check_view(storage.numel(), offset, sizes, strides);
    return PickleValue::of_tensor(storage.as_strided(sizes, strides, offset).clone(at::MemoryFormat::Contiguous));
  }

  // A view must stay inside its storage: checked before as_strided, which
  // would otherwise read out of bounds on a malformed file.
  void check_view(int64_t storage_numel, int64_t offset, const std::vector<int64_t>& sizes,
                  const std::vector<int64_t>& strides) const {
    if (sizes.size() != strides.size()) fail("data.pkl", "tensor with sizes and strides of different lengths");
    if (offset < 0) fail("data.pkl", "tensor with a negative storage offset");
    int64_t last = offset;  // the furthest element the view reads
    bool empty = false;
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (sizes[d] < 0 || strides[d] < 0) fail("data.pkl", "tensor with a negative or non-integer size or stride");
      if (sizes[d] == 0) empty = true;
    }
    if (empty) return;
    for (size_t d = 0; d < sizes.size(); ++d) {
      int64_t reach = 0;
      if (__builtin_mul_overflow(sizes[d] - 1, strides[d], &reach) || __builtin_add_overflow(last, reach, &last))
        fail("data.pkl", "tensor view overflows");
    }
    if (last >= storage_numel)
      fail("data.pkl", fmt::format("tensor view reaches element {} of a storage of {}", last, storage_numel));
  }

  const std::string& path_;
  caffe2::serialize::PyTorchStreamReader reader_;
  std::map<std::string, at::Tensor> storages_;
};

// The first line of a LibTorch error (the rest is a C++ stack trace).
std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

}  // namespace

PickleValue read_torch_file(const std::string& path) {
  switch (sniff(path)) {
    case Container::kLegacy:
      throw InputError(path + ": legacy (pre-1.6, non-zip) torch.save format; re-save it with a current torch: "
                              "torch.save(torch.load(p), p)");
    case Container::kUnknown:
      throw InputError(path + ": not a torch.save file (expected a zip archive starting with \"PK\")");
    case Container::kZip: break;
  }
  try {
    return ArchiveLoader(path).load();
  } catch (const c10::Error& e) {
    throw InputError(path + ": unreadable torch.save archive (truncated or corrupt?): " + first_line(e.what_without_backtrace()));
  }
}

}  // namespace gradaudit::interop
