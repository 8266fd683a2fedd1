// RFC 3339 UTC timestamps ("2026-11-21T20:45:48Z"), the only time format
// lnstore prints.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace lnstore::util {

std::string now_rfc3339();
std::string format_rfc3339(std::time_t t);
// True for "YYYY-MM-DDTHH:MM:SS[.frac]Z" with valid field ranges.
bool is_rfc3339_utc(std::string_view text);

}  // namespace lnstore::util
