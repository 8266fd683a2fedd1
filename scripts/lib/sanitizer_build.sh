# Sourced by scripts/sanitize and scripts/fuzz: configures and builds the one
# sanitizer tree, build-asan, shared by both: everything (lnstore, the unit
# tests, the libFuzzer targets) compiled with AddressSanitizer and
# UndefinedBehaviorSanitizer, the fuzz coverage hooks in lnstore_core.
# Sets $asan to the tree's path.
#
# -O1 -g1 without NDEBUG: asserts stay on, and it compiles a quarter faster
# than -O2 -g (sanitizers make compiling slow). Warnings are errors, except
# -Wmaybe-uninitialized: with the sanitizers' instrumentation g++ 12 reports
# it falsely inside libstdc++ (e.g. <regex>; GCC's manual warns of such false
# positives). The normal build (scripts/test) keeps it an error.
asan="$root/build-asan"
runtime=$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$runtime" ]]; then
  echo "clang's libFuzzer runtime is missing: scripts/bootstrap check installs it" >&2
  exit 1
fi
sanitizer_build_started=$SECONDS
cmake -S "$root" -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_CXX_FLAGS="-Wno-maybe-uninitialized" -DLNSTORE_WERROR=ON -DLNSTORE_SANITIZE=address,undefined \
  -DLNSTORE_TESTS=ON -DLNSTORE_FUZZ=ON -DLNSTORE_LIBFUZZER="$runtime" >/dev/null
ninja -C "$asan" -j"$(nproc)"
echo "sanitizer build ($asan): $((SECONDS - sanitizer_build_started)) s" >&2
