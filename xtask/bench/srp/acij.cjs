// amazon-cognito-identity-js's side of `cargo xtask bench srp`: complete client proofs as
// CognitoUser.authenticateUser makes them (a new AuthenticationHelper: random 128-byte a and A;
// then getPasswordAuthenticationKey and the HMAC claim) on the fixed challenge, one JSON line out.
// Usage: node acij.cjs <dir with node_modules> <challenge.json> <proofs>
'use strict';
const fs = require('fs');
const [dir, challengePath, proofsText] = process.argv.slice(2);
const acijPath = require.resolve('amazon-cognito-identity-js', { paths: [dir] });
const { AuthenticationHelper } = require(acijPath);
const BigInteger = require(require.resolve('./lib/BigInteger', { paths: [acijPath.replace(/lib\/index\.js$/, '')] })).default;
const { Sha256 } = require(require.resolve('@aws-crypto/sha256-js', { paths: [dir] }));

const fixed = JSON.parse(fs.readFileSync(challengePath, 'utf8'));
const poolName = fixed.pool_id.split('_')[1];

function claim(helper) {
  return new Promise((resolve, reject) => {
    helper.getPasswordAuthenticationKey(
      fixed.user_id_for_srp, fixed.password,
      new BigInteger(fixed.srp_b_hex, 16), new BigInteger(fixed.salt_hex, 16),
      (err, hkdf) => {
        if (err) return reject(err);
        const message = Buffer.concat([
          Buffer.from(poolName, 'utf8'), Buffer.from(fixed.user_id_for_srp, 'utf8'),
          Buffer.from(fixed.secret_block_base64, 'base64'), Buffer.from(fixed.timestamp, 'utf8'),
        ]);
        const mac = new Sha256(hkdf);
        mac.update(message);
        resolve(Buffer.from(mac.digestSync()).toString('base64'));
      });
  });
}

function srpA(helper) {
  return new Promise((resolve, reject) =>
    helper.getLargeAValue((err, A) => (err ? reject(err) : resolve(A.toString(16)))));
}

(async () => {
  const seconds = [];
  const cpuSeconds = [];
  for (let i = 0; i < Number(proofsText); i++) {
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    const helper = new AuthenticationHelper(poolName);
    await srpA(helper);
    await claim(helper);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    const cpu = process.cpuUsage(cpuStarted); // the whole process: its GC threads included
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  // The cross-check: a = 128 bytes of 0x01, as the other implementations compute it.
  const check = new AuthenticationHelper(poolName);
  check.smallAValue = new BigInteger('01'.repeat(128), 16);
  check.largeAValue = undefined;
  const checkA = await srpA(check);
  const checkClaim = await claim(check);
  console.log(JSON.stringify({
    peer: 'amazon-cognito-identity-js',
    ephemeral_bits: 1024,
    seconds,
    cpu_seconds: cpuSeconds,
    check: { srp_a: checkA, claim: checkClaim },
  }));
})().catch((err) => { console.error(err); process.exit(1); });
