// What both interop suites share: the pool under test (GATEHOUSE_POOL_ENDPOINT, set by
// `cargo xtask test interop`), raw Cognito JSON calls as an administrator makes them, the outbox
// the pool "sends" codes to, and checking a token against the pool's published JWKS.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/Welcome.html

import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';

export const endpoint = process.env.GATEHOUSE_POOL_ENDPOINT;

/** One Cognito Identity Provider call over the JSON protocol; throws the pool's error type. */
export async function cognitoCall(operation, body) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    throw new Error(`${operation} failed: ${json.__type}: ${json.message}`);
  }
  return json;
}

/** What the pool "sent" to `username`, oldest first. */
export async function outbox(username) {
  const response = await fetch(`${endpoint}/_gatehouse/outbox?username=${encodeURIComponent(username)}`);
  assert.equal(response.status, 200);
  return response.json();
}

/** The decoded header (0) or payload (1) of a JWT. */
export function jwtPart(token, index) {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

/** Checks the RS256 signature of a JWT against the pool's published JWKS. */
export async function assertSignedByPool(token, poolId) {
  const { keys } = await (await fetch(`${endpoint}/${poolId}/.well-known/jwks.json`)).json();
  const { kid, alg } = jwtPart(token, 0);
  assert.equal(alg, 'RS256');
  const jwk = keys.find((key) => key.kid === kid);
  assert.ok(jwk, `the JWKS publishes the signing key ${kid}`);
  const [header, payload, signature] = token.split('.');
  const valid = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
  assert.ok(valid, 'the token signature verifies with the pool key');
}
