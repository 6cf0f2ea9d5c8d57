// amazon-cognito-identity-js manages a signed-in user's own account on the pool with its own calls:
// `updateAttributes` and `deleteAttributes`, `getAttributeVerificationCode` + `verifyAttribute`
// with the code read from the outbox, `changePassword`, and `deleteUser`. Each call carries the
// access token of the library's own SRP sign-in; right answers succeed, wrong ones get Cognito's
// errors. (The library has no client-secret support: confidential clients are tested from Python.)
// Run by `cargo xtask test interop`, which starts `gatehouse-pool` and sets GATEHOUSE_POOL_ENDPOINT.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import cognito from 'amazon-cognito-identity-js';

import { cognitoCall, endpoint, jwtPart, outbox } from './pool.js';

const { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool } = cognito;

const password = 'Correct-Horse-9-battery';
const newPassword = 'Battery-Staple-7-horse';
const phone = '+447700900123';

/** `authenticateUser` as a promise: resolves with the signed-in CognitoUser. */
function signIn(pool, username, passwordTried) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  const details = new AuthenticationDetails({ Username: username, Password: passwordTried });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: () => resolve(user),
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED challenge')),
      mfaRequired: () => reject(new Error('unexpected SMS_MFA challenge')),
      totpRequired: () => reject(new Error('unexpected SOFTWARE_TOKEN_MFA challenge')),
    });
  });
}

/** A node-style (err, ...results) call of the library as a promise of its results. */
function nodeCall(start) {
  return new Promise((resolve, reject) => {
    start((error, ...results) => (error ? reject(error) : resolve(results)));
  });
}

/** A callback-map call (onSuccess / onFailure / inputVerificationCode) as a promise. */
function mapCall(start) {
  return new Promise((resolve, reject) => {
    start({
      onSuccess: (result) => resolve({ outcome: 'onSuccess', result }),
      onFailure: reject,
      inputVerificationCode: (result) => resolve({ outcome: 'inputVerificationCode', result }),
    });
  });
}

/** The error `promise` rejects with; fails if it resolves. */
async function failureOf(promise) {
  return promise.then(
    () => assert.fail('the pool must refuse this'),
    (error) => error,
  );
}

/** The user's attributes as the library reads them (`getUserAttributes`), by name. */
async function attributesOf(user) {
  const [list] = await nodeCall((done) => user.getUserAttributes(done));
  return Object.fromEntries(list.map((attribute) => [attribute.getName(), attribute.getValue()]));
}

/** A six-digit code that is not `code`. */
const otherCode = (code) => (code === '000000' ? '111111' : '000000');

describe('amazon-cognito-identity-js manages the account on the local pool', () => {
  let poolId;
  let pool;

  before(async () => {
    assert.ok(endpoint, 'GATEHOUSE_POOL_ENDPOINT names a running pool (`cargo xtask test interop` sets it)');
    const created = await cognitoCall('CreateUserPool', {
      PoolName: `interop-js-account-${Math.random().toString(36).slice(2, 8)}`,
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
    });
    poolId = created.UserPool.Id;
    const client = await cognitoCall('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'interop-js-account-client',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: client.UserPoolClient.ClientId, endpoint });
  });

  /** A confirmed user with a verified email, signed in by the library with SRP. */
  async function signedInUser() {
    const username = `interop-${Math.random().toString(36).slice(2, 10)}`;
    await cognitoCall('SignUp', {
      ClientId: pool.getClientId(),
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    await cognitoCall('AdminConfirmSignUp', { UserPoolId: poolId, Username: username });
    await cognitoCall('AdminUpdateUserAttributes', {
      UserPoolId: poolId,
      Username: username,
      UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
    });
    return { username, user: await signIn(pool, username, password) };
  }

  test('updateAttributes and deleteAttributes change the user\'s own attributes', async () => {
    const { user } = await signedInUser();

    await nodeCall((done) =>
      user.updateAttributes(
        [
          new CognitoUserAttribute({ Name: 'custom:team', Value: 'red' }),
          new CognitoUserAttribute({ Name: 'phone_number', Value: phone }),
        ],
        done,
      ),
    );
    let mine = await attributesOf(user);
    assert.equal(mine['custom:team'], 'red');
    assert.equal(mine.phone_number, phone);
    assert.equal(mine.phone_number_verified, 'false', 'a new phone number is not verified');
    assert.equal(mine.email_verified, 'true', 'the unchanged email stays verified');

    await nodeCall((done) => user.deleteAttributes(['custom:team'], done));
    mine = await attributesOf(user);
    assert.equal(mine['custom:team'], undefined);

    const unknown = await failureOf(
      nodeCall((done) =>
        user.updateAttributes(
          [
            { Name: 'custom:unknown', Value: 'x' },
            { Name: 'custom:team', Value: 'blue' },
          ],
          done,
        ),
      ),
    );
    assert.equal(unknown.code, 'InvalidParameterException');
    const readOnly = await failureOf(
      nodeCall((done) => user.updateAttributes([{ Name: 'email_verified', Value: 'true' }], done)),
    );
    assert.equal(readOnly.code, 'NotAuthorizedException');
    assert.equal(readOnly.message, 'A client attempted to write unauthorized attribute email_verified');
    assert.equal((await attributesOf(user))['custom:team'], undefined, 'refused updates change nothing');
  });

  test('a changed email is verified with verifyAttribute and the code from the outbox', async () => {
    const { username, user } = await signedInUser();
    const newEmail = `${username}@work.example.org`;

    const [status, answer] = await nodeCall((done) =>
      user.updateAttributes([{ Name: 'email', Value: newEmail }], done),
    );
    assert.equal(status, 'SUCCESS');
    const [delivery] = answer.CodeDeliveryDetailsList;
    assert.equal(delivery.AttributeName, 'email');
    assert.equal(delivery.DeliveryMedium, 'EMAIL');
    assert.notEqual(delivery.Destination, newEmail, 'the destination is masked');
    let mine = await attributesOf(user);
    assert.equal(mine.email, newEmail);
    assert.equal(mine.email_verified, 'false');

    const sent = (await outbox(username)).at(-1);
    assert.equal(sent.purpose, 'VERIFY_EMAIL');
    assert.equal(sent.destination, newEmail);
    const wrong = await failureOf(
      mapCall((callbacks) => user.verifyAttribute('email', otherCode(sent.code), callbacks)),
    );
    assert.equal(wrong.code, 'CodeMismatchException');
    assert.equal((await attributesOf(user)).email_verified, 'false');

    const { outcome } = await mapCall((callbacks) => user.verifyAttribute('email', sent.code, callbacks));
    assert.equal(outcome, 'onSuccess');
    mine = await attributesOf(user);
    assert.equal(mine.email_verified, 'true');
  });

  test('getAttributeVerificationCode sends a phone code that verifyAttribute accepts', async () => {
    const { username, user } = await signedInUser();
    await nodeCall((done) => user.updateAttributes([{ Name: 'phone_number', Value: phone }], done));

    const { outcome, result } = await mapCall((callbacks) =>
      user.getAttributeVerificationCode('phone_number', callbacks),
    );
    assert.equal(outcome, 'inputVerificationCode');
    assert.equal(result.CodeDeliveryDetails.AttributeName, 'phone_number');
    assert.equal(result.CodeDeliveryDetails.DeliveryMedium, 'SMS');
    const sent = (await outbox(username)).at(-1);
    assert.equal(sent.purpose, 'VERIFY_PHONE_NUMBER');
    assert.equal(sent.destination, phone);

    const wrong = await failureOf(
      mapCall((callbacks) => user.verifyAttribute('phone_number', otherCode(sent.code), callbacks)),
    );
    assert.equal(wrong.code, 'CodeMismatchException');
    await mapCall((callbacks) => user.verifyAttribute('phone_number', sent.code, callbacks));
    assert.equal((await attributesOf(user)).phone_number_verified, 'true');

    const notVerifiable = await failureOf(
      mapCall((callbacks) => user.getAttributeVerificationCode('custom:team', callbacks)),
    );
    assert.equal(notVerifiable.code, 'InvalidParameterException');
  });

  test('changePassword needs the current password; the new one signs in, the old one no more', async () => {
    const { username, user } = await signedInUser();

    const wrong = await failureOf(
      nodeCall((done) => user.changePassword('Wrong-Horse-9-battery', newPassword, done)),
    );
    assert.equal(wrong.code, 'NotAuthorizedException');
    assert.equal(wrong.message, 'Incorrect username or password.');
    const weak = await failureOf(nodeCall((done) => user.changePassword(password, 'short', done)));
    assert.equal(weak.code, 'InvalidPasswordException');

    const [status] = await nodeCall((done) => user.changePassword(password, newPassword, done));
    assert.equal(status, 'SUCCESS');

    const again = await signIn(pool, username, newPassword);
    assert.equal(jwtPart(again.getSignInUserSession().getAccessToken().getJwtToken(), 1).username, username);
    const old = await failureOf(signIn(pool, username, password));
    assert.equal(old.code, 'NotAuthorizedException');
    assert.equal(old.message, 'Incorrect username or password.');
  });

  test('deleteUser removes the account: it can no longer sign in', async () => {
    const { username, user } = await signedInUser();
    const session = user.getSignInUserSession();

    const [status] = await nodeCall((done) => user.deleteUser(done));
    assert.equal(status, 'SUCCESS');

    const signInAgain = await failureOf(signIn(pool, username, password));
    assert.equal(signInAgain.code, 'UserNotFoundException');
    // The deleted account's tokens no longer work.
    const stale = new CognitoUser({ Username: username, Pool: pool });
    stale.setSignInUserSession(session);
    const read = await failureOf(attributesOf(stale));
    assert.ok(
      ['NotAuthorizedException', 'UserNotFoundException'].includes(read.code),
      `GetUser with a deleted user's token is refused (${read.code})`,
    );
    const admin = await failureOf(cognitoCall('AdminGetUser', { UserPoolId: poolId, Username: username }));
    assert.match(admin.message, /UserNotFoundException/);
  });
});
