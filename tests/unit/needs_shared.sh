#!/bin/sh
# needs_shared.sh SHARED_DIR COMMAND...: runs a unit test file that reads the
# shared fixtures, or, when they are not there, says so and exits 77, which
# CTest reports as skipped (never as passed).
shared=$1
shift
if [ ! -d "$shared/fixtures/lnd" ]; then
  echo "SKIPPED: no shared fixtures at $shared/fixtures/lnd"
  exit 77
fi
exec "$@"
