#include "app/text_format.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace lnstore::app {

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no
// overlongs, no surrogates, at most U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c == 0xe0) n = 3, lo = 0xa0;
  else if (c >= 0xe1 && c <= 0xec) n = 3;
  else if (c == 0xed) n = 3, hi = 0x9f;
  else if (c >= 0xee && c <= 0xef) n = 3;
  else if (c == 0xf0) n = 4, lo = 0x90;
  else if (c >= 0xf1 && c <= 0xf3) n = 4;
  else if (c == 0xf4) n = 4, hi = 0x8f;
  else return 0;
  if (i + n > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (at(i + k) < 0x80 || at(i + k) > 0xbf) return 0;
  return n;
}

using Json = nlohmann::ordered_json;

std::string scalar(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return printable(v.get_ref<const std::string&>());
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      if (!out.empty()) out += ",";
      out += scalar(e);
    }
    return out.empty() ? "-" : out;
  }
  // Numbers, booleans and nested objects as JSON, bytes that are not UTF-8
  // replaced as in every JSON lnstore prints.
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool is_table(const Json& v) {
  return v.is_array() && std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_object(); });
}

void flatten(const Json& v, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
  if (v.is_object() && !v.empty()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (is_table(it.value()) && !it.value().empty()) continue;  // rendered as its own table
      flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    }
    return;
  }
  out.emplace_back(prefix, scalar(v));
}

std::string table(const Json& rows) {
  // Columns: the scalar fields of the rows, in first-seen order; nested
  // objects are flattened with dotted names.
  std::vector<std::string> cols;
  std::vector<std::vector<std::pair<std::string, std::string>>> flat;
  for (const auto& row : rows) {
    std::vector<std::pair<std::string, std::string>> f;
    flatten(row, "", f);
    for (const auto& [k, _] : f)
      if (std::find(cols.begin(), cols.end(), k) == cols.end()) cols.push_back(k);
    flat.push_back(std::move(f));
  }
  std::vector<std::size_t> width(cols.size());
  for (std::size_t c = 0; c < cols.size(); ++c) width[c] = cols[c].size();
  std::vector<std::vector<std::string>> cells;
  for (const auto& f : flat) {
    std::vector<std::string> line(cols.size(), "-");
    for (const auto& [k, v] : f) {
      auto c = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), k) - cols.begin());
      line[c] = v;
      width[c] = std::max(width[c], v.size());
    }
    cells.push_back(std::move(line));
  }
  std::ostringstream os;
  auto emit = [&](const std::vector<std::string>& line) {
    std::string s;
    for (std::size_t c = 0; c < line.size(); ++c) {
      s += line[c];
      if (c + 1 < line.size()) s += std::string(width[c] - line[c].size() + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    os << s << "\n";
  };
  std::vector<std::string> header;
  for (const auto& c : cols) {
    std::string h = c;
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return std::toupper(ch); });
    header.push_back(h);
  }
  emit(header);
  for (const auto& line : cells) emit(line);
  return os.str();
}

}  // namespace

std::string printable(std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      if (c == '\\') out += '\\';
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (const std::size_t n = c >= 0x80 ? utf8_sequence(text, i) : 0; n > 0) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    out += "\\x";
    out.push_back(k_hex[c >> 4]);
    out.push_back(k_hex[c & 15]);
    ++i;
  }
  return out;
}

std::string to_text(const Json& value) {
  std::ostringstream os;
  if (value.is_object()) {
    std::vector<std::pair<std::string, std::string>> fields;
    flatten(value, "", fields);
    std::size_t w = 0;
    for (const auto& [k, _] : fields) w = std::max(w, k.size());
    for (const auto& [k, v] : fields) os << k << std::string(w - k.size() + 2, ' ') << v << "\n";
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!is_table(it.value()) || it.value().empty()) continue;
      if (!fields.empty() || value.size() > 1) os << "\n" << it.key() << ":\n";
      os << table(it.value());
    }
    return os.str();
  }
  if (is_table(value)) return table(value);
  return scalar(value) + "\n";
}

}  // namespace lnstore::app
