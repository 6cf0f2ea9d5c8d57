//! JSON Web Tokens as Cognito issues them: RS256, one RSA-2048 key per pool, published as a JWKS
//! at `/{poolId}/.well-known/jwks.json`, with Cognito's claims
//! (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html).
//! Refresh tokens are opaque random strings; only their SHA-256 is stored.
//!
//! The `rsa` crate makes and stores keys (ring cannot generate RSA keys); ring signs and checks
//! with them: in constant time, where `rsa`'s private-key operation is open to timing attacks
//! (RUSTSEC-2023-0071), and faster: a sign-in's two signatures cost the pool about 3.5 ms less
//! CPU (docs/benchmarks.md, pool).

use std::sync::Arc;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use ring::signature::{
    RsaKeyPair, UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};
use rsa::{
    pkcs8::{DecodePrivateKey, EncodePrivateKey},
    traits::PublicKeyParts,
    RsaPrivateKey,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::CognitoError;

/// A pool's signing key.
#[derive(Clone)]
pub struct PoolKey {
    pub kid: String,
    private: RsaPrivateKey,
    signer: Arc<RsaKeyPair>,
}

impl std::fmt::Debug for PoolKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl PoolKey {
    pub fn generate() -> Self {
        let private =
            RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA-2048 key generation");
        Self::new(uuid::Uuid::new_v4().to_string(), private)
            .expect("a generated RSA-2048 key is one ring signs with")
    }

    fn new(kid: String, private: RsaPrivateKey) -> Result<Self, KeyUnusable> {
        let der = private.to_pkcs8_der().map_err(|_| KeyUnusable)?;
        let signer = RsaKeyPair::from_pkcs8(der.as_bytes()).map_err(|_| KeyUnusable)?;
        Ok(Self {
            kid,
            private,
            signer: Arc::new(signer),
        })
    }

    pub fn to_pem(&self) -> String {
        self.private
            .to_pkcs8_pem(rsa::pkcs8::LineEnding::LF)
            .expect("an RSA key encodes as PKCS#8")
            .to_string()
    }

    pub fn from_pem(kid: String, pem: &str) -> Result<Self, CognitoError> {
        let private = RsaPrivateKey::from_pkcs8_pem(pem).map_err(|error| {
            tracing::error!(%error, "stored pool key is unreadable");
            CognitoError::internal()
        })?;
        Self::new(kid, private).map_err(|KeyUnusable| {
            tracing::error!("stored pool key is not one RS256 can sign with");
            CognitoError::internal()
        })
    }

    /// The key as one entry of a JWKS.
    pub fn jwk(&self) -> Value {
        let public = self.private.to_public_key();
        json!({
            "alg": "RS256",
            "e": B64URL.encode(public.e().to_bytes_be()),
            "kid": self.kid,
            "kty": "RSA",
            "n": B64URL.encode(public.n().to_bytes_be()),
            "use": "sig",
        })
    }

    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({"kid": self.kid, "alg": "RS256"});
        let signing_input = format!(
            "{}.{}",
            B64URL.encode(header.to_string()),
            B64URL.encode(claims.to_string())
        );
        let mut signature = vec![0; self.signer.public().modulus_len()];
        self.signer
            .sign(
                &RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                signing_input.as_bytes(),
                &mut signature,
            )
            .expect("an RS256 signature fits the modulus' length and the system has randomness");
        format!("{signing_input}.{}", B64URL.encode(signature))
    }

    /// Checks the signature and returns the claims; expiry and use are the caller's to check.
    pub fn verify(&self, token: &str) -> Option<Value> {
        let (signing_input, signature) = token.rsplit_once('.')?;
        let signature = B64URL.decode(signature).ok()?;
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, self.signer.public())
            .verify(signing_input.as_bytes(), &signature)
            .ok()?;
        let (_, payload) = signing_input.split_once('.')?;
        serde_json::from_slice(&B64URL.decode(payload).ok()?).ok()
    }
}

/// A stored key ring refuses to sign with (not one this pool generated).
#[derive(Debug)]
struct KeyUnusable;

/// The unverified claims of a token, to find which pool's key checks it.
pub fn peek_claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    serde_json::from_slice(&B64URL.decode(payload).ok()?).ok()
}

/// A fresh opaque refresh token and the hash the pool stores for it.
pub fn new_refresh_token() -> (String, String) {
    let mut bytes = [0u8; 48];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    let token = B64URL.encode(bytes);
    let hash = hash_secret(&token);
    (token, hash)
}

/// SHA-256 hex of a secret (refresh tokens, codes): what storage keeps instead of the secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}
