// One-off generator of the cross-implementation vectors embedded in
// tests/unit/test_aezeed.cpp, using the independent JavaScript packages
// `aezeed` 0.0.5 (bitcoinjs) and `aez` 1.0.1 from the npm registry. Not run by
// CTest (it needs those packages); rerun by hand to re-check:
//   d=$(mktemp -d) && (cd $d && npm install aezeed@0.0.5 aez@1.0.1) &&
//   NODE_PATH=$d/node_modules node tests/tools/gen_aezeed_vectors.js
'use strict';
const { CipherSeed } = require('aezeed/src/cipherseed');
const { PARAMS } = require('aezeed/src/params');
const { mnemonicToBytes } = require('aezeed/src/mnemonic');

const entropy = Buffer.from('81b637d86359e6960de795e41e0b4cfd', 'hex');
const salt = Buffer.from('salt1');
const cases = [
  // [scrypt N, internal version, birthday, entropy hex, salt hex, passphrase]
  [32768, 0, 3365, entropy.toString('hex'), salt.toString('hex'), '!very_safe_55345_password*'],
  [32768, 1, 3365, entropy.toString('hex'), salt.toString('hex'), ''],
  [16, 1, 65535, 'ffffffffffffffffffffffffffffffff', 'ffffffffff', 'x'],
  [16, 0, 5843, '000102030405060708090a0b0c0d0e0f', '0a1b2c3d4e', 'correct horse battery staple'],
  [16, 1, 1, '00000000000000000000000000000000', '0000000000', 'aezeed'],
  [16, 255, 4242, 'f0e1d2c3b4a5968778695a4b3c2d1e0f', '5555555555', 'Pässwörd (utf-8)'],
];
for (const [n, version, birthday, ent, slt, pass] of cases) {
  PARAMS[0].n = n;
  const seed = new CipherSeed(Buffer.from(ent, 'hex'), Buffer.from(slt, 'hex'), version, birthday);
  const words = seed.toMnemonic(pass === '' ? undefined : pass);
  const back = CipherSeed.fromMnemonic(words, pass === '' ? undefined : pass);
  if (back.entropy.toString('hex') !== ent || back.birthday !== birthday) throw new Error('round trip');
  console.log(JSON.stringify({ n, version, birthday, entropy: ent, salt: slt, passphrase: pass, words,
                               bytes: mnemonicToBytes(words).toString('hex') }));
}
