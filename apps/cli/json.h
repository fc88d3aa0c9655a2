#pragma once
// A small JSON value for the CLI's --output json: built in order, written
// with proper escaping (invalid UTF-8 becomes U+FFFD, so the output is always
// valid JSON). Also a validator that turns JSON text into its compact form,
// used to embed message payloads that are themselves JSON.

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whippet::cli {

class json {
 public:
  using array_t = std::vector<json>;
  using object_t = std::vector<std::pair<std::string, json>>;

  json() = default;  // null
  json(bool v) : kind_(kind::boolean), bool_(v) {}  // NOLINT: implicit by design
  template <std::signed_integral T>
    requires(!std::same_as<T, bool>)
  json(T v) : kind_(kind::signed_int), int_(v) {}  // NOLINT
  template <std::unsigned_integral T>
    requires(!std::same_as<T, bool>)
  json(T v) : kind_(kind::unsigned_int), uint_(v) {}  // NOLINT
  json(double v) : kind_(kind::number), double_(v) {}  // NOLINT
  json(std::string v) : kind_(kind::string), text_(std::move(v)) {}  // NOLINT
  json(std::string_view v) : kind_(kind::string), text_(v) {}  // NOLINT
  json(const char* v) : kind_(kind::string), text_(v) {}  // NOLINT
  json(array_t v) : kind_(kind::array), array_(std::move(v)) {}  // NOLINT
  json(object_t v) : kind_(kind::object), object_(std::move(v)) {}  // NOLINT

  static json array() { return json(array_t{}); }
  static json object() { return json(object_t{}); }
  // Text that is already valid, compact JSON (see compact_json), written as is.
  static json raw(std::string text);

  bool is_null() const noexcept { return kind_ == kind::null; }
  // Appends to an array, or sets a key of an object (keys keep their order).
  json& push(json v);
  json& set(std::string key, json v);

  // Indented by two spaces per level when `pretty`.
  std::string dump(bool pretty = true) const;
  // The value as plain text for a table cell: strings unquoted, others as JSON.
  std::string plain() const;

 private:
  enum class kind { null, boolean, signed_int, unsigned_int, number, string, raw, array, object };
  void write(std::string& out, bool pretty, int depth) const;

  kind kind_ = kind::null;
  bool bool_ = false;
  int64_t int_ = 0;
  uint64_t uint_ = 0;
  double double_ = 0;
  std::string text_;
  array_t array_;
  object_t object_;
};

// Appends `s` as a quoted JSON string.
void write_json_string(std::string& out, std::string_view s);

// The compact form of `text` if it is one valid JSON value (RFC 8259), else nullopt.
std::optional<std::string> compact_json(std::string_view text);

}  // namespace whippet::cli
