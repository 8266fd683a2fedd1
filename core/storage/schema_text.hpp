// How a schema is read and compared: the sqlite_master query and the
// normalisation of its SQL text. Shared by migration.cpp (the check at every
// open) and schema_gen.cpp (the build-time tool that computes the expected
// schema), so both read a schema the same way.
#pragma once

#include <string>
#include <string_view>

namespace lnstore::storage {

// Every schema object but SQLite's own sqlite_stat tables (made by ANALYZE).
inline constexpr const char* k_schema_query =
    "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"
    " WHERE NOT (type = 'table' AND name LIKE 'sqlite\\_stat%' ESCAPE '\\') ORDER BY type, name";

// Every run of blanks one space, none at the ends: the schema text compared
// is the statement, not its layout.
inline std::string normalise_sql(std::string_view sql) {
  std::string out;
  bool blank = false;
  for (char c : sql) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

}  // namespace lnstore::storage
