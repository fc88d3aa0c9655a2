#include "json.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace whippet::cli {
namespace {

// The length of the valid UTF-8 sequence at s[i], or 0 if it is not one.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((c & 0xe0) == 0xc0) {
    n = 2;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  // No overlong forms, surrogates or values past U+10FFFF.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

void newline(std::string& out, bool pretty, int depth) {
  if (!pretty) return;
  out += '\n';
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

// A recursive-descent JSON reader that writes the compact form as it goes.
class compactor {
 public:
  explicit compactor(std::string_view text) : s_(text) {}

  std::optional<std::string> run() {
    skip_space();
    if (!value(0)) return std::nullopt;
    skip_space();
    if (i_ != s_.size()) return std::nullopt;
    return std::move(out_);
  }

 private:
  static constexpr int max_depth = 256;

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    out_ += word;
    i_ += word.size();
    return true;
  }
  bool digits() {
    const size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }
  bool number() {
    const size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!digits()) {
      return false;
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digits()) return false;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return false;
    }
    out_ += s_.substr(start, i_ - start);
    return true;
  }
  bool string() {
    const size_t start = i_++;
    while (i_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        out_ += s_.substr(start, i_ - start);
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++i_ >= s_.size()) return false;
        const char e = s_[i_];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k)
            if (++i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_]))) return false;
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
        ++i_;
        continue;
      }
      const size_t n = utf8_sequence(s_, i_);
      if (n == 0) return false;
      i_ += n;
    }
    return false;
  }
  bool value(int depth) {
    if (depth > max_depth || i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      out_ += c;
      ++i_;
      skip_space();
      if (i_ < s_.size() && s_[i_] == close) {
        out_ += close;
        ++i_;
        return true;
      }
      for (;;) {
        skip_space();
        if (c == '{') {
          if (i_ >= s_.size() || s_[i_] != '"' || !string()) return false;
          skip_space();
          if (i_ >= s_.size() || s_[i_] != ':') return false;
          out_ += ':';
          ++i_;
          skip_space();
        }
        if (!value(depth + 1)) return false;
        skip_space();
        if (i_ >= s_.size()) return false;
        if (s_[i_] == ',') {
          out_ += ',';
          ++i_;
          continue;
        }
        if (s_[i_] != close) return false;
        out_ += close;
        ++i_;
        return true;
      }
    }
    if (c == '"') return string();
    if (c == 't') return literal("true");
    if (c == 'f') return literal("false");
    if (c == 'n') return literal("null");
    return number();
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string out_;
};

}  // namespace

void write_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; ++i; continue;
      case '\\': out += "\\\\"; ++i; continue;
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      case '\b': out += "\\b"; ++i; continue;
      case '\f': out += "\\f"; ++i; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
      ++i;
      continue;
    }
    const size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  out += '"';
}

std::optional<std::string> compact_json(std::string_view text) { return compactor(text).run(); }

json json::raw(std::string text) {
  json j;
  j.kind_ = kind::raw;
  j.text_ = std::move(text);
  return j;
}

json& json::push(json v) {
  if (kind_ != kind::array) *this = array();
  array_.push_back(std::move(v));
  return *this;
}

json& json::set(std::string key, json v) {
  if (kind_ != kind::object) *this = object();
  for (auto& [k, existing] : object_) {
    if (k == key) {
      existing = std::move(v);
      return *this;
    }
  }
  object_.emplace_back(std::move(key), std::move(v));
  return *this;
}

std::string json::dump(bool pretty) const {
  std::string out;
  write(out, pretty, 0);
  return out;
}

std::string json::plain() const {
  if (kind_ == kind::string) return text_;
  if (kind_ == kind::null) return "-";
  return dump(false);
}

void json::write(std::string& out, bool pretty, int depth) const {
  switch (kind_) {
    case kind::null: out += "null"; return;
    case kind::boolean: out += bool_ ? "true" : "false"; return;
    case kind::signed_int: out += std::to_string(int_); return;
    case kind::unsigned_int: out += std::to_string(uint_); return;
    case kind::number: {
      if (!std::isfinite(double_)) {
        out += "null";
        return;
      }
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof(buf), double_);
      out.append(buf, r.ptr);
      return;
    }
    case kind::string: write_json_string(out, text_); return;
    case kind::raw: out += text_; return;
    case kind::array: {
      out += '[';
      for (size_t i = 0; i < array_.size(); ++i) {
        if (i > 0) out += ',';
        newline(out, pretty, depth + 1);
        array_[i].write(out, pretty, depth + 1);
      }
      if (!array_.empty()) newline(out, pretty, depth);
      out += ']';
      return;
    }
    case kind::object: {
      out += '{';
      for (size_t i = 0; i < object_.size(); ++i) {
        if (i > 0) out += ',';
        newline(out, pretty, depth + 1);
        write_json_string(out, object_[i].first);
        out += pretty ? ": " : ":";
        object_[i].second.write(out, pretty, depth + 1);
      }
      if (!object_.empty()) newline(out, pretty, depth);
      out += '}';
      return;
    }
  }
}

}  // namespace whippet::cli
