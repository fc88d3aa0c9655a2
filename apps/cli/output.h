#pragma once
// Output: every command describes its result as records of named cells; a
// cell holds a JSON value (for --output json) and a text (for tables), so
// tables can say "1.5 KiB" or "2026-04-01 12:00:00 UTC" while JSON keeps the
// raw numbers. Lists print as aligned columns, one record as FIELD/VALUE rows.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "commands.h"
#include "json.h"

namespace whippet::cli {

struct cell {
  json value;
  std::string text;
};

cell text_cell(std::string s);           // a string, shown as is (control characters escaped)
cell number_cell(uint64_t v);
cell signed_cell(int64_t v);
cell float_cell(double v, int decimals);  // e.g. CPU usage
cell bool_cell(bool v);                   // shown yes/no
cell time_cell(uint64_t micros);          // µs since the epoch; 0 shows as "-"
cell bytes_cell(uint64_t bytes);          // shown "1.5 KiB"
cell duration_cell(uint64_t micros);      // shown "1h 5m 3s"
cell expiry_cell(uint64_t micros);        // 0 = server default, UINT64_MAX = never
cell max_size_cell(uint64_t bytes);       // 0 = server default, UINT64_MAX = unlimited
cell json_cell(json value, std::string text);

struct record {
  std::vector<std::pair<std::string, cell>> fields;
  std::vector<std::pair<std::string, std::vector<record>>> lists;  // nested lists (a topic's partitions)

  record& add(std::string key, cell c) {
    fields.emplace_back(std::move(key), std::move(c));
    return *this;
  }
  record& add_list(std::string key, std::vector<record> rows) {
    lists.emplace_back(std::move(key), std::move(rows));
    return *this;
  }
  json to_json() const;
};

// A list: a table whose columns are `columns` (record keys), or a JSON array.
void print_list(output_format f, const std::vector<std::string>& columns, const std::vector<record>& rows);
// One object: FIELD/VALUE rows then any nested lists, or a JSON object.
void print_record(output_format f, const record& r);
// The outcome of an action: the sentence in a table, {"result": "ok", "message": ...} in JSON.
void print_done(output_format f, const std::string& message);
// A created object: the sentence in a table, the object in JSON.
void print_created(output_format f, const std::string& message, const record& r);

// The column header for a record key: "messages_count" -> "MESSAGES".
std::string column_header(const std::string& key);
// Replaces control characters by escapes, so a value stays on one table line.
std::string printable(std::string_view s);
// Human forms used by the cells.
std::string format_time(uint64_t micros);
std::string format_bytes(uint64_t bytes);
std::string format_duration(uint64_t micros);

}  // namespace whippet::cli
