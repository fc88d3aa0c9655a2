#include "json.h"

namespace whippet::cli {

std::string dump(const json& v, bool pretty) {
  return v.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

std::string plain(const json& v) {
  if (v.is_string()) return v.get_ref<const std::string&>();
  if (v.is_null()) return "-";
  return dump(v, false);
}

std::optional<json> parse_json(std::string_view text) {
  json v = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return std::nullopt;
  return v;
}

}  // namespace whippet::cli
