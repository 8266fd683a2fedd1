// JsonListStream: writes {"KEY": [item, item, ...]} to stdout one item at a
// time, formatted exactly as nlohmann's dump(2) (or compact) would format
// the whole document, so listings of any size run in constant memory.
// An item may hold one nested list that is itself streamed (e.g. a session's
// committed updates).
#pragma once

#include <cstdio>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace lnstore::app {

class JsonListStream {
 public:
  JsonListStream(std::string key, bool compact);
  ~JsonListStream();
  JsonListStream(const JsonListStream&) = delete;
  JsonListStream& operator=(const JsonListStream&) = delete;

  void item(const nlohmann::ordered_json& value);
  // An item already serialized: `pretty` as dump(2) would print it at depth
  // 0 (re-indented here), `compact` as dump() would.
  void item_text(const std::string& pretty, const std::string& compact);
  // `value[nested_key]` is replaced by the elements `produce` emits.
  void item_with_nested(nlohmann::ordered_json value, const std::string& nested_key,
                        const std::function<void(const std::function<void(const nlohmann::ordered_json&)>&)>& produce);
  void close();

 private:
  void put(const std::string& s);
  std::string m_key;
  bool m_compact;
  bool m_first = true;
  bool m_closed = false;
  std::string m_buffer;
};

}  // namespace lnstore::app
