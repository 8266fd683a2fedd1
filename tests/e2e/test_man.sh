# Man pages render without warnings, cover every command group, and
# `cmake --install` installs them with the binary.
source "$(dirname "$0")/lib.sh"
MAN="$LNSTORE_SOURCE_DIR/man"
for page in "$MAN"/*.1; do
  groff -man -Tutf8 -ww "$page" >/dev/null 2>warn.txt || fail "$page does not render"
  [[ ! -s warn.txt ]] || fail "$page: $(cat warn.txt)"
done
MANWIDTH=80 man -l "$MAN/lnstore.1" >lnstore.txt 2>/dev/null || fail "man -l man/lnstore.1 fails"
grep -q "EXIT STATUS" lnstore.txt || fail "lnstore(1) has no EXIT STATUS section"
for group in db tower session update channel peer key backup import apply health; do
  [[ -f "$MAN/lnstore-$group.1" ]] || fail "no man page for the $group group"
  "$LNSTORE_BIN" "$group" --help >/dev/null || fail "lnstore $group --help fails"
done
cmake --install "$LNSTORE_BUILD_DIR" --prefix "$WORK/inst" >/dev/null || fail "cmake --install failed"
[[ -x "$WORK/inst/bin/lnstore" ]] || fail "binary not installed"
[[ -f "$WORK/inst/share/man/man1/lnstore.1.gz" && -f "$WORK/inst/share/man/man1/lnstore-backup.1.gz" ]] || fail "man pages not installed"
gzip -t "$WORK/inst/share/man/man1/lnstore.1.gz" || fail "installed man page is not gzip"
[[ -f "$WORK/inst/share/bash-completion/completions/lnstore" && -f "$WORK/inst/share/fish/vendor_completions.d/lnstore.fish" &&
  -f "$WORK/inst/share/zsh/vendor-completions/_lnstore" ]] || fail "completions not installed"
# Every page maps its commands to lncli's and chantools' (names, fields, units).
for page in "$MAN"/*.1; do
  grep -q '^.SH "LNCLI AND CHANTOOLS EQUIVALENTS"' "$page" || fail "$page has no LNCLI AND CHANTOOLS EQUIVALENTS section"
done
echo "test_man: ok"
