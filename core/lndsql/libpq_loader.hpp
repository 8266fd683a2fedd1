// libpq, loaded when a PostgreSQL source is first opened (dlopen of
// libpq.so.5), never at start-up. Linking libpq brings in libssl, libcrypto,
// GSSAPI and LDAP, whose relocations cost every command ~7 ms before main
// (more than `tower list` itself); loaded on demand, only an import from
// PostgreSQL pays it. Only postgres_kv.cpp includes this.
//
// The functions in lndsql::pq have libpq's names: postgres_kv.cpp calls
// pq::PQexec(...) and reads as plain libpq (qualified, so argument-dependent
// lookup cannot pick ::PQexec), and a call that slipped past them to libpq
// itself would fail to link (libpq is not linked).
#pragma once

#include <libpq-fe.h>

#include "core/util/error.hpp"

namespace lnstore::lndsql {

// The libpq functions lnstore uses, resolved with dlsym.
struct LibPq {
  decltype(&::PQconnectdbParams) connectdb_params;
  decltype(&::PQstatus) status;
  decltype(&::PQerrorMessage) error_message;
  decltype(&::PQconnectionNeedsPassword) connection_needs_password;
  decltype(&::PQfinish) finish;
  decltype(&::PQconninfoParse) conninfo_parse;
  decltype(&::PQconninfoFree) conninfo_free;
  decltype(&::PQfreemem) freemem;
  decltype(&::PQexec) exec;
  decltype(&::PQexecParams) exec_params;
  decltype(&::PQresultStatus) result_status;
  decltype(&::PQresultErrorMessage) result_error_message;
  decltype(&::PQresultErrorField) result_error_field;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQgetlength) getlength;
  decltype(&::PQgetisnull) getisnull;
  decltype(&::PQclear) clear;
};

// Loads libpq once per process; the error (exit 7, "libpq_missing") says
// which Debian package provides it.
[[nodiscard]] Result<void> load_libpq();

// The loaded functions; only valid after load_libpq() succeeded.
const LibPq& libpq();

namespace pq {
inline PGconn* PQconnectdbParams(const char* const* k, const char* const* v, int expand) { return libpq().connectdb_params(k, v, expand); }
inline ConnStatusType PQstatus(const PGconn* c) { return libpq().status(c); }
inline char* PQerrorMessage(const PGconn* c) { return libpq().error_message(c); }
inline int PQconnectionNeedsPassword(const PGconn* c) { return libpq().connection_needs_password(c); }
inline void PQfinish(PGconn* c) { libpq().finish(c); }
inline PQconninfoOption* PQconninfoParse(const char* s, char** e) { return libpq().conninfo_parse(s, e); }
inline void PQconninfoFree(PQconninfoOption* o) { libpq().conninfo_free(o); }
inline void PQfreemem(void* p) { libpq().freemem(p); }
inline PGresult* PQexec(PGconn* c, const char* q) { return libpq().exec(c, q); }
inline PGresult* PQexecParams(PGconn* c, const char* q, int n, const Oid* types, const char* const* values, const int* lengths,
                              const int* formats, int result_format) {
  return libpq().exec_params(c, q, n, types, values, lengths, formats, result_format);
}
inline ExecStatusType PQresultStatus(const PGresult* r) { return libpq().result_status(r); }
inline char* PQresultErrorMessage(const PGresult* r) { return libpq().result_error_message(r); }
inline char* PQresultErrorField(const PGresult* r, int field) { return libpq().result_error_field(r, field); }
inline int PQntuples(const PGresult* r) { return libpq().ntuples(r); }
inline char* PQgetvalue(const PGresult* r, int row, int col) { return libpq().getvalue(r, row, col); }
inline int PQgetlength(const PGresult* r, int row, int col) { return libpq().getlength(r, row, col); }
inline int PQgetisnull(const PGresult* r, int row, int col) { return libpq().getisnull(r, row, col); }
inline void PQclear(PGresult* r) { libpq().clear(r); }
}  // namespace pq

}  // namespace lnstore::lndsql
