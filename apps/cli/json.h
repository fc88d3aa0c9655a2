#pragma once
// JSON for the CLI's --output json: nlohmann's ordered_json (keys keep the
// order they were set in), the project's one JSON library. Heavy: the CLI
// compiles it once, as its precompiled header (apps/CMakeLists.txt).

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace whippet::cli {

using json = nlohmann::ordered_json;

// Indented by two spaces per level when `pretty`. Invalid UTF-8 in a string
// becomes U+FFFD, so the output is always valid JSON.
std::string dump(const json& v, bool pretty = true);
// The value as plain text for a table cell: strings unquoted, others as JSON.
std::string plain(const json& v);
// `text` parsed, if it is one valid JSON value (RFC 8259); else nullopt.
std::optional<json> parse_json(std::string_view text);

}  // namespace whippet::cli
