// Runs a shell command (a reference tool) from a doctest test and returns
// its standard output; the test stops if it cannot start or exits non-zero.
#pragma once

#include <array>
#include <cstdio>
#include <string>

#include <doctest/doctest.h>

namespace lnstore::test {

inline std::string run_tool(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  REQUIRE(pclose(pipe) == 0);
  return out;
}

}  // namespace lnstore::test
