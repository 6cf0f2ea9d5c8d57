// amazon-cognito-identity-js meets the pool's second factors with its own challenge callbacks:
// an SMS code read from the outbox (`mfaRequired` + `sendMFACode`), an authenticator set up from
// the account screen (`associateSoftwareToken`, `verifySoftwareToken`, `setUserMfaPreference`) and
// then asked for at sign-in (`totpRequired`), one set up during a sign-in that requires MFA
// (`mfaSetup`), and a choice between the two (`selectMFAType` + `sendMFASelectionAnswer`).
//
// Pools and users are set up with raw Cognito JSON calls, as in sign_in_with_srp.test.js; the
// authenticator codes come from the small RFC 6238 function below, checked against the RFC's own
// vector. The pool is a real process on the real clock: an accepted authenticator code cannot be
// used again, so a second sign-in answers with the next 30-second step's code (a phone clock a
// little ahead), which is within the one step of skew the pool accepts.
// Run by `cargo xtask test interop`, which starts `gatehouse-pool` and sets GATEHOUSE_POOL_ENDPOINT.
// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import cognito from 'amazon-cognito-identity-js';

import { assertSignedByPool, cognitoCall, endpoint, jwtPart, outbox } from './pool.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;

const password = 'Correct-Horse-9-battery';
const phone = '+447700900123';

// --- RFC 6238 TOTP (HMAC-SHA1, 30-second steps), as an authenticator app computes it ---

const STEP_SECONDS = 30;

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP of `counter` with `key` (a Buffer), `digits` long, zero-padded. */
function hotp(key, counter, digits = 6) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const stepAt = (unixSeconds) => Math.floor(unixSeconds / STEP_SECONDS);
const nowSeconds = () => Date.now() / 1000;

/** The code an authenticator holding the base32 `secret` shows at `unixSeconds`. */
function totp(secret, unixSeconds = nowSeconds()) {
  return hotp(base32Decode(secret), stepAt(unixSeconds));
}

/** A well-formed code that is none of `secret`'s codes anywhere near now. */
function wrongTotp(secret) {
  const step = stepAt(nowSeconds());
  const near = new Set();
  for (let s = step - 3; s <= step + 3; s += 1) near.add(hotp(base32Decode(secret), s));
  for (let n = 0; ; n += 1) {
    const code = String(n).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

// --- the library's callbacks as promises ---

/**
 * Runs `start(callbacks)` (one of the library's calls taking a callback map) and resolves with
 * `{ outcome, args }` where `outcome` is the callback it called; `onFailure` rejects.
 */
function outcomeOf(start) {
  return new Promise((resolve, reject) => {
    const outcome = (name) => (...args) => resolve({ outcome: name, args });
    start({
      onSuccess: outcome('onSuccess'),
      onFailure: reject,
      newPasswordRequired: outcome('newPasswordRequired'),
      mfaRequired: outcome('mfaRequired'),
      totpRequired: outcome('totpRequired'),
      mfaSetup: outcome('mfaSetup'),
      selectMFAType: outcome('selectMFAType'),
      customChallenge: outcome('customChallenge'),
      associateSecretCode: outcome('associateSecretCode'),
    });
  });
}

/** Resolves with the callback's arguments when `start` ends in `expected`, fails otherwise. */
async function expectOutcome(expected, start) {
  const { outcome, args } = await outcomeOf(start);
  assert.equal(outcome, expected, `the library called ${outcome}, not ${expected}`);
  return args;
}

/** Resolves with the error `start` fails with; fails if it succeeds or asks for something. */
async function expectFailure(start) {
  return outcomeOf(start).then(
    ({ outcome }) => assert.fail(`expected onFailure, the library called ${outcome}`),
    (error) => error,
  );
}

/** A node-style (err, result) call of the library as a promise. */
function nodeCall(start) {
  return new Promise((resolve, reject) => {
    start((error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** The session is the user's, valid, and its tokens are signed by the pool. */
async function assertSignedIn(session, username, poolId) {
  assert.ok(session.isValid(), 'the session is valid now');
  const idToken = session.getIdToken().getJwtToken();
  const accessToken = session.getAccessToken().getJwtToken();
  assert.equal(jwtPart(idToken, 1)['cognito:username'], username);
  assert.equal(jwtPart(accessToken, 1).username, username);
  assert.equal(jwtPart(accessToken, 1).token_use, 'access');
  assert.ok(session.getRefreshToken().getToken().length > 0, 'a refresh token is issued');
  await assertSignedByPool(idToken, poolId);
  await assertSignedByPool(accessToken, poolId);
}

test('the TOTP helper matches the RFC 6238 SHA-1 vector', () => {
  const key = Buffer.from('12345678901234567890', 'ascii');
  assert.equal(hotp(key, stepAt(59), 8), '94287082');
  assert.equal(hotp(key, stepAt(1111111109), 8), '07081804');
  assert.equal(hotp(key, stepAt(59)), '287082');
  // The same key as base32 text, the way AssociateSoftwareToken hands a secret over.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59), '287082');
});

describe('amazon-cognito-identity-js signs in with a second factor', () => {
  before(() => {
    assert.ok(endpoint, 'GATEHOUSE_POOL_ENDPOINT names a running pool (`cargo xtask test interop` sets it)');
  });

  /** A pool offering SMS and authenticator MFA (or only the authenticator) in `mode`. */
  async function mfaPool(mode, { sms = true } = {}) {
    const created = await cognitoCall('CreateUserPool', {
      PoolName: `interop-js-mfa-${Math.random().toString(36).slice(2, 8)}`,
    });
    const poolId = created.UserPool.Id;
    const config = {
      UserPoolId: poolId,
      MfaConfiguration: mode,
      SoftwareTokenMfaConfiguration: { Enabled: true },
    };
    if (sms) {
      config.SmsMfaConfiguration = { SmsAuthenticationMessage: 'Your code is {####}' };
    }
    await cognitoCall('SetUserPoolMfaConfig', config);
    const client = await cognitoCall('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'interop-js-mfa-client',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: client.UserPoolClient.ClientId,
      endpoint,
    });
    return { poolId, pool };
  }

  /** A confirmed user, with a phone number unless told otherwise. */
  async function confirmedUser({ poolId, pool }, { withPhone = true } = {}) {
    const username = `interop-${Math.random().toString(36).slice(2, 10)}`;
    const attributes = [{ Name: 'email', Value: `${username}@example.com` }];
    if (withPhone) attributes.push({ Name: 'phone_number', Value: phone });
    await cognitoCall('SignUp', {
      ClientId: pool.getClientId(),
      Username: username,
      Password: password,
      UserAttributes: attributes,
    });
    await cognitoCall('AdminConfirmSignUp', { UserPoolId: poolId, Username: username });
    return username;
  }

  /** A fresh CognitoUser starting `authenticateUser` with the right password. */
  function startSignIn(pool, username) {
    const user = new CognitoUser({ Username: username, Pool: pool });
    const details = new AuthenticationDetails({ Username: username, Password: password });
    return { user, start: (callbacks) => user.authenticateUser(details, callbacks) };
  }

  /** Signs in (no second factor due yet) and sets up an authenticator from the account. */
  async function withVerifiedAuthenticator(pool, username) {
    const { user, start } = startSignIn(pool, username);
    await expectOutcome('onSuccess', start);
    const [secret] = await expectOutcome('associateSecretCode', (cb) => user.associateSoftwareToken(cb));
    assert.match(secret, /^[A-Z2-7]{32}$/, 'the secret is 32 base32 characters');
    const used = totp(secret);
    const [verified] = await expectOutcome('onSuccess', (cb) => user.verifySoftwareToken(used, 'phone', cb));
    assert.equal(verified.Status, 'SUCCESS');
    return { user, secret, used };
  }

  test('an SMS code from the outbox signs in; a wrong one is refused', async () => {
    const mfa = await mfaPool('OPTIONAL');
    const username = await confirmedUser(mfa);
    await cognitoCall('AdminSetUserMFAPreference', {
      UserPoolId: mfa.poolId,
      Username: username,
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    const { user, start } = startSignIn(mfa.pool, username);

    const [challengeName, parameters] = await expectOutcome('mfaRequired', start);

    assert.equal(challengeName, 'SMS_MFA');
    assert.equal(parameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    assert.ok(parameters.CODE_DELIVERY_DESTINATION.endsWith('0123'), 'the destination is masked to its end');
    assert.notEqual(parameters.CODE_DELIVERY_DESTINATION, phone, 'the number is not shown whole');
    const message = (await outbox(username)).at(-1);
    assert.equal(message.medium, 'SMS');
    assert.equal(message.purpose, 'SMS_MFA');
    assert.equal(message.destination, phone);
    assert.match(message.code, /^\d{6}$/);

    const wrong = message.code === '000000' ? '111111' : '000000';
    const refused = await expectFailure((cb) => user.sendMFACode(wrong, cb, 'SMS_MFA'));
    assert.equal(refused.code, 'CodeMismatchException');

    // The session survives a wrong code: the right one still signs in.
    const [session] = await expectOutcome('onSuccess', (cb) =>
      user.sendMFACode(message.code, cb, 'SMS_MFA'),
    );
    await assertSignedIn(session, username, mfa.poolId);
    assert.equal(user.getSignInUserSession(), session, 'the library keeps the session it got');
  });

  test('an authenticator set up from the account is asked for at the next sign-in', async () => {
    const mfa = await mfaPool('OPTIONAL');
    const username = await confirmedUser(mfa);
    const { user, secret, used } = await withVerifiedAuthenticator(mfa.pool, username);

    const preference = await nodeCall((cb) =>
      user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, cb),
    );
    assert.equal(preference, 'SUCCESS');
    const me = await nodeCall((cb) => user.getUserData(cb));
    assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

    const again = startSignIn(mfa.pool, username);
    const [challengeName] = await expectOutcome('totpRequired', again.start);
    assert.equal(challengeName, 'SOFTWARE_TOKEN_MFA');

    const wrong = await expectFailure((cb) =>
      again.user.sendMFACode(wrongTotp(secret), cb, 'SOFTWARE_TOKEN_MFA'),
    );
    assert.equal(wrong.code, 'CodeMismatchException');
    const replayed = await expectFailure((cb) => again.user.sendMFACode(used, cb, 'SOFTWARE_TOKEN_MFA'));
    assert.equal(replayed.code, 'CodeMismatchException', 'the code used to verify cannot be used again');

    // The next step's code (a phone clock a little ahead) is within the skew the pool accepts.
    const next = totp(secret, nowSeconds() + STEP_SECONDS);
    const [session] = await expectOutcome('onSuccess', (cb) =>
      again.user.sendMFACode(next, cb, 'SOFTWARE_TOKEN_MFA'),
    );
    await assertSignedIn(session, username, mfa.poolId);
  });

  test('a pool that requires MFA has the authenticator set up during sign-in', async () => {
    const mfa = await mfaPool('ON', { sms: false });
    const username = await confirmedUser(mfa, { withPhone: false });
    const { user, start } = startSignIn(mfa.pool, username);

    const [challengeName, parameters] = await expectOutcome('mfaSetup', start);

    assert.equal(challengeName, 'MFA_SETUP');
    assert.deepEqual(JSON.parse(parameters.MFAS_CAN_SETUP), ['SOFTWARE_TOKEN_MFA']);
    const [secret] = await expectOutcome('associateSecretCode', (cb) => user.associateSoftwareToken(cb));
    assert.match(secret, /^[A-Z2-7]{32}$/);

    const mismatch = await expectFailure((cb) => user.verifySoftwareToken(wrongTotp(secret), 'phone', cb));
    assert.equal(mismatch.code, 'EnableSoftwareTokenMFAException');

    // A mistyped code leaves the setup open: the right one finishes it and signs in.
    const [session] = await expectOutcome('onSuccess', (cb) =>
      user.verifySoftwareToken(totp(secret), 'phone', cb),
    );
    await assertSignedIn(session, username, mfa.poolId);
    const me = await nodeCall((cb) => user.getUserData(cb));
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

    // The authenticator is now the user's second factor.
    const again = startSignIn(mfa.pool, username);
    await expectOutcome('totpRequired', again.start);
    const [second] = await expectOutcome('onSuccess', (cb) =>
      again.user.sendMFACode(totp(secret, nowSeconds() + STEP_SECONDS), cb, 'SOFTWARE_TOKEN_MFA'),
    );
    await assertSignedIn(second, username, mfa.poolId);
  });

  test('a user with both factors and no preference chooses one', async () => {
    const mfa = await mfaPool('OPTIONAL');
    const username = await confirmedUser(mfa);
    const { user, secret } = await withVerifiedAuthenticator(mfa.pool, username);
    await nodeCall((cb) =>
      user.setUserMfaPreference(
        { Enabled: true, PreferredMfa: false },
        { Enabled: true, PreferredMfa: false },
        cb,
      ),
    );

    // Choosing the authenticator.
    const byApp = startSignIn(mfa.pool, username);
    const [challengeName, parameters] = await expectOutcome('selectMFAType', byApp.start);
    assert.equal(challengeName, 'SELECT_MFA_TYPE');
    assert.deepEqual(
      JSON.parse(parameters.MFAS_CAN_CHOOSE).sort(),
      ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
    );
    const [chosen] = await expectOutcome('totpRequired', (cb) =>
      byApp.user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', cb),
    );
    assert.equal(chosen, 'SOFTWARE_TOKEN_MFA');
    const [session] = await expectOutcome('onSuccess', (cb) =>
      byApp.user.sendMFACode(totp(secret, nowSeconds() + STEP_SECONDS), cb, 'SOFTWARE_TOKEN_MFA'),
    );
    await assertSignedIn(session, username, mfa.poolId);

    // Choosing SMS: the code goes to the phone.
    const bySms = startSignIn(mfa.pool, username);
    await expectOutcome('selectMFAType', bySms.start);
    const [smsChallenge, smsParameters] = await expectOutcome('mfaRequired', (cb) =>
      bySms.user.sendMFASelectionAnswer('SMS_MFA', cb),
    );
    assert.equal(smsChallenge, 'SMS_MFA');
    assert.equal(smsParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    const message = (await outbox(username)).at(-1);
    assert.equal(message.purpose, 'SMS_MFA');
    const [smsSession] = await expectOutcome('onSuccess', (cb) =>
      bySms.user.sendMFACode(message.code, cb, 'SMS_MFA'),
    );
    await assertSignedIn(smsSession, username, mfa.poolId);
  });
});
