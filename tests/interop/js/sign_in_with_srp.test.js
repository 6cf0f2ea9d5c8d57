// amazon-cognito-identity-js, the SRP client Amplify JS was built on, signs in to the local pool.
//
// The pool is set up the way an administrator would set up a real one (raw Cognito JSON calls:
// CreateUserPool, CreateUserPoolClient, SignUp, AdminConfirmSignUp), then the library runs its own
// USER_SRP_AUTH + PASSWORD_VERIFIER exchange. The pool must verify the proof for real: the right
// password gets tokens signed with the pool's key, a wrong one gets Cognito's NotAuthorizedException.
// Run by `cargo xtask test interop`, which starts `gatehouse-pool` and sets GATEHOUSE_POOL_ENDPOINT.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import cognito from 'amazon-cognito-identity-js';

import { assertSignedByPool, cognitoCall, endpoint, jwtPart } from './pool.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = cognito;

const password = 'Correct-Horse-9-battery';

/** `authenticateUser` as a promise: resolves with the session, rejects with Cognito's error. */
function signIn(pool, username, passwordTried) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  const details = new AuthenticationDetails({ Username: username, Password: passwordTried });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED challenge')),
      mfaRequired: () => reject(new Error('unexpected SMS_MFA challenge')),
      totpRequired: () => reject(new Error('unexpected SOFTWARE_TOKEN_MFA challenge')),
    });
  });
}

describe('amazon-cognito-identity-js against the local pool', () => {
  let poolId;
  let pool;

  /** A user signed up through the public API; confirmed by the admin unless told otherwise. */
  async function userWithPassword({ confirmed = true } = {}) {
    const username = `interop-${Math.random().toString(36).slice(2, 10)}`;
    const signUp = await cognitoCall('SignUp', {
      ClientId: pool.getClientId(),
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    assert.equal(signUp.UserConfirmed, false);
    if (confirmed) {
      await cognitoCall('AdminConfirmSignUp', { UserPoolId: poolId, Username: username });
    }
    return username;
  }

  before(async () => {
    assert.ok(endpoint, 'GATEHOUSE_POOL_ENDPOINT names a running pool (`cargo xtask test interop` sets it)');
    const created = await cognitoCall('CreateUserPool', { PoolName: 'interop-js' });
    poolId = created.UserPool.Id;
    const client = await cognitoCall('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'interop-js-client',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    pool = new CognitoUserPool({
      UserPoolId: poolId,
      ClientId: client.UserPoolClient.ClientId,
      endpoint,
    });
  });

  test('the right password signs in with SRP and gets tokens signed by the pool', async () => {
    const username = await userWithPassword();

    const session = await signIn(pool, username, password);

    assert.ok(session.isValid(), 'the session is valid now');
    const idToken = session.getIdToken().getJwtToken();
    const accessToken = session.getAccessToken().getJwtToken();
    assert.equal(jwtPart(idToken, 1).token_use, 'id');
    assert.equal(jwtPart(idToken, 1)['cognito:username'], username);
    assert.equal(jwtPart(accessToken, 1).token_use, 'access');
    assert.ok(jwtPart(accessToken, 1).iss.endsWith(`/${poolId}`), 'the issuer names the pool');
    assert.ok(session.getRefreshToken().getToken().length > 0, 'a refresh token is issued');
    await assertSignedByPool(idToken, poolId);
    await assertSignedByPool(accessToken, poolId);
  });

  test('a wrong password is refused with NotAuthorizedException', async () => {
    const username = await userWithPassword();

    const error = await signIn(pool, username, `${password}-wrong`).then(
      () => assert.fail('a wrong password must not sign in'),
      (failure) => failure,
    );

    assert.equal(error.code, 'NotAuthorizedException');
    assert.equal(error.message, 'Incorrect username or password.');
  });

  test('an unconfirmed user is told to confirm, even with the right password', async () => {
    const username = await userWithPassword({ confirmed: false });

    const error = await signIn(pool, username, password).then(
      () => assert.fail('an unconfirmed user must not sign in'),
      (failure) => failure,
    );

    assert.equal(error.code, 'UserNotConfirmedException');
  });
});
