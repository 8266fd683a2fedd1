#include "core/lndsql/libpq_loader.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace lnstore::lndsql {

namespace {

LibPq g_libpq{};
std::string g_error;

template <class F>
bool resolve(void* handle, const char* name, F& out) {
  out = reinterpret_cast<F>(::dlsym(handle, name));
  if (!out) {
    g_error = "libpq.so.5 lacks ";
    g_error.append(name);
  }
  return out != nullptr;
}

void load_once() {
  // RTLD_LOCAL: libpq's own dependencies (libssl, libcrypto) stay out of
  // the global namespace, where Crypto++ and SQLite live. RTLD_LAZY: the
  // thousands of functions of those libraries lnstore never calls are not
  // bound; the ones it calls are checked by dlsym below.
  void* h = ::dlopen("libpq.so.5", RTLD_LAZY | RTLD_LOCAL);
  if (!h) {
    const char* why = ::dlerror();
    g_error = why ? why : "dlopen failed";
    return;
  }
  LibPq p{};
  const bool ok = resolve(h, "PQconnectdbParams", p.connectdb_params) && resolve(h, "PQstatus", p.status) &&
                  resolve(h, "PQerrorMessage", p.error_message) &&
                  resolve(h, "PQconnectionNeedsPassword", p.connection_needs_password) && resolve(h, "PQfinish", p.finish) &&
                  resolve(h, "PQconninfoParse", p.conninfo_parse) && resolve(h, "PQconninfoFree", p.conninfo_free) &&
                  resolve(h, "PQfreemem", p.freemem) && resolve(h, "PQexec", p.exec) && resolve(h, "PQexecParams", p.exec_params) &&
                  resolve(h, "PQresultStatus", p.result_status) && resolve(h, "PQresultErrorMessage", p.result_error_message) &&
                  resolve(h, "PQresultErrorField", p.result_error_field) && resolve(h, "PQntuples", p.ntuples) &&
                  resolve(h, "PQgetvalue", p.getvalue) && resolve(h, "PQgetlength", p.getlength) &&
                  resolve(h, "PQgetisnull", p.getisnull) && resolve(h, "PQclear", p.clear);
  // The handle stays open for the life of the process: the connection's
  // callbacks and results point into it.
  if (ok) {
    g_libpq = p;
    g_error.clear();
  }
}

}  // namespace

Result<void> load_libpq() {
  static std::once_flag once;
  std::call_once(once, load_once);
  if (!g_libpq.clear)
    return fail(ExitClass::io, "libpq_missing",
                "reading PostgreSQL needs libpq (" + g_error + "): install it with apt-get install libpq5, "
                "or import from lnd's SQLite or bbolt files");
  return {};
}

const LibPq& libpq() { return g_libpq; }

}  // namespace lnstore::lndsql
