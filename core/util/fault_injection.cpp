#include "core/util/fault_injection.hpp"

namespace lnstore::util::fault {

namespace {
Hook& hook() {
  static Hook k_hook;
  return k_hook;
}
}  // namespace

void set_hook(Hook h) { hook() = std::move(h); }

bool should_fail(std::string_view point) {
  const Hook& h = hook();
  return h && h(point);
}

}  // namespace lnstore::util::fault
