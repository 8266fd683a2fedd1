# The Debian package: `cpack -G DEB` in the build tree makes
# lnstore_<version>_<arch>.deb with the stripped binary, man pages,
# completions, the example config, copyright and changelog, and dependencies
# from dpkg-shlibdeps; lintian reports no error; the binary installed into a
# scratch root (dpkg-deb -x) runs; the example config names every global
# option and, uncommented, is accepted.
source "$(dirname "$0")/lib.sh"
: "${LNSTORE_BUILD_DIR:?}"
for tool in cpack dpkg-deb dpkg-shlibdeps readelf; do
  command -v $tool >/dev/null || skip "$tool is not installed (scripts/bootstrap test installs dpkg-dev and binutils)"
done
[[ -f "$LNSTORE_BUILD_DIR/CPackConfig.cmake" ]] || skip "no CPackConfig.cmake in $LNSTORE_BUILD_DIR"
# A package is made from a normal build; a sanitizer build's binary needs
# the sanitizer runtime and is not what an operator installs.
! grep -q '^LNSTORE_SANITIZE:STRING=..*' "$LNSTORE_BUILD_DIR/CMakeCache.txt" ||
  skip "a sanitizer build ($LNSTORE_BUILD_DIR) is not packaged; the normal build's run of this test checks the package"

cpack --config "$LNSTORE_BUILD_DIR/CPackConfig.cmake" -G DEB -B "$WORK/pkg" >cpack.log 2>&1 || fail "cpack failed: $(tail -5 cpack.log)"
version=$("$LNSTORE_BIN" -o json --version | jq -r .version)
deb="$WORK/pkg/lnstore_${version}_$(dpkg --print-architecture).deb"
[[ -f "$deb" ]] || fail "no $deb: $(ls "$WORK/pkg")"

dpkg-deb -f "$deb" Package Version Architecture Depends Recommends Section >control.txt
grep -qx "Package: lnstore" control.txt || fail "control: $(cat control.txt)"
grep -qx "Version: $version" control.txt || fail "control version: $(cat control.txt)"
for dep in libc6 libstdc++6 libsqlite3-0; do
  grep -q "^Depends:.*\b$dep\b" control.txt || fail "Depends lacks $dep (dpkg-shlibdeps): $(grep Depends control.txt)"
done
# libpq is loaded only for a PostgreSQL source: recommended, not required.
grep -q "^Recommends:.*\blibpq5\b" control.txt || fail "Recommends lacks libpq5: $(cat control.txt)"
! grep -q "^Depends:.*\blibpq5\b" control.txt || fail "libpq5 is a hard dependency: $(grep Depends control.txt)"

root="$WORK/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/lnstore usr/share/man/man1/lnstore.1.gz usr/share/man/man1/lnstore-backup.1.gz \
  usr/share/bash-completion/completions/lnstore usr/share/zsh/vendor-completions/_lnstore \
  usr/share/fish/vendor_completions.d/lnstore.fish usr/share/doc/lnstore/examples/config.toml \
  usr/share/doc/lnstore/copyright usr/share/doc/lnstore/changelog.gz \
  usr/share/doc/lnstore/examples/systemd/lnstore-health.service usr/share/doc/lnstore/examples/systemd/lnstore-health.timer \
  usr/share/doc/lnstore/examples/systemd/lnstore-backup-watch.service; do
  [[ -s "$root/$f" ]] || fail "the package lacks /$f"
done
! readelf -S "$root/usr/bin/lnstore" | grep -q "\.debug_info" || fail "the packaged binary carries debug info"
readelf -S "$root/usr/bin/lnstore" | grep -q "\.symtab" && fail "the packaged binary is not stripped"
size_mb=$(( $(stat -c %s "$root/usr/bin/lnstore") / 1048576 ))
[[ $size_mb -lt 15 ]] || fail "the packaged binary is ${size_mb} MiB"
gzip -t "$root/usr/share/man/man1/lnstore.1.gz" || fail "man page not gzip"

# The installed binary runs.
"$root/usr/bin/lnstore" --version >version.txt || fail "the installed binary does not run"
grep -q "^lnstore $version " version.txt || fail "installed --version: $(cat version.txt)"
LNSTORE_DB="$WORK/pkg.db" "$root/usr/bin/lnstore" db init >/dev/null || fail "installed binary: db init failed"

# The example config: every global option a config may set is in it, and
# the file with every setting uncommented is accepted.
cfg="$root/usr/share/doc/lnstore/examples/config.toml"
"$LNSTORE_BIN" help | sed -n '/^Global options/,/^$/p' | grep -o -- '--[a-z-]*' | sort -u |
  grep -vx -- '--help\|--version\|--config\|--columns' >globals.txt   # --columns names one list's fields
[[ $(wc -l <globals.txt) -ge 8 ]] || fail "could not read the global options: $(cat globals.txt)"
while read -r opt; do
  grep -q "^# ${opt#--} = " "$cfg" || fail "the example config lacks '${opt#--}'"
done <globals.txt
sed -E 's/^# ([a-z-]+ = )/\1/' "$cfg" | sed -E "s|^db = .*|db = \"$WORK/cfg.db\"|; s|^network = .*|network = \"regtest\"|" >cfg.toml
grep -q '^busy-timeout = 5000' cfg.toml || fail "uncommenting failed: $(cat cfg.toml)"
unset LNSTORE_DB
lnstore --config cfg.toml db init >/dev/null 2>init.err ||
  fail "the example config, uncommented, is refused: $(cat init.err)"
[[ -s "$WORK/cfg.db" ]] || fail "the config's db setting was not used"

if command -v lintian >/dev/null; then
  lintian --no-tag-display-limit "$deb" >lintian.txt 2>&1 || true
  if grep -q "^E:" lintian.txt; then fail "lintian errors: $(grep '^E:' lintian.txt)"; fi
  grep "^W:" lintian.txt || true   # warnings are listed in the test log
else
  echo "lintian not installed: package checks without it"
fi
echo "ok"
