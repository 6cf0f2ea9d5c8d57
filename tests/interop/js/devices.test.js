// amazon-cognito-identity-js remembers a device against the pool with its own code: after an SMS
// code its `sendMFACode` confirms the new device the pool handed out (`ConfirmDevice` with the
// SRP verifier of a random device password it keeps in its storage), `setDeviceStatusRemembered`
// remembers it, and the next sign-in with the same storage answers `DEVICE_SRP_AUTH` /
// `DEVICE_PASSWORD_VERIFIER` instead of an SMS code. A tampered device password in the storage
// is refused; a device the administrator forgot makes the library retry without it. The
// refresh token of a device sign-in works with that device's key, which the library sends.
// Run by `cargo xtask test interop`, which starts `gatehouse-pool` and sets GATEHOUSE_POOL_ENDPOINT.
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import cognito from 'amazon-cognito-identity-js';

import { assertSignedByPool, cognitoCall, endpoint, jwtPart, outbox } from './pool.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;

const password = 'Correct-Horse-9-battery';
const phone = '+447700900123';

/** The library's storage interface over a Map, so that each test holds its own device. */
function memoryStorage() {
  const items = new Map();
  return {
    items,
    setItem: (key, value) => items.set(key, String(value)),
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    removeItem: (key) => items.delete(key),
    clear: () => items.clear(),
  };
}

/**
 * Runs `start(callbacks)` and resolves with `{ outcome, args }`, the callback the library
 * called; `onFailure` rejects.
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
    });
  });
}

async function expectOutcome(expected, start) {
  const { outcome, args } = await outcomeOf(start);
  assert.equal(outcome, expected, `the library called ${outcome}, not ${expected}`);
  return args;
}

describe('amazon-cognito-identity-js remembers a device', () => {
  before(() => {
    assert.ok(endpoint, 'GATEHOUSE_POOL_ENDPOINT names a running pool (`cargo xtask test interop` sets it)');
  });

  /** A pool requiring SMS MFA that tracks devices on the user's word, and a confirmed user. */
  async function devicePool() {
    const created = await cognitoCall('CreateUserPool', {
      PoolName: `interop-js-devices-${Math.random().toString(36).slice(2, 8)}`,
      DeviceConfiguration: {
        ChallengeRequiredOnNewDevice: true,
        DeviceOnlyRememberedOnUserPrompt: true,
      },
    });
    const poolId = created.UserPool.Id;
    await cognitoCall('SetUserPoolMfaConfig', {
      UserPoolId: poolId,
      MfaConfiguration: 'ON',
      SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}' },
    });
    const client = await cognitoCall('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'interop-js-devices-client',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const clientId = client.UserPoolClient.ClientId;
    const username = `interop-${Math.random().toString(36).slice(2, 10)}`;
    await cognitoCall('SignUp', {
      ClientId: clientId,
      Username: username,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'phone_number', Value: phone },
      ],
    });
    await cognitoCall('AdminConfirmSignUp', { UserPoolId: poolId, Username: username });
    const storage = memoryStorage();
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint, Storage: storage });
    return { poolId, clientId, pool, username, storage };
  }

  /** A new CognitoUser on the shared storage, starting `authenticateUser`. */
  function startSignIn({ pool, username, storage }) {
    const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
    const details = new AuthenticationDetails({ Username: username, Password: password });
    return { user, start: (callbacks) => user.authenticateUser(details, callbacks) };
  }

  /** Signs in with the SMS code; the library confirms the new device on its own. */
  async function signInWithSms(setup) {
    const { user, start } = startSignIn(setup);
    const [challengeName] = await expectOutcome('mfaRequired', start);
    assert.equal(challengeName, 'SMS_MFA');
    const message = (await outbox(setup.username)).at(-1);
    const args = await expectOutcome('onSuccess', (cb) => user.sendMFACode(message.code, cb, 'SMS_MFA'));
    return { user, args };
  }

  const deviceItem = ({ clientId, username }, name) =>
    `CognitoIdentityServiceProvider.${clientId}.${username}.${name}`;

  /** The first sign-in: SMS, ConfirmDevice, then the user says "remember this device". */
  async function rememberedDevice(setup) {
    const { user, args } = await signInWithSms(setup);
    const [, userConfirmationNecessary] = args;
    assert.equal(userConfirmationNecessary, true, 'the pool asks the user before remembering');
    const deviceKey = setup.storage.getItem(deviceItem(setup, 'deviceKey'));
    assert.match(deviceKey, /^[a-z0-9-]+_[0-9a-f-]{36}$/, 'a <region>_<uuid> device key');
    assert.ok(setup.storage.getItem(deviceItem(setup, 'randomPasswordKey')), 'the device password is kept');
    await expectOutcome('onSuccess', (cb) => user.setDeviceStatusRemembered(cb));
    const listed = await new Promise((resolve, reject) =>
      user.listDevices(10, null, { onSuccess: resolve, onFailure: reject }),
    );
    assert.deepEqual(
      listed.Devices.map((device) => device.DeviceKey),
      [deviceKey],
    );
    return deviceKey;
  }

  test('a remembered device signs in with device SRP instead of an SMS code', async () => {
    const setup = await devicePool();
    const deviceKey = await rememberedDevice(setup);
    const sent = (await outbox(setup.username)).length;

    const { user, start } = startSignIn(setup);
    const [session] = await expectOutcome('onSuccess', start);
    assert.equal((await outbox(setup.username)).length, sent, 'no SMS code was sent');
    const accessToken = session.getAccessToken().getJwtToken();
    await assertSignedByPool(accessToken, setup.poolId);
    assert.equal(jwtPart(accessToken, 1).device_key, deviceKey);
    assert.equal(jwtPart(accessToken, 1).username, setup.username);

    // The refresh token belongs to the device: the library sends its DEVICE_KEY with it.
    const refreshed = await new Promise((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (error, result) => (error ? reject(error) : resolve(result))),
    );
    assert.equal(jwtPart(refreshed.getAccessToken().getJwtToken(), 1).device_key, deviceKey);
  });

  test('a tampered device password is refused', async () => {
    const setup = await devicePool();
    await rememberedDevice(setup);
    const key = deviceItem(setup, 'randomPasswordKey');
    const genuine = setup.storage.getItem(key);
    setup.storage.setItem(key, Buffer.from('a different device password').toString('base64'));

    const refused = await outcomeOf(startSignIn(setup).start).then(
      ({ outcome }) => assert.fail(`expected onFailure, the library called ${outcome}`),
      (error) => error,
    );
    assert.equal(refused.code, 'NotAuthorizedException');
    assert.equal(refused.message, 'Incorrect username or password.');

    setup.storage.setItem(key, genuine);
    await expectOutcome('onSuccess', startSignIn(setup).start);
  });

  test('a device the administrator forgot is dropped and the user is asked for a code again', async () => {
    const setup = await devicePool();
    const deviceKey = await rememberedDevice(setup);
    await cognitoCall('AdminForgetDevice', {
      UserPoolId: setup.poolId,
      Username: setup.username,
      DeviceKey: deviceKey,
    });

    // The pool answers "Device does not exist."; the library retries without the device.
    const { args } = await signInWithSms(setup);
    const newKey = setup.storage.getItem(deviceItem(setup, 'deviceKey'));
    assert.notEqual(newKey, deviceKey, 'a new device was handed out and confirmed');
    assert.equal(args[1], true);
  });
});
