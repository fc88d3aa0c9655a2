#include "output.h"

#include <time.h>

#include <cctype>
#include <cstdio>
#include <iterator>
#include <limits>
#include <map>

namespace whippet::cli {
namespace {

constexpr uint64_t u64_max = std::numeric_limits<uint64_t>::max();

// Display width: one column per UTF-8 code point (continuation bytes do not count).
size_t width(std::string_view s) {
  size_t w = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++w;
  return w;
}

void print_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size(), 0);
  for (size_t c = 0; c < header.size(); ++c) widths[c] = width(header[c]);
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string& v = c < row.size() ? row[c] : std::string();
      line += v;
      if (c + 1 < header.size()) line.append(widths[c] - width(v) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);
}

const std::string* find_text(const record& r, const std::string& key) {
  for (const auto& [k, c] : r.fields)
    if (k == key) return &c.text;
  return nullptr;
}

}  // namespace

cell text_cell(std::string s) {
  std::string t = printable(s);
  return {json(std::move(s)), std::move(t)};
}
cell number_cell(uint64_t v) { return {json(v), std::to_string(v)}; }
cell signed_cell(int64_t v) { return {json(v), std::to_string(v)}; }
cell float_cell(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return {json(v), buf};
}
cell bool_cell(bool v) { return {json(v), v ? "yes" : "no"}; }
cell time_cell(uint64_t micros) { return {json(micros), micros == 0 ? "-" : format_time(micros)}; }
cell bytes_cell(uint64_t bytes) { return {json(bytes), format_bytes(bytes)}; }
cell duration_cell(uint64_t micros) { return {json(micros), format_duration(micros)}; }
cell expiry_cell(uint64_t micros) {
  if (micros == 0) return {json(micros), "server default"};
  if (micros == u64_max) return {json(micros), "never"};
  return duration_cell(micros);
}
cell max_size_cell(uint64_t bytes) {
  if (bytes == 0) return {json(bytes), "server default"};
  if (bytes == u64_max) return {json(bytes), "unlimited"};
  return bytes_cell(bytes);
}
cell json_cell(json value, std::string text) { return {std::move(value), std::move(text)}; }

json record::to_json() const {
  json out = json::object();
  for (const auto& [k, c] : fields) out[k] = c.value;
  for (const auto& [k, rows] : lists) {
    json arr = json::array();
    for (const auto& r : rows) arr.push_back(r.to_json());
    out[k] = std::move(arr);
  }
  return out;
}

void print_list(output_format f, const std::vector<std::string>& columns, const std::vector<record>& rows) {
  if (f == output_format::json_text) {
    json arr = json::array();
    for (const auto& r : rows) arr.push_back(r.to_json());
    std::printf("%s\n", dump(arr).c_str());
    return;
  }
  std::vector<std::string> header;
  for (const auto& c : columns) header.push_back(column_header(c));
  std::vector<std::vector<std::string>> lines;
  for (const auto& r : rows) {
    std::vector<std::string> line;
    for (const auto& c : columns) {
      const std::string* t = find_text(r, c);
      line.push_back(t ? *t : "-");
    }
    lines.push_back(std::move(line));
  }
  print_table(header, lines);
}

void print_record(output_format f, const record& r) {
  if (f == output_format::json_text) {
    std::printf("%s\n", dump(r.to_json()).c_str());
    return;
  }
  std::vector<std::vector<std::string>> lines;
  for (const auto& [k, c] : r.fields) lines.push_back({column_header(k), c.text});
  print_table({"FIELD", "VALUE"}, lines);
  for (const auto& [k, rows] : r.lists) {
    std::printf("\n%s:\n", column_header(k).c_str());
    if (rows.empty()) {
      std::printf("(none)\n");
      continue;
    }
    std::vector<std::string> columns;
    for (const auto& [key, c] : rows.front().fields) columns.push_back(key);
    print_list(f, columns, rows);
  }
}

void print_done(output_format f, const std::string& message) {
  if (f == output_format::json_text) {
    json out = json::object();
    out["result"] = "ok";
    out["message"] = message;
    std::printf("%s\n", dump(out).c_str());
    return;
  }
  std::printf("%s\n", message.c_str());
}

void print_created(output_format f, const std::string& message, const record& r) {
  if (f == output_format::json_text) {
    print_record(f, r);
    return;
  }
  std::printf("%s\n", message.c_str());
}

std::string column_header(const std::string& key) {
  static const std::map<std::string, std::string> names = {
      {"created_at", "CREATED"},           {"topics_count", "TOPICS"},
      {"partitions_count", "PARTITIONS"},  {"messages_count", "MESSAGES"},
      {"size_bytes", "SIZE"},              {"message_expiry", "EXPIRY"},
      {"max_topic_size", "MAX SIZE"},      {"segments_count", "SEGMENTS"},
      {"members_count", "MEMBERS"},        {"consumer_groups_count", "GROUPS"},
      {"expiry_at", "EXPIRES"},            {"replication_factor", "REPLICATION"},
      {"compression_algorithm", "COMPRESSION"}, {"streams_count", "STREAMS"},
      {"clients_count", "CLIENTS"},            {"threads_count", "THREADS"},
      {"messages_size_bytes", "MESSAGES SIZE"},
  };
  if (auto it = names.find(key); it != names.end()) return it->second;
  std::string out;
  for (const char c : key) out += c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string printable(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string format_time(uint64_t micros) {
  const time_t secs = static_cast<time_t>(micros / 1000000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string format_bytes(uint64_t bytes) {
  static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double v = static_cast<double>(bytes);
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(units)) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f %s", v, units[u]);
  return buf;
}

std::string format_duration(uint64_t micros) {
  if (micros < 1000000) {
    if (micros % 1000 == 0) return std::to_string(micros / 1000) + "ms";
    return std::to_string(micros) + "us";
  }
  uint64_t secs = micros / 1000000;
  const uint64_t days = secs / 86400;
  secs %= 86400;
  std::string out;
  auto part = [&](uint64_t v, const char* unit) {
    if (v == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(v) + unit;
  };
  part(days, "d");
  part(secs / 3600, "h");
  part(secs / 60 % 60, "m");
  part(secs % 60, "s");
  return out;
}

}  // namespace whippet::cli
