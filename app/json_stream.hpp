// JsonListStream: writes {"KEY": [item, item, ...]} to stdout one item at a
// time, formatted exactly as Output::dump would format the whole document
// (2-space indent, or one line with --compact), so listings of any size run
// in constant memory. An item may hold one nested list that is itself
// streamed (e.g. a session's committed updates). Bytes go out through the
// Output writer; the first failed write is kept and returned by close(),
// and nothing more is written after it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/output.hpp"
#include "core/util/error.hpp"

namespace lnstore::app {

class JsonListStream {
 public:
  JsonListStream(Output& out, std::string key);
  // Closes the document if close() was not called (an error path).
  ~JsonListStream();
  JsonListStream(const JsonListStream&) = delete;
  JsonListStream& operator=(const JsonListStream&) = delete;

  void item(const nlohmann::ordered_json& value);
  // Whether items are compact (dump()) or indented (dump(2)).
  bool compact() const { return m_compact; }
  // An item already serialized in this stream's form (compact()): compact
  // as dump() prints it, or indented as dump(2) prints it at the depth of
  // a list item (4 spaces), appended as it is.
  void item_text(std::string_view text);
  // `value[nested_key]` is replaced by the elements `produce` emits.
  void item_with_nested(nlohmann::ordered_json value, const std::string& nested_key,
                        const std::function<void(const std::function<void(const nlohmann::ordered_json&)>&)>& produce);
  // Ends the document and flushes it: the first write error, if any.
  [[nodiscard]] Result<void> close();

 private:
  void put(std::string_view s);
  Output& m_out;
  std::string m_key;
  bool m_compact;
  bool m_first = true;
  bool m_closed = false;
  std::string m_buffer;
  Result<void> m_status;
};

}  // namespace lnstore::app
