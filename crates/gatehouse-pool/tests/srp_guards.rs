//! The guards of the SRP exchange: values that would let a client skip the password, answers
//! that are replayed, forged or late, and a client whose clock disagrees with the pool's.

mod common;

use common::{code_of, error, TestPool, PASSWORD};
use serde_json::json;

#[tokio::test]
async fn a_public_value_of_zero_mod_n_is_refused() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    for a in ["0", "00", "not-hex"] {
        let refused = pool
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": "jane", "SRP_A": a}}),
            )
            .await;
        assert_eq!(code_of(refused), "InvalidParameterException", "SRP_A = {a}");
    }
}

#[tokio::test]
async fn a_password_verifier_answer_cannot_be_replayed() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let srp = aws_cognito_srp::SrpClient::new(
        aws_cognito_srp::User::new(&pool_id, "jane", PASSWORD),
        &client_id,
        None,
    );
    let challenge = pool
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
            "AuthParameters": {"USERNAME": "jane", "SRP_A": srp.get_auth_parameters().a}}),
        )
        .await
        .unwrap();
    let p = &challenge["ChallengeParameters"];
    let s = |name: &str| p[name].as_str().unwrap().to_owned();
    let proof = srp
        .verify(
            &s("SECRET_BLOCK"),
            &s("USER_ID_FOR_SRP"),
            &s("SALT"),
            &s("SRP_B"),
        )
        .unwrap();
    let answer = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "Session": challenge["Session"],
        "ChallengeResponses": {"USERNAME": "jane", "PASSWORD_CLAIM_SECRET_BLOCK": proof.password_claim_secret_block,
            "PASSWORD_CLAIM_SIGNATURE": proof.password_claim_signature, "TIMESTAMP": proof.timestamp}});
    pool.call("RespondToAuthChallenge", answer.clone())
        .await
        .unwrap();
    assert_eq!(
        code_of(pool.call("RespondToAuthChallenge", answer).await),
        "NotAuthorizedException"
    );
}

#[tokio::test]
async fn a_secret_block_the_pool_never_issued_is_refused() {
    let pool = TestPool::start().await;
    let (_, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    let forged = pool
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id,
            "ChallengeResponses": {"USERNAME": "jane", "PASSWORD_CLAIM_SECRET_BLOCK": "AAAA",
                "PASSWORD_CLAIM_SIGNATURE": "AAAA", "TIMESTAMP": "Mon Feb 3 07:05:09 UTC 2025"}}),
        )
        .await;
    assert_eq!(
        forged,
        Err(error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired."
        ))
    );
}

#[tokio::test]
async fn a_proof_stamped_far_from_the_pools_clock_is_refused() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.pool_and_client(json!({})).await;
    pool.confirmed_user(&client_id, "jane").await;
    // The SRP client stamps its proof with the real time; the pool's clock is 20 minutes ahead.
    pool.time.advance(chrono::Duration::minutes(20));
    assert_eq!(
        code_of(
            pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
                .await
        ),
        "NotAuthorizedException"
    );
    pool.time.advance(chrono::Duration::minutes(-20));
    pool.srp_sign_in(&pool_id, &client_id, "jane", PASSWORD)
        .await
        .expect("the same proof is accepted once the clocks agree");
}
