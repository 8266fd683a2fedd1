# An error about the root key file never repeats its text. A token that is
# not a seed word is usually most of one: a word with the passphrase glued
# on, two words run together, a typo. The error names the word's position
# and at most whether it is made of letters; stdout stays empty.
source "$(dirname "$0")/lib.sh"
export LNSTORE_NETWORK=regtest
WORDLIST="$LNSTORE_SOURCE_DIR/core/keys/bip39_wordlist.cpp"
[[ -f "$WORDLIST" ]] || skip "no word list at $WORDLIST"
grep -o '"[a-z]*"' "$WORDLIST" | tr -d '"' | sort -u >words.list
[[ $(wc -l <words.list) -eq 2048 ]] || fail "could not read the BIP-39 word list from $WORDLIST"
declare -A IS_WORD
while read -r w; do IS_WORD[$w]=1; done <words.list

# lnd's aezeed vector 2 (spec/aezeed.md 9.1) and its passphrase.
WORDS=(able tree stool crush transfer cloud cross three profit outside hen citizen plate ride require leg siren drum
  success suggest drink require fiscal upgrade)
PASS='!very_safe_55345_password*'

# run NAME INPUT_FILE [OPTIONS...]: lnstore key info on the file given as
# --root-key-file and on standard input; NAME.err and NAME.stdin.err hold
# stderr, and both runs must fail with exit 3 and print nothing on stdout.
run() {
  local name=$1 file=$2 rc
  shift 2
  rc=0; lnstore "$@" --root-key-file "$file" key info >"$name.out" 2>"$name.err" || rc=$?
  [[ $rc -eq 3 ]] || fail "$name: expected exit 3, got $rc: $(cat "$name.err")"
  rc=0; lnstore "$@" --root-key-file - key info <"$file" >"$name.stdin.out" 2>"$name.stdin.err" || rc=$?
  [[ $rc -eq 3 ]] || fail "$name (stdin): expected exit 3, got $rc: $(cat "$name.stdin.err")"
  [[ ! -s "$name.out" && ! -s "$name.stdin.out" ]] || fail "$name: something on stdout"
  # The file's name is in neither (it is not a secret, but nor is it needed).
  cmp -s "$name.err" "$name.stdin.err" || fail "$name: the error differs between file and stdin"
}

# words_with POSITION TOKEN: the 24 words with word POSITION (1-based) replaced.
words_with() {
  local w=("${WORDS[@]}")
  w[$1 - 1]=$2
  echo "${w[*]}"
}

# no_echo NAME TOKEN CONTROL: NAME's stderr must be exactly CONTROL's (an
# unrelated token of the same kind at the same place), so it carries nothing
# of TOKEN; and, said plainly, no seed word of 4 letters or more hidden in
# TOKEN appears in it more often than in the control (the fixed text itself,
# "aezeed_bad_word" and "word N of 24", holds the seed word "word").
no_echo() {
  local name=$1 token=$2 control=$3 lower sub n
  cmp -s "$name.err" "$control.err" || fail "$name: the error depends on the token: $(cat "$name.err") vs $(cat "$control.err")"
  lower=$(tr A-Z a-z <<<"$token")
  for ((from = 0; from < ${#lower}; from++)); do
    for ((n = 4; from + n <= ${#lower}; n++)); do
      sub=${lower:from:n}
      [[ -n "${IS_WORD[$sub]:-}" ]] || continue
      [[ $(grep -oF -- "$sub" "$name.err" | wc -l) -eq $(grep -oF -- "$sub" "$control.err" | wc -l) ]] ||
        fail "$name: the seed word '$sub' from the token is in the error: $(cat "$name.err")"
    done
  done
  [[ "$token" != *"$PASS"* ]] || ! grep -qF -- "$PASS" "$name.err" || fail "$name: the passphrase is in the error"
}

for output in json text; do
  # A seed word with the passphrase glued on: in the middle, and the last
  # word when the passphrase line lost its line break.
  for pos in 5 24; do
    token="flight$PASS"
    [[ $pos -eq 24 ]] && token="upgrade$PASS"
    words_with "$pos" "$token" >glued.txt
    words_with "$pos" "?" >control_glued.txt
    run "glued_${pos}_$output" glued.txt -o "$output"
    run "control_glued_${pos}_$output" control_glued.txt -o "$output"
    no_echo "glued_${pos}_$output" "$token" "control_glued_${pos}_$output"
  done
  # A typo (letters only) and two words run together in one token of 24.
  for token in upgrad stoolcrush FLIGHTLIGHT; do
    words_with 7 "$token" >typo.txt
    words_with 7 qqqq >control_typo.txt
    run "typo_${token}_$output" typo.txt -o "$output"
    run "control_typo_$output" control_typo.txt -o "$output"
    no_echo "typo_${token}_$output" "$token" "control_typo_$output"
  done
done

# What the JSON error says: the code, the position (1-based in the message
# and the details alike) and the kind of token.
jq -e '.error == {"code": "aezeed_bad_word",
                  "message": "word 24 of 24 is not a word: it holds characters other than letters",
                  "details": {"position": 24, "reason": "not_a_word"}}' glued_24_json.err >/dev/null ||
  fail "glued: $(cat glued_24_json.err)"
jq -e '.error == {"code": "aezeed_bad_word", "message": "word 7 of 24 is not in the aezeed word list",
                  "details": {"position": 7, "reason": "not_in_word_list"}}' typo_stoolcrush_json.err >/dev/null ||
  fail "run together: $(cat typo_stoolcrush_json.err)"
grep -qx "lnstore: error: word 5 of 24 is not a word: it holds characters other than letters" glued_5_text.err ||
  fail "text error: $(cat glued_5_text.err)"

# Two words run together in a 23-word file, or the passphrase on the words'
# line as a 25th: only the count is reported.
echo "${WORDS[*]:0:3}${WORDS[3]} ${WORDS[*]:4}" >together.txt
echo "${WORDS[*]} $PASS" >same_line.txt
for f in together same_line; do
  rc=0; lnstore --root-key-file "$f.txt" key info >"$f.out" 2>"$f.err" || rc=$?
  [[ $rc -eq 3 ]] || fail "$f: expected exit 3, got $rc"
  jq -e '.error.code == "aezeed_wrong_length"' "$f.err" >/dev/null || fail "$f: $(cat "$f.err")"
  ! grep -qiF -e "stoolcrush" -e "very_safe" -e "$PASS" "$f.err" || fail "$f: the input is in the error"
done
echo "test_seed_word_errors: ok"
