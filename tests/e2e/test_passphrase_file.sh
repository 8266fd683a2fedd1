# LNSTORE_SEED_PASSPHRASE_FILE is taken as lnd takes a passphrase: its first
# line byte for byte, only the line ending ("\n" or "\r\n") removed; blanks
# at either end are part of it.
source "$(dirname "$0")/lib.sh"
export LNSTORE_NETWORK=regtest
write_aezeed_words  # aezeed.md §9.3, lnd vector 1 (lib.sh)
export LNSTORE_ROOT_KEY_FILE="$WORK/words.txt"
expect_ok lnstore key info
want=$(jq -r .backup_key_pubkey <<<"$OUT")

for content in 'aezeed' 'aezeed\n' 'aezeed\r\n' 'aezeed\nsecond line\n' '' '\n'; do
  printf "$content" >pass.txt
  LNSTORE_SEED_PASSPHRASE_FILE="$WORK/pass.txt" expect_ok lnstore key info
  check '.backup_key_pubkey == "'"$want"'"'
done
# Blanks are the passphrase's own bytes: these are wrong passphrases.
for content in ' aezeed' 'aezeed ' '  aezeed  \n' '\taezeed\r\n' 'aezeed\r\r\n'; do
  printf "$content" >pass.txt
  LNSTORE_SEED_PASSPHRASE_FILE="$WORK/pass.txt" expect_err 4 aezeed_wrong_passphrase lnstore key info
done
echo "test_passphrase_file: ok"
