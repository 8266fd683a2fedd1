// Coverage bridge between g++ and clang's libFuzzer.
//
// The fuzz targets are compiled by g++ 12 (clang 14 cannot compile libstdc++
// 12's <expected>), whose only coverage modes are
// -fsanitize-coverage=trace-pc (one call per basic block) and trace-cmp.
// libFuzzer 14 understands the trace-cmp callbacks but not trace-pc: its
// __sanitizer_cov_trace_pc prints "no longer supported" and exits, and
// trace-pc-guard / inline-8bit-counters do not exist in g++. The fuzz
// executables are therefore linked with -Wl,--wrap=__sanitizer_cov_trace_pc,
// which sends every instrumented block to __wrap___sanitizer_cov_trace_pc
// below. It counts AFL-style edges (previous block, this block) in a table
// that libFuzzer takes as inline 8-bit counters, so libFuzzer sees edge and
// hit-count features exactly as with clang's -fsanitize=fuzzer.
//
// This file must be compiled without coverage and without sanitizers (it runs
// on every basic block); tests/fuzz/CMakeLists.txt builds it on its own.
#include <cstddef>
#include <cstdint>

extern "C" {
// libFuzzer's registration hook. Weak: an executable linked without
// libFuzzer (lnstore itself in the fuzz build) just counts into the void.
__attribute__((weak)) void __sanitizer_cov_8bit_counters_init(std::uint8_t* start, std::uint8_t* stop);
}

namespace {

// 2^17 counters: few collisions for the (at most ~20k) edges one target
// reaches, while libFuzzer's per-input scan and reset of the table (a
// tenth of the time per input at 2^18) stays small.
constexpr unsigned k_counter_bits = 17;
constexpr std::size_t k_counter_count = std::size_t{1} << k_counter_bits;

alignas(4096) std::uint8_t g_counters[k_counter_count];
// Hash of the previous block, shifted so that A->B and B->A differ.
thread_local std::uintptr_t t_previous = 0;

__attribute__((constructor)) void register_counters() {
  if (__sanitizer_cov_8bit_counters_init != nullptr)
    __sanitizer_cov_8bit_counters_init(g_counters, g_counters + k_counter_count);
}

}  // namespace

extern "C" {

void __wrap___sanitizer_cov_trace_pc() {
  const auto pc = reinterpret_cast<std::uintptr_t>(__builtin_return_address(0));
  // Fibonacci hashing: the top bits of pc * 2^64/phi spread nearby call sites.
  const std::uintptr_t block = (pc * 0x9E3779B97F4A7C15ull) >> (64 - k_counter_bits);
  ++g_counters[block ^ t_previous];
  t_previous = block >> 1;
}

// g++'s trace-cmp also reports floating-point comparisons, which libFuzzer
// has no callbacks for; nothing useful can be learned from them here.
void __sanitizer_cov_trace_cmpf(float, float) {}
void __sanitizer_cov_trace_cmpd(double, double) {}

}  // extern "C"
