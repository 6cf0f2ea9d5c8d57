//! Authenticator apps over real HTTP, with codes computed here by an RFC 6238 implementation
//! independent of the pool's: set up from the account screen or while signing in to a pool that
//! requires MFA, then used to sign in; skew, reuse and wrong codes.

mod common;

use chrono::Duration;
use common::{code_of, error, json_in, other_code, rfc6238, totp_code, TestPool};
use serde_json::json;

#[test]
fn the_test_totp_matches_the_rfc_6238_vectors() {
    assert_eq!(rfc6238(b"12345678901234567890", 59, 8), 94_287_082);
    assert_eq!(rfc6238(b"12345678901234567890", 59, 6), 287_082);
    assert_eq!(
        rfc6238(b"12345678901234567890", 1_111_111_109, 8),
        7_081_804
    );
}

#[tokio::test]
async fn setting_up_totp_from_the_account_and_signing_in_with_it() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.mfa_pool_with_user("OPTIONAL", "jane").await;
    let access = pool.access_token(&pool_id, &client_id, "jane").await;

    let associated = pool
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = associated["SecretCode"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 32);
    assert!(secret
        .chars()
        .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
    assert!(
        associated.get("Session").is_none(),
        "only a sign-in gets a session"
    );
    let real = totp_code(&secret, pool.now());
    let wrong = other_code(&real);
    let refused = pool
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": wrong}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        error(
            "EnableSoftwareTokenMFAException",
            "Code mismatch and fail enable Software Token MFA"
        )
    );
    let verified = pool
        .call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": real}),
        )
        .await
        .unwrap();
    assert_eq!(verified["Status"], "SUCCESS");
    let me = pool.me(&access).await;
    assert!(
        me.get("UserMFASettingList").is_none(),
        "verified is not yet enabled"
    );

    pool.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
            "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    let me = pool.me(&access).await;
    assert_eq!(me["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert_eq!(me["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");

    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let session = &challenge["Session"];
    let answer = |code: String| json!({"SOFTWARE_TOKEN_MFA_CODE": code});
    let reused = pool
        .respond(
            &client_id,
            "SOFTWARE_TOKEN_MFA",
            session,
            "jane",
            answer(real.clone()),
        )
        .await
        .unwrap_err();
    assert_eq!(
        reused,
        error("CodeMismatchException", "Invalid code received for user"),
        "the code that verified the authenticator is spent"
    );
    let too_old = totp_code(&secret, pool.now() - 60);
    let refused = pool
        .respond(
            &client_id,
            "SOFTWARE_TOKEN_MFA",
            session,
            "jane",
            answer(too_old),
        )
        .await;
    assert_eq!(code_of(refused), "CodeMismatchException");
    // One step of skew ahead (the phone's clock runs fast) is accepted.
    let ahead = totp_code(&secret, pool.now() + 30);
    let signed_in = pool
        .respond(
            &client_id,
            "SOFTWARE_TOKEN_MFA",
            session,
            "jane",
            answer(ahead.clone()),
        )
        .await
        .unwrap();
    assert!(signed_in["AuthenticationResult"]["IdToken"].is_string());

    // A code is not accepted twice, even in its window.
    pool.time.advance(Duration::seconds(30));
    let again = pool.sign_in(&pool_id, &client_id, "jane").await;
    let replay = pool
        .respond(
            &client_id,
            "SOFTWARE_TOKEN_MFA",
            &again["Session"],
            "jane",
            answer(ahead),
        )
        .await;
    assert_eq!(code_of(replay), "CodeMismatchException");
    // One step behind (typed as it turned over) is accepted.
    pool.time.advance(Duration::seconds(90));
    let behind = totp_code(&secret, pool.now() - 30);
    pool.respond(
        &client_id,
        "SOFTWARE_TOKEN_MFA",
        &again["Session"],
        "jane",
        answer(behind),
    )
    .await
    .expect("one step of skew behind is accepted");
}

#[tokio::test]
async fn a_pool_that_requires_mfa_has_the_user_set_up_totp_while_signing_in() {
    let pool = TestPool::start().await;
    let (pool_id, client_id) = pool.mfa_pool_with_user("ON", "jane").await;
    let challenge = pool.sign_in(&pool_id, &client_id, "jane").await;
    assert_eq!(challenge["ChallengeName"], "MFA_SETUP");
    let can_setup = json_in(&challenge["ChallengeParameters"]["MFAS_CAN_SETUP"]);
    assert_eq!(can_setup, json!(["SOFTWARE_TOKEN_MFA"]));

    let associated = pool
        .call(
            "AssociateSoftwareToken",
            json!({"Session": challenge["Session"]}),
        )
        .await
        .unwrap();
    let secret = associated["SecretCode"].as_str().unwrap().to_owned();
    assert_ne!(associated["Session"], challenge["Session"]);
    let early = pool
        .respond(
            &client_id,
            "MFA_SETUP",
            &associated["Session"],
            "jane",
            json!({}),
        )
        .await;
    assert_eq!(
        code_of(early),
        "NotAuthorizedException",
        "tokens only after the authenticator is verified"
    );
    let verified = pool
        .call(
            "VerifySoftwareToken",
            json!({"Session": associated["Session"], "UserCode": totp_code(&secret, pool.now())}),
        )
        .await
        .unwrap();
    assert_eq!(verified["Status"], "SUCCESS");
    let signed_in = pool
        .respond(
            &client_id,
            "MFA_SETUP",
            &verified["Session"],
            "jane",
            json!({}),
        )
        .await
        .unwrap();
    let access = &signed_in["AuthenticationResult"]["AccessToken"];
    let me = pool.me(access).await;
    assert_eq!(me["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));

    let next = pool.sign_in(&pool_id, &client_id, "jane").await;
    assert_eq!(next["ChallengeName"], "SOFTWARE_TOKEN_MFA");
}
