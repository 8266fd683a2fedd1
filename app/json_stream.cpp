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

JsonListStream::JsonListStream(std::string key, bool compact) : m_key(std::move(key)), m_compact(compact) {
  put(m_compact ? "{\"" + m_key + "\":[" : "{\n  \"" + m_key + "\": [");
}

JsonListStream::~JsonListStream() { close(); }

void JsonListStream::put(const std::string& s) {
  m_buffer += s;
  if (m_buffer.size() >= (1 << 16)) {
    std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
    m_buffer.clear();
  }
}

void JsonListStream::item(const nlohmann::ordered_json& value) {
  if (m_compact) {
    put((m_first ? "" : ",") + value.dump());
  } else {
    put((m_first ? "\n    " : ",\n    ") + indent_block(value.dump(2), 4));
  }
  m_first = false;
}

void JsonListStream::item_text(const std::string& pretty, const std::string& compact) {
  if (m_compact)
    put((m_first ? "" : ",") + compact);
  else
    put((m_first ? "\n    " : ",\n    ") + indent_block(pretty, 4));
  m_first = false;
}

void JsonListStream::item_with_nested(nlohmann::ordered_json value, const std::string& nested_key,
                                      const std::function<void(const std::function<void(const nlohmann::ordered_json&)>&)>& produce) {
  value[nested_key] = k_placeholder;
  std::string text = m_compact ? value.dump() : indent_block(value.dump(2), 4);
  std::string marker = std::string("\"") + k_placeholder + "\"";
  auto pos = text.find(marker);
  put((m_first ? (m_compact ? "" : "\n    ") : (m_compact ? "," : ",\n    ")) + text.substr(0, pos) + "[");
  m_first = false;
  bool first = true;
  produce([&](const nlohmann::ordered_json& element) {
    if (m_compact)
      put((first ? "" : ",") + element.dump());
    else
      put((first ? "\n        " : ",\n        ") + indent_block(element.dump(2), 8));
    first = false;
  });
  if (!first && !m_compact) put("\n      ");
  put("]" + text.substr(pos + marker.size()));
}

void JsonListStream::close() {
  if (m_closed) return;
  m_closed = true;
  if (m_compact)
    put("]}\n");
  else
    put(m_first ? "]\n}\n" : "\n  ]\n}\n");
  std::fwrite(m_buffer.data(), 1, m_buffer.size(), stdout);
  m_buffer.clear();
  std::fflush(stdout);
}

}  // namespace lnstore::app
