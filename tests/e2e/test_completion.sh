# Shell completion, generated from the parser: bash (with Debian's
# bash-completion loaded, as in an interactive shell), fish (`complete -C`)
# and zsh (the completion function driven with compsys' calls recorded)
# complete groups, commands, options, enum values and file paths.
source "$(dirname "$0")/lib.sh"

mkdir -p files/sub && : >files/channel.db && : >files/other.txt

expect_ok lnstore completion bash
printf '%s\n' "$OUT" >lnstore.bash
expect_ok lnstore completion fish
printf '%s\n' "$OUT" >lnstore.fish
expect_ok lnstore completion zsh
printf '%s\n' "$OUT" >_lnstore
expect_err 2 usage lnstore completion tcsh

# The installed scripts are the same text (the build writes them with the binary).
if [[ -n "${LNSTORE_BUILD_DIR:-}" && -d "$LNSTORE_BUILD_DIR/completions" ]]; then
  cmp -s lnstore.bash "$LNSTORE_BUILD_DIR/completions/lnstore" || fail "build/completions/lnstore differs from 'lnstore completion bash'"
  cmp -s lnstore.fish "$LNSTORE_BUILD_DIR/completions/lnstore.fish" || fail "build/completions/lnstore.fish differs"
  cmp -s _lnstore "$LNSTORE_BUILD_DIR/completions/_lnstore" || fail "build/completions/_lnstore differs"
fi

# Each case: the words typed (the last one being completed) and the exact
# candidates, sorted.
cases=(
  "lnstore tow|tower"
  "lnstore tower l|list"
  "lnstore tower |add deactivate list remove show stats"
  "lnstore --db x.db tower l|list"
  "lnstore --network re|regtest"
  "lnstore --network |mainnet regtest signet simnet testnet testnet4"
  "lnstore -o |json text"
  "lnstore tower list --st|--status"
  "lnstore tower list --status |active inactive"
  "lnstore session reserve --blob-type tap|taproot taproot-final"
  "lnstore channel close --type rem|remote_force"
  "lnstore channel list --status w|waiting_close"
  "lnstore import lnd-ch|lnd-channels"
  "lnstore import lnd-channels files/ch|files/channel.db"
  "lnstore --root-key-file files/o|files/other.txt"
  "lnstore completion |bash fish zsh"
)

[[ -r /usr/share/bash-completion/bash_completion ]] || skip "bash-completion is not installed (scripts/bootstrap test installs it)"
for c in "${cases[@]}"; do
  words=${c%%|*} want=${c#*|}
  got=$(bash -c '
    source /usr/share/bash-completion/bash_completion
    source ./lnstore.bash
    read -ra COMP_WORDS <<<"$1"
    [[ $1 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=$1; COMP_POINT=${#COMP_LINE}
    _lnstore
    printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$words")
  [[ "${got% }" == "$want" ]] || fail "bash: '$words' completes to '${got% }', want '$want'"
done

command -v fish >/dev/null || skip "fish is not installed (scripts/bootstrap test installs it)"
for c in "${cases[@]}"; do
  words=${c%%|*} want=${c#*|}
  got=$(fish -c 'source ./lnstore.fish; complete -C $argv[1] | string replace -r "\t.*" "" | sort | tr "\n" " "' "$words")
  [[ "${got% }" == "$want" ]] || fail "fish: '$words' completes to '$got', want '$want'"
done

command -v zsh >/dev/null || skip "zsh is not installed (scripts/bootstrap test installs it)"
zsh -n _lnstore || fail "zsh: the script does not parse"
for c in "${cases[@]}"; do
  words=${c%%|*} want=${c#*|}
  # compsys' builtins are replaced by recorders: what _lnstore offers is
  # what it passes to them (prefix-filtered as compsys would).
  got=$(zsh -fc '
    _describe() { local -a items=("${(@P)4}"); local i; for i in $items; do print -r -- ${i%%:*}; done; }
    compadd() { local a; [[ $1 == -a ]] && { for a in ${(P)2}; do print -r -- $a; done; }; }
    _files() { local f; for f in ${PREFIX}*(N); do [[ -d $f ]] && print -r -- $f/ || print -r -- $f; done; }
    compset() { PREFIX=${PREFIX#*=}; }
    compdef() { :; }
    source ./_lnstore
    words=(${=1}); [[ $1 == *" " ]] && words+=("")
    CURRENT=${#words}; PREFIX=${words[CURRENT]}
    [[ $PREFIX == --*=* ]] && PREFIX=${PREFIX#*=}
    _lnstore | while read -r x; do [[ $x == ${PREFIX}* ]] && print -r -- $x; done | sort -u | tr "\n" " "' _ "$words")
  [[ "${got% }" == "$want" ]] || fail "zsh: '$words' completes to '${got% }', want '$want'"
done
echo "ok"
