#include "app/json_stream.hpp"

namespace lnstore::app {

namespace {
// Re-indents a dump(2) block so it sits at `base` spaces of depth.
std::string indent_block(const std::string& dumped, int base) {
  std::string out;
  out.reserve(dumped.size() + 64);
  std::string pad(static_cast<std::size_t>(base), ' ');
  for (char c : dumped) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}
constexpr const char* k_placeholder = "@@lnstore-nested@@";
}  // namespace

JsonListStream::JsonListStream(Output& out, std::string key) : m_out(out), m_key(std::move(key)), m_compact(out.compact()) {
  put(m_compact ? "{\"" + m_key + "\":[" : "{\n  \"" + m_key + "\": [");
}

JsonListStream::~JsonListStream() { (void)close(); }

void JsonListStream::put(std::string_view s) {
  if (!m_status) return;  // a write failed: the command is reporting it
  m_buffer += s;
  if (m_buffer.size() >= (1 << 16)) {
    m_status = m_out.write(m_buffer, false);
    m_buffer.clear();
  }
}

void JsonListStream::item(const nlohmann::ordered_json& value) {
  if (m_compact) {
    put((m_first ? "" : ",") + Output::dump(value, -1));
  } else {
    put((m_first ? "\n    " : ",\n    ") + indent_block(Output::dump(value, 2), 4));
  }
  m_first = false;
}

void JsonListStream::item_text(std::string_view text) {
  put(m_compact ? (m_first ? "" : ",") : (m_first ? "\n    " : ",\n    "));
  put(text);
  m_first = false;
}

void JsonListStream::item_with_nested(nlohmann::ordered_json value, const std::string& nested_key,
                                      const std::function<void(const std::function<void(const nlohmann::ordered_json&)>&)>& produce) {
  value[nested_key] = k_placeholder;
  std::string text = m_compact ? Output::dump(value, -1) : indent_block(Output::dump(value, 2), 4);
  std::string marker = std::string("\"") + k_placeholder + "\"";
  auto pos = text.find(marker);
  put((m_first ? (m_compact ? "" : "\n    ") : (m_compact ? "," : ",\n    ")) + text.substr(0, pos) + "[");
  m_first = false;
  bool first = true;
  produce([&](const nlohmann::ordered_json& element) {
    if (m_compact)
      put((first ? "" : ",") + Output::dump(element, -1));
    else
      put((first ? "\n        " : ",\n        ") + indent_block(Output::dump(element, 2), 8));
    first = false;
  });
  if (!first && !m_compact) put("\n      ");
  put("]" + text.substr(pos + marker.size()));
}

Result<void> JsonListStream::close() {
  if (m_closed) return m_status;
  m_closed = true;
  if (m_compact)
    put("]}\n");
  else
    put(m_first ? "]\n}\n" : "\n  ]\n}\n");
  if (m_status) m_status = m_out.write(m_buffer, true);
  m_buffer.clear();
  return m_status;
}

}  // namespace lnstore::app
