#include "app/read_input.hpp"

#include "core/util/file_reader.hpp"

namespace lnstore::app {

Result<std::string> read_input(const std::string& path, std::size_t limit) {
  auto file = LNSTORE_TRY(util::open_input(path));
  auto bytes = LNSTORE_TRY(file.read_all(limit));
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace lnstore::app
