# peer add|list|show|remove-address.
source "$(dirname "$0")/lib.sh"
expect_ok lnstore peer add "$G2@10.0.0.2:9735"
check '.pubkey == "'$G2'" and .addresses == ["10.0.0.2:9735"] and .num_channels == 0'
expect_ok lnstore peer add "$G2@[::1]"
check '.addresses == ["[::1]:9735", "10.0.0.2:9735"]'
expect_ok lnstore peer add "$G2@10.0.0.2:9735"
check '.addresses == ["[::1]:9735", "10.0.0.2:9735"]'
expect_ok lnstore apply <<<'{"op": "peer.add", "address": "'$G3'@node.example.org:9736"}'
check '.result.addresses == ["node.example.org:9736"]'
expect_ok lnstore peer list
check '.peers | map(.pubkey) == ["'$G2'", "'$G3'"]'
expect_ok lnstore peer show "$G2"
check '.addresses | length == 2'
expect_ok lnstore peer remove-address "$G2@[::1]:9735"
check '.addresses == ["10.0.0.2:9735"]'
expect_err 1 address_not_found lnstore peer remove-address "$G2@[::1]:9735"
expect_err 1 peer_not_found lnstore peer show "$G4"
expect_err 1 peer_not_found lnstore peer remove-address "$G4@1.2.3.4:1"
expect_err 3 invalid_pubkey lnstore peer add "$OFFCURVE@1.2.3.4:1"
expect_err 3 bad_address lnstore peer add "$G4@1.2.3.4:99999"
expect_err 3 bad_address lnstore peer add "$G4"
echo "test_peer: ok"
