// A main() for a fuzz target without libFuzzer: runs LLVMFuzzerTestOneInput
// once on every file named on the command line (directories: every regular
// file in them, in name order), so the committed corpora — regression seeds
// included — can run in the ordinary test suite and under ASan or valgrind.
// A broken invariant aborts as it does under libFuzzer.
// Usage: replay_NAME FILE_OR_DIR...
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

bool run_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // libFuzzer never passes a null pointer; an empty vector's data() may be null.
  data.reserve(1);
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), data.size());
  (void)LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
    return 2;
  }
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::directory_iterator(arg, ec))
        if (entry.is_regular_file()) files.push_back(entry.path());
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(arg);
    }
    if (ec || files.empty()) {
      std::fprintf(stderr, "replay: nothing to run in %s\n", arg.c_str());
      return 2;
    }
    for (const auto& file : files) {
      if (!run_file(file)) return 2;
      ++count;
    }
  }
  std::fprintf(stderr, "replay: %zu inputs passed\n", count);
  return 0;
}
