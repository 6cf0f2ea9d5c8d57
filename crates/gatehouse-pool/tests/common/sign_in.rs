//! Signing in: SRP by an independent client, the challenges after it, tokens and refresh, and
//! checking a token as a resource server would.

use aws_cognito_srp::{SrpClient, User};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64URL, Engine};
use rsa::{
    pkcs1v15::{Signature, VerifyingKey},
    signature::Verifier,
    BigUint, RsaPublicKey,
};
use serde_json::{json, Value};

use super::{Answer, TestPool, PASSWORD};

/// The client side of an SRP sign-in's first step: the client and the `InitiateAuth` request.
pub fn srp_initiate(
    pool_id: &str,
    client_id: &str,
    username: &str,
    password: &str,
) -> (SrpClient<User>, Value) {
    let srp = SrpClient::new(User::new(pool_id, username, password), client_id, None);
    let request = json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
        "AuthParameters": {"USERNAME": username, "SRP_A": srp.get_auth_parameters().a}});
    (srp, request)
}

/// The `RespondToAuthChallenge` request proving the password against a `PASSWORD_VERIFIER`
/// challenge (the proof uses `USER_ID_FOR_SRP`, not the name typed).
pub fn password_verifier_answer(
    srp: &SrpClient<User>,
    client_id: &str,
    challenge: &Value,
) -> Value {
    let parameters = &challenge["ChallengeParameters"];
    let text = |name: &str| parameters[name].as_str().unwrap_or_default().to_owned();
    let proof = srp
        .verify(
            &text("SECRET_BLOCK"),
            &text("USER_ID_FOR_SRP"),
            &text("SALT"),
            &text("SRP_B"),
        )
        .expect("the challenge is well formed");
    json!({
        "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "Session": challenge["Session"],
        "ChallengeResponses": {"USERNAME": text("USER_ID_FOR_SRP"),
            "PASSWORD_CLAIM_SECRET_BLOCK": proof.password_claim_secret_block,
            "PASSWORD_CLAIM_SIGNATURE": proof.password_claim_signature,
            "TIMESTAMP": proof.timestamp}})
}

impl TestPool {
    /// A full SRP sign-in by an independent client (the `aws-cognito-srp` crate).
    pub async fn srp_sign_in(
        &self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Answer {
        let (srp, initiate) = srp_initiate(pool_id, client_id, username, password);
        let challenge = self.call("InitiateAuth", initiate).await?;
        assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
        self.call(
            "RespondToAuthChallenge",
            password_verifier_answer(&srp, client_id, &challenge),
        )
        .await
    }

    /// Signs in by SRP with `PASSWORD`, which must pass; returns the answer: the tokens, or the
    /// challenge for a second factor.
    pub async fn sign_in(&self, pool_id: &str, client_id: &str, username: &str) -> Value {
        self.srp_sign_in(pool_id, client_id, username, PASSWORD)
            .await
            .expect("the password is accepted")
    }

    /// `RespondToAuthChallenge` with a session and responses (USERNAME added).
    pub async fn respond(
        &self,
        client_id: &str,
        challenge: &str,
        session: &Value,
        username: &str,
        responses: Value,
    ) -> Answer {
        let mut responses = responses;
        responses["USERNAME"] = json!(username);
        self.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": challenge, "ClientId": client_id, "Session": session,
                "ChallengeResponses": responses}),
        )
        .await
    }

    /// Signs in with SRP and returns the `AuthenticationResult` (tokens).
    pub async fn tokens(
        &self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Value {
        let answer = self
            .srp_sign_in(pool_id, client_id, username, password)
            .await
            .expect("the sign-in succeeds");
        answer["AuthenticationResult"].clone()
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`.
    pub async fn refresh(&self, client_id: &str, refresh_token: &Value) -> Answer {
        self.call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
                "AuthParameters": {"REFRESH_TOKEN": refresh_token}}),
        )
        .await
    }

    /// `GetUser` with an access token, which must be accepted.
    pub async fn me(&self, access: &Value) -> Value {
        self.call("GetUser", json!({"AccessToken": access}))
            .await
            .expect("the access token is accepted")
    }

    /// Signs in with `PASSWORD` (no second factor due) and returns the access token.
    pub async fn access_token(&self, pool_id: &str, client_id: &str, username: &str) -> Value {
        let signed_in = self.sign_in(pool_id, client_id, username).await;
        signed_in["AuthenticationResult"]["AccessToken"].clone()
    }
}

/// A JSON document that Cognito sends as a string (`MFAS_CAN_CHOOSE`, `requiredAttributes`...).
pub fn json_in(text: &Value) -> Value {
    serde_json::from_str(text.as_str().expect("a string")).expect("JSON inside")
}

/// Verifies a JWT with the pool's published JWKS, as a resource server would; returns its claims.
pub async fn verify_with_jwks(pool: &TestPool, pool_id: &str, token: &str) -> Value {
    let jwks: Value = pool
        .get(&format!("/{pool_id}/.well-known/jwks.json"))
        .await
        .json()
        .await
        .unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let header: Value = serde_json::from_slice(&B64URL.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["kid"] == header["kid"])
        .expect("the kid is published");
    let number =
        |name: &str| BigUint::from_bytes_be(&B64URL.decode(jwk[name].as_str().unwrap()).unwrap());
    let key =
        VerifyingKey::<sha2::Sha256>::new(RsaPublicKey::new(number("n"), number("e")).unwrap());
    let signature = Signature::try_from(B64URL.decode(parts[2]).unwrap().as_slice()).unwrap();
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("the signature verifies");
    serde_json::from_slice(&B64URL.decode(parts[1]).unwrap()).unwrap()
}
