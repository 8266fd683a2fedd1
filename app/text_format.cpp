#include "app/text_format.hpp"

#include <algorithm>
#include <cstdlib>
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

// One column of a list's default view: what it shows, how, and how
// important it is (0 never dropped; higher numbers dropped first when a
// terminal is too narrow).
enum class Format { text, key, chan_point, sat, msat, time, list, ranges };
struct Column {
  std::string header;
  std::string path;  // dotted JSON path in a row
  Format format = Format::text;
  int drop = 0;
};
struct View {
  std::string list;      // the key the list is under ("towers")
  std::string requires_;  // a field its rows have (two lists share "sessions")
  std::vector<Column> columns;
  std::string nested = {};  // a list inside each row shown under it ("sessions")
};

const std::vector<View>& views() {
  using F = Format;
  static const std::vector<View> k_views = {
      {"towers", "pubkey",
       {{"ID", "id"}, {"PUBKEY", "pubkey", F::key}, {"STATUS", "status"}, {"SESSIONS", "num_sessions", F::text, 1},
        {"ADDRESSES", "addresses", F::list, 2}},
       "sessions"},
      {"sessions", "tower_id",
       {{"SESSION", "id", F::key}, {"TOWER", "tower_id", F::text, 2}, {"STATUS", "status"},
        {"BLOB_TYPE", "policy.blob_type", F::text, 1}, {"BACKUPS", "num_backups"}, {"PENDING", "num_pending_backups"},
        {"MAX", "policy.max_updates", F::text, 1}, {"SAT/VB", "policy.sweep_sat_per_vbyte", F::text, 3},
        {"EXHAUSTED", "exhausted", F::text, 2}, {"CLOSABLE", "closable", F::text, 3}}},
      {"sessions", "ranges", {{"SESSION", "session", F::key}, {"ACKED", "num_acked"}, {"RANGES", "ranges", F::ranges}}},
      {"channels", "chan_point",
       {{"CHAN_POINT", "chan_point", F::chan_point}, {"PEER", "peer", F::key, 2}, {"STATUS", "status"},
        {"TYPE", "type", F::text, 4}, {"CAPACITY_SAT", "capacity_sat", F::sat}, {"LOCAL_SAT", "local_balance_msat", F::msat},
        {"REMOTE_SAT", "remote_balance_msat", F::msat, 1}, {"UPDATES", "num_updates", F::text, 3},
        {"SCID", "short_channel_id", F::text, 5}}},
      {"closed_channels", "chan_point",
       {{"CHAN_POINT", "chan_point", F::chan_point}, {"PEER", "peer", F::key, 3}, {"TYPE", "type"},
        {"CAPACITY_SAT", "capacity_sat", F::sat}, {"HEIGHT", "close_height"}, {"SETTLED_SAT", "settled_sat", F::sat, 2},
        {"CLOSING_TXID", "closing_txid", F::key, 4}, {"CLOSED_AT", "closed_at", F::time, 5}}},
      {"peers", "pubkey",
       {{"PUBKEY", "pubkey", F::key}, {"CHANNELS", "num_channels"}, {"ADDRESSES", "addresses", F::list, 1},
        {"CREATED", "created_at", F::time, 2}}},
      {"updates", "seqnum",
       {{"SESSION", "session", F::key}, {"SEQNUM", "seqnum"}, {"CHAN_ID", "chan_id", F::key}, {"HEIGHT", "commit_height"},
        {"HINT", "hint", F::key, 2}}},
      {"by_peer", "peer",
       {{"PEER", "peer", F::key}, {"CHANNELS", "num_channels"}, {"CAPACITY_SAT", "capacity_sat", F::sat},
        {"LOCAL_SAT", "local_balance_msat", F::msat}, {"REMOTE_SAT", "remote_balance_msat", F::msat, 1},
        {"SENT_SAT", "total_sent_msat", F::msat, 2}, {"RECEIVED_SAT", "total_received_msat", F::msat, 2},
        {"FEES_SAT", "total_fees_msat", F::msat, 3}}},
      {"closable_sessions", "height", {{"SESSION", "id", F::key}, {"HEIGHT", "height"}}},
  };
  return k_views;
}

const View* find_view(const std::string& list, const Json& rows) {
  if (rows.empty() || !rows.front().is_object()) return nullptr;
  for (const auto& v : views())
    if (v.list == list && rows.front().contains(v.requires_)) return &v;
  return nullptr;
}

const Json* at_path(const Json& row, const std::string& path) {
  const Json* cur = &row;
  std::size_t from = 0;
  for (;;) {
    const auto dot = path.find('.', from);
    const std::string part = path.substr(from, dot == std::string::npos ? std::string::npos : dot - from);
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(part);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string::npos) return cur;
    from = dot + 1;
  }
}

// 1234567 -> "1,234,567".
std::string grouped(std::string digits) {
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.erase(0, 1);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

// "0279be667e…f81798" -> "0279be66…1798": enough to recognise a key.
std::string short_key(const std::string& s) {
  if (s.size() <= 16) return s;
  return s.substr(0, 8) + "\u2026" + s.substr(s.size() - 4);
}

std::string cell(const Json* v, Format f, bool human) {
  if (v == nullptr || v->is_null()) return "-";
  switch (f) {
    case Format::key:
      if (v->is_string() && human) return printable(short_key(v->get<std::string>()));
      break;
    case Format::chan_point:
      if (v->is_string() && human) {
        const std::string cp = v->get<std::string>();
        const auto colon = cp.rfind(':');
        if (colon != std::string::npos) return printable(short_key(cp.substr(0, colon)) + cp.substr(colon));
      }
      break;
    case Format::sat:
      if (v->is_number_integer()) return human ? grouped(std::to_string(v->get<std::int64_t>())) : std::to_string(v->get<std::int64_t>());
      break;
    case Format::msat:
      if (v->is_number_integer()) {
        // Whole sat, with the msat remainder only when there is one.
        const auto msat = v->get<std::int64_t>();
        std::string sat = std::to_string(msat / 1000);
        if (human) sat = grouped(sat);
        if (msat % 1000 != 0) {
          std::string frac = std::to_string(1000 + std::llabs(msat % 1000)).substr(1);
          while (frac.back() == '0') frac.pop_back();
          sat += "." + frac;
        }
        return sat;
      }
      break;
    case Format::time:
      // RFC 3339 "2026-12-06T11:03:41Z" -> "2026-12-06 11:03".
      if (v->is_string() && human && v->get<std::string>().size() >= 16) {
        std::string t = v->get<std::string>().substr(0, 16);
        t[10] = ' ';
        return printable(t);
      }
      break;
    case Format::list:
      if (v->is_array() && human && v->size() > 1) return scalar(v->front()) + " (+" + std::to_string(v->size() - 1) + ")";
      break;
    case Format::ranges:
      if (v->is_array()) {
        std::string out;
        for (const auto& r : *v) {
          if (!out.empty()) out += ",";
          const Json* a = at_path(r, "start");
          const Json* b = at_path(r, "end");
          if (a == nullptr || b == nullptr) return scalar(*v);
          out += *a == *b ? scalar(*a) : scalar(*a) + "-" + scalar(*b);
        }
        return out.empty() ? "-" : out;
      }
      break;
    case Format::text:
      break;
  }
  return scalar(*v);
}

// Display width: UTF-8 continuation bytes take no column.
std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xc0) != 0x80) ++w;
  return w;
}

struct Grid {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::vector<std::size_t> column_widths(const Grid& g) {
  std::vector<std::size_t> width(g.header.size());
  for (std::size_t c = 0; c < g.header.size(); ++c) width[c] = display_width(g.header[c]);
  for (const auto& r : g.rows)
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
  return width;
}

std::string render(const Grid& g, const std::string& indent) {
  const auto width = column_widths(g);
  std::ostringstream os;
  auto emit = [&](const std::vector<std::string>& line) {
    std::string s = indent;
    for (std::size_t c = 0; c < line.size(); ++c) {
      s += line[c];
      if (c + 1 < line.size()) s += std::string(width[c] - display_width(line[c]) + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    os << s << "\n";
  };
  emit(g.header);
  for (const auto& r : g.rows) emit(r);
  return os.str();
}

// The rendered width: the columns and two spaces between each.
std::size_t grid_width(const Grid& g) {
  const auto width = column_widths(g);
  std::size_t total = width.empty() ? 0 : 2 * (width.size() - 1);
  for (auto w : width) total += w;
  return total;
}

// Every scalar field, flattened with dotted names: the generic table, and
// what --wide shows.
std::vector<Column> all_columns(const Json& rows) {
  std::vector<Column> cols;
  for (const auto& row : rows) {
    std::vector<std::pair<std::string, std::string>> f;
    flatten(row, "", f);
    for (const auto& [k, _] : f)
      if (std::none_of(cols.begin(), cols.end(), [&](const Column& c) { return c.path == k; })) {
        std::string h = k;
        std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return std::toupper(ch); });
        cols.push_back({h, k});
      }
  }
  return cols;
}

std::string table(const std::string& list, const Json& rows, const TextOptions& o, const std::string& indent = "") {
  const View* view = find_view(list, rows);
  std::vector<Column> cols;
  const bool human = o.terminal && !o.wide;
  if (!o.columns.empty()) {
    std::stringstream in(o.columns);
    for (std::string path; std::getline(in, path, ',');) {
      if (path.empty()) continue;
      // A view's column keeps its format; any other path shows as it is.
      Column c{path, path};
      if (view)
        for (const auto& vc : view->columns)
          if (vc.path == path) c = vc;
      std::transform(c.header.begin(), c.header.end(), c.header.begin(), [](unsigned char ch) { return std::toupper(ch); });
      c.drop = 0;
      cols.push_back(c);
    }
  } else if (view && !o.wide) {
    cols = view->columns;
  } else {
    cols = all_columns(rows);
  }
  auto build = [&](const std::vector<Column>& use) {
    Grid g;
    for (const auto& c : use) g.header.push_back(c.header);
    for (const auto& row : rows) {
      std::vector<std::string> line;
      for (const auto& c : use) line.push_back(cell(at_path(row, c.path), c.format, human));
      g.rows.push_back(std::move(line));
    }
    return g;
  };
  Grid g = build(cols);
  // On a narrow terminal, the least important columns go first.
  while (human && o.width > 0 && grid_width(g) + indent.size() > o.width) {
    auto worst = std::max_element(cols.begin(), cols.end(), [](const Column& a, const Column& b) { return a.drop <= b.drop; });
    if (worst == cols.end() || worst->drop == 0) break;
    cols.erase(worst);
    g = build(cols);
  }
  if (!view || view->nested.empty() || o.wide || !o.columns.empty()) return render(g, indent);
  // Rows that carry a nested list (a tower's sessions) are followed by it.
  bool any_nested = false;
  for (const auto& row : rows)
    if (const Json* n = at_path(row, view->nested); n && is_table(*n) && !n->empty()) any_nested = true;
  if (!any_nested) return render(g, indent);
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Grid one{g.header, {g.rows[i]}};
    std::string block = render(one, indent);
    if (i > 0) block = block.substr(block.find('\n') + 1);  // the header once
    out += block;
    if (const Json* n = at_path(rows[i], view->nested); n && is_table(*n) && !n->empty()) {
      TextOptions inner = o;
      out += table(view->nested, *n, inner, indent + "    ");
    }
  }
  return out;
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

std::string to_text(const Json& value, const TextOptions& options) {
  std::ostringstream os;
  if (value.is_object()) {
    std::vector<std::pair<std::string, std::string>> fields;
    flatten(value, "", fields);
    std::size_t w = 0;
    for (const auto& [k, _] : fields) w = std::max(w, k.size());
    const bool human = options.terminal && !options.wide;
    for (const auto& [k, v] : fields) {
      // On a terminal a key or hash too long for the line is shown short.
      const bool fits = options.width == 0 || w + 2 + display_width(v) <= options.width;
      const bool hex = v.size() > 16 && v.find_first_not_of("0123456789abcdef:") == std::string::npos;
      os << k << std::string(w - k.size() + 2, ' ') << (human && !fits && hex ? short_key(v) : v) << "\n";
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!is_table(it.value()) || it.value().empty()) continue;
      if (!fields.empty() || value.size() > 1) os << "\n" << it.key() << ":\n";
      os << table(it.key(), it.value(), options);
    }
    return os.str();
  }
  if (is_table(value)) return table("", value, options);
  return scalar(value) + "\n";
}

}  // namespace lnstore::app
